import Foundation
import Interpolate
import LayoutModel
@testable import Render

/// Small helpers shared by the Render specifications.
enum Fixture {
    /// Maximum absolute channel difference between two image canvases of equal size.
    static func maxChannelDifference(_ a: Canvas, _ b: Canvas) -> Int {
        var worst = 0
        a.withPixels { pa, sa in
            b.withPixels { pb, sb in
                for y in 0..<a.height {
                    for x in 0..<a.width {
                        let p = pa[y * sa + x], q = pb[y * sb + x]
                        for shift in stride(from: 0, to: 32, by: 8) {
                            worst = max(worst, abs(Int((p >> UInt32(shift)) & 0xFF) - Int((q >> UInt32(shift)) & 0xFF)))
                        }
                    }
                }
            }
        }
        return worst
    }

    /// Pixels in `rect` whose colour differs from `colour` by more than `tolerance` in a channel.
    static func pixelsDiffering(from colour: RGBColour, in rect: Rect, of canvas: Canvas, tolerance: Int = 8) -> Int {
        let c = colour.rgb8
        var count = 0
        for y in Int(rect.y)..<Int(rect.maxY) {
            for x in Int(rect.x)..<Int(rect.maxX) {
                let p = canvas.pixel(x: x, y: y)
                if abs(Int(p.red) - Int(c.red)) > tolerance || abs(Int(p.green) - Int(c.green)) > tolerance
                    || abs(Int(p.blue) - Int(c.blue)) > tolerance { count += 1 }
            }
        }
        return count
    }

    static func close(_ p: (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8), _ c: RGBColour, tolerance: Int = 2) -> Bool {
        let e = c.rgb8
        return abs(Int(p.red) - Int(e.red)) <= tolerance && abs(Int(p.green) - Int(e.green)) <= tolerance
            && abs(Int(p.blue) - Int(e.blue)) <= tolerance
    }

    /// Three classes, `n` samples.
    static func samples(_ n: Int, classes: Int = 3) -> SampleTable {
        SampleTable(ids: (0..<n).map(String.init), labels: (0..<n).map { Int32($0 % classes) },
                    classNames: (0..<classes).map { "class \($0)" })
    }

    /// A one-panel scene without legend, title or progress bar (only the panel and the epoch).
    static func singlePanelScene(samples: SampleTable) -> FrameScene {
        FrameScene(columnTitles: ["block"], rows: [FrameRow(name: "run", samples: samples)], showsProgressBar: false, showsLegend: false)
    }

    static let clock = FrameClock(frame: 0, epochValue: 3, label: "epoch 3", progress: 0.3)
    static let unitViewport = Viewport(minX: -1, minY: -1, maxX: 1, maxY: 1)
}

extension DiscSplatter {
    /// One disc on an image canvas, clipped to x0..<x1, y0..<y1 (default: the whole canvas).
    func splat(cx: Float, cy: Float, rgb: UInt32, alpha: UInt32, on canvas: Canvas,
               clipX0: Int = 0, clipY0: Int = 0, clipX1: Int? = nil, clipY1: Int? = nil) {
        canvas.withPixels { base, stride in
            coverage.withUnsafeBufferPointer { lut in
                extent.withUnsafeBufferPointer { ext in
                    splat(cx: cx, cy: cy, rgb: rgb, alpha: alpha, into: base, stride: stride, clipX0: clipX0, clipY0: clipY0,
                          clipX1: clipX1 ?? canvas.width, clipY1: clipY1 ?? canvas.height, lut: lut.baseAddress!, extent: ext.baseAddress!)
                }
            }
        }
    }
}
