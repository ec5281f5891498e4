// encode-bench: end-to-end frames per second of the product path (Layout -> MotionScene ->
// FrameRenderer drawing straight into FramePipeline buffers -> VideoFileSink, MP4/H.264), against
// libx264 alone: the ffmpeg program re-encoding the same frames, already in yuv420p (converted
// once, before timing, by the product's ColorConverter), with the same preset, CRF, VBV cap and
// thread count (VideoFileSink.encoderThreads). That is the encoder's ceiling on this machine;
// issue 15's target: ratio >= 0.85. Each video also prints where a frame's CPU goes: reading
// (once, before the first frame), interpolation, drawing, colour conversion, and x264.
//
//   swift build -c release --product encode-bench && .build/release/encode-bench [options]
//   --frames N (120)  --preset P (the product default)  --crf C (the product default)  --rounds R (3)  --buffers B,... (3; several compare pipeline queue depths)
//   --videos a,b,...  (sample-1080,synthetic-1080,sample-720; also synthetic-720)
//   --data DIR (../shared/data/neuromapper-sample)  --workdir DIR (temp)  --keep DIR (keep the MP4s and the GIF)
//
// Videos: "sample" is the NeuroMapper sample as read (4 blocks x 1,000 points, 40 epochs);
// "synthetic" tiles it to 4 x 10,000 points (10 jittered copies of every sample, see
// LayoutSet.tiled), the issue's 40,000-point video. Frames start where the motion starts.
// Last, a README GIF of the sample (800x450, 15 fps, 10 s) and its size.
//
// Reading the figures: the machine is shared, so every round runs the ffmpeg program and the
// pipeline back to back, and CPU time per frame is printed beside wall time. x264 alone keeps
// both cores busy, so rendering cannot hide behind encoding: on a saturated machine the ratio
// tends to (ffmpeg CPU per frame) / (pipeline CPU per frame), printed as the "CPU-bound ratio".
// "producer" is the thread that interpolates and renders, "encode path" the rest of the
// process's CPU (swscale on the encoder thread + x264's threads). Waits show whether rendering
// overlaps encoding: the producer blocked on a full queue (encoder-bound), or the encoder thread
// waiting for a frame (producer-bound); see TimedSink.

import Encode
import Foundation
import LayoutModel
import Runs

struct Options {
    var frames = 120
    var preset = VideoSettings.defaultH264Preset
    var crf = VideoSettings.defaultH264CRF
    var rounds = 3
    var buffers = [3]
    var videos = ["sample-1080", "synthetic-1080", "sample-720"]
    var data = "../shared/data/neuromapper-sample"
    var workdir = FileManager.default.temporaryDirectory
    var keep: URL?

    static let usage = "usage: encode-bench [--frames N] [--preset P] [--crf C] [--rounds R] [--buffers B,...] "
        + "[--videos a,b,...] [--data DIR] [--workdir DIR] [--keep DIR]"

    /// Parses the options; a wrong one prints one line and exits 64 (EX_USAGE), never traps.
    init(arguments: [String]) {
        func fail(_ message: String) -> Never {
            FileHandle.standardError.write(Data("encode-bench: \(message)\n\(Self.usage)\n".utf8))
            exit(64)
        }
        var i = 1
        func next() -> String {
            i += 1
            guard i < arguments.count else { fail("missing value after \(arguments[i - 1])") }
            return arguments[i]
        }
        func count(minimum: Int) -> Int {
            let text = next()
            guard let value = Int(text), value >= minimum else { fail("\(arguments[i - 1]) needs a whole number >= \(minimum), not '\(text)'") }
            return value
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--frames": frames = count(minimum: 1)
            case "--preset": preset = next()
            case "--crf": crf = count(minimum: 0)
            case "--rounds": rounds = count(minimum: 1)
            case "--buffers":
                let text = next()
                let values = text.split(separator: ",").compactMap { Int($0) }.filter { $0 >= 2 }
                guard !values.isEmpty, values.count == text.split(separator: ",").count else {
                    fail("--buffers needs whole numbers >= 2 separated by commas, not '\(text)'")
                }
                buffers = values
            case "--videos":
                let names = next().split(separator: ",").map(String.init)
                let known = ["sample-1080", "synthetic-1080", "sample-720", "synthetic-720"]
                if let unknown = names.first(where: { !known.contains($0) }) {
                    fail("unknown video '\(unknown)' (known: \(known.joined(separator: ", ")))")
                }
                videos = names
            case "--data": data = next()
            case "--workdir": workdir = URL(fileURLWithPath: next())
            case "--keep": keep = URL(fileURLWithPath: next())
            case "--help", "-h":
                print(Self.usage)
                exit(0)
            default: fail("unknown option \(arguments[i])")
            }
            i += 1
        }
    }
}

let options = Options(arguments: CommandLine.arguments)

func makeVideo(_ name: String) throws -> BenchVideo {
    let size = name.hasSuffix("-720") ? (1280, 720) : (1920, 1080)
    let layouts = name.hasPrefix("synthetic") ? sample.tiled(copies: 10) : sample
    return try BenchVideo(label: name, layouts: layouts, width: size.0, height: size.1, frames: options.frames)
}

/// Per-frame CPU milliseconds of the single-threaded stages, measured while writing the raw frames.
struct StageCPU {
    var interpolation = 0.0, drawing = 0.0, conversion = 0.0
}

/// Writes the video's frames as raw yuv420p (the ffmpeg program's input), converted whole by the
/// product's own ColorConverter (independent of the frames' regions, which VideoFileSink uses);
/// returns each stage's CPU milliseconds per frame (one thread).
func writeRawFrames(of video: BenchVideo, to url: URL) throws -> StageCPU {
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    defer { try? handle.close() }
    let buffer = PixelBuffer(width: video.width, height: video.height)
    let converter = ColorConverter(width: video.width, height: video.height)
    let w = video.width, h = video.height
    var yuv = [UInt8](repeating: 0, count: w * h * 3 / 2)
    var conversion = 0.0
    video.resetClocks()
    for index in 0..<video.frameCount {
        try video.draw(index, into: buffer)
        let start = threadCPUSeconds()
        yuv.withUnsafeMutableBufferPointer { p in
            let y = p.baseAddress!, u = y + w * h, v = u + w * h / 4
            converter.convert(buffer.frame, y: y, yStride: w, u: u, uStride: w / 2, v: v, vStride: w / 2)
        }
        conversion += threadCPUSeconds() - start
        try yuv.withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
    }
    let n = Double(video.frameCount) / 1000
    return StageCPU(interpolation: video.interpolationCPU / n, drawing: video.drawingCPU / n, conversion: conversion / n)
}

/// The pipeline's rate control for this video, which the ffmpeg program is given too.
func rateControl(_ video: BenchVideo) throws -> RateControl {
    try RateControl.make(crf: options.crf, cap: VideoSettings.Setting.maxBitrate.defaultValue, sizeLimit: nil,
                         width: video.width, height: video.height, fps: 30, frameCount: video.frameCount, path: "bench")
}

struct Figures {
    var fps: Double
    var cpuPerFrame: Double
    var megabytes: Double
    var producerPerFrame = 0.0
    var waitedPerFrame = 0.0
    var encoderWritePerFrame = 0.0
    var encoderWaitedPerFrame = 0.0
    var encoderThreadCPUPerFrame = 0.0
    var conversionPerFrame = 0.0
}

func runCLI(_ video: BenchVideo, raw: URL, output: URL) throws -> Figures {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    let rc = try rateControl(video)
    // With a cap, VideoFileSink encodes on one thread (see there); so does the ceiling.
    let vbv = rc.maxBitsPerSecond.map { ["-maxrate", "\($0)", "-bufsize", "\(rc.bufferBits!)"] } ?? []
    let threads = rc.maxBitsPerSecond == nil ? VideoFileSink.encoderThreads : 1
    process.arguments = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                         "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "\(video.width)x\(video.height)", "-r", "30", "-i", "-",
                         "-c:v", "libx264", "-preset", options.preset, "-crf", "\(options.crf)"] + vbv
        + ["-threads", "\(threads)", "-pix_fmt", "yuv420p", "-movflags", "+faststart", output.path]
    process.standardInput = try FileHandle(forReadingFrom: raw)
    let cpuStart = cpuSeconds(RUSAGE_CHILDREN), start = now()
    try process.run()
    process.waitUntilExit()
    let seconds = now() - start
    guard process.terminationStatus == 0 else { fatalError("ffmpeg exited with \(process.terminationStatus)") }
    let frames = Double(video.frameCount)
    return Figures(fps: frames / seconds, cpuPerFrame: (cpuSeconds(RUSAGE_CHILDREN) - cpuStart) / frames * 1000,
                   megabytes: Double(fileSize(output)) / 1e6)
}

func runPipeline(_ video: BenchVideo, buffers: Int, output: URL) throws -> Figures {
    let settings = VideoSettings(fps: 30, crf: options.crf, preset: options.preset, toolVersion: "encode-bench")
    let cpuStart = cpuSeconds(RUSAGE_SELF), producerStart = threadCPUSeconds(), start = now()
    let fileSink = try VideoFileSink(destination: output, width: video.width, height: video.height, settings: settings)
    let sink = TimedSink(fileSink)
    let pipeline = FramePipeline(sink: sink, width: video.width, height: video.height, bufferCount: buffers)
    var waited = 0.0, lastDrawEnd: Double?
    try pipeline.run(frameCount: video.frameCount) { index, buffer in
        if let lastDrawEnd { waited += now() - lastDrawEnd }  // submit + nextBuffer: blocked on the encoder
        try video.draw(index, into: buffer)
        lastDrawEnd = now()
    }
    let seconds = now() - start
    let frames = Double(video.frameCount)
    return Figures(fps: frames / seconds, cpuPerFrame: (cpuSeconds(RUSAGE_SELF) - cpuStart) / frames * 1000,
                   megabytes: Double(fileSize(output)) / 1e6,
                   producerPerFrame: (threadCPUSeconds() - producerStart) / frames * 1000, waitedPerFrame: waited / frames * 1000,
                   encoderWritePerFrame: sink.writeSeconds / frames * 1000, encoderWaitedPerFrame: sink.waitSeconds / frames * 1000,
                   encoderThreadCPUPerFrame: sink.writeCPUSeconds / frames * 1000,
                   conversionPerFrame: fileSink.conversionCPUSeconds / frames * 1000)
}

/// Prints a line at once (unbuffered), so figures appear as they are measured, also when piped.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    return (s[(s.count - 1) / 2] + s[s.count / 2]) / 2
}

let readStart = now(), readCPUStart = cpuSeconds(RUSAGE_SELF)
let sample = try Run.open(at: URL(fileURLWithPath: options.data)).layoutSet()
let readSeconds = now() - readStart, readCPU = cpuSeconds(RUSAGE_SELF) - readCPUStart
say("encode-bench: libx264 preset=\(options.preset) crf=\(options.crf), \(VideoFileSink.encoderThreads) threads, 30 fps, \(options.rounds) rounds, pipeline buffers \(options.buffers.map(String.init).joined(separator: ","))")
say("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; uptime: \(uptime())")
let tag = "\(getpid())"
if let keep = options.keep { try FileManager.default.createDirectory(at: keep, withIntermediateDirectories: true) }

for name in options.videos {
    let video = try makeVideo(name)
    let raw = options.workdir.appendingPathComponent("encode-bench-\(tag).yuv")
    let cliOutput = options.workdir.appendingPathComponent("encode-bench-\(tag)-cli.mp4")
    let pipelineOutput = options.keep?.appendingPathComponent("\(name).mp4")
        ?? options.workdir.appendingPathComponent("encode-bench-\(tag).mp4")
    defer {
        for url in [raw, cliOutput] + (options.keep == nil ? [pipelineOutput] : []) { try? FileManager.default.removeItem(at: url) }
    }
    say("")
    say("== \(name): \(video.width)x\(video.height), \(video.motion.columnCount) panels x \(video.pointsPerPanel) points, "
        + "\(video.frameCount) frames from frame \(video.firstFrame) (\(video.motion.clock(frame: video.firstFrame).label) onwards), "
        + String(format: "point radius %.2f px", video.renderer.pointRadius))
    let stages = try writeRawFrames(of: video, to: raw)
    let rc = try rateControl(video)
    say("rate control: crf \(rc.crf)" + (rc.maxBitsPerSecond.map { ", VBV maxrate \($0 / 1000) kbit/s, bufsize \(rc.bufferBits! / 1000) kbit" } ?? ", no cap"))
    say(String(format: "per-frame CPU, single-threaded stages (1 thread each): reading %.0f ms once before the first frame (%.2f s wall); "
                 + "interpolation %.2f ms; drawing %.2f ms; colour conversion of whole frames %.2f ms (the pipeline converts what changed)",
               readCPU * 1000, readSeconds, stages.interpolation, stages.drawing, stages.conversion))

    // Rounds alternate which runs first, so a load trend does not favour either side.
    var ratios: [Int: [Double]] = [:], cliCPU: [Double] = [], pipelineCPU: [Int: [Double]] = [:]
    for round in 1...options.rounds {
        var cli: Figures?
        func measureCLI() throws {
            let figures = try runCLI(video, raw: raw, output: cliOutput)
            say(String(format: "round %d  libx264 alone (ceiling): %6.2f fps  %6.1f ms CPU/frame  %6.1f MB  load %@",
                         round, figures.fps, figures.cpuPerFrame, figures.megabytes, loadAverage()))
            cli = figures
        }
        var pipelines: [(Int, Figures)] = []
        func measurePipelines() throws {
            for buffers in options.buffers {
                let pipe = try runPipeline(video, buffers: buffers, output: pipelineOutput)
                say(String(format: "round %d  pipeline, %d buffers: %6.2f fps  %6.1f ms CPU/frame  %6.1f MB  load %@\n"
                             + "             CPU split per frame: interpolation + drawing (producer thread) %.1f, colour conversion %.1f, x264 and the rest %.1f ms\n"
                             + "             waits: producer on a full queue %.1f, encoder for a frame %.1f ms/frame (encoder write %.1f ms/frame, %.1f ms CPU on its thread)",
                             round, buffers, pipe.fps, pipe.cpuPerFrame, pipe.megabytes, loadAverage(),
                             pipe.producerPerFrame, pipe.conversionPerFrame, pipe.cpuPerFrame - pipe.producerPerFrame - pipe.conversionPerFrame,
                             pipe.waitedPerFrame, pipe.encoderWaitedPerFrame, pipe.encoderWritePerFrame, pipe.encoderThreadCPUPerFrame))
                pipelines.append((buffers, pipe))
            }
        }
        if round % 2 == 1 { try measureCLI(); try measurePipelines() } else { try measurePipelines(); try measureCLI() }
        cliCPU.append(cli!.cpuPerFrame)
        for (buffers, pipe) in pipelines {
            ratios[buffers, default: []].append(pipe.fps / cli!.fps)
            pipelineCPU[buffers, default: []].append(pipe.cpuPerFrame)
        }
    }
    for buffers in options.buffers {
        say(String(format: "%@, %d buffers: ratio pipeline/CLI per round %@; median %.2f (target >= 0.85); CPU-bound ratio (median CPU) %.2f",
                     name, buffers, ratios[buffers]!.map { String(format: "%.2f", $0) }.joined(separator: " "), median(ratios[buffers]!),
                     median(cliCPU) / median(pipelineCPU[buffers]!)))
    }
}
// A README GIF of the sample: 800x450, 15 fps, 10 s of motion, palette from the theme's key colours.
do {
    let video = try BenchVideo(label: "gif", layouts: sample, width: 800, height: 450, frames: 150, fps: 15)
    let keys = video.renderer.settings.keyColours(classCount: sample.samples.classNames.count, pointOpacity: video.renderer.pointOpacity)
    let output = options.keep?.appendingPathComponent("sample-800x450.gif") ?? options.workdir.appendingPathComponent("encode-bench-\(tag).gif")
    defer { if options.keep == nil { try? FileManager.default.removeItem(at: output) } }
    let sink = try GIFSink(destination: output, width: 800, height: 450,
                           settings: GIFSettings(fps: 15, keyColors: keys.map { RGB($0.red, $0.green, $0.blue) }))
    let start = now()
    try FramePipeline(sink: sink, width: 800, height: 450).run(frameCount: video.frameCount) { try video.draw($0, into: $1) }
    say("")
    say(String(format: "GIF 800x450, 15 fps, %d frames (%.0f s) of the sample, %d key colours: %.1f MB, %.1f fps end-to-end",
               video.frameCount, Double(video.frameCount) / 15, keys.count, Double(fileSize(output)) / 1e6, Double(video.frameCount) / (now() - start)))
}
say("")
say("uptime: \(uptime())")
