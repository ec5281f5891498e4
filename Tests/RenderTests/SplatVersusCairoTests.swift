import SeededRandom
import CCairo
import Foundation
import XCTest
@testable import Render

/// The fast point path must look like Cairo's own circles.
///
/// Stated tolerances (160 overlapping discs, radii 1.2–7.5 px, sub-pixel centres, opacities
/// 0.45–1, on a light background):
/// - against `cairo_arc` + `cairo_fill` flattened finely (tolerance 0.01 px): every channel of
///   every pixel within 6 levels of 255;
/// - against Cairo's defaults (0.1 px flattening, so Cairo's own circle is a polygon up to 0.1 px
///   off): every pixel within 24 levels, and PSNR over the image ≥ 40 dB.
final class SplatVersusCairoTests: XCTestCase {
    private func discs() -> [(x: Double, y: Double, r: Double, colour: RGBColour, alpha: Double)] {
        var rng = SplitMix64(seed: 9)
        let palette = ClassPalette.colourBlindSafe.colours(count: 10)
        return (0..<160).map { k in
            let r = [1.2, 2.5, 4.0, 7.5][k % 4]
            return (x: 8 + Double(rng.below(10_000)) / 10_000 * 180, y: 8 + Double(rng.below(10_000)) / 10_000 * 100,
                    r: r, colour: palette[k % 10], alpha: [1.0, 0.8, 0.45][k % 3])
        }
    }

    /// The same discs drawn by the splatter and by Cairo arcs with a flattening tolerance.
    private func drawBoth(cairoTolerance: Double) throws -> (splat: Canvas, arcs: Canvas) {
        let splat = try Canvas(width: 200, height: 120)
        let arcs = try Canvas(width: 200, height: 120)
        let background = RGBColour(hex: 0xF7F7F2)
        splat.paint(background)
        arcs.paint(background)
        cairo_set_tolerance(arcs.cr, cairoTolerance)
        var splatters: [Double: DiscSplatter] = [:]
        for d in discs() {
            let s = splatters[d.r] ?? DiscSplatter(radius: Float(d.r))
            splatters[d.r] = s
            s.splat(cx: Float(d.x), cy: Float(d.y), rgb: d.colour.argb32 & 0xFFFFFF, alpha: UInt32((d.alpha * 255).rounded()), on: splat)
            arcs.disc(x: d.x, y: d.y, radius: d.r, colour: d.colour, alpha: d.alpha)
        }
        return (splat, arcs)
    }

    private func psnr(_ a: Canvas, _ b: Canvas) -> Double {
        var sum = 0.0
        for y in 0..<a.height {
            for x in 0..<a.width {
                let p = a.pixel(x: x, y: y), q = b.pixel(x: x, y: y)
                for (u, v) in [(p.red, q.red), (p.green, q.green), (p.blue, q.blue)] {
                    let e = Double(u) - Double(v)
                    sum += e * e
                }
            }
        }
        let mse = sum / Double(a.width * a.height * 3)
        return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
    }

    func testSplattedDiscsMatchFinelyFlattenedCairoArcsWithinSixLevels() throws {
        let (splat, arcs) = try drawBoth(cairoTolerance: 0.01)
        XCTAssertLessThanOrEqual(Fixture.maxChannelDifference(splat, arcs), 6)
    }

    func testSplattedDiscsMatchDefaultCairoArcsWithinTheirFlatteningError() throws {
        let (splat, arcs) = try drawBoth(cairoTolerance: 0.1)
        XCTAssertLessThanOrEqual(Fixture.maxChannelDifference(splat, arcs), 24)
        XCTAssertGreaterThanOrEqual(psnr(splat, arcs), 40)
    }

    func testSplattedDiscHasTheClassColourAtItsCentreAndNothingOutside() throws {
        let canvas = try Canvas(width: 40, height: 40)
        canvas.paint(RGBColour(hex: 0xFFFFFF))
        let colour = RGBColour(hex: 0x3f90da)
        DiscSplatter(radius: 3).splat(cx: 20.3, cy: 19.6, rgb: colour.argb32 & 0xFFFFFF, alpha: 255, on: canvas)
        XCTAssertTrue(Fixture.close(canvas.pixel(x: 20, y: 19), colour, tolerance: 0))
        XCTAssertTrue(Fixture.close(canvas.pixel(x: 24, y: 19), RGBColour(hex: 0xFFFFFF), tolerance: 0), "the pixel 3.7…4.7 px right of an r = 3 centre")
        XCTAssertEqual(canvas.pixel(x: 20, y: 19).alpha, 255)
    }

    func testSplatStaysInsideItsClipRectangle() throws {
        let canvas = try Canvas(width: 30, height: 30)
        canvas.paint(RGBColour(hex: 0xFFFFFF))
        DiscSplatter(radius: 5).splat(cx: 10, cy: 10, rgb: 0x000000, alpha: 255, on: canvas, clipX0: 10)
        XCTAssertTrue(Fixture.close(canvas.pixel(x: 9, y: 10), RGBColour(hex: 0xFFFFFF), tolerance: 0))
        XCTAssertTrue(Fixture.close(canvas.pixel(x: 10, y: 10), RGBColour(hex: 0x000000), tolerance: 0))
    }

    func testSplattingOntoTransparentPixelsGivesPremultipliedColour() throws {
        let canvas = try Canvas(width: 10, height: 10)  // cleared to transparent
        DiscSplatter(radius: 3).splat(cx: 5, cy: 5, rgb: 0xFF8000, alpha: 128, on: canvas)
        let p = canvas.pixel(x: 5, y: 5)
        XCTAssertEqual(p.alpha, 128)
        XCTAssertEqual(p.red, 128)
        XCTAssertEqual(p.green, 64)
        XCTAssertEqual(p.blue, 0)
    }
}
