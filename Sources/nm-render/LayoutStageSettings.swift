import AlignedUMAP
import Layout

extension Settings {
    /// The layout stage's options these settings ask for.
    var layoutOptions: LayoutOptions { layout }
}

extension LayoutStage {
    /// A stage for one command of the executable.
    convenience init(settings: Settings, cache: LayoutCache?, progress: ProgressReporter) {
        self.init(options: settings.layoutOptions, cache: cache, toolVersion: nm_render.toolVersion, progress: progress)
    }
}

extension ProgressReporter: LayoutProgress {}
