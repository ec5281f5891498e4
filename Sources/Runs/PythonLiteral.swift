/// The small subset of Python literal syntax that `.npy` headers use: dicts, tuples, lists,
/// quoted strings, integers, True/False/None.
enum PythonLiteral: Equatable {
    case dict([String: PythonLiteral])
    case tuple([PythonLiteral])
    case string(String)
    case int(Int)
    case bool(Bool)
    case none

    struct ParseError: Error {
        let reason: String
    }

    static func parse(_ text: String) throws -> PythonLiteral {
        var parser = Parser(chars: Array(text.unicodeScalars))
        let value = try parser.value()
        parser.skipSpace()
        guard parser.index == parser.chars.count else {
            throw ParseError(reason: "unexpected text after the dictionary")
        }
        return value
    }

    private struct Parser {
        let chars: [Unicode.Scalar]
        var index = 0
        /// Nesting of dicts, tuples and lists; capped so a header of a million `(` cannot
        /// exhaust the stack (real headers nest two deep).
        var depth = 0
        static let maxDepth = 32

        mutating func skipSpace() {
            while index < chars.count, chars[index].properties.isWhitespace { index += 1 }
        }

        mutating func expect(_ c: Unicode.Scalar) throws {
            skipSpace()
            guard index < chars.count, chars[index] == c else {
                throw ParseError(reason: "expected '\(c)' at character \(index)")
            }
            index += 1
        }

        mutating func peek() -> Unicode.Scalar? {
            skipSpace()
            return index < chars.count ? chars[index] : nil
        }

        // One switch over the token kinds a .npy header may hold; splitting it would scatter
        // the grammar.
        mutating func value() throws -> PythonLiteral {
            guard let c = peek() else { throw ParseError(reason: "the header ends early") }
            if c == "{" || c == "(" || c == "[" {
                depth += 1
                guard depth <= Self.maxDepth else { throw ParseError(reason: "it nests more than \(Self.maxDepth) levels deep") }
            }
            defer { if c == "{" || c == "(" || c == "[" { depth -= 1 } }
            switch c {
            case "{":
                index += 1
                var fields: [String: PythonLiteral] = [:]
                while peek() != "}" {
                    guard case let .string(key) = try value() else {
                        throw ParseError(reason: "a dictionary key is not a string")
                    }
                    try expect(":")
                    guard fields[key] == nil else { throw ParseError(reason: "the key '\(key)' appears twice") }
                    fields[key] = try value()
                    if peek() == "," { index += 1 } else { break }
                }
                try expect("}")
                return .dict(fields)
            case "(", "[":
                let close: Unicode.Scalar = c == "(" ? ")" : "]"
                index += 1
                var items: [PythonLiteral] = []
                while peek() != close {
                    items.append(try value())
                    if peek() == "," { index += 1 } else { break }
                }
                try expect(close)
                return .tuple(items)
            case "'", "\"":
                index += 1
                var s = String.UnicodeScalarView()
                while index < chars.count, chars[index] != c {
                    if chars[index] == "\\", index + 1 < chars.count { index += 1 }
                    s.append(chars[index])
                    index += 1
                }
                guard index < chars.count else { throw ParseError(reason: "a string is not closed") }
                index += 1
                return .string(String(s))
            default:
                var word = ""
                while index < chars.count, chars[index].properties.isAlphabetic || ("0"..."9").contains(chars[index]) || chars[index] == "-" {
                    word.unicodeScalars.append(chars[index])
                    index += 1
                }
                switch word {
                case "True": return .bool(true)
                case "False": return .bool(false)
                case "None": return .none
                default:
                    // Python 2 headers may write long integers as `10L`.
                    let digits = word.hasSuffix("L") ? String(word.dropLast()) : word
                    guard let n = Int(digits) else { throw ParseError(reason: "cannot read '\(word)' at character \(index)") }
                    return .int(n)
                }
            }
        }
    }
}
