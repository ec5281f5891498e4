import AlignedUMAP
import Layout

extension Settings {
    /// The layout stage's options these settings ask for.
    var layoutOptions: LayoutOptions {
        LayoutOptions(parameters: AlignedUMAPParameters(nNeighbors: nNeighbors, minDist: minDist, spread: spread,
                                                        nEpochs: layoutEpochs,
                                                        alignmentRegularisation: alignment,
                                                        alignmentWindow: alignmentWindow,
                                                        metric: metric == .cosine ? .cosine : .euclidean, seed: seed),
                      orient: orient)
    }
}

extension LayoutStage {
    /// A stage for one command of the executable.
    convenience init(settings: Settings, cache: LayoutCache?, progress: ProgressReporter) {
        self.init(options: settings.layoutOptions, cache: cache, toolVersion: nm_render.toolVersion, progress: progress)
    }
}

extension ProgressReporter: LayoutProgress {}
