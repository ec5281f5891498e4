/// One block's layouts across epochs.
public struct BlockLayout: Sendable, Equatable {
    /// Name as stored (file name stem), e.g. `layer4`.
    public var name: String
    /// Display title, e.g. `Block 4`; defaults to the name.
    public var title: String
    /// `positions[e]` holds 2·N floats, x0, y0, x1, y1, …, for epoch `epochs[e]`;
    /// NaN where the sample is absent at that epoch.
    public var positions: [[Float]]

    public init(name: String, title: String? = nil, positions: [[Float]]) {
        self.name = name
        self.title = title ?? name
        self.positions = positions
    }
}
