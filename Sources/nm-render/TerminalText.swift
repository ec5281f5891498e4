import Foundation

/// Text from input files (run, block, class and metric names, file names) made safe to print on
/// a terminal: control characters cannot move the cursor, ring the bell, rewrite the line or
/// change colours, and a megabyte-long name does not flood the screen.
///
/// Control characters (C0, DEL, C1) and the Unicode bidirectional overrides are shown escaped
/// (`\e`, `\r`, `\x07`, `\u{202E}`); a run of more than `maxWord` non-space characters keeps its
/// start and end around `…`; a text longer than `maxTotal` keeps its start and end the same way.
/// Linear in the length of the text. JSON output does not use this: JSON escapes as JSON does.
enum TerminalText {
    static func safe(_ text: String, maxWord: Int = 400, maxTotal: Int = 2_000) -> String {
        let scalars = text.unicodeScalars
        let total = scalars.count
        // Only a head and a tail of a long text are shown: escape those, never the megabyte
        // in between.
        let headLength = maxTotal * 3 / 4, tailLength = maxTotal / 4
        guard total > maxTotal else { return escapedWords(Substring.UnicodeScalarView(scalars), maxWord: maxWord) }
        let head = escapedWords(scalars.prefix(headLength), maxWord: maxWord)
        let tail = escapedWords(scalars.suffix(tailLength), maxWord: maxWord)
        return String(head.prefix(headLength)) + "…(\(total - headLength - tailLength) characters left out)…"
            + String(tail.suffix(tailLength))
    }

    /// Each scalar escaped, each run of more than `maxWord` non-space characters elided.
    private static func escapedWords(_ scalars: Substring.UnicodeScalarView, maxWord: Int) -> String {
        var escaped = ""
        var word: [Character] = []
        func flushWord() {
            if word.count > maxWord {
                let keep = maxWord / 2
                escaped += String(word.prefix(keep)) + "…(\(word.count - 2 * keep) more)…" + String(word.suffix(keep))
            } else {
                escaped += String(word)
            }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in scalars {
            if scalar == " " {
                flushWord()
                escaped += " "
            } else {
                word.append(contentsOf: escape(scalar))
            }
        }
        flushWord()
        return escaped
    }

    static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x1B: return "\\e"
        case 0x0D: return "\\r"
        case 0x0A: return "\\n"
        case 0x09: return "\\t"
        case 0x00 ..< 0x20, 0x7F, 0x80 ..< 0xA0:
            return String(format: "\\x%02x", scalar.value)
        case 0x202A ... 0x202E, 0x2066 ... 0x2069, 0x200E, 0x200F, 0x061C:
            return "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        default:
            return String(Character(scalar))
        }
    }
}
