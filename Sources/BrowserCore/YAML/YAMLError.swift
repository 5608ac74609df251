/// Why `YAMLReader` stopped: text that is not YAML, or YAML beyond the subset it reads.
enum YAMLError: Error, Sendable, Equatable {
    /// Not valid YAML (or not valid in the subset's terms) at a 1-based line and column.
    case syntax(line: Int, column: Int, problem: String)
    /// Valid YAML this reader does not take, such as anchors; `what` reads "anchors are not supported".
    case unsupported(line: Int, what: String)

    /// "config.yaml:7: twbrowse reads a subset of YAML: anchors are not supported".
    static func unsupportedMessage(source: String, line: Int, what: String) -> String {
        "\(source):\(line): twbrowse reads a subset of YAML: \(what)"
    }
}
