/// Human text for a list of epoch numbers.
public enum EpochList {
    /// `5..200 step 5 (40)` for an arithmetic run, `0..20 (21)` for consecutive epochs, else
    /// the numbers themselves (elided in the middle when long), always with the count.
    public static func compactText(_ epochs: [Int]) -> String {
        guard let first = epochs.first, let last = epochs.last else { return "none" }
        if epochs.count == 1 { return "\(first) (1)" }
        let step = epochs[1] - epochs[0]
        let arithmetic = step > 0 && zip(epochs, epochs.dropFirst()).allSatisfy { $1 - $0 == step }
        if arithmetic && epochs.count > 2 {
            return step == 1 ? "\(first)..\(last) (\(epochs.count))" : "\(first)..\(last) step \(step) (\(epochs.count))"
        }
        let shown = epochs.count <= 8 ? epochs.map(String.init)
            : epochs.prefix(4).map(String.init) + ["…"] + epochs.suffix(2).map(String.init)
        return shown.joined(separator: ", ") + " (\(epochs.count))"
    }
}
