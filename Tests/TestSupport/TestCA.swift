import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A throwaway certificate authority and the certificates the https tests serve, made once per test
/// process with the `openssl` command in a temporary directory (removed when the process exits).
///
/// Every file is PEM. The CA and the leaves use P-256 keys: quick to make, and every TLS library takes them.
public final class TestCA: Sendable {
    /// A certificate a server presents, with its private key.
    public struct Leaf: Sendable {
        public let certificate: String
        public let key: String
        /// The subject alternative names it is valid for, as written in the certificate.
        public let names: [String]
    }

    /// A domain whose every name the good leaf covers. It never resolves (`.test` is reserved), so a
    /// request to it can only arrive through a proxy that tunnels to a local server.
    public static let wildcardDomain = "eu3.techwolf.test"
    /// The names of the good leaf.
    public static let leafNames = ["IP:127.0.0.1", "IP:::1", "DNS:localhost", "DNS:*.\(wildcardDomain)"]
    /// The only name of the wrong-name leaf.
    public static let wrongName = "DNS:wrong-name.techwolf.test"

    /// The directory everything is in.
    public let directory: String
    /// The CA certificate: trust this one file to trust the good leaf.
    public let certificate: String
    /// Signed by the CA, valid from yesterday for 30 days, for `leafNames`.
    public let leaf: Leaf
    /// Signed by the CA for `leafNames`, but its validity ended yesterday.
    public let expiredLeaf: Leaf
    /// Signed by the CA and valid, but only for `wrongName`.
    public let wrongNameLeaf: Leaf
    /// For `leafNames` and valid, but signed by its own key: no CA vouches for it.
    public let selfSignedLeaf: Leaf
    /// A directory holding the CA certificate as `<subject hash>.0`, the layout of `SSL_CERT_DIR`,
    /// `CURLOPT_CAPATH` and `openssl rehash`.
    public let hashedDirectory: String
    /// The system's CA bundle the combined file starts with, nil where none was found.
    public let systemBundle: String?
    /// The system's CA bundle followed by the CA certificate: the trust of a machine whose administrator
    /// added a corporate CA.
    public let systemBundleWithCA: String

    private static let lock = NSLock()
    nonisolated(unsafe) private static var made: Result<TestCA, Error>?

    /// The process's CA, made on first use (a few hundred milliseconds of openssl; blocks). A failure is
    /// kept too: every later call reports it without running openssl again.
    public static func shared() throws -> TestCA {
        try lock.withLock {
            if let made { return try made.get() }
            let result = Result { try TestCA() }
            made = result
            return try result.get()
        }
    }

    private init() throws {
        guard let openssl = LocalTools.openssl else { throw ChildProcess.Failure(description: "openssl is not installed") }
        let path = Self.directoryOfThisProcess
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestCA.directoryOfThisProcess) }
        directory = path
        let files = Files(directory: path, openssl: openssl)
        try files.writeConfiguration()

        certificate = try files.makeCA()
        leaf = try files.signedLeaf("leaf", section: "leaf_ext", from: -1, to: 30, names: Self.leafNames)
        expiredLeaf = try files.signedLeaf("expired", section: "leaf_ext", from: -3, to: -1, names: Self.leafNames)
        wrongNameLeaf = try files.signedLeaf("wrong-name", section: "wrong_name_ext", from: -1, to: 30, names: [Self.wrongName])
        selfSignedLeaf = try files.selfSignedLeaf("self-signed", names: Self.leafNames)

        hashedDirectory = path + "/hashed"
        try FileManager.default.createDirectory(atPath: hashedDirectory, withIntermediateDirectories: true)
        let hash = try ChildProcess.run(openssl, ["x509", "-hash", "-noout", "-in", certificate]).trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.copyItem(atPath: certificate, toPath: "\(hashedDirectory)/\(hash).0")

        systemBundle = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"]
            .first { FileManager.default.isReadableFile(atPath: $0) }
        systemBundleWithCA = path + "/system-bundle-with-test-ca.pem"
        var combined = try systemBundle.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } ?? Data()
        if !combined.isEmpty, combined.last != UInt8(ascii: "\n") { combined.append(UInt8(ascii: "\n")) }
        combined.append(try Data(contentsOf: URL(fileURLWithPath: certificate)))
        try combined.write(to: URL(fileURLWithPath: systemBundleWithCA))
    }

    private static var directoryOfThisProcess: String {
        FileManager.default.temporaryDirectory.appendingPathComponent("twb-test-ca-\(getpid())").path
    }

    /// The openssl runs, with a configuration of our own so the machine's openssl.cnf plays no part.
    private struct Files {
        let directory: String
        let openssl: String

        var configuration: String { directory + "/openssl.cnf" }

        func writeConfiguration() throws {
            try FileManager.default.createDirectory(atPath: directory + "/issued", withIntermediateDirectories: true)
            try Data().write(to: URL(fileURLWithPath: directory + "/index.txt"))
            try Data("1000\n".utf8).write(to: URL(fileURLWithPath: directory + "/serial"))
            let text = """
            [ req ]
            distinguished_name = subject
            [ subject ]
            [ ca_ext ]
            basicConstraints = critical, CA:TRUE
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash
            [ ca ]
            default_ca = test_ca
            [ test_ca ]
            database = \(directory)/index.txt
            new_certs_dir = \(directory)/issued
            serial = \(directory)/serial
            default_md = sha256
            policy = any_name
            unique_subject = no
            copy_extensions = none
            [ any_name ]
            commonName = supplied
            [ leaf_ext ]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature
            extendedKeyUsage = serverAuth
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            subjectAltName = \(TestCA.leafNames.joined(separator: ", "))
            [ wrong_name_ext ]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature
            extendedKeyUsage = serverAuth
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            subjectAltName = \(TestCA.wrongName)
            [ self_signed_ext ]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature
            extendedKeyUsage = serverAuth
            subjectKeyIdentifier = hash
            subjectAltName = \(TestCA.leafNames.joined(separator: ", "))

            """
            try Data(text.utf8).write(to: URL(fileURLWithPath: configuration))
        }

        static let newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]

        func makeCA() throws -> String {
            let certificate = directory + "/ca.pem"
            try ChildProcess.run(openssl, ["req", "-config", configuration, "-x509"] + Self.newKey + [
                "-keyout", directory + "/ca.key", "-out", certificate, "-subj", "/CN=twbrowse test CA",
                "-days", "30", "-extensions", "ca_ext"])
            return certificate
        }

        /// A leaf signed by the CA, valid from `from` days to `to` days from now. `openssl ca` is used
        /// because OpenSSL 3.0's `x509 -req` cannot set a start date, so cannot make a certificate that has
        /// already expired.
        func signedLeaf(_ name: String, section: String, from: Int, to: Int, names: [String]) throws -> Leaf {
            let key = "\(directory)/\(name).key", request = "\(directory)/\(name).csr", certificate = "\(directory)/\(name).pem"
            try ChildProcess.run(openssl, ["req", "-config", configuration, "-new"] + Self.newKey + [
                "-keyout", key, "-out", request, "-subj", "/CN=\(name)"])
            try ChildProcess.run(openssl, ["ca", "-config", configuration, "-batch", "-notext",
                                           "-cert", directory + "/ca.pem", "-keyfile", directory + "/ca.key",
                                           "-extensions", section, "-startdate", Self.date(days: from), "-enddate", Self.date(days: to),
                                           "-in", request, "-out", certificate])
            return Leaf(certificate: certificate, key: key, names: names)
        }

        func selfSignedLeaf(_ name: String, names: [String]) throws -> Leaf {
            let key = "\(directory)/\(name).key", certificate = "\(directory)/\(name).pem"
            try ChildProcess.run(openssl, ["req", "-config", configuration, "-x509"] + Self.newKey + [
                "-keyout", key, "-out", certificate, "-subj", "/CN=\(name)", "-days", "30", "-extensions", "self_signed_ext"])
            return Leaf(certificate: certificate, key: key, names: names)
        }

        /// `YYYYMMDDHHMMSSZ`, `days` from now.
        static func date(days: Int) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMddHHmmss'Z'"
            return formatter.string(from: Date().addingTimeInterval(Double(days) * 86_400))
        }
    }
}
