import AtomicOutput
import Foundation

/// Exit codes (sysexits), documented in `--help` and the README.
enum ExitStatus: Int32 {
    case success = 0
    case usage = 64        // EX_USAGE: bad flags or settings
    case dataError = 65    // EX_DATAERR: bad input data
    case software = 70     // EX_SOFTWARE: internal error
    case cannotCreate = 73 // EX_CANTCREAT: output cannot be created

    static let helpText = """
        EXIT CODES:
          0   success
          64  usage error (bad flag, setting, preset or config file)
          65  bad input data (the message names the file and what was wrong)
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
