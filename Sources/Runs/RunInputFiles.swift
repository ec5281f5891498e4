/// Where a block's arrays live on disk, for keys that depend on the data's bytes rather than on
/// where the run happens to be mounted (the layout cache's content digest).
public struct BlockInputArray: Sendable, Equatable {
    /// The file holding the array: a `.npy` file, or the `.npz` archive it is a member of.
    public let path: String
    /// The member's name inside an `.npz` archive; nil for a `.npy` file.
    public let member: String?
}

extension Run {
    /// The arrays of `block`, one per epoch in use (parallel to `epochs`). Empty for a run that
    /// stores 2D layouts or NeuroMapper CSV files, since no layout is computed from those.
    public func inputArrays(block: String) throws -> [BlockInputArray] {
        let index = try blockIndex(block)
        guard case let .activations(arrays) = storage else { return [] }
        return arrays[index].map { array in
            switch array.location {
            case let .file(path):
                return BlockInputArray(path: path, member: nil)
            case let .zipMember(zipPath, member, _):
                return BlockInputArray(path: zipPath, member: member.name)
            }
        }
    }
}
