#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension URLComponents {
    /// The host exactly as it stands in the URL text, brackets and percent-escapes included.
    ///
    /// Validation wants this form anyway (see `APIOrigin.baseURL`), and it is also the cheap one: `host` and
    /// `percentEncodedHost` run the host through ICU's IDNA mapping, which loads about 0.4 MiB of Unicode
    /// tables into every process that only ever talks to ASCII hosts.
    var hostAsTyped: String? {
        guard let text = string, let range = rangeOfHost else { return nil }
        return String(text[range])
    }
}
