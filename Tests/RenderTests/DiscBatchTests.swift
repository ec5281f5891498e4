import SeededRandom
import XCTest
@testable import Render

/// Queued discs are drawn exactly as drawing them one by one in the same order would.
final class DiscBatchTests: XCTestCase {
    func testABatchGivesThePixelsOfItsDiscsDrawnOneByOne() throws {
        let splatter = DiscSplatter(radius: 1.43)
        var rng = SplitMix64(seed: 5)
        // 400 overlapping discs (so order matters), some past the clip's edges, some transparent.
        let discs = (0..<400).map { k in
            (x: -4 + Float(rng.below(98_000)) / 1000, y: -4 + Float(rng.below(68_000)) / 1000,
             rgb: [UInt32(0xD55E00), 0x0072B2, 0x009E73][k % 3], alpha: [UInt32(255), 190, 0][k % 3])
        }
        let batched = try Canvas(width: 90, height: 60), single = try Canvas(width: 90, height: 60)
        for canvas in [batched, single] { canvas.paint(RGBColour(hex: 0xF7F7F2)) }
        var batch = DiscBatch(capacity: discs.count)
        for d in discs { batch.append(cx: d.x, cy: d.y, rgb: d.rgb, alpha: d.alpha) }
        XCTAssertEqual(batch.count, discs.filter { $0.alpha > 0 }.count)
        batched.withPixels { base, stride in
            batch.draw(with: splatter, into: base, stride: stride, clipX0: 5, clipY0: 3, clipX1: 85, clipY1: 57)
        }
        for d in discs {
            splatter.splat(cx: d.x, cy: d.y, rgb: d.rgb, alpha: d.alpha, on: single, clipX0: 5, clipY0: 3, clipX1: 85, clipY1: 57)
        }
        XCTAssertEqual(Fixture.maxChannelDifference(batched, single), 0)
    }
}
