/// A curl command that repeats a request, for tickets and colleagues. It names `$TECHWOLF_TOKEN` and never
/// contains the token itself.
///
/// Built from validated parts only — the origin, IDs and API version pass the same rules as a request —
/// and every part is one single-quoted shell word, so pasting it runs curl and nothing else.
public enum CurlCommand {
    public static func interaction(baseURL: String, employee: String, interaction: String, apiVersion: String?)
        throws(ValidationError) -> String
    {
        let e = try Validators.externalID(employee, field: "employee ID")
        let i = try Validators.externalID(interaction, field: "interaction ID")
        return try get(baseURL: baseURL, pathAndQuery: "/employees/\(e)/interactions/\(i)", apiVersion: apiVersion)
    }

    public static func employee(baseURL: String, employee: String, apiVersion: String?) throws(ValidationError) -> String {
        let e = try Validators.externalID(employee, field: "employee ID")
        return try get(baseURL: baseURL, pathAndQuery: "/employees/\(e)?include=custom_properties", apiVersion: apiVersion)
    }

    public static func vacancy(baseURL: String, vacancy: String, apiVersion: String?) throws(ValidationError) -> String {
        let v = try Validators.externalID(vacancy, field: "vacancy ID")
        return try get(baseURL: baseURL, pathAndQuery: "/vacancies/\(v)?include=custom_properties", apiVersion: apiVersion)
    }

    /// `pathAndQuery` is made of validated IDs and fixed text.
    private static func get(baseURL: String, pathAndQuery: String, apiVersion: String?) throws(ValidationError) -> String {
        let origin = try APIOrigin.baseURL(baseURL)
        let url = origin.description + origin.basePath + pathAndQuery
        if url.unicodeScalars.contains(where: TerminalText.isUnsafe) {
            throw ValidationError(field: "base-url", message: "contains an invisible or control character")
        }
        var parts = ["curl -sS", #"-H "Authorization: Bearer $TECHWOLF_TOKEN""#, "-H " + ShellQuote.word("Accept: application/json")]
        if let apiVersion { parts.append("-H " + ShellQuote.word("X-API-Version: " + (try Validators.apiVersion(apiVersion)))) }
        parts.append(ShellQuote.word(url))
        return parts.joined(separator: " ")
    }
}
