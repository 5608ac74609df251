#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The system clipboard through the terminal (OSC 52), so copying works over SSH and inside tmux, with no
/// X11 or helper program on the server.
public enum Clipboard {
    /// The sequence that puts `text` on the clipboard. Inside tmux the plain sequence is sent (tmux
    /// takes it with `set-clipboard on`) followed by the same wrapped in a DCS passthrough, ESCs doubled
    /// (which reaches the outer terminal with `allow-passthrough on`). The payload is base64: nothing in
    /// the copied text can act as a control sequence on the way.
    ///
    /// Inside GNU screen (which keeps no clipboard and drops OSC 52) the sequence goes through screen's
    /// DCS passthrough in pieces of 76 payload bytes, since screen cuts long strings.
    public static func osc52(_ text: String, inTmux: Bool, inScreen: Bool = false) -> String {
        let payload = Data(text.utf8).base64EncodedString()
        let sequence = "\u{1B}]52;c;\(payload)\u{07}"
        if inScreen && !inTmux {
            var pieces: [Substring] = []
            var rest = Substring(payload)
            while !rest.isEmpty {
                pieces.append(rest.prefix(76))
                rest = rest.dropFirst(76)
            }
            return "\u{1B}P\u{1B}]52;c;" + pieces.joined(separator: "\u{1B}\\\u{1B}P") + "\u{07}\u{1B}\\"
        }
        guard inTmux else { return sequence }
        return sequence + "\u{1B}Ptmux;" + sequence.replacingEvery("\u{1B}", with: "\u{1B}\u{1B}") + "\u{1B}\\"
    }
}
