/// Why AlignedUMAP refused its input; each message is one sentence a user can act on.
public enum AlignedUMAPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A parameter is outside its range.
    case invalidParameter(name: String, value: String, expected: String)
    /// `fit` was asked for no slices.
    case noSlices
    /// A slice's shape does not match its values or sample ids.
    case malformedSlice(index: Int, reason: String)
    /// A slice holds a NaN or infinite activation.
    case nonFiniteValue(slice: Int, row: Int, column: Int)
    /// A sample id appears twice within one slice.
    case duplicateSampleID(slice: Int, id: Int)
    /// Two layouts that must share samples share none (orientation matching).
    case noSharedSamples(what: String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, expected):
            return "Parameter \(name) is \(value) but must be \(expected)."
        case .noSlices:
            return "AlignedUMAP needs at least one slice (epoch) of activations, but got none."
        case let .malformedSlice(index, reason):
            return "Slice \(index) is malformed: \(reason)."
        case let .nonFiniteValue(slice, row, column):
            return "Slice \(slice) has a NaN or infinite activation at row \(row), column \(column); clean the input first."
        case let .duplicateSampleID(slice, id):
            return "Slice \(slice) lists sample id \(id) more than once; every row must be a distinct sample."
        case let .noSharedSamples(what):
            return "Cannot orient \(what): the layouts share no sample with finite positions."
        }
    }
}
