/// Why a run could not be read: one sentence naming the file (and line or index) and what was
/// expected.
///
/// Cases are grouped by whose mistake they are (the files, or a choice such as `--variant`);
/// the executable decides exit codes from them.
public enum RunError: Error, CustomStringConvertible, Equatable, Sendable {
    // Files and folders
    case cannotOpen(path: String, reason: String)
    case unknownFormat(path: String)
    case emptyRun(path: String)
    case notRegularFile(path: String, kind: String)
    case changedWhileReading(path: String)
    case tooLarge(path: String, bytes: Int64, limit: Int64)
    // NumPy arrays
    case notNumpy(path: String)
    case badNumpyHeader(path: String, reason: String)
    case truncated(path: String, expectedBytes: Int64, actualBytes: Int64)
    case trailingData(path: String, expectedBytes: Int64, actualBytes: Int64)
    case unsupportedDType(path: String, descr: String, reason: String)
    case integerActivations(path: String, dtype: String)
    case wrongShape(path: String, shape: [Int], expected: String)
    // ZIP (.npz)
    case badZip(path: String, reason: String)
    case unsupportedZipMember(path: String, member: String, reason: String)
    // Run structure
    case duplicateEpoch(path: String, epoch: Int, entries: [String])
    case conflictingFiles(path: String, names: [String])
    case blockMissing(path: String, block: String, epochs: [Int])
    case sampleCountMismatch(path: String, found: Int, expected: Int, reference: String)
    case dimensionMismatch(path: String, found: Int, expected: Int, reference: String)
    case lengthMismatch(path: String, what: String, found: Int, expected: Int)
    case nonFinite(path: String, count: Int, row: Int, column: Int)
    case notLayouts(blocks: [String])
    /// A problem in one epoch of an activations run, where every saved epoch feeds the layout.
    indirect case inEpoch(RunError, epoch: Int, manifestPath: String)
    // Samples
    case labelOutOfRange(path: String, index: Int, label: Int64, classCount: Int, classesPath: String?)
    case labelNotInteger(path: String, index: Int, value: Double)
    case duplicateId(path: String, id: String, index: Int, firstIndex: Int)
    case unknownId(path: String, id: String, index: Int)
    case emptyLine(path: String, line: Int, what: String)
    case labelsDisagree(path: String, index: Int, reference: String)
    case perEpochIdsNeedSampleTable(path: String)
    // Text files
    case csvNotNumber(path: String, line: Int, column: Int, text: String)
    case csvRagged(path: String, line: Int, found: Int, expected: Int)
    case csvBadHeader(path: String, reason: String)
    case duplicateMetricsEpoch(path: String, line: Int, epoch: Int)
    case badManifest(path: String, reason: String)
    // Choices made by the user
    case variantRequired(path: String, variants: [String])
    case unknownVariant(path: String, variant: String, variants: [String])
    case variantNotApplicable(path: String)


    // One case, one sentence: long only because there are many cases.
    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "cannot open \(path): \(reason)"
        case let .unknownFormat(path):
            return "\(path) is not a run nm-render can read; expected one of: an activations run "
                + "(epoch_<E>/<block>.npy or epoch_<E>.npz), a layouts folder (layout.json or epochs.npy "
                + "with <block>.npy [E, N, 2]), or a NeuroMapper folder (<block>_<variant>/<epoch>_embedding.csv)"
        case let .emptyRun(path):
            return "\(path) holds no data: expected epoch_<E>/<block>.npy files, epoch_<E>.npz archives or 2D layouts"
        case let .notRegularFile(path, kind):
            return "\(path) is \(kind), not a regular file; nm-render reads only regular files"
        case let .changedWhileReading(path):
            return "\(path) became shorter while it was being read; is another program writing it?"
        case let .tooLarge(path, bytes, limit):
            return "\(path) would need \(bytes) bytes of memory, more than the \(limit) available (physical memory or ulimit -v)"
        case let .trailingData(path, expected, actual):
            return "\(path) holds \(actual) bytes but its header accounts for \(expected); the file is damaged or not what its header says"
        case let .notNumpy(path):
            return "\(path) is not a NumPy .npy file (it does not start with the \\x93NUMPY magic)"
        case let .badNumpyHeader(path, reason):
            return "\(path) has a malformed NumPy header: \(reason)"
        case let .truncated(path, expected, actual):
            return "\(path) is truncated: its header promises \(expected) bytes but the file holds \(actual)"
        case let .unsupportedDType(path, descr, reason):
            return "\(path) has dtype \(descr), which nm-render cannot read: \(reason)"
        case let .integerActivations(path, dtype):
            return "\(path) holds \(dtype) integers; activations must be float16, float32 or float64"
        case let .wrongShape(path, shape, expected):
            return "\(path) has shape \(Self.shapeText(shape)); expected \(expected)"
        case let .badZip(path, reason):
            return "\(path) is not a readable .npz (ZIP) archive: \(reason)"
        case let .unsupportedZipMember(path, member, reason):
            return "\(path) member \(member) cannot be read: \(reason)"
        case let .duplicateEpoch(path, epoch, entries):
            return "\(path) holds epoch \(epoch) more than once (\(entries.joined(separator: ", "))); keep one"
        case let .conflictingFiles(path, names):
            return "\(path) holds both \(names.joined(separator: " and ")); keep one"
        case let .blockMissing(path, block, epochs):
            return "\(path): block \(block) is missing from epoch\(epochs.count == 1 ? "" : "s") "
                + Self.listText(epochs.map(String.init))
        case let .sampleCountMismatch(path, found, expected, reference):
            return "\(path) has \(found) samples but \(reference) has \(expected); every epoch and block must hold "
                + "the same N samples (or give per-epoch ids.npy)"
        case let .dimensionMismatch(path, found, expected, reference):
            return "\(path) has D = \(found) but \(reference) has D = \(expected); a block must keep its width across epochs"
        case let .lengthMismatch(path, what, found, expected):
            return "\(path) has \(found) \(what) but the run has \(expected) samples"
        case let .nonFinite(path, count, row, column):
            return "\(path) holds \(count) NaN or infinite value\(count == 1 ? "" : "s"); the first is at row \(row), column \(column)"
        case let .inEpoch(problem, epoch, manifestPath):
            return "\(problem); every saved epoch feeds the layout, so to leave epoch \(epoch) out list the other epochs in \(manifestPath) (\"epochs\": [...])"
        case let .notLayouts(blocks):
            return "block\(blocks.count == 1 ? "" : "s") \(blocks.joined(separator: ", ")) "
                + "\(blocks.count == 1 ? "is" : "are") not 2D; compute layouts first (nm-render layout)"
        case let .labelOutOfRange(path, index, label, classCount, classesPath):
            let source = classesPath.map { "the \(classCount) classes of \($0)" } ?? "0..<\(classCount)"
            return "\(path) index \(index): label \(label) is outside \(source)"
        case let .labelNotInteger(path, index, value):
            return "\(path) index \(index): label \(value) is not a whole number"
        case let .duplicateId(path, id, index, firstIndex):
            return "\(path) index \(index): id \(id) repeats the id at index \(firstIndex); ids must be unique"
        case let .unknownId(path, id, index):
            return "\(path) index \(index): id \(id) is not among the run's sample ids"
        case let .emptyLine(path, line, what):
            return "\(path) line \(line) is empty; expected \(what)"
        case let .labelsDisagree(path, index, reference):
            return "\(path) index \(index): label differs from \(reference); every file must list the samples in the same order"
        case let .perEpochIdsNeedSampleTable(path):
            return "\(path) gives per-epoch ids, so the run needs ids.npy, ids.txt or labels.npy at its top to describe all samples"
        case let .csvNotNumber(path, line, column, text):
            return "\(path) line \(line), column \(column): \"\(text)\" is not a number"
        case let .csvRagged(path, line, found, expected):
            return "\(path) line \(line) has \(found) cells; expected \(expected) like the first line"
        case let .csvBadHeader(path, reason):
            return "\(path) has a bad header: \(reason)"
        case let .duplicateMetricsEpoch(path, line, epoch):
            return "\(path) line \(line): epoch \(epoch) already has a row"
        case let .badManifest(path, reason):
            return "\(path) is invalid: \(reason)"
        case let .variantRequired(path, variants):
            return "\(path) holds several variants; choose one with --variant: \(variants.joined(separator: "; "))"
        case let .unknownVariant(path, variant, variants):
            return "\(path) has no variant matching \"\(variant)\"; variants found: \(variants.joined(separator: "; "))"
        case let .variantNotApplicable(path):
            return "\(path) is not a NeuroMapper folder, so --variant does not apply"
        }
    }

    static func shapeText(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }

    static func listText(_ items: [String], limit: Int = 12) -> String {
        items.count <= limit ? items.joined(separator: ", ")
            : items.prefix(limit).joined(separator: ", ") + " and \(items.count - limit) more"
    }
}
