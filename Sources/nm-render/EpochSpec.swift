import Foundation
import LayoutModel
import SettingSchema

/// Which saved epochs to use: all, an inclusive range, a list, or the latest N.
enum EpochSpec: Equatable, CustomStringConvertible {
    case all
    case range(Int, Int)
    case list([Int])
    /// The latest N saved epochs (for `watch`, the strip follows the run's newest epochs).
    case last(Int)

    /// Parses `10:200`, `10,50,200`, `last:5` or `all`.
    init(parsing text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "all" || t.isEmpty { self = .all; return }
        if t.hasPrefix("last:") {
            guard let count = Int(t.dropFirst(5)), count >= 1 else {
                throw SettingValueError(expected: "last:N with N >= 1, such as last:5")
            }
            self = .last(count)
            return
        }
        if t.contains(":") {
            let parts = t.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let lo = Int(parts[0]), let hi = Int(parts[1]), lo <= hi else {
                throw SettingValueError(expected: "a range FIRST:LAST such as 10:200")
            }
            self = .range(lo, hi)
            return
        }
        let items = t.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !items.isEmpty, items.allSatisfy({ $0 != nil }) else {
            throw SettingValueError(expected: "epoch numbers such as 10,50,200, a range such as 10:200, or all")
        }
        self = .list(items.map { $0! })
    }

    var description: String {
        switch self {
        case .all: return "all"
        case let .range(a, b): return "\(a):\(b)"
        case let .list(l): return l.map(String.init).joined(separator: ",")
        case let .last(count): return "last:\(count)"
        }
    }

    /// The saved epochs this selects, in ascending order. One rule for every run of a command
    /// (README, "Epochs"): a range keeps the saved epochs inside it, so `0:50` and `-1:3` are
    /// clamped to what was saved, and a range holding none is an error; every epoch of a list
    /// must have been saved. Errors name the run (`runPath`) and its saved epochs.
    func select(from saved: [Int], runPath: String? = nil) throws -> [Int] {
        switch self {
        case .all:
            return saved
        case let .range(lo, hi):
            let chosen = saved.filter { $0 >= lo && $0 <= hi }
            guard !chosen.isEmpty else { throw EpochSelectionError.noneInRange(self, run: runPath, saved: saved) }
            return chosen
        case let .list(list):
            let savedSet = Set(saved)
            for e in list where !savedSet.contains(e) { throw EpochSelectionError.notSaved(e, run: runPath, saved: saved) }
            return Array(Set(list)).sorted()
        case let .last(count):
            // Fewer saved than asked for is not an error: a run being written grows into it.
            return Array(saved.suffix(count))
        }
    }

    /// Checks that a later run of a comparison saved every epoch chosen from the first run: the
    /// same mistake as a listed epoch the first run lacks, so the same error and exit code.
    static func requireSaved(_ chosen: [Int], in saved: [Int], runPath: String, firstRun: String) throws {
        let savedSet = Set(saved)
        if let missing = chosen.first(where: { !savedSet.contains($0) }) {
            throw EpochSelectionError.notSaved(missing, run: runPath, saved: saved, chosenFrom: firstRun)
        }
    }
}

/// An `--epochs` choice the run does not have (a usage error, exit 64, whichever run it is).
enum EpochSelectionError: Error, CustomStringConvertible {
    case noneInRange(EpochSpec, run: String?, saved: [Int])
    case notSaved(Int, run: String?, saved: [Int], chosenFrom: String? = nil)

    var description: String {
        func inRun(_ run: String?) -> String { run.map { " in \($0)" } ?? "" }
        switch self {
        case let .noneInRange(spec, run, saved):
            return "--epochs \(spec) selects no epoch saved\(inRun(run)); saved epochs: \(EpochList.compactText(saved))"
        case let .notSaved(epoch, run, saved, chosenFrom?):
            return "--epochs: epoch \(epoch) of \(chosenFrom) is not saved\(inRun(run)); saved epochs: \(EpochList.compactText(saved)); choose common epochs with --epochs"
        case let .notSaved(epoch, run, saved, nil):
            return "--epochs: epoch \(epoch) is not saved\(inRun(run)); saved epochs: \(EpochList.compactText(saved))"
        }
    }
}
