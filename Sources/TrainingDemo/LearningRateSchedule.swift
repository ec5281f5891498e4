import Foundation

/// Cosine annealing of the step size over the epochs (Loshchilov & Hutter 2017, without restarts):
///
///     η_e = η · (f + (1 − f) · ½ (1 + cos(π (e − 1) / E)))   for epochs e = 1 … E
///
/// It starts at η and ends near f·η, which settles the last epochs instead of letting SGD noise
/// jostle the layouts at the end of the video.
struct LearningRateSchedule {
    let initialRate: Float
    let finalFraction: Float
    let epochCount: Int

    func rate(epoch: Int) -> Float {
        let progress = Double(epoch - 1) / Double(max(epochCount, 1))
        let cosine = 0.5 * (1 + cos(Double.pi * progress))
        return initialRate * Float(Double(finalFraction) + (1 - Double(finalFraction)) * cosine)
    }
}
