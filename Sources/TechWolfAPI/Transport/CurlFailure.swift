#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why the server's certificate was not accepted, in words a support engineer can act on.
public struct CertificateProblem: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case unknownIssuer = "unknown issuer"
        case selfSigned = "self-signed"
        case nameMismatch = "name mismatch"
        case expired = "expired"
        case notYetValid = "not yet valid"
        case revoked = "revoked"
        case unreadableStore = "unreadable CA store"
        case unverified = "not verified"
    }

    public let kind: Kind
    /// The TLS library's own words, sanitised; may be empty.
    public let detail: String

    public init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// One line: what failed, then what to do about it.
    public var message: String {
        let what: String
        let advice: String
        let trustAdvice = "if a corporate proxy inspects TLS, trust its CA with --ca-file PATH, `ca_file:` in the profile, "
            + "or SSL_CERT_FILE / CURL_CA_BUNDLE / SSL_CERT_DIR (`twbrowse doctor` shows the store in use)"
        switch kind {
        case .unknownIssuer:
            what = "it was issued by a CA this machine does not trust (unknown issuer)"
            advice = trustAdvice
        case .selfSigned:
            what = "it is self-signed (unknown issuer)"
            advice = trustAdvice
        case .nameMismatch:
            what = "it is for another host name (name mismatch)"
            advice = "check --tenant, --region or --base-url; a proxy may be answering in the server's place"
        case .expired:
            what = "it has expired (expired)"
            advice = "check this machine's clock (`date`); otherwise the server or a proxy presents an outdated certificate"
        case .notYetValid:
            what = "it is not valid yet (not yet valid)"
            advice = "check this machine's clock (`date`)"
        case .revoked:
            what = "it has been revoked (revoked)"
            advice = "do not use this connection; tell whoever runs the server or the proxy"
        case .unreadableStore:
            what = "the trusted CA store could not be read"
            advice = "check the file or directory named by --ca-file, `ca_file:`, CURL_CA_BUNDLE, SSL_CERT_FILE or SSL_CERT_DIR"
        case .unverified:
            what = "it could not be verified"
            advice = trustAdvice
        }
        let said = detail.isEmpty ? "" : " [\(detail)]"
        return "the server's TLS certificate was refused: \(what)\(said); \(advice)"
    }
}

/// libcurl's failures in the project's terms: which may be retried, and one clean line for each.
enum CurlFailure {
    /// What the shim says when the headers pass its own limit (curl_shim.c, MAX_HEADER_BYTES).
    static let headersTooLarge = "the response headers were too large"

    static func classify(curlCode: Int32, message: String, verifyResult: Int, connectCode: Int) -> TransportFailure {
        let detail = TerminalText.excerpt(message.trimmingWhitespace(), limit: 140)
        if connectCode == 407 {
            return .proxy("the proxy wants credentials (407 Proxy Authentication Required): give them in the proxy URL, "
                          + "e.g. https_proxy=http://USER:PASSWORD@proxy.example:8080")
        }
        if connectCode >= 400 {
            return .proxy("the proxy refused to open a tunnel to the server (HTTP \(connectCode))")
        }
        switch curlCode {
        case 60, 83, 91: // PEER_FAILED_VERIFICATION, SSL_ISSUER_ERROR, SSL_INVALIDCERTSTATUS
            return .certificate(certificateProblem(verifyResult: verifyResult, message: message, detail: detail))
        case 77: // SSL_CACERT_BADFILE
            return .certificate(CertificateProblem(kind: .unreadableStore, detail: detail))
        case 3: // URL_MALFORMAT: the URL is built from validated parts, so this is a bug, not the network
            return .permanent("the request's URL was refused by libcurl")
        case 1, 8, 16, 61, 92: // UNSUPPORTED_PROTOCOL (an HTTP/0.9 reply), WEIRD_SERVER_REPLY, HTTP2, BAD_CONTENT_ENCODING, HTTP2_STREAM
            return .permanent("the server's response was malformed")
        case 27: // OUT_OF_MEMORY: what libcurl 7.x says of a header line over its 100 KiB limit
            return .permanent("the server's response headers were too large (or memory ran out)")
        case _ where message == CurlFailure.headersTooLarge:
            return .permanent("the server's response headers were too large")
        default:
            return .network(describe(curlCode: curlCode, detail: detail))
        }
    }

    /// OpenSSL's verification result first (X509_V_ERR_*), then the words of libcurl's message (GnuTLS and
    /// libcurl's own host name check say what failed only there).
    static func certificateProblem(verifyResult: Int, message: String, detail: String) -> CertificateProblem {
        let kind: CertificateProblem.Kind
        // X509_V_ERR_* numbers only mean that with OpenSSL, whose failures libcurl words this way; GnuTLS's
        // verification result is a bit mask.
        let openSSL = message.hasPrefix("SSL certificate problem")
        switch openSSL ? verifyResult : 0 {
        case 2, 20, 21: kind = .unknownIssuer
        case 18, 19: kind = .selfSigned
        case 9: kind = .notYetValid
        case 10: kind = .expired
        case 23: kind = .revoked
        case 62, 64: kind = .nameMismatch
        default:
            let text = message.lowercased()
            if text.contains("does not match target host") || text.contains("no alternative certificate subject name")
                || text.contains("hostname mismatch") {
                kind = .nameMismatch
            } else if text.contains("expired") {
                kind = .expired
            } else if text.contains("not yet valid") || text.contains("not activated") {
                kind = .notYetValid
            } else if text.contains("self-signed") || text.contains("self signed") {
                kind = .selfSigned
            } else if text.contains("issuer") || text.contains("signer not found") || text.contains("not trusted") {
                kind = .unknownIssuer
            } else if text.contains("revoked") {
                kind = .revoked
            } else {
                kind = .unverified
            }
        }
        return CertificateProblem(kind: kind, detail: detail)
    }

    /// One line for a libcurl error that is not about the certificate or the proxy's answer.
    static func describe(curlCode: Int32, detail: String) -> String {
        switch curlCode {
        case 6: // CURLE_COULDNT_RESOLVE_HOST
            return "cannot resolve the host name" + hostNamed(in: detail)
        case 5: // CURLE_COULDNT_RESOLVE_PROXY
            return "cannot resolve the proxy's host name" + hostNamed(in: detail)
        case 7: // CURLE_COULDNT_CONNECT
            return "connection refused"
        case 18, 52, 55, 56: // PARTIAL_FILE, GOT_NOTHING, SEND_ERROR, RECV_ERROR
            return "the connection was lost"
        case 35, 53, 54, 58, 59, 64, 66, 80, 98: // SSL_CONNECT_ERROR, ENGINE_*, CERTPROBLEM, CIPHER, USE_SSL_FAILED, SHUTDOWN_FAILED, CLIENTCERT
            return "TLS failed: the secure connection could not be set up" + (detail.isEmpty ? "" : " (\(detail))")
        case 97: // CURLE_PROXY
            return "the proxy failed" + (detail.isEmpty ? "" : ": \(detail)")
        default:
            return detail.isEmpty ? "libcurl error \(curlCode)" : detail
        }
    }

    /// " (host)" from libcurl's "Could not resolve host: host", so the message names what failed.
    private static func hostNamed(in detail: String) -> String {
        guard let colon = detail.lastIndex(of: ":") else { return "" }
        let host = detail[detail.index(after: colon)...].trimmingSpaces()
        return host.isEmpty ? "" : " \(host)"
    }
}
