/// Sizes that follow from the terminal's size, worked out once per resize and read by both `update`
/// (how far a page moves, where a list's window ends) and `render`.
public struct Layout: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// Rows for a screen's body: everything but the header, status bar and hint bar.
    public let bodyHeight: Int
    /// Rows of a list under one row of column titles and above one footer row.
    public let listRows: Int
    /// Columns for wrapped text (a record, a form's message), one column of margin each side.
    public let wrapWidth: Int
    public let isTooSmall: Bool

    public static let minimumWidth = 40
    public static let minimumHeight = 10

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        bodyHeight = max(1, height - 3)
        listRows = max(1, bodyHeight - 2)
        wrapWidth = max(10, width - 2)
        isTooSmall = width < Self.minimumWidth || height < Self.minimumHeight
    }
}
