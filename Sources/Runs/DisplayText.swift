/// Names read from input files (run names, block titles, class names) shortened for display, so
/// that a megabyte-long name costs linear time once, here, instead of in every layout
/// measurement, legend and progress line downstream.
public enum DisplayText {
    /// Longest name kept whole, in Unicode scalars (a generous figure title).
    public static let maxLength = 120

    /// `text` when short enough; otherwise its start and end around `…`, `maxLength` scalars in all.
    public static func elided(_ text: String, maxLength: Int = DisplayText.maxLength) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > maxLength else { return text }
        let keep = (maxLength - 1) / 2
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars.prefix(keep))
        result.append("…")
        result.append(contentsOf: scalars.suffix(maxLength - 1 - keep))
        return String(result)
    }
}
