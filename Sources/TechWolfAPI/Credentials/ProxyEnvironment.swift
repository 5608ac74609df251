/// The proxy variables libcurl reads, and how they may be shown: they can carry a user name and password
/// (`http://user:pass@proxy:3128`, or `user:pass@proxy:3128` with no scheme), and a password may hold any
/// character, `#`, `/` and `@` included.
public enum ProxyEnvironment {
    public static let variables = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY",
                                   "no_proxy", "NO_PROXY"]

    /// The value with any user information replaced by `…`: everything between the scheme and the last `@`.
    /// No URL parser decides where the password ends, so no character in it can make it show.
    public static func redacted(_ value: String) -> String {
        guard let (scheme, userInfo, rest) = split(value), !userInfo.isEmpty else { return value }
        return scheme + "…@" + rest
    }

    /// The password of every proxy variable, for `SecretRedaction`: no output may carry it.
    public static func registerPasswords(environment: [String: String]) {
        for name in variables {
            guard let value = environment[name], let (_, userInfo, _) = split(value) else { continue }
            SecretRedaction.shared.register(String(userInfo))
            if let colon = userInfo.firstIndex(of: ":") {
                SecretRedaction.shared.register(String(userInfo[userInfo.index(after: colon)...]))
            }
        }
    }

    /// (`scheme://` or "", user information, host and the rest), when the value has an `@`.
    private static func split(_ value: String) -> (String, Substring, Substring)? {
        guard let at = value.lastIndex(of: "@") else { return nil }
        var start = value.startIndex
        if let marker = value.firstRange(of: "://"), marker.upperBound <= at { start = marker.upperBound }
        return (String(value[..<start]), value[start..<at], value[value.index(after: at)...])
    }
}
