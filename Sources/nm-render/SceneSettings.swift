import Foundation
import Interpolate

/// How `Settings` turn into the Interpolate module's values.
extension Settings {
    var motionCurve: MotionCurve {
        switch motion {
        case .linear: return .linear
        case .smooth: return .smoothstep
        case .cubic: return .monotoneCubic
        }
    }

    /// Default motion time: half a second per step, unless the user gave a duration.
    func timelineSettings() -> TimelineSettings {
        let duration: MotionDuration
        if let total = self.duration {
            duration = .totalSeconds(total)
        } else {
            duration = .secondsPerStep(secondsPerEpoch)
        }
        let spacing: StepSpacing
        switch pacing {
        case .step: spacing = .byStep
        case .epoch: spacing = .byEpochValue
        case .adaptive:
            // Quiet steps may shrink to a fifth of the average, reorganisations stretch to 4x.
            let average = secondsPerEpoch
            spacing = .adaptive(minSeconds: average / 5, maxSeconds: average * 4)
        }
        var holdFirst = hold, holdLast = hold * 1.5
        if let total = self.duration, holdFirst + holdLast > 0.4 * total {
            // A short --duration keeps most of its time for motion.
            let scale = 0.4 * total / (holdFirst + holdLast)
            holdFirst *= scale
            holdLast *= scale
        }
        return TimelineSettings(fps: Double(fps), duration: duration, spacing: spacing,
                                holdFirst: holdFirst, holdLast: holdLast)
    }

    func cameraSettings(aspect: Double, runs: Int) -> CameraSettings {
        CameraSettings(mode: camera, aspect: aspect,
                       outliers: outliers == .edge ? .clampToEdge : .hide,
                       shareAcrossRuns: runs > 1)
    }
}
