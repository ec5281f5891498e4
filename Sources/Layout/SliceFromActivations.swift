import AlignedUMAP
import Runs

extension AlignedUMAPSlice {
    /// The slice to lay out from a run's activations, which the run reader has checked are
    /// all finite; float16 values read narrow (`Run.activations(block:epoch:keepingFloat16:)`)
    /// stay narrow. Rows are named by `sampleIDs`.
    package init(_ activations: ActivationSlice, sampleIDs: [Int]) {
        if let bits = activations.float16Bits {
            self.init(rows: activations.rows, cols: activations.cols, finiteFloat16Bits: bits, sampleIDs: sampleIDs)
        } else {
            self.init(rows: activations.rows, cols: activations.cols, finiteValues: activations.values, sampleIDs: sampleIDs)
        }
    }
}
