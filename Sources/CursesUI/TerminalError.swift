/// Why the full-screen UI could not start or keep running; the message is meant for the user.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
