import Foundation

/// How close an encoded video is to the frames that were drawn: both in yuv420p (the drawn
/// frames through the sink's own BT.709 conversion, i.e. the lossless frames), compared on every
/// frame the decoder returns. The figures follow FFmpeg's `ssim` and `psnr` filters: SSIM per
/// plane (see `PlaneSimilarity`), combined weighted by plane size ("All") and averaged over frames;
/// PSNR from the mean squared error over all frames and planes.
public struct QualityReport: Sendable, Equatable, Codable {
    public var frames: Int
    /// Mean SSIM over Y, U and V weighted by their sizes (FFmpeg's "All").
    public var ssim: Double
    /// Mean SSIM of the luma plane alone.
    public var ssimY: Double
    /// PSNR in dB over all planes, from the mean squared error; capped at 100 dB (identical frames).
    public var psnr: Double

    enum CodingKeys: String, CodingKey {
        case frames, ssim, psnr
        case ssimY = "ssim_y"
    }

    public init(frames: Int, ssim: Double, ssimY: Double, psnr: Double) {
        self.frames = frames
        self.ssim = ssim
        self.ssimY = ssimY
        self.psnr = psnr
    }

    /// PSNR of 8-bit samples with mean squared error `mse`, capped at 100 dB.
    static func psnr(meanSquaredError mse: Double) -> Double {
        mse <= 0 ? 100 : min(10 * log10(255 * 255 / mse), 100)
    }
}
