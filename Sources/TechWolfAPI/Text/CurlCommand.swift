/// A curl command that repeats a request, for tickets and colleagues. It names `$TECHWOLF_TOKEN` and never
/// contains the token itself.
public enum CurlCommand {
    public static func interaction(baseURL: String, employee: String, interaction: String, apiVersion: String?) -> String {
        get(baseURL: baseURL, pathAndQuery: "/employees/\(employee)/interactions/\(interaction)", apiVersion: apiVersion)
    }

    public static func employee(baseURL: String, employee: String, apiVersion: String?) -> String {
        get(baseURL: baseURL, pathAndQuery: "/employees/\(employee)?include=custom_properties", apiVersion: apiVersion)
    }

    public static func vacancy(baseURL: String, vacancy: String, apiVersion: String?) -> String {
        get(baseURL: baseURL, pathAndQuery: "/vacancies/\(vacancy)?include=custom_properties", apiVersion: apiVersion)
    }

    private static func get(baseURL: String, pathAndQuery: String, apiVersion: String?) -> String {
        // IDs are validated ([A-Za-z0-9_-]) and the base URL is a validated origin: nothing here needs
        // escaping beyond the single quotes around the URL.
        var parts = ["curl -sS", "-H \"Authorization: Bearer $TECHWOLF_TOKEN\"", "-H 'Accept: application/json'"]
        if let apiVersion { parts.append("-H 'X-API-Version: \(apiVersion)'") }
        parts.append("'\(baseURL)\(pathAndQuery)'")
        return parts.joined(separator: " ")
    }
}
