/// Quoting for the shell commands the tool prints (`c`, `get --format curl`), which people paste into a shell.
public enum ShellQuote {
    /// `value` as one POSIX shell word: in single quotes, where nothing is special, each `'` written as
    /// `'\''` (end the quotes, an escaped quote, start again). No value can end the quoting early.
    public static func word(_ value: String) -> String {
        "'" + value.replacingEvery("'", with: #"'\''"#) + "'"
    }
}
