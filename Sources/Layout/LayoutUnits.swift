import Foundation
import Runs

/// One independent piece of a render's layout work: the layouts of one block of one run (or of
/// several runs laid out together), over every saved epoch, stored in the cache under `key`.
/// Any scheduler can run the units of a plan in any order on any machine that sees the cache folder.
public struct LayoutUnit: Sendable, Equatable {
    /// The runs it lays out, as positions in the list of runs planned: one, or all of a joint layout.
    public let runs: [Int]
    public let block: String
    /// The cache entry's name.
    public let key: String
    /// True when the cache holds the entry already (nothing to do).
    public let cached: Bool
}

extension LayoutStage {
    /// The blocks whose layouts are computed to show `blocks` of `run`: those alone. Each block
    /// is oriented from its own layout (`LayoutOrientation.canonicalTransform`), so one block
    /// costs one block.
    public func blocksComputed(for run: Run, showing blocks: [String]) -> [String] {
        blocks
    }

    /// The units a render of `blocks` of `run` needs, cached or not, in the order the render
    /// computes them. A run that stores 2D layouts needs none. Needs a cache (keys name its entries).
    public func units(of run: Run, showing blocks: [String]) throws -> [LayoutUnit] {
        guard run.kind == .activations else { return [] }
        guard let cache else { throw LayoutUnitError.noCache }
        let digests = ContentDigest(cache: cache)
        return try blocksComputed(for: run, showing: blocks).map { block in
            _ = try run.blockInfo(named: block)
            let key = try contentKey(run: run, block: block, epochs: run.epochs, digests: digests)
            return LayoutUnit(runs: [0], block: block, key: key.hex, cached: cache.contains(key))
        }
    }

    /// The units a render of `blocks` of `runs` needs, in the order the render computes them:
    /// one per block for all runs when they are laid out together (`laysOutJointly`),
    /// otherwise one per run and block.
    public func units(of runs: [Run], showing blocks: [String]) throws -> [LayoutUnit] {
        guard try laysOutJointly(runs) else {
            return try runs.enumerated().flatMap { r, run in
                try units(of: run, showing: blocks).map { LayoutUnit(runs: [r], block: $0.block, key: $0.key, cached: $0.cached) }
            }
        }
        guard let cache else { throw LayoutUnitError.noCache }
        let digests = ContentDigest(cache: cache)
        return try blocks.map { block in
            for run in runs { _ = try run.blockInfo(named: block) }
            let key = try jointContentKey(runs: runs, block: block, digests: digests)
            return LayoutUnit(runs: Array(runs.indices), block: block, key: key.hex, cached: cache.contains(key))
        }
    }

    /// Runs one joint unit: the layouts of `block` of all `runs` together into the cache (no
    /// orientation). Returns false when the cache held them already.
    @discardableResult
    public func cacheJointLayouts(of runs: [Run], block: String) throws -> Bool {
        for run in runs { _ = try run.blockInfo(named: block) }
        guard cache != nil else { throw LayoutUnitError.noCache }
        let misses = cacheMisses
        _ = try jointBlockPositions(runs: runs, block: block)
        return cacheMisses > misses
    }

    /// Runs one unit: computes the layouts of `block` over every saved epoch of `run` into the
    /// cache, and nothing else (no orientation, no other block). Returns false when the cache
    /// held them already. A run of 2D layouts has nothing to compute.
    @discardableResult
    public func cacheLayouts(of run: Run, block: String) throws -> Bool {
        _ = try run.blockInfo(named: block)
        guard run.kind == .activations else { return false }
        guard cache != nil else { throw LayoutUnitError.noCache }
        let misses = cacheMisses
        _ = try blockPositions(run: run, block: block, epochs: run.epochs)
        return cacheMisses > misses
    }
}

/// Why a unit of layout work cannot be planned or run.
public enum LayoutUnitError: Error, CustomStringConvertible {
    case noCache

    public var description: String {
        switch self {
        case .noCache:
            return "planning or running layout units needs the layout cache; drop --no-cache (and give --cache DIR on shared storage)"
        }
    }
}
