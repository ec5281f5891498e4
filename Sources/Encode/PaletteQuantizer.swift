/// Maps BGRA frames to indices of a `GIFPalette`.
///
/// - A pixel whose colour is in the palette (every key colour) gets that entry, exactly.
/// - Any other colour is shown by ordered (8x8 Bayer) dithering between two nearby entries a and b:
///   pixel (x, y) takes b when `bayer[y % 8][x % 8] < ratio`, where the pair and the ratio t = ratio/64
///   minimise  |c - (a + t (b - a))|^2 + lambda * t (1 - t) |b - a|^2,
///   the error of the mean colour plus lambda times the variance of the dither pattern
///   (cf. Yliluoma's positional dithering, algorithm 1). lambda = 0.1: the eye low-passes the
///   pattern, so its noise counts at a fraction of a colour shift. Distances weight R, G, B by 3, 4, 2.
/// - The decision is made once per colour cell (6 bits per channel, taken at the cell centre) and
///   cached, so a frame costs one hash probe and one table read per pixel.
///
/// Deterministic: the result depends only on the palette and the pixels. Not thread-safe (the cache
/// is filled lazily); owned by one sink.
final class PaletteQuantizer {
    let palette: GIFPalette
    private static let weights: (Int, Int, Int) = (3, 4, 2)
    private static let lambda = 0.1
    private static let bayer: [UInt8] = {
        // Recursive Bayer construction: M(2n) = [[4M, 4M+2], [4M+3, 4M+1]].
        var m: [[Int]] = [[0]]
        while m.count < 8 {
            let n = m.count
            var next = [[Int]](repeating: [Int](repeating: 0, count: 2 * n), count: 2 * n)
            for y in 0..<n {
                for x in 0..<n {
                    let v = 4 * m[y][x]
                    next[y][x] = v
                    next[y][x + n] = v + 2
                    next[y + n][x] = v + 3
                    next[y + n][x + n] = v + 1
                }
            }
            m = next
        }
        return m.flatMap { $0.map { UInt8($0) } }
    }()

    /// Open-addressing table of exact colours: key = 0x01RRGGBB (0 = empty), value = palette index.
    private let exactKeys: UnsafeMutablePointer<UInt32>
    private let exactIndices: UnsafeMutablePointer<UInt8>
    private static let exactSlots = 1024
    /// Per 18-bit colour cell: bit 31 = computed, bits 16...22 = ratio (0...64), 8...15 = b, 0...7 = a.
    private let cells: UnsafeMutablePointer<UInt32>
    private static let cellCount = 1 << 18

    init(palette: GIFPalette) {
        self.palette = palette
        exactKeys = .allocate(capacity: Self.exactSlots)
        exactKeys.initialize(repeating: 0, count: Self.exactSlots)
        exactIndices = .allocate(capacity: Self.exactSlots)
        exactIndices.initialize(repeating: 0, count: Self.exactSlots)
        cells = .allocate(capacity: Self.cellCount)
        cells.initialize(repeating: 0, count: Self.cellCount)
        // Earlier entries win, so a key colour that the lattice repeats keeps its key index.
        for (index, color) in palette.colors.enumerated().reversed() {
            let key = 0x0100_0000 | color.hex
            var slot = Self.hash(color.hex)
            while exactKeys[slot] != 0 && exactKeys[slot] != key { slot = (slot + 1) & (Self.exactSlots - 1) }
            exactKeys[slot] = key
            exactIndices[slot] = UInt8(index)
        }
    }

    deinit {
        exactKeys.deallocate()
        exactIndices.deallocate()
        cells.deallocate()
    }

    private static func hash(_ rgb: UInt32) -> Int { Int((rgb &* 2_654_435_761) >> 22) & (exactSlots - 1) }

    /// The palette index of an exact palette colour, or nil.
    func exactIndex(of rgb: UInt32) -> UInt8? {
        let key = 0x0100_0000 | rgb
        var slot = Self.hash(rgb)
        while true {
            let stored = exactKeys[slot]
            if stored == key { return exactIndices[slot] }
            if stored == 0 { return nil }
            slot = (slot + 1) & (Self.exactSlots - 1)
        }
    }

    /// Writes one palette index per pixel of `frame` into `indices` (rows `lineSize` bytes apart).
    func quantize(_ frame: BGRAFrame, into indices: UnsafeMutablePointer<UInt8>, lineSize: Int) {
        let bayer = Self.bayer
        var lastRGB: UInt32 = 0xFFFF_FFFF  // cache of the last exact hit: runs of background
        var lastIndex: UInt8 = 0
        bayer.withUnsafeBufferPointer { bayer in
            for y in 0..<frame.height {
                let row = (frame.pixels + y * frame.bytesPerRow).assumingMemoryBound(to: UInt8.self)
                let out = indices + y * lineSize
                let bayerRow = bayer.baseAddress! + (y & 7) * 8
                for x in 0..<frame.width {
                    let b = UInt32(row[4 * x]), g = UInt32(row[4 * x + 1]), r = UInt32(row[4 * x + 2])
                    let rgb = r << 16 | g << 8 | b
                    if rgb == lastRGB { out[x] = lastIndex; continue }
                    if let exact = exactIndex(of: rgb) {
                        lastRGB = rgb
                        lastIndex = exact
                        out[x] = exact
                        continue
                    }
                    let cell = Int((r >> 2) << 12 | (g >> 2) << 6 | (b >> 2))
                    var entry = cells[cell]
                    if entry == 0 {
                        entry = Self.pack(bestPair(for: (Int(r >> 2) << 2 | 2, Int(g >> 2) << 2 | 2, Int(b >> 2) << 2 | 2)))
                        cells[cell] = entry
                    }
                    let ratio = UInt8((entry >> 16) & 0x7F)
                    out[x] = bayerRow[x & 7] < ratio ? UInt8((entry >> 8) & 0xFF) : UInt8(entry & 0xFF)
                }
            }
        }
    }

    private static func pack(_ pair: (a: Int, b: Int, ratio: Int)) -> UInt32 {
        0x8000_0000 | UInt32(pair.ratio) << 16 | UInt32(pair.b) << 8 | UInt32(pair.a)
    }

    /// The dither pair and ratio (0...64) for colour `c`, searched among its 8 nearest entries.
    func bestPair(for c: (Int, Int, Int)) -> (a: Int, b: Int, ratio: Int) {
        let colors = palette.colors
        let (wr, wg, wb) = Self.weights
        func distance(_ p: RGB) -> Int {
            let dr = Int(p.r) - c.0, dg = Int(p.g) - c.1, db = Int(p.b) - c.2
            return wr * dr * dr + wg * dg * dg + wb * db * db
        }
        // The 8 nearest entries, ties broken by index for determinism.
        var nearest: [(distance: Int, index: Int)] = []
        nearest.reserveCapacity(9)
        for (index, color) in colors.enumerated() {
            let d = distance(color)
            if nearest.count == 8, d >= nearest[7].distance { continue }
            var at = nearest.count
            while at > 0, nearest[at - 1].distance > d { at -= 1 }
            nearest.insert((d, index), at: at)
            if nearest.count > 8 { nearest.removeLast() }
        }
        var best = (a: nearest[0].index, b: nearest[0].index, ratio: 0)
        var bestCost = Double(nearest[0].distance)
        for i in 0..<nearest.count {
            for j in 0..<nearest.count where j != i {
                let a = colors[nearest[i].index], b = colors[nearest[j].index]
                let ab = (Double(Int(b.r) - Int(a.r)), Double(Int(b.g) - Int(a.g)), Double(Int(b.b) - Int(a.b)))
                let ac = (Double(c.0 - Int(a.r)), Double(c.1 - Int(a.g)), Double(c.2 - Int(a.b)))
                let w = (Double(wr), Double(wg), Double(wb))
                let abab = w.0 * ab.0 * ab.0 + w.1 * ab.1 * ab.1 + w.2 * ab.2 * ab.2
                guard abab > 0 else { continue }
                let acab = w.0 * ac.0 * ab.0 + w.1 * ac.1 * ab.1 + w.2 * ac.2 * ab.2
                let ratio = Int((64 * min(max(acab / abab, 0), 1)).rounded())
                guard ratio > 0, ratio < 64 else { continue }  // pure colours are covered by the nearest
                let t = Double(ratio) / 64
                let e = (ac.0 - t * ab.0, ac.1 - t * ab.1, ac.2 - t * ab.2)
                let cost = w.0 * e.0 * e.0 + w.1 * e.1 * e.1 + w.2 * e.2 * e.2 + Self.lambda * t * (1 - t) * abab
                if cost < bestCost {
                    bestCost = cost
                    best = (nearest[i].index, nearest[j].index, ratio)
                }
            }
        }
        return best
    }
}
