/// A curl command that repeats a request, for tickets and colleagues. It names `$TECHWOLF_TOKEN` and never
/// contains the token itself.
public enum CurlCommand {
    public static func interaction(baseURL: String, employee: String, interaction: String, apiVersion: String?) -> String {
        // IDs are validated ([A-Za-z0-9_-]) and the base URL is a validated origin: nothing here needs
        // escaping beyond the single quotes around the URL.
        var parts = ["curl -sS", "-H \"Authorization: Bearer $TECHWOLF_TOKEN\"", "-H 'Accept: application/json'"]
        if let apiVersion { parts.append("-H 'X-API-Version: \(apiVersion)'") }
        parts.append("'\(baseURL)/employees/\(employee)/interactions/\(interaction)'")
        return parts.joined(separator: " ")
    }
}
