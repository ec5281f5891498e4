import Foundation
import LayoutModel

/// One training run on disk, opened lazily: opening reads folder listings, array headers and
/// the small side files (labels, ids, classes, metrics), never the activations themselves.
///
/// Three formats are read (see docs/input-format.md): an activations run folder, a layouts
/// folder, and a NeuroMapper demo folder. Every inconsistency found while opening throws a
/// `RunError` naming the file; NaN/Inf in the data are found when it is read.
public final class Run: Sendable {
    /// What the blocks hold.
    public enum Kind: String, Sendable, Codable {
        /// At least one block has D != 2 and needs a projection.
        case activations
        /// Every block is 2D and is drawn as it is.
        case layouts
    }

    /// How the run is stored on disk.
    public enum Format: String, Sendable, Codable {
        case activationsFolder = "activations-folder"
        case layoutsFolder = "layouts-folder"
        case neuroMapper = "neuromapper"
    }

    /// The folder that was opened.
    public let url: URL
    public let format: Format
    /// What the whole run holds (not only the focused blocks): a mixed run's 2D block is laid
    /// out like its other blocks whichever blocks a command draws.
    public let kind: Kind
    /// Display name: `run.json` / `layout.json` name, else the folder name.
    public let name: String
    /// NeuroMapper variant in use (e.g. `pre_embeded_(20, 0.1)`), nil for other formats.
    public let variant: String?
    /// Blocks in display order: the focused ones (`focus`), every block for `.everything`.
    public let blocks: [BlockInfo]
    /// Epochs in use, strictly ascending.
    public let epochs: [Int]
    /// Ids, labels and class names of all N samples.
    public let samples: SampleTable
    /// Where the ids came from (`ids.npy`, `ids.txt`), nil when they are the default 0..N-1.
    public let idsSource: String?
    /// `metrics.csv`, when present.
    public let metrics: MetricsTable?
    /// Total size of the run's files (file sizes only; no file is opened).
    public var bytesOnDisk: Int64 { FolderListing.totalBytes(url) }
    /// `layout.json` parameters of a layouts folder (how the layouts were made); empty otherwise.
    public let layoutParameters: [String: String]
    /// The blocks and epochs this run was opened to read; only their files are opened.
    public let focus: RunFocus

    let storage: Storage
    /// Global sample index of each row, per epoch (parallel to `epochs`); nil = identity.
    let epochRows: [[Int]?]

    enum Storage: Sendable {
        /// `[block][epoch]` arrays of shape [rows, D].
        case activations([[NpyArrayRef]])
        /// `[block]` arrays of shape [E, N, 2], and the row of each used epoch in them.
        case layouts([NpyArrayRef], epochRows: [Int])
        /// `[block][epoch]` CSV files.
        case neuroMapper(NeuroMapperStorage)
    }

    struct NeuroMapperFiles: Sendable {
        var embedding: String
        var labels: String?
    }

    init(url: URL, format: Format, name: String, variant: String?, blocks: [BlockInfo], epochs: [Int],
         samples: SampleTable, idsSource: String?, metrics: MetricsTable?,
         layoutParameters: [String: String], focus: RunFocus, storage: Storage, epochRows: [[Int]?],
         otherBlocksAre2D: Bool = true) {
        self.url = url
        self.format = format
        self.kind = otherBlocksAre2D && blocks.allSatisfy(\.isLayout2D) ? .layouts : .activations
        self.name = DisplayText.elided(name)
        self.variant = variant
        self.blocks = blocks.map { var b = $0; b.title = DisplayText.elided(b.title); return b }
        self.epochs = epochs
        self.samples = samples
        self.idsSource = idsSource
        self.metrics = metrics
        self.layoutParameters = layoutParameters
        self.focus = focus
        self.storage = storage
        self.epochRows = epochRows
    }

    /// Opens the run in `url`, detecting its format, to read the blocks and epochs of `focus`
    /// (see `RunFocus`). `variant` chooses among NeuroMapper variants (exact name, or a text
    /// found in exactly one variant name, e.g. `(20, 0.1)`).
    public static func open(at url: URL, variant: String? = nil, focus: RunFocus = .everything) throws -> Run {
        try open(at: url, variant: variant) { _ in focus }
    }

    /// Opens the run in `url` to read what `focus` chooses from its outline (block names and
    /// epochs, known before any data file is opened), for commands whose defaults depend on
    /// the run, such as a strip's last block and five epochs.
    public static func open(at url: URL, variant: String? = nil, choosing focus: (RunOutline) throws -> RunFocus) throws -> Run {
        let url = url.standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw RunError.cannotOpen(path: url.path, reason: "no such file or folder")
        }
        guard isDirectory.boolValue else { throw RunError.unknownFormat(path: url.path) }
        let listing = try FolderListing(url: url)
        let isLayoutsFolder = listing.files.contains("layout.json") || listing.files.contains("epochs.npy")
        if variant != nil && (!listing.epochEntries.isEmpty || isLayoutsFolder) {
            throw RunError.variantNotApplicable(path: url.path)
        }
        if !listing.epochEntries.isEmpty { return try openActivationsFolder(url, listing: listing, focus: focus) }
        if isLayoutsFolder { return try openLayoutsFolder(url, listing: listing, focus: focus) }
        if let run = try openNeuroMapperFolder(url, listing: listing, variant: variant, focus: focus) { return run }
        if variant != nil { throw RunError.variantNotApplicable(path: url.path) }
        if listing.isEmpty { throw RunError.emptyRun(path: url.path) }
        throw RunError.unknownFormat(path: url.path)
    }

    /// Number of samples N.
    public var sampleCount: Int { samples.count }

    /// Global sample indices of the rows stored for `epoch`, or nil when the epoch holds every
    /// sample in order (no per-epoch ids).
    public func epochSampleIndices(epoch: Int) throws -> [Int]? {
        epochRows[try epochIndex(epoch)]
    }

    /// The block with this name (a usage error lists the blocks otherwise).
    public func blockInfo(named name: String) throws -> BlockInfo {
        blocks[try blockIndex(name)]
    }

    func blockIndex(_ name: String) throws -> Int {
        guard let index = blocks.firstIndex(where: { $0.name == name }) else {
            throw SelectionError.unknownBlock(block: name, blocks: blocks.map(\.name))
        }
        return index
    }

    func epochIndex(_ epoch: Int) throws -> Int {
        guard let index = epochs.firstIndex(of: epoch) else { throw SelectionError.unknownEpoch(epoch: epoch, epochs: epochs) }
        return index
    }
}
