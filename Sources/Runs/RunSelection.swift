import LayoutModel
/// Which blocks (with titles) and epochs of a run are used: all of them in natural / numeric
/// order, or what `run.json` / `layout.json` lists.
struct RunSelection {
    var blocks: [(name: String, title: String)]
    var epochs: [Int]

    /// The first name that appears twice (linear time).
    static func firstRepeat(_ names: [String]) -> String? {
        var seen: Set<String> = []
        return names.first { !seen.insert($0).inserted }
    }

    static func make(blocks available: [String], epochs availableEpochs: [Int],
                     listedBlocks: [RunManifest.Block]?, listedEpochs: [Int]?, manifestPath: String) throws -> RunSelection {
        let natural = NaturalOrder.sorted(available)
        var blocks = natural.map { (name: $0, title: $0) }
        if let listed = listedBlocks {
            guard !listed.isEmpty else {
                throw RunError.badManifest(path: manifestPath, reason: "\"blocks\" is empty; list at least one block, or leave the key out for all")
            }
            let known = Set(available)
            blocks = try listed.map { entry in
                guard known.contains(entry.name) else {
                    throw RunError.badManifest(path: manifestPath, reason: "block \(entry.name) is not in the run (blocks: \(natural.joined(separator: ", ")))")
                }
                return (entry.name, entry.title ?? entry.name)
            }
        }
        var epochs = availableEpochs.sorted()
        if let listed = listedEpochs {
            guard !listed.isEmpty else {
                throw RunError.badManifest(path: manifestPath, reason: "\"epochs\" is empty; list at least one epoch, or leave the key out for all")
            }
            let set = Set(availableEpochs)
            if let missing = listed.first(where: { !set.contains($0) }) {
                throw RunError.badManifest(path: manifestPath, reason: "epoch \(missing) is not in the run (epochs: \(EpochList.compactText(epochs)))")
            }
            epochs = Array(Set(listed)).sorted()
        }
        return RunSelection(blocks: blocks, epochs: epochs)
    }
}
