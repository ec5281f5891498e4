import AlignedUMAP
import AtomicOutput
import Encode
import Foundation
import Interpolate
import Layout
import LayoutModel
import Render
import Runs
import TrainingDemo

/// The process's exit codes (after sysexits(3)): the one table, decided here at the edge from
/// the libraries' typed errors. `--help` and the README's table are generated from / checked
/// against `meaning`.
enum ExitStatus: Int32, CaseIterable {
    case success = 0
    case usage = 64        // EX_USAGE
    case dataError = 65    // EX_DATAERR
    case unavailable = 69  // EX_UNAVAILABLE
    case software = 70     // EX_SOFTWARE
    case cannotCreate = 73 // EX_CANTCREAT
    case interrupted = 130 // 128 + SIGINT
    case terminated = 143  // 128 + SIGTERM

    /// What the code means, as `--help` and the README say it (one help line: at most 74 characters).
    var meaning: String {
        switch self {
        case .success: return "success"
        case .usage: return "usage error: bad flag, setting, preset, config, block, epoch, odd size"
        case .dataError: return "bad input data: the message names the file and what was wrong"
        case .unavailable: return "no usable encoder (H.264, VP9 or GIF) in the system's FFmpeg"
        case .software: return "internal error"
        case .cannotCreate: return "output cannot be created: unwritable, full disk, or refused"
        case .interrupted: return "interrupted (Ctrl-C, SIGINT); the partial output is removed"
        case .terminated: return "terminated (SIGTERM); the partial output is removed"
        }
    }

    /// The status for an error of ours; nil for ArgumentParser's own (help, usage), which it
    /// reports itself.
    init?(for error: Error) {
        switch error {
        case let e as CLIError: self = e.status
        case is SettingsError: self = .usage
        case let e as OutputError: self = ExitStatus(e)
        case let e as RunError: self = ExitStatus(e)
        case is SelectionError, is EpochSelectionError: self = .usage
        case let e as EncodeError: self = ExitStatus(e)
        case let e as RenderError: self = ExitStatus(e)
        case is InterpolateError: self = .usage
        case let e as AlignedUMAPError:
            // A parameter out of range is the user's flag; everything else is about the data.
            if case .invalidParameter = e { self = .usage } else { self = .dataError }
        case is LayoutCacheError: self = .cannotCreate
        case is LayoutUnitError: self = .usage
        case is JointRunsError: self = .usage
        case is DemoConfigError: self = .software
        default: return nil
        }
    }

    private init(_ error: OutputError) {
        switch error {
        case .cannotCreate, .refused: self = .cannotCreate
        case let .interrupted(signal): self = signal == SIGTERM ? .terminated : .interrupted
        }
    }

    private init(_ error: RunError) {
        switch error {
        case .cannotOpen, .variantRequired, .unknownVariant, .variantNotApplicable: self = .usage
        default: self = .dataError
        }
    }

    private init(_ error: EncodeError) {
        switch error {
        case .unknownExtension, .oddSize, .invalidSize, .invalidFrameRate, .tooManyKeyColors, .invalidSetting, .sizeLimitTooSmall:
            self = .usage
        case .sizeLimitExceeded: self = .cannotCreate
        case .frameSizeMismatch, .sinkClosed, .noFrames: self = .software  // a caller bug
        case .encoderUnavailable: self = .unavailable
        case let .ffmpeg(_, stage, _, _, _):
            // A file that cannot be opened is reported as `.output`; writing fails on a full disk.
            self = stage == .write || stage == .finish ? .cannotCreate : .software
        case let .output(output): self = ExitStatus(output)
        case .cancelled: self = .interrupted
        }
    }

    private init(_ error: RenderError) {
        switch error {
        case .invalidSize: self = .usage
        case .write: self = .cannotCreate
        default: self = .software
        }
    }

    static var helpText: String {
        "EXIT CODES:\n" + allCases.map { "  \(String($0.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0))\($0.meaning)" }
            .joined(separator: "\n")
    }
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
