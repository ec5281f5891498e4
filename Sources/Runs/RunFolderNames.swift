/// Folder names for one output folder per run (`nm-render layout RUN1 RUN2 … --out DIR`): each
/// run's name made safe for any file system, and made unique by `-2`, `-3`, … in run order.
public enum RunFolderNames {
    /// The names, one per run name, in order.
    ///
    /// Safe: letters, digits, `-`, `_` and `.` are kept, every other run of characters becomes
    /// one `_`; leading dots are dropped (no hidden or `..` folders); at most 100 characters;
    /// an empty result is `run`. Unique: the second `x` is `x-2`, the third `x-3`, skipping any
    /// name already taken, compared without regard to case (for case-insensitive file systems).
    public static func names(for runNames: [String]) -> [String] {
        var taken = Set<String>()
        var result: [String] = []
        for name in runNames {
            let base = safe(name)
            var candidate = base
            var n = 2
            while taken.contains(candidate.lowercased()) {
                candidate = "\(base)-\(n)"
                n += 1
            }
            taken.insert(candidate.lowercased())
            result.append(candidate)
        }
        return result
    }

    /// One name made safe (see `names(for:)`).
    public static func safe(_ name: String) -> String {
        var out = ""
        var replaced = false
        for scalar in name.unicodeScalars {
            let ok = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || scalar == "-" || scalar == "_" || scalar == ".")
            if ok {
                out.unicodeScalars.append(scalar)
                replaced = false
            } else if !replaced {
                out += "_"
                replaced = true
            }
        }
        while out.hasPrefix(".") { out.removeFirst() }
        if out.count > 100 { out = String(out.prefix(100)) }
        return out.isEmpty || out == "_" ? "run" : out
    }
}
