/// A setting as its owning module declares it, once: the key (also the long flag and the
/// preset/config-file key), one sentence of help, the default, and the values it accepts.
///
/// The executable binds each spec to a field of its settings and generates the command-line
/// flags, `presets --keys`, the help text and the validation of presets and config files from
/// it, so nothing about a setting is written twice.
public struct SettingSpec<Value: Sendable>: Sendable {
    /// `n-neighbors`: the long flag without dashes and the key in presets and config files.
    public let key: String
    /// What the setting does, one sentence without its default or range (those are generated).
    public let help: String
    /// The value when nothing sets it.
    public let defaultValue: Value
    /// How text becomes a value, and what it accepts.
    public let domain: SettingDomain<Value>
    /// The placeholder shown after the flag in help, e.g. `k` or `WxH`.
    public let valueName: String
    /// Says what the default is when one value cannot (e.g. "20 for H.264, 32 for VP9").
    public let defaultSummary: String?

    public init(key: String, help: String, defaultValue: Value, domain: SettingDomain<Value>, valueName: String? = nil,
                defaultSummary: String? = nil) {
        self.key = key
        self.help = help
        self.defaultValue = defaultValue
        self.domain = domain
        self.valueName = valueName ?? domain.valueName
        self.defaultSummary = defaultSummary
    }

    /// The default as a preset would write it (or its summary).
    public var defaultText: String { defaultSummary ?? domain.format(defaultValue) }
}

/// Why a text is not a value of a setting: what was expected, e.g. "a whole number from 2 to 200".
public struct SettingValueError: Error, Equatable, Sendable {
    public let expected: String
    public init(expected: String) { self.expected = expected }
}
