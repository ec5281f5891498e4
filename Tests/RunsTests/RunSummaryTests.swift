import XCTest
import LayoutModel
@testable import Runs

/// What `inspect` prints, as text and JSON.
final class RunSummaryTests: XCTestCase {
    func makeRun(_ folder: TemporaryFolder) throws -> Run {
        let samples = SampleTable(ids: ["0", "1", "2"], labels: [1, 1, 0], classNames: ["cat", "dog"])
        let writer = try RunWriter(destination: folder.url.appendingPathComponent("run"), name: "toy",
                                   blocks: [.init(name: "layer1", title: "Block 1"), .init(name: "layer2")],
                                   samples: samples, dtype: .float16)
        for epoch in [0, 10, 20] {
            try writer.write(block: "layer1", epoch: epoch, rows: 3, cols: 4, values: ramp(3, 4))
            try writer.write(block: "layer2", epoch: epoch, rows: 3, cols: 2, values: ramp(3, 2))
        }
        try writer.finish(metrics: MetricsTable(names: ["val_acc"], epochs: [0, 10, 20], values: [[0.1, 0.5, 0.9]]))
        return try Run.open(at: folder.url.appendingPathComponent("run"))
    }

    func testTextReportsKindBlocksEpochsSamplesClassesIdsMetricsAndSize() throws {
        let folder = try TemporaryFolder()
        let run = try makeRun(folder)
        let text = run.summary.text
        XCTAssertTrue(text.contains("kind     activations (activations-folder)"), text)
        XCTAssertTrue(text.contains("layer1  D = 4  float16  "), text)
        XCTAssertTrue(text.contains("\"Block 1\""), text)
        XCTAssertTrue(text.contains("layer2  D = 2  float16"), text)
        XCTAssertTrue(text.contains("epochs   0..20 step 10 (3)"), text)
        XCTAssertTrue(text.contains("samples  N = 3"), text)
        XCTAssertTrue(text.contains("classes  2: cat 1, dog 2"), text)
        XCTAssertTrue(text.contains("ids      0..N-1 (default)"), text)
        XCTAssertTrue(text.contains("metrics  val_acc"), text)
        XCTAssertTrue(text.contains("on disk  \(RunSummary.bytesText(run.bytesOnDisk))"), text)
    }

    func testJsonIsOneObjectThatDecodesToTheSameSummary() throws {
        let folder = try TemporaryFolder()
        let summary = try makeRun(folder).summary
        let json = try summary.json()
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        XCTAssertEqual(object?["kind"] as? String, "activations")
        XCTAssertEqual(object?["sampleCount"] as? Int, 3)
        XCTAssertEqual(object?["epochs"] as? [Int], [0, 10, 20])
        XCTAssertEqual(try JSONDecoder().decode(RunSummary.self, from: Data(json.utf8)), summary)
    }

    func testBytesTextUsesDecimalUnits() {
        XCTAssertEqual(RunSummary.bytesText(999), "999 B")
        XCTAssertEqual(RunSummary.bytesText(1_500), "1.50 kB")
        XCTAssertEqual(RunSummary.bytesText(12_100_000), "12.1 MB")
        XCTAssertEqual(RunSummary.bytesText(13_107_200_000), "13.1 GB")
    }
}
