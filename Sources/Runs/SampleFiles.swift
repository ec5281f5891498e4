import Foundation
import LayoutModel

/// The per-sample side files every run format shares: `labels.npy`, `classes.txt`,
/// `ids.npy` / `ids.txt`, and `metrics.csv`.
struct SampleFiles {
    /// Labels as read, before checking them against the classes, with the file they came from.
    var labels: (values: [Int64], path: String)?
    var ids: (values: [String], path: String)?
    var classNames: (names: [String], path: String)?
    var metrics: MetricsTable?

    /// Labels larger than this without a `classes.txt` are taken as a mistake, not 10⁹ classes.
    static let maxImplicitClasses = 65_536

    /// Reads whichever side files exist in `folder`. Labels may be supplied by the caller
    /// (NeuroMapper keeps them in CSV files).
    static func read(folder: URL, labelsFromFormat: (values: [Int64], path: String)? = nil) throws -> SampleFiles {
        var files = SampleFiles()
        let fm = FileManager.default
        func existing(_ name: String) -> String? {
            let path = folder.appendingPathComponent(name).path
            return fm.fileExists(atPath: path) ? path : nil
        }
        if let path = existing("labels.npy") {
            files.labels = (try vector(path: path, what: "labels"), path)
        } else {
            files.labels = labelsFromFormat
        }
        if existing("ids.npy") != nil && existing("ids.txt") != nil {
            throw RunError.conflictingFiles(path: folder.path, names: ["ids.npy", "ids.txt"])
        }
        if let path = existing("ids.npy") {
            files.ids = (try vector(path: path, what: "ids").map(String.init), path)
        } else if let path = existing("ids.txt") {
            files.ids = (try TextFiles.lines(path, what: "one id per line"), path)
        }
        if let path = existing("classes.txt") {
            files.classNames = (try TextFiles.lines(path, what: "one class name per line"), path)
        }
        if let path = existing("metrics.csv") {
            files.metrics = try MetricsTable.read(path: path)
        }
        return files
    }

    /// An integer vector `[N]` (or `[N, 1]`) from a `.npy`, read in one opening.
    static func vector(path: String, what: String) throws -> [Int64] {
        try NpyArrayRef.integerFile(path: path) { try $0.requireVector(what: what) }
    }

    /// Number of samples these files describe on their own (ids first, then labels).
    var describedCount: Int? { ids?.values.count ?? labels?.values.count }

    /// Checks lengths against N and labels against the classes, then builds the table.
    func sampleTable(count: Int) throws -> SampleTable {
        let ids: [String]
        if let given = self.ids {
            guard given.values.count == count else {
                throw RunError.lengthMismatch(path: given.path, what: "ids", found: given.values.count, expected: count)
            }
            var firstIndex: [String: Int] = [:]
            for (index, id) in given.values.enumerated() {
                if let first = firstIndex[id] {
                    throw RunError.duplicateId(path: given.path, id: id, index: index, firstIndex: first)
                }
                firstIndex[id] = index
            }
            ids = given.values
        } else {
            ids = (0 ..< count).map(String.init)
        }
        guard let labels = self.labels else {
            // One class for everything; a one-line classes.txt may still name it.
            let name = classNames?.names.count == 1 ? classNames!.names[0] : "all"
            return SampleTable(ids: ids, labels: [Int32](repeating: 0, count: count), classNames: [name])
        }
        guard labels.values.count == count else {
            throw RunError.lengthMismatch(path: labels.path, what: "labels", found: labels.values.count, expected: count)
        }
        let classCount: Int
        if let classes = classNames {
            classCount = classes.names.count
        } else {
            classCount = min(Int(labels.values.max() ?? 0) + 1, Self.maxImplicitClasses)
        }
        if let bad = labels.values.firstIndex(where: { $0 < 0 || $0 >= classCount }) {
            throw RunError.labelOutOfRange(path: labels.path, index: bad, label: labels.values[bad],
                                              classCount: classCount, classesPath: classNames?.path)
        }
        let names = classNames?.names.map { DisplayText.elided($0) } ?? (0 ..< classCount).map(String.init)
        return SampleTable(ids: ids, labels: labels.values.map { Int32($0) }, classNames: names)
    }
}

extension NpyArrayRef {
    /// Requires shape `[N]` or `[N, 1]`.
    func requireVector(what: String) throws {
        guard shape.count == 1 || (shape.count == 2 && shape[1] == 1) else {
            throw RunError.wrongShape(path: displayPath, shape: shape, expected: "[N] (one \(what.dropLast()) per sample)")
        }
    }
}
