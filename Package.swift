// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "nm-render",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nm-render", targets: ["nm-render"]),
        .library(name: "NMRender", targets: ["Layout", "AlignedUMAP", "Interpolate", "Render", "Encode"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C faces of the system libraries (Debian: scripts/bootstrap.sh installs them).
        .systemLibrary(name: "CCairo", pkgConfig: "cairo",
                       providers: [.apt(["libcairo2-dev"]), .brew(["cairo"])]),
        .systemLibrary(name: "CFFmpeg", pkgConfig: "libavcodec libavformat libswscale libavutil",
                       providers: [.apt(["libavcodec-dev", "libavformat-dev", "libswscale-dev", "libavutil-dev"]),
                                   .brew(["ffmpeg"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),

        // Stages, data flowing one way: Layout -> AlignedUMAP -> Interpolate -> Render -> Encode.
        .target(name: "AtomicOutput"),
        .target(name: "Layout", dependencies: ["CZlib", "AtomicOutput"]),
        .target(name: "AlignedUMAP"),
        .target(name: "Interpolate", dependencies: ["Layout"]),
        .target(name: "Render", dependencies: ["Layout", "Interpolate", "CCairo", "CZlib", "AtomicOutput"]),
        .target(name: "Encode", dependencies: ["CFFmpeg", "AtomicOutput"]),
        .target(name: "TrainingDemo"),

        .executableTarget(name: "nm-render", dependencies: [
            "Layout", "AlignedUMAP", "Interpolate", "Render", "Encode", "TrainingDemo", "AtomicOutput",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Benchmarks: plain executables that print their figures (build with -c release).
        .executableTarget(name: "layout-bench", dependencies: ["Layout"], path: "Benchmarks/layout-bench"),
        .executableTarget(name: "umap-bench", dependencies: ["AlignedUMAP", "Layout"], path: "Benchmarks/umap-bench"),
        .executableTarget(name: "motion-bench", dependencies: ["Interpolate", "Layout"], path: "Benchmarks/motion-bench"),
        .executableTarget(name: "render-bench", dependencies: ["Render", "Interpolate", "Layout", "CCairo"], path: "Benchmarks/render-bench"),
        .executableTarget(name: "encode-bench", dependencies: ["Encode", "Render", "Interpolate", "Layout"], path: "Benchmarks/encode-bench"),
        .executableTarget(name: "demo-bench", dependencies: ["TrainingDemo"], path: "Benchmarks/demo-bench"),

        .testTarget(name: "AtomicOutputTests", dependencies: ["AtomicOutput"]),
        .testTarget(name: "LayoutTests", dependencies: ["Layout"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AlignedUMAPTests", dependencies: ["AlignedUMAP"]),
        .testTarget(name: "InterpolateTests", dependencies: ["Interpolate", "Layout"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "Interpolate", "Layout", "CCairo"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "EncodeTests", dependencies: ["Encode", "CFFmpeg"]),
        .testTarget(name: "TrainingDemoTests", dependencies: ["TrainingDemo"]),
        .testTarget(name: "CLITests", dependencies: ["nm-render"]),
    ],
    swiftLanguageModes: [.v6]
)
