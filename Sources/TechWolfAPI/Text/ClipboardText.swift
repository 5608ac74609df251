/// What may go to the clipboard. A paste lands in a shell, an editor or a ticket, where a control
/// character from data could end bracketed paste (`ESC [ 201 ~`) and run what follows, so nothing copied
/// carries C0, DEL or C1 from data, and no secret.
public enum ClipboardText {
    /// An ID as the API defines it, or why it is not one: an ID that breaks the rule is not copied as an ID.
    public static func id(_ raw: String, field: String) -> Result<String, ValidationError> {
        do { return .success(try Validators.externalID(raw, field: field)) } catch { return .failure(error) }
    }

    /// The text with every unsafe scalar but the line feed replaced by its visible placeholder, and every
    /// known secret by the redaction marker. Line feeds stay: a pretty-printed record spans lines.
    public static func payload(_ text: String) -> String {
        let redacted = SecretRedaction.shared.redact(text)
        guard redacted.unicodeScalars.contains(where: { $0 != "\n" && TerminalText.isUnsafe($0) }) else { return redacted }
        var out = String.UnicodeScalarView()
        for scalar in redacted.unicodeScalars {
            if scalar != "\n" && TerminalText.isUnsafe(scalar) {
                out.append(contentsOf: TerminalText.placeholder(for: scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
