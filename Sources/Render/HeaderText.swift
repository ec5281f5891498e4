/// Fitting run names into row headers: a long name first wraps onto more lines (up to three), then
/// shrinks, and only then is elided — in the middle of what it shares with the other rows'
/// names, so two rows never end up showing the same text ("digits CNN, over-fit" and "digits
/// CNN, well-fit" become "dig…over-fit" and "dig…well-fit", never "digits CNN, …" twice).
enum HeaderText {
    /// A header as drawn: one or more lines at one font size.
    struct Fit: Equatable {
        var lines: [String]
        var size: Double
    }

    /// Fonts shrink to at most this fraction of the header size before text is elided; below
    /// about 70 % a header stops reading as a header next to the column titles.
    static let smallestScale = 0.7
    /// Sizes tried between full size and `smallestScale`.
    static let shrinkSteps = [1.0, 0.9, 0.8, 0.7]
    /// Characters that end a word, for wrapping and for widening the distinct part of a name to
    /// whole words ("lr=0.001" and "lr=0.003" differ in "0.001"/"0.003", not in "1"/"3").
    static let separators: Set<Character> = [" ", ",", ";", "/", "_", "-", "=", ":", "|", "(", ")"]

    /// For each name, the character range not shared with all the others: what the longest
    /// common prefix and suffix of the names leave, widened to whole words, and `core`, the
    /// index of the first character where the names part. With one name (or identical names)
    /// the whole name.
    struct Distinct: Equatable {
        var range: Range<Int>
        var core: Int
    }

    static func distinctParts(_ names: [String]) -> [Distinct] {
        let chars = names.map { Array($0) }
        guard chars.count > 1, Set(names).count > 1 else { return chars.map { Distinct(range: 0..<$0.count, core: 0) } }
        let shortest = chars.map(\.count).min() ?? 0
        var prefix = 0
        while prefix < shortest, chars.allSatisfy({ $0[prefix] == chars[0][prefix] }) { prefix += 1 }
        var suffix = 0
        while suffix < shortest - prefix, chars.allSatisfy({ $0[$0.count - 1 - suffix] == chars[0][chars[0].count - 1 - suffix] }) {
            suffix += 1
        }
        return chars.map { c in
            var start = prefix, end = c.count - suffix
            while start > 0, !separators.contains(c[start - 1]) { start -= 1 }
            while end < c.count, !separators.contains(c[end]) { end += 1 }
            return Distinct(range: start..<max(end, start), core: min(prefix, max(end, start)))
        }
    }

    /// The distinct ranges of `distinctParts`.
    static func distinctRanges(_ names: [String]) -> [Range<Int>] { distinctParts(names).map(\.range) }

    /// Greedy word wrap of `text` into lines no wider than `maxWidth` (a word wider than that
    /// gets a line of its own); nil when it needs more than `maxLines`.
    static func wrap(_ text: String, maxLines: Int, maxWidth: Double, width: (String) -> Double) -> [String]? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var lines: [String] = []
        var current = ""
        for word in words {
            let candidate = current.isEmpty ? word : current + " " + word
            if current.isEmpty || width(candidate) <= maxWidth {
                current = candidate
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count <= maxLines, lines.allSatisfy({ width($0) <= maxWidth }) else { return nil }
        return lines
    }

    /// The header for `name`: at the largest size of `shrinkSteps` where it fits on one line or
    /// wraps into `maxLines`, else elided at the smallest size to what wraps into `maxLines`,
    /// keeping `distinct`.
    /// `width(text, size)` measures a line.
    static func fit(_ name: String, distinct: Range<Int>, core: Int? = nil, size: Double, maxWidth: Double, maxLines: Int,
                    width: (String, Double) -> Double) -> Fit {
        for step in shrinkSteps {
            let s = size * step
            if width(name, s) <= maxWidth { return Fit(lines: [name], size: s) }
            if maxLines > 1, let lines = wrap(name, maxLines: maxLines, maxWidth: maxWidth, width: { width($0, s) }) {
                return Fit(lines: lines, size: s)
            }
        }
        let s = size * smallestScale
        func measure(_ text: String) -> Double { width(text, s) }
        let keep = core ?? distinct.lowerBound
        if maxLines > 1 {
            // Elided to what still wraps into `maxLines` (not to one line), so a long name keeps
            // as much of itself as the header has room for.
            func wrapped(_ text: String) -> [String]? {
                guard let lines = wrap(text, maxLines: maxLines, maxWidth: maxWidth, width: measure),
                      lines.allSatisfy({ measure($0) <= maxWidth }) else { return nil }
                return lines
            }
            let short = elide(name, keeping: distinct, core: keep, maxWidth: 0, width: { wrapped($0) == nil ? 1 : 0 })
            if let lines = wrapped(short) { return Fit(lines: lines, size: s) }
        }
        return Fit(lines: [elide(name, keeping: distinct, core: keep, maxWidth: maxWidth, width: measure)], size: s)
    }

    /// `name` shortened with "…" to fit `maxWidth`, removing first the shared text before the
    /// distinct part (keeping the name's start), then the shared text after it, and only then
    /// cutting the distinct part itself down to a window around `core`, where the names part.
    static func elide(_ name: String, keeping distinct: Range<Int>, core: Int, maxWidth: Double, width: (String) -> Double) -> String {
        let c = Array(name)
        let d = distinct.clamped(to: 0..<c.count)
        func trimmedHead(_ k: Int) -> String {
            var head = String(c[0..<k])
            while let last = head.last, last == " " || last == "," { head.removeLast() }
            return head
        }
        let middle = String(c[d])
        let tail = String(c[d.upperBound...])
        // Shared start shortened, distinct part and shared end whole.
        for k in stride(from: d.lowerBound - 1, through: 0, by: -1) {
            let candidate = trimmedHead(k) + "…" + middle + tail
            if width(candidate) <= maxWidth { return candidate }
        }
        // Shared end dropped too.
        let start = d.lowerBound > 0 ? "…" : ""
        if !tail.isEmpty {
            for k in stride(from: d.lowerBound - 1, through: 0, by: -1) {
                let candidate = (k > 0 ? trimmedHead(k) : "") + start + middle + "…"
                if width(candidate) <= maxWidth { return candidate }
            }
        }
        // A window of the distinct part, as wide as fits, centred where the names part.
        let m = Array(middle)
        let coreOffset = min(max(core - d.lowerBound, 0), max(m.count - 1, 0))
        for length in stride(from: m.count - 1, through: 1, by: -1) {
            let first = min(max(coreOffset - length / 2, 0), m.count - length)
            let lead = first > 0 || d.lowerBound > 0 ? "…" : ""
            let trail = first + length < m.count || !tail.isEmpty ? "…" : ""
            let candidate = lead + String(m[first..<(first + length)]) + trail
            if width(candidate) <= maxWidth { return candidate }
        }
        return m.isEmpty ? "…" : String(m[coreOffset])
    }

    /// Headers for all rows: each name fitted with the part that tells it from the others kept,
    /// all at one size (the smallest any row needs), so rows of a sheet read as equals.
    static func fitAll(_ names: [String], size: Double, maxWidth: Double, maxLines: Int,
                       width: (String, Double) -> Double) -> [Fit] {
        let parts = distinctParts(names)
        let fits = zip(names, parts).map {
            fit($0, distinct: $1.range, core: $1.core, size: size, maxWidth: maxWidth, maxLines: maxLines, width: width)
        }
        guard let common = fits.map(\.size).min() else { return fits }
        // A name that fits at some size fits at any smaller one, so refitting at the common size
        // (no further shrinking: `common` is already at or above the smallest scale) changes
        // only the size and the wrapping, never what is shown.
        return zip(zip(names, parts), fits).map { pair, fitted in
            let (name, part) = pair
            guard fitted.size > common else { return fitted }
            if width(name, common) <= maxWidth { return Fit(lines: [name], size: common) }
            if let lines = wrap(name, maxLines: maxLines, maxWidth: maxWidth, width: { width($0, common) }) {
                return Fit(lines: lines, size: common)
            }
            return fit(name, distinct: part.range, core: part.core, size: common, maxWidth: maxWidth, maxLines: maxLines, width: width)
        }
    }

    /// At most this many lines per row header: three lines of a bold header still read as
    /// one label beside a row, and keep the header band under a third of a panel's width.
    static let maximumLines = 3

    /// The lines the longest of `names` needs at full size to fit `maxWidth` (1 to
    /// `maximumLines`), which decides the width of the row-header band.
    static func linesNeeded(_ names: [String], size: Double, maxWidth: Double, width: (String, Double) -> Double) -> Int {
        guard maxWidth > 0 else { return 1 }
        let widest = names.map { width($0, size) }.max() ?? 0
        return min(max(Int((widest / maxWidth).rounded(.up)), 1), maximumLines)
    }

    /// Line advance of stacked header lines, in font sizes.
    static let lineAdvance = 1.15
}

extension Canvas {
    /// Draws the row headers of a frame or strip: `names` fitted together (`HeaderText.fitAll`)
    /// into `rects` (the header band of each row, read bottom to top), bold, at `size` or less.
    func drawRowHeaders(_ names: [String], in rects: [Rect], maxLines: Int, size: Double, family: String, colour: RGBColour) {
        guard let first = rects.first else { return }
        let fits = HeaderText.fitAll(names, size: size, maxWidth: first.height, maxLines: maxLines) {
            textWidth($0, family: family, size: $1, bold: true)
        }
        for (fit, rect) in zip(fits, rects) {
            drawVerticalHeader(fit, centreX: rect.midX, centreY: rect.midY, family: family, colour: colour, bold: true)
        }
    }

    /// Draws a fitted header rotated to read bottom to top, its lines side by side (first line
    /// left), centred on (cx, cy).
    func drawVerticalHeader(_ fit: HeaderText.Fit, centreX: Double, centreY: Double, family: String, colour: RGBColour, bold: Bool) {
        let advance = fit.size * HeaderText.lineAdvance
        let first = centreX - advance * Double(fit.lines.count - 1) / 2
        for (i, line) in fit.lines.enumerated() {
            drawVerticalText(line, centreX: first + Double(i) * advance, centreY: centreY, family: family, size: fit.size,
                             colour: colour, bold: bold)
        }
    }
}
