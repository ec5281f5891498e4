import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Names of unfinished outputs and the removal of those a killed process left behind.
///
/// A temporary name is `.<destination name>.partial-<host>-<pid>-<random>` (plus `.old` for a
/// folder moved aside during a commit). Only entries whose host is this machine and whose
/// process no longer exists are removed: a live process's work is never touched, and neither is
/// another machine's on shared storage (its processes cannot be seen from here). Names of the
/// older form `.partial-<pid>-<random>`, which carry no host, are left alone for the same reason.
public enum PartialFiles {
    /// This machine's name as it appears in temporary names: letters, digits and dots only, so
    /// that `-` can separate the fields.
    public static let hostTag: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        let name = gethostname(&buffer, buffer.count - 1) == 0
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "localhost"
        let cleaned = String(name.unicodeScalars.map { scalar -> Character in
            (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == ".")) ? Character(scalar) : "_"
        })
        return cleaned.isEmpty ? "localhost" : String(cleaned.prefix(64))
    }()

    static let marker = ".partial-"

    /// A fresh temporary name for an output called `name`.
    static func temporaryName(for name: String) -> String {
        ".\(name)\(marker)\(hostTag)-\(getpid())-\(UInt32.random(in: 0 ... .max))"
    }

    /// The host and process id of a temporary name, nil for any other name (or the old form).
    public static func owner(of name: String) -> (host: String, pid: pid_t)? {
        guard name.hasPrefix("."), let range = name.range(of: marker, options: .backwards) else { return nil }
        var token = name[range.upperBound...]
        if token.hasSuffix(".old") { token = token.dropLast(4) }
        let fields = token.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 3, !fields[0].isEmpty, let pid = pid_t(fields[1]), pid > 0,
              UInt32(fields[2]) != nil else { return nil }
        return (String(fields[0]), pid)
    }

    /// Whether a process with this id exists on this machine (EPERM: it exists, owned by another user).
    static func isAlive(_ pid: pid_t) -> Bool {
        pid == getpid() || kill(pid, 0) == 0 || errno == EPERM
    }

    /// Removes the temporary outputs of dead processes of this machine from `folder`; returns the
    /// names removed. Errors are ignored: this is tidying, never a reason to fail a command.
    @discardableResult
    public static func removeStale(in folder: URL) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        var removed: [String] = []
        for name in names {
            guard let owner = owner(of: name), owner.host == hostTag, !isAlive(owner.pid) else { continue }
            if (try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))) != nil {
                removed.append(name)
            }
        }
        return removed
    }
}
