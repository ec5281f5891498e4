import AtomicOutput
import Foundation

/// Exit codes (sysexits), documented in `--help` and the README.
enum ExitStatus: Int32 {
    case success = 0
    case usage = 64        // EX_USAGE: bad flags or settings
    case dataError = 65    // EX_DATAERR: bad input data
    case unavailable = 69  // EX_UNAVAILABLE: no usable encoder in this FFmpeg
    case software = 70     // EX_SOFTWARE: internal error
    case cannotCreate = 73 // EX_CANTCREAT: output cannot be created

    /// The modules' sysexits codes, folded into the documented set: a missing input (66) is a
    /// usage error, a failed write (74, e.g. a full disk) an output that cannot be created.
    init(moduleCode: Int32) {
        switch moduleCode {
        case 64, 66: self = .usage
        case 65: self = .dataError
        case 69: self = .unavailable
        case 73, 74: self = .cannotCreate
        default: self = ExitStatus(rawValue: moduleCode) ?? .software
        }
    }

    static let helpText = """
        EXIT CODES:
          0   success
          64  usage error (bad flag, setting, preset, config file, odd size)
          65  bad input data (the message names the file and what was wrong)
          69  no H.264 encoder in the system's FFmpeg
          70  internal error
          73  output cannot be created (missing or unwritable folder, full disk)
          130 interrupted (Ctrl-C); partial output is removed
        """
}

/// Errors raised by the command line itself.
enum CLIError: Error, CustomStringConvertible {
    case usage(String)
    case data(String)
    case cannotCreate(String)
    case internalError(String)

    var description: String {
        switch self {
        case let .usage(m), let .data(m), let .cannotCreate(m), let .internalError(m): return m
        }
    }

    var status: ExitStatus {
        switch self {
        case .usage: return .usage
        case .data: return .dataError
        case .cannotCreate: return .cannotCreate
        case .internalError: return .software
        }
    }
}
