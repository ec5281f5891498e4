import Foundation
import SettingSchema

/// A number of bytes, as upload limits state them: decimal units (`10MB` = 10,000,000 bytes,
/// `kB`/`KB` = 1,000, `GB` = 10^9), binary ones when asked (`MiB` = 2^20, `KiB`, `GiB`), or
/// plain bytes (`2500000`, `2500000B`). Units are case-insensitive; a space before the unit is
/// allowed; fractions are fine (`9.5MB`), rounded down to whole bytes.
public struct ByteSize: Sendable, Equatable, Comparable, CustomStringConvertible {
    public let bytes: Int64

    public init(bytes: Int64) { self.bytes = bytes }

    public static func < (a: ByteSize, b: ByteSize) -> Bool { a.bytes < b.bytes }

    static let units: [(suffix: String, factor: Double)] = [
        ("kib", 1024), ("mib", 1_048_576), ("gib", 1_073_741_824),
        ("kb", 1e3), ("mb", 1e6), ("gb", 1e9), ("k", 1e3), ("m", 1e6), ("g", 1e9), ("b", 1),
    ]

    /// Parses `text`; nil when it is not a positive size below 1 TB.
    public init?(parsing text: String) {
        var t = text.trimmingCharacters(in: .whitespaces).lowercased()
        var factor = 1.0
        // Longest suffix first (the table lists "kib" before "b").
        if let unit = Self.units.first(where: { t.hasSuffix($0.suffix) }) {
            factor = unit.factor
            t = String(t.dropLast(unit.suffix.count)).trimmingCharacters(in: .whitespaces)
        }
        guard let value = Double(t), value.isFinite, value > 0, value * factor >= 1, value * factor < 1e12 else { return nil }
        bytes = Int64((value * factor).rounded(.down))
    }

    /// `10MB` when a whole number of decimal megabytes or kilobytes, else the bytes.
    public var description: String {
        if bytes % 1_000_000 == 0 { return "\(bytes / 1_000_000)MB" }
        if bytes % (1 << 20) == 0 { return "\(bytes >> 20)MiB" }
        if bytes % 1000 == 0 { return "\(bytes / 1000)kB" }
        return "\(bytes)B"
    }
}

/// A bit rate in bits per second: `10M`, `10Mbit/s`, `10 Mbps`, `2500k`, `2500kbit/s`, or bits
/// per second (`8000000`). k, M and G are decimal (10M = 10,000,000 bit/s), as codecs count.
public struct BitRate: Sendable, Equatable, Comparable, CustomStringConvertible {
    public let bitsPerSecond: Int64

    public init(bitsPerSecond: Int64) { self.bitsPerSecond = bitsPerSecond }

    public static func < (a: BitRate, b: BitRate) -> Bool { a.bitsPerSecond < b.bitsPerSecond }

    /// Parses `text`; nil unless it is a rate from 10 kbit/s to 10 Gbit/s.
    public init?(parsing text: String) {
        var t = text.trimmingCharacters(in: .whitespaces).lowercased()
        for suffix in ["bit/s", "bits/s", "b/s", "bps"] where t.hasSuffix(suffix) {
            t = String(t.dropLast(suffix.count))
            break
        }
        t = t.trimmingCharacters(in: .whitespaces)
        var factor = 1.0
        if let last = t.last, let f = ["k": 1e3, "m": 1e6, "g": 1e9][String(last)] {
            factor = f
            t = String(t.dropLast()).trimmingCharacters(in: .whitespaces)
        }
        guard let value = Double(t), value.isFinite, value * factor >= 10_000, value * factor <= 1e10 else { return nil }
        bitsPerSecond = Int64((value * factor).rounded())
    }

    /// `10Mbit/s`, `2500kbit/s`, or bits per second.
    public var description: String {
        if bitsPerSecond % 1_000_000 == 0 { return "\(bitsPerSecond / 1_000_000)Mbit/s" }
        if bitsPerSecond % 1000 == 0 { return "\(bitsPerSecond / 1000)kbit/s" }
        return "\(bitsPerSecond)bit/s"
    }
}

extension SettingDomain where Value == ByteSize? {
    /// A file size (decimal or binary units), or `none`.
    public static var byteSize: SettingDomain {
        let expected = "a size such as 10MB (decimal: 10,000,000 bytes), 9.5MiB or 2500000, or none"
        return SettingDomain(expected: expected, valueName: "size|none", parse: { (text: String) throws(SettingValueError) -> ByteSize? in
            if text.trimmingCharacters(in: .whitespaces).lowercased() == "none" { return nil }
            guard let size = ByteSize(parsing: text) else { throw SettingValueError(expected: expected) }
            return size
        }, format: { $0?.description ?? "none" })
    }
}
