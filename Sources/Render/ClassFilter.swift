/// Which classes are shown, and what happens to the rest.
public struct ClassFilter: Sendable, Equatable {
    /// What to do with samples whose class is not selected.
    public enum Mode: String, Sendable, CaseIterable {
        /// Not drawn at all.
        case hide
        /// Drawn underneath in the theme's grey context colour.
        case context
    }

    /// Selected class indices; nil selects every class.
    public var classes: Set<Int>?
    public var mode: Mode

    public init(classes: Set<Int>? = nil, mode: Mode = .context) {
        self.classes = classes
        self.mode = mode
    }

    /// Every class shown.
    public static let all = ClassFilter()

    public func isSelected(_ classIndex: Int) -> Bool {
        classes?.contains(classIndex) ?? true
    }
}
