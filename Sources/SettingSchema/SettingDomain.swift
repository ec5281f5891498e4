import Foundation

/// The values a setting accepts: a parser from text, a formatter back to text, and the phrase
/// that describes them in help and in errors.
public struct SettingDomain<Value: Sendable>: Sendable {
    /// "a whole number from 2 to 200", "one of light, dark, paper".
    public let expected: String
    /// The help placeholder when the spec gives none.
    public let valueName: String
    /// True for on/off settings, which get `--key` and `--no-key` switches.
    public let isSwitch: Bool
    private let parser: @Sendable (String) throws(SettingValueError) -> Value
    private let formatter: @Sendable (Value) -> String

    public init(expected: String, valueName: String = "value", isSwitch: Bool = false,
                parse: @escaping @Sendable (String) throws(SettingValueError) -> Value,
                format: @escaping @Sendable (Value) -> String) {
        self.expected = expected
        self.valueName = valueName
        self.isSwitch = isSwitch
        self.parser = parse
        self.formatter = format
    }

    public func parse(_ text: String) throws(SettingValueError) -> Value { try parser(text) }
    public func format(_ value: Value) -> String { formatter(value) }

    /// The same values as text, with a different parsed form (e.g. a list of names as a struct).
    public func map<T: Sendable>(_ forward: @escaping @Sendable (Value) throws(SettingValueError) -> T,
                                 back: @escaping @Sendable (T) -> Value) -> SettingDomain<T> {
        let parse = parser, format = formatter
        return SettingDomain<T>(expected: expected, valueName: valueName, isSwitch: isSwitch,
                                parse: { (text: String) throws(SettingValueError) -> T in try forward(parse(text)) },
                                format: { format(back($0)) })
    }
}

extension SettingDomain where Value == Int {
    /// A whole number in `range`.
    public static func integer(_ range: ClosedRange<Int>, valueName: String = "n") -> SettingDomain {
        let expected = "a whole number from \(range.lowerBound) to \(range.upperBound)"
        return SettingDomain(expected: expected, valueName: valueName, parse: { (text: String) throws(SettingValueError) -> Int in
            guard let v = Int(text.trimmed), range.contains(v) else { throw SettingValueError(expected: expected) }
            return v
        }, format: { String($0) })
    }
}

extension SettingDomain where Value == UInt64 {
    /// Any non-negative 64-bit integer (seeds).
    public static var unsignedInteger: SettingDomain {
        SettingDomain(expected: "a non-negative integer", valueName: "n", parse: { (text: String) throws(SettingValueError) -> UInt64 in
            guard let v = UInt64(text.trimmed) else { throw SettingValueError(expected: "a non-negative integer") }
            return v
        }, format: { String($0) })
    }
}

extension SettingDomain where Value == Double {
    /// A finite number in `range`.
    public static func number(_ range: ClosedRange<Double>, valueName: String = "x") -> SettingDomain {
        let expected = "a number from \(shortText(range.lowerBound)) to \(shortText(range.upperBound))"
        return SettingDomain(expected: expected, valueName: valueName, parse: { (text: String) throws(SettingValueError) -> Double in
            guard let v = Double(text.trimmed), v.isFinite, range.contains(v) else { throw SettingValueError(expected: expected) }
            return v
        }, format: shortText)
    }
}

extension SettingDomain where Value == Bool {
    /// true/false (also yes/no, on/off, 1/0); a switch on the command line.
    public static var flag: SettingDomain {
        SettingDomain(expected: "true or false", valueName: "true|false", isSwitch: true,
                      parse: { (text: String) throws(SettingValueError) -> Bool in
            switch text.trimmed.lowercased() {
            case "true", "yes", "on", "1": return true
            case "false", "no", "off", "0": return false
            default: throw SettingValueError(expected: "true or false")
            }
        }, format: { $0 ? "true" : "false" })
    }
}

extension SettingDomain where Value == String {
    /// Any text (titles, names).
    public static var text: SettingDomain {
        SettingDomain(expected: "any text", valueName: "text", parse: { (text: String) throws(SettingValueError) -> String in text },
                      format: { $0 })
    }

    /// One of `choices`, exactly.
    public static func oneOf(_ choices: [String], valueName: String = "name") -> SettingDomain {
        let expected = "one of \(choices.joined(separator: ", "))"
        return SettingDomain(expected: expected, valueName: valueName, parse: { (text: String) throws(SettingValueError) -> String in
            let t = text.trimmed
            guard choices.contains(t) else { throw SettingValueError(expected: expected) }
            return t
        }, format: { $0 })
    }
}

extension SettingDomain where Value == [String] {
    /// A comma-separated list; empty for none.
    public static func list(valueName: String = "a,b") -> SettingDomain {
        SettingDomain(expected: "a comma-separated list", valueName: valueName, parse: { (text: String) throws(SettingValueError) -> [String] in
            text.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
        }, format: { $0.joined(separator: ",") })
    }
}

extension SettingDomain where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
    /// A case of a string enum, by its raw value (case-insensitive).
    public static func choice(_ type: Value.Type, valueName: String? = nil) -> SettingDomain {
        let names = Value.allCases.map(\.rawValue)
        let expected = "one of \(names.joined(separator: ", "))"
        return SettingDomain(expected: expected, valueName: valueName ?? names.joined(separator: "|"),
                             parse: { (text: String) throws(SettingValueError) -> Value in
            guard let v = Value(rawValue: text.trimmed.lowercased()) else { throw SettingValueError(expected: expected) }
            return v
        }, format: { $0.rawValue })
    }
}

extension SettingDomain {
    /// `word` (e.g. `auto`, `all`) or a value of `domain`; nil stands for the word.
    public static func optional<Wrapped>(_ domain: SettingDomain<Wrapped>, or word: String) -> SettingDomain<Wrapped?>
    where Value == Wrapped? {
        let expected = "\(domain.expected), or \(word)"
        return SettingDomain<Wrapped?>(expected: expected, valueName: "\(domain.valueName)|\(word)",
                                       parse: { (text: String) throws(SettingValueError) -> Wrapped? in
            if text.trimmed.lowercased() == word { return nil }
            do { return try domain.parse(text) } catch { throw SettingValueError(expected: expected) }
        }, format: { $0.map(domain.format) ?? word })
    }
}

/// `0.1` rather than `0.10000000000000001`, `3` rather than `3.0`.
func shortText(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
