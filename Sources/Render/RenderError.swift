/// Why rendering or writing an image failed.
public enum RenderError: Error, CustomStringConvertible, Equatable {
    /// Cairo could not create a surface or context (e.g. absurd size or out of memory).
    case cairo(operation: String, status: String)
    /// The size asked for is unusable.
    case invalidSize(width: Int, height: Int)
    /// The caller's pixel buffer is too small or misaligned for the size.
    case invalidBuffer(reason: String)
    /// Panels handed over do not match the scene (rows × columns).
    case panelCountMismatch(expectedRows: Int, expectedColumns: Int, gotRows: Int, gotColumns: Int)
    /// A panel's positions array is not 2·N long.
    case positionCountMismatch(row: Int, column: Int, expected: Int, got: Int)
    /// Writing the output failed.
    case write(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cairo(operation, status):
            return "Cairo failed in \(operation): \(status)."
        case let .invalidSize(width, height):
            return "Image size \(width)x\(height) is not usable; width and height must be between 1 and \(Canvas.maximumSide) pixels."
        case let .invalidBuffer(reason):
            return "The pixel buffer cannot be drawn into: \(reason)."
        case let .panelCountMismatch(er, ec, gr, gc):
            return "Expected \(er) rows of \(ec) panels but got \(gr) rows with \(gc) panels in a row; pass one PanelFrame per block and run."
        case let .positionCountMismatch(row, column, expected, got):
            return "Panel at row \(row), column \(column) has \(got) position values; expected \(expected) (2 per sample)."
        case let .write(path, reason):
            return "Could not write \(path): \(reason)."
        }
    }
}
