/// Why a body could not be turned into the expected model at all (as opposed to a record with warnings).
public struct DecodingProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension JSONValue {
    /// The value as an object, or a problem naming what was expected.
    func requireObject(_ what: String) throws(DecodingProblem) -> [JSONMember] {
        guard case .object(let members) = self else {
            throw DecodingProblem("expected \(what) as a JSON object, got \(kindName)")
        }
        return members
    }
}

/// Splits an object's members into the ones a model knows and the rest, keeping order.
func unknownMembers(_ members: [JSONMember], known: Set<String>) -> [JSONMember] {
    members.filter { !known.contains($0.key) }
}
