import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock and CPU seconds (every thread of the process) since it was made, for the lines
/// that say what a step cost: on a shared machine the wall time alone says little.
struct CostMeter {
    private let wallStart = Date()
    private let cpuStart = CostMeter.processCPUSeconds()

    var wallSeconds: Double { Date().timeIntervalSince(wallStart) }
    var cpuSeconds: Double { Self.processCPUSeconds() - cpuStart }

    /// User plus system CPU time of the whole process so far.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
