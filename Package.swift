// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "nm-render",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nm-render", targets: ["nm-render"]),
        .library(name: "NMRender", targets: ["LayoutModel", "Runs", "AlignedUMAP", "Layout", "Interpolate", "PixelRegions", "Render", "Encode"]),
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

        // Stages, data flowing one way: Runs -> Layout (driving AlignedUMAP) -> Interpolate -> Render -> Encode.
        // LayoutModel is the vocabulary they pass along (LayoutSet and what it carries);
        // PixelRegions what Render tells Encode about a frame besides its pixels (what changed).
        .target(name: "AtomicOutput"),
        .target(name: "SettingSchema"),
        .target(name: "SeededRandom"),
        .target(name: "LayoutModel"),
        .target(name: "PixelRegions"),
        // binary16 decoding with F16C where present (wide float16 activations, read and searched).
        .target(name: "CHalfFloats"),
        .target(name: "Runs", dependencies: ["LayoutModel", "CZlib", "AtomicOutput", "CHalfFloats"]),
        // The one hot loop that needs vector instructions chosen at run time (AVX where present).
        .target(name: "CPairSums", dependencies: ["CHalfFloats"]),
        .target(name: "AlignedUMAP", dependencies: ["SettingSchema", "SeededRandom", "CPairSums", "CHalfFloats"]),
        .target(name: "Layout", dependencies: ["LayoutModel", "Runs", "AlignedUMAP", "SettingSchema"]),
        .target(name: "Interpolate", dependencies: ["LayoutModel"]),
        .target(name: "Render", dependencies: ["LayoutModel", "Interpolate", "PixelRegions", "SeededRandom", "CCairo", "CZlib", "AtomicOutput"]),
        .target(name: "Encode", dependencies: ["PixelRegions", "CFFmpeg", "AtomicOutput", "SettingSchema"]),
        .target(name: "TrainingDemo", dependencies: ["SeededRandom"]),

        .executableTarget(name: "nm-render", dependencies: [
            "SettingSchema", "LayoutModel", "Runs", "Layout", "AlignedUMAP", "Interpolate", "Render", "Encode", "TrainingDemo",
            "AtomicOutput",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Benchmarks: plain executables that print their figures (build with -c release).
        .executableTarget(name: "layout-bench", dependencies: ["Runs", "LayoutModel"], path: "Benchmarks/layout-bench"),
        .executableTarget(name: "umap-bench", dependencies: ["AlignedUMAP", "Layout", "Runs", "LayoutModel"], path: "Benchmarks/umap-bench"),
        .executableTarget(name: "motion-bench", dependencies: ["Interpolate", "LayoutModel"], path: "Benchmarks/motion-bench"),
        .executableTarget(name: "render-bench", dependencies: ["Render", "Interpolate", "LayoutModel", "CCairo"], path: "Benchmarks/render-bench"),
        .executableTarget(name: "encode-bench", dependencies: ["Encode", "Render", "Interpolate", "LayoutModel", "Runs"], path: "Benchmarks/encode-bench"),
        .executableTarget(name: "demo-bench", dependencies: ["TrainingDemo"], path: "Benchmarks/demo-bench"),

        .testTarget(name: "AtomicOutputTests", dependencies: ["AtomicOutput"]),
        .testTarget(name: "RunsTests", dependencies: ["Runs", "LayoutModel", "CHalfFloats"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LayoutTests", dependencies: ["Layout", "Runs", "LayoutModel", "AlignedUMAP", "SeededRandom"]),
        .testTarget(name: "AlignedUMAPTests", dependencies: ["AlignedUMAP", "CPairSums"]),
        .testTarget(name: "InterpolateTests", dependencies: ["Interpolate", "LayoutModel"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "Interpolate", "LayoutModel", "PixelRegions", "Runs", "SeededRandom", "CCairo"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "EncodeTests", dependencies: ["Encode", "PixelRegions", "CFFmpeg"]),
        .testTarget(name: "PixelRegionsTests", dependencies: ["PixelRegions"]),
        .testTarget(name: "TrainingDemoTests", dependencies: ["TrainingDemo"]),
        .testTarget(name: "CLITests", dependencies: ["nm-render"]),
    ],
    swiftLanguageModes: [.v6]
)
