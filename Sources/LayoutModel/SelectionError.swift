/// A block or epoch asked for that the run does not have.
public enum SelectionError: Error, Equatable, CustomStringConvertible {
    case unknownBlock(block: String, blocks: [String])
    case unknownEpoch(epoch: Int, epochs: [Int])

    public var description: String {
        switch self {
        case let .unknownBlock(block, blocks):
            return "no block named \(block); blocks: \(blocks.joined(separator: ", "))"
        case let .unknownEpoch(epoch, epochs):
            return "no epoch \(epoch); epochs: \(EpochList.compactText(epochs))"
        }
    }
}
