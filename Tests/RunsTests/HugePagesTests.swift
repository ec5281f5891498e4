import XCTest
@testable import Runs

/// Large decoded slices ask for 2 MiB pages; the advice never changes what the memory holds.
final class HugePagesTests: XCTestCase {
    func testALargeBufferIsAdvisedFromItsFirstAlignedPageAndKeepsItsValues() throws {
        #if os(Linux)
        let count = (HugePages.minimumBytes + 3 * HugePages.size) / 4 + 5  // not a whole number of pages
        let values = [Float](unsafeUninitializedCapacity: count) { out, initialized in
            let advised = HugePages.advise(UnsafeMutableRawBufferPointer(out))
            // Kernels built without transparent huge pages refuse (EINVAL); then nothing is asked.
            if FileManager.default.fileExists(atPath: "/sys/kernel/mm/transparent_hugepage/enabled") {
                XCTAssertTrue(advised)
            }
            for i in 0..<count { out[i] = Float(i % 1021) }
            initialized = count
        }
        XCTAssertEqual(values[0], 0)
        XCTAssertEqual(values[count - 1], Float((count - 1) % 1021))
        XCTAssertEqual(values[count / 2], Float((count / 2) % 1021))
        #endif
    }

    func testASmallBufferIsLeftAlone() {
        var small = [UInt8](repeating: 7, count: HugePages.minimumBytes - 1)
        small.withUnsafeMutableBytes { XCTAssertFalse(HugePages.advise($0)) }
        XCTAssertEqual(small.last, 7)
    }
}
