import BrowserCore

/// Which rows of a new frame must be written into the curses window. A one-row change must cost one row.
enum RowDiff {
    /// Every row when there is nothing to compare with (first frame, resize, theme change), else the rows
    /// whose cells differ. The cursor is not part of a row: moving it redraws nothing.
    static func changedRows(previous: Frame?, next: Frame) -> [Int] {
        guard let previous, previous.width == next.width, previous.height == next.height else {
            return Array(0..<next.height)
        }
        return (0..<next.height).filter { !previous.sameRow($0, as: next) }
    }
}
