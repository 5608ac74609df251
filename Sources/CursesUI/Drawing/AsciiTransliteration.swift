/// One-column ASCII stand-ins for the box-drawing and symbol characters the UI draws, for terminals
/// without a UTF-8 locale. Each keeps the column count, so layouts stay aligned.
enum AsciiTransliteration {
    static func character(for scalar: Unicode.Scalar) -> Character? {
        table[scalar]
    }

    private static let table: [Unicode.Scalar: Character] = {
        var table: [Unicode.Scalar: Character] = [:]
        func map(_ characters: String, to replacement: Character) {
            for scalar in characters.unicodeScalars { table[scalar] = replacement }
        }
        map("─━═┄┅┈┉╌╍—–‐‑‒―−", to: "-")
        map("│┃║┆┇┊┋╎╏", to: "|")
        map("┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬╭╮╯╰", to: "+")
        map("›»▶►▸▹→⇒", to: ">")
        map("‹«◀◄◂◃←⇐⏎↵", to: "<")
        map("▲△↑⇑", to: "^")
        map("▼▽↓⇓", to: "v")
        map("•·●○◦∙⋅", to: "*")
        map("…", to: "~")
        map("✓✔", to: "+")
        map("✗✘×", to: "x")
        map("█▉▊▋▌▍▎▏▓▒░", to: "#")
        map("‘’‚′", to: "'")
        map("“”„″", to: "\"")
        map("\u{00A0}\u{2007}\u{202F}", to: " ")
        return table
    }()
}
