import Foundation
import LayoutModel
import SettingSchema

/// Which saved epochs to use: all, an inclusive range, or a list.
enum EpochSpec: Equatable, CustomStringConvertible {
    case all
    case range(Int, Int)
    case list([Int])

    /// Parses `10:200`, `10,50,200` or `all`.
    init(parsing text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "all" || t.isEmpty { self = .all; return }
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
        }
    }

    /// The saved epochs this selects, in ascending order; a listed epoch that was not saved is an
    /// error naming the saved ones.
    func select(from saved: [Int]) throws -> [Int] {
        switch self {
        case .all:
            return saved
        case let .range(lo, hi):
            let chosen = saved.filter { $0 >= lo && $0 <= hi }
            guard !chosen.isEmpty else { throw SettingsError.noEpochs(self, saved: saved) }
            return chosen
        case let .list(list):
            for e in list where !saved.contains(e) { throw SettingsError.missingEpoch(e, saved: saved) }
            return Array(Set(list)).sorted()
        }
    }
}
