import SeededRandom
import XCTest
@testable import Render

/// The splatter's compositing is exact OVER with rounding to nearest, lane by lane.
final class DiscBlendTests: XCTestCase {
    /// round(x / 255) for the reference (x / 255 is never exactly halfway: 255 is odd).
    private func div255(_ x: Int) -> Int { Int((Double(x) / 255).rounded()) }

    func testEveryLaneIsRoundedOverOfItsOwnPixel() {
        var rng = SplitMix64(seed: 77)
        for trial in 0..<5000 {
            let source = 0xFF00_0000 | UInt32(truncatingIfNeeded: rng.next() >> 40)
            // Edges (coverage and alpha 0 and 255) as well as random values.
            let alpha = trial % 7 == 0 ? 255 : UInt32(rng.below(256))
            let coverage = SIMD4<UInt32>((0..<4).map { k in trial % 5 == 0 ? [0, 255, 0, 255][k] : UInt32(rng.below(256)) })
            // Premultiplied destinations: each colour channel at most the pixel's alpha.
            let pixels = SIMD4<UInt32>((0..<4).map { _ in
                let a = UInt32(rng.below(256))
                let channel = { UInt32(rng.below(Int(a) + 1)) }
                return a << 24 | channel() << 16 | channel() << 8 | channel()
            })
            let out = DiscSplatter.blend(source: source, alpha: alpha, coverage: coverage, onto: pixels)
            for lane in 0..<4 {
                let a = div255(Int(coverage[lane] * alpha))
                for shift in [0, 8, 16, 24] {
                    let s = Int((source >> UInt32(shift)) & 0xFF), d = Int((pixels[lane] >> UInt32(shift)) & 0xFF)
                    XCTAssertEqual(Int((out[lane] >> UInt32(shift)) & 0xFF), div255(s * a + d * (255 - a)),
                                   "lane \(lane), bits \(shift)..., source \(String(source, radix: 16)), alpha \(alpha), coverage \(coverage[lane])")
                }
            }
        }
    }
}
