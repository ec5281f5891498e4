/// The failure rule every sink follows: a frame of the wrong size, or any step that throws,
/// removes the unfinished output first, so no sink ever leaves half a file behind.
protocol AbandoningSink: AnyObject {
    var path: String { get }
    var width: Int { get }
    var height: Int { get }
    /// Removes the unfinished output and drops the codec state; safe to call twice.
    func abandon()
}

extension AbandoningSink {
    /// Runs `step`; when it throws, abandons the output and rethrows.
    func abandoningOnFailure<T>(_ step: () throws -> T) throws -> T {
        do {
            return try step()
        } catch {
            abandon()
            throw error
        }
    }

    /// Refuses (and abandons the output for) a frame whose size is not the sink's.
    func checkSize(of frame: BGRAFrame, index: Int) throws {
        guard frame.width == width, frame.height == height else {
            abandon()
            throw EncodeError.frameSizeMismatch(path: path, index: index, expected: (width, height),
                                                got: (frame.width, frame.height))
        }
    }
}
