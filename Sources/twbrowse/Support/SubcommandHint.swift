import ArgumentParser
import BrowserCore

/// "did you mean `get`?" for a mistyped command name, which ArgumentParser reports only as an unexpected
/// argument.
enum SubcommandHint {
    static func suggestion(_ arguments: [String], message: String) -> String? {
        let names = TWBrowse.configuration.subcommands.compactMap { $0.configuration.commandName }
        guard let word = arguments.first(where: { message.contains("Unexpected argument '\($0)'") }),
              !word.hasPrefix("-"), !names.contains(word) else { return nil }
        let ranked = names.map { ($0, CommandTable.editDistance($0, word)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }
        let close = names.first { $0.hasPrefix(word) && word.count >= 2 } ?? ranked?.0
        return close.map { "unknown command '\(word)': did you mean `twbrowse \($0)`?" }
    }
}
