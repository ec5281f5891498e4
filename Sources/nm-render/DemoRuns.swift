import Foundation
import Layout
import LayoutModel
import Runs
import TrainingDemo

/// Trains the demo's multilayer perceptron (well-fit and over-fit runs) and writes each run as an
/// activations run folder, streaming one epoch at a time.
enum DemoRuns {
    /// Writes one run folder per configured run into `folder`; returns their URLs in order.
    static func write(into folder: URL, config: DemoConfig = .standard, progress: ProgressReporter) throws -> [URL] {
        let trainer = try DemoTrainer(config: config)
        var urls: [URL] = []
        for run in trainer.config.runs {
            let description = trainer.description(of: run)
            progress.begin("train \(description.runName)")
            let destination = folder.appendingPathComponent(run.name)
            let writer = try RunWriter(
                destination: destination, name: description.runName,
                blocks: zip(description.blockNames, description.blockTitles).map { RunManifest.Block(name: $0, title: $1) },
                samples: SampleTable(ids: (0 ..< description.sampleCount).map(String.init),
                                     labels: description.labels, classNames: description.classNames))
            var metricRows: [[Double]] = []
            let last = description.epochs.last ?? 0
            try trainer.train(run) { record in
                for (name, matrix) in zip(description.blockNames, record.blocks) {
                    try writer.write(block: name, epoch: record.epoch, rows: matrix.rowCount, cols: matrix.columnCount,
                                     values: matrix.values)
                }
                metricRows.append(record.metrics.values)
                progress.update(record.epoch, of: last, detail: String(format: "val_acc %.2f", record.metrics.validationAccuracy))
            }
            let metrics = MetricsTable(names: description.metricNames, epochs: description.epochs,
                                       values: description.metricNames.indices.map { c in metricRows.map { $0[c] } })
            urls.append(try writer.finish(metrics: metrics))
            progress.end()
            let final = Dictionary(uniqueKeysWithValues: zip(description.metricNames, metricRows.last ?? []))
            if let train = final["train_acc"], let validation = final["val_acc"] {
                progress.note(String(format: "trained %@: train_acc %.2f, val_acc %.2f", description.runName, train, validation))
            }
        }
        return urls
    }
}
