/// Orders names the way people count: `layer2` before `layer10`, `epoch_9` before `epoch_010`.
public enum NaturalOrder {
    /// True when `a` sorts before `b`: digit runs compare by numeric value (then by length, so
    /// `7` < `007` keeps the order total), other runs by Unicode scalar values.
    public static func less(_ a: String, _ b: String) -> Bool {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        var i = 0, j = 0
        while i < x.count && j < y.count {
            let xd = isDigit(x[i]), yd = isDigit(y[j])
            if xd && yd {
                let si = i, sj = j
                while i < x.count && isDigit(x[i]) { i += 1 }
                while j < y.count && isDigit(y[j]) { j += 1 }
                let dx = x[si ..< i].drop { $0 == "0" }, dy = y[sj ..< j].drop { $0 == "0" }
                if dx.count != dy.count { return dx.count < dy.count }
                for (p, q) in zip(dx, dy) where p != q { return p.value < q.value }
                if i - si != j - sj { return i - si < j - sj }
            } else {
                if x[i] != y[j] { return x[i].value < y[j].value }
                i += 1; j += 1
            }
        }
        return x.count - i < y.count - j
    }

    /// `names` sorted naturally.
    public static func sorted(_ names: [String]) -> [String] {
        names.sorted(by: less)
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
}
