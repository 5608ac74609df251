import TechWolfAPI

/// Refuses a token on the command line. argv is readable by every user of the machine (`ps`,
/// `/proc/PID/cmdline`) and lands in shell history, so a token there is already half leaked; the tool
/// will not make a habit of it.
enum ArgvGuard {
    static let tokenFlags = ["--token", "--access-token", "--bearer", "--bearer-token", "--api-token", "--auth"]

    /// `environmentToken` is the value of `TokenSource.defaultVariable`, if set: an argument that contains it
    /// is a pasted token too.
    static func refusal(_ arguments: [String], environmentToken: String?) -> String? {
        let envToken = environmentToken.flatMap { $0.count >= 8 ? $0 : nil }
        for argument in arguments {
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if tokenFlags.contains(name) {
                return "refusing \(name): a token on the command line is visible to every user of this machine (ps, /proc) and stays in shell history.\n" + TokenSource.howTo
            }
            if looksLikeJWT(argument) || (envToken != nil && argument.contains(envToken!)) {
                return "refusing an argument that looks like an access token: the command line is visible to every user of this machine (ps, /proc) and stays in shell history.\n" + TokenSource.howTo
            }
        }
        return nil
    }

    /// Three base64url segments, the first a JSON header (`eyJ` is the encoding of `{"`).
    static func looksLikeJWT(_ s: String) -> Bool {
        let value = s.split(separator: "=", maxSplits: 1).last.map(String.init) ?? s
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].hasPrefix("eyJ"), parts[1].count >= 4 else { return false }
        return parts.allSatisfy { $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") } }
    }
}
