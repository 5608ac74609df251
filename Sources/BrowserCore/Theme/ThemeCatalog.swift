#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

extension Theme {
    /// Names of the themes compiled into the binary, sorted.
    public static var bundledNames: [String] {
        BundledThemes.names
    }

    /// A bundled theme by name, or nil if there is none.
    public static func bundled(_ name: String) -> Theme? {
        BundledThemes.theme(name)
    }

    /// The theme used when the user names none.
    public static let `default`: Theme = requireBundled("default")

    /// Attributes only: used when `NO_COLOR` is set or the terminal has no colours.
    public static let monochromeFallback: Theme = requireBundled("monochrome")

    /// A bundled theme by name, else a theme file when the value looks like a path (contains "/" or ends
    /// in .yaml/.yml). A bundled name wins so `--theme light` never depends on the current directory.
    public static func resolve(_ nameOrPath: String) throws(ThemeError) -> Theme {
        if let theme = bundled(nameOrPath) { return theme }
        let looksLikePath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
        guard looksLikePath else {
            throw ThemeError("unknown theme '\(nameOrPath)'; \(availableThemesHint)")
        }
        return try parse(yaml: readThemeFile(nameOrPath), source: nameOrPath)
    }

    private static func readThemeFile(_ givenPath: String) throws(ThemeError) -> String {
        let path = LocalPath.expandingTilde(givenPath)
        let problem: String
        let isDirectory = LocalPath.isDirectory(path)
        if isDirectory == nil {
            problem = "no such file"
        } else if isDirectory == true {
            problem = "it is a directory"
        } else if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            return text
        } else {
            problem = "it is unreadable or not UTF-8 text"
        }
        throw ThemeError("cannot read theme file '\(givenPath)': \(problem); \(availableThemesHint)")
    }

    private static var availableThemesHint: String {
        "available themes: \(bundledNames.joined(separator: ", ")), or a path to a .yaml file"
    }

    /// ThemeTests check that every bundled theme exists and equals its file.
    private static func requireBundled(_ name: String) -> Theme {
        guard let theme = bundled(name) else {
            preconditionFailure("bundled theme '\(name)' is missing or invalid; run ThemeTests")
        }
        return theme
    }
}
