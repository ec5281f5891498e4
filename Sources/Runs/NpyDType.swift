/// The element types nm-render reads from and writes to `.npy` files: IEEE floats for
/// activations and layouts, integers for labels, ids and epoch numbers.
public struct NpyDType: Sendable, Equatable, Hashable {
    public enum Kind: Sendable, Equatable, Hashable {
        case float, signed, unsigned
    }

    public var kind: Kind
    /// Bytes per element: 2, 4, 8 for floats; 1, 2, 4, 8 for integers.
    public var size: Int
    public var bigEndian: Bool

    public init(kind: Kind, size: Int, bigEndian: Bool = false) {
        self.kind = kind
        self.size = size
        self.bigEndian = bigEndian
    }

    public static let float16 = NpyDType(kind: .float, size: 2)
    public static let float32 = NpyDType(kind: .float, size: 4)
    public static let float64 = NpyDType(kind: .float, size: 8)
    public static let int8 = NpyDType(kind: .signed, size: 1)
    public static let int16 = NpyDType(kind: .signed, size: 2)
    public static let int32 = NpyDType(kind: .signed, size: 4)
    public static let int64 = NpyDType(kind: .signed, size: 8)
    public static let uint8 = NpyDType(kind: .unsigned, size: 1)
    public static let uint16 = NpyDType(kind: .unsigned, size: 2)
    public static let uint32 = NpyDType(kind: .unsigned, size: 4)
    public static let uint64 = NpyDType(kind: .unsigned, size: 8)

    /// The same type in big-endian byte order.
    public var swappedToBigEndian: NpyDType { NpyDType(kind: kind, size: size, bigEndian: true) }

    public var isFloat: Bool { kind == .float }

    /// NumPy's name, e.g. `float16`, `int64`.
    public var name: String {
        switch kind {
        case .float: return "float\(size * 8)"
        case .signed: return "int\(size * 8)"
        case .unsigned: return "uint\(size * 8)"
        }
    }

    /// The `descr` string of the header, e.g. `<f4`; single bytes have no order (`|u1`).
    public var descr: String {
        let code: Character = kind == .float ? "f" : kind == .signed ? "i" : "u"
        let order = size == 1 ? "|" : bigEndian ? ">" : "<"
        return "\(order)\(code)\(size)"
    }

    /// Parses a header `descr`; throws for every type nm-render does not read, saying why.
    static func parse(descr: String, path: String) throws -> NpyDType {
        var chars = Substring(descr)
        var bigEndian = false
        if let first = chars.first, "<>|=".contains(first) {
            bigEndian = first == ">"
            chars = chars.dropFirst()
        }
        guard let code = chars.first else {
            throw RunError.badNumpyHeader(path: path, reason: "empty descr")
        }
        let sizeText = chars.dropFirst()
        func unsupported(_ reason: String) -> RunError {
            .unsupportedDType(path: path, descr: descr, reason: reason)
        }
        switch code {
        case "c": throw unsupported("complex numbers are not supported; save the real part or magnitude")
        case "O": throw unsupported("object arrays are not supported; save a numeric array")
        case "U", "S", "a": throw unsupported("strings are not supported; save numbers (ids may go in ids.txt)")
        case "b", "?": throw unsupported("booleans are not supported; save float or integer values")
        case "M", "m": throw unsupported("dates and times are not supported")
        case "V": throw unsupported("structured or void types are not supported; save a plain numeric array")
        case "f", "i", "u": break
        default: throw unsupported("unknown type code \(code)")
        }
        guard let size = Int(sizeText) else { throw unsupported("unknown element size \(sizeText)") }
        let kind: Kind = code == "f" ? .float : code == "i" ? .signed : .unsigned
        let allowed = kind == .float ? [2, 4, 8] : [1, 2, 4, 8]
        guard allowed.contains(size) else {
            throw unsupported(kind == .float ? "only float16, float32 and float64 are supported"
                                             : "integers of \(size) bytes are not supported")
        }
        return NpyDType(kind: kind, size: size, bigEndian: bigEndian && size > 1)
    }
}
