/// Whether the view moves during the video.
public enum CameraMode: String, Sendable, Equatable, CaseIterable {
    /// One viewport for the whole video: the union of every frame's robust bounds.
    case fixed
    /// A viewport per frame that follows the points, smoothed and speed-limited.
    case follow
}

/// The camera rules for every panel.
public struct CameraSettings: Sendable, Equatable {
    public var mode: CameraMode
    /// Fraction of the shown points guaranteed inside the viewport at every frame, in (0, 1].
    public var coverage: Double
    /// Space added on every side, as a fraction of the bounds' larger side.
    public var margin: Double
    /// Panel width / height in pixels; viewports have this aspect so layouts are not stretched.
    public var aspect: Double
    /// Half-width (seconds) of the symmetric smoothing window in follow mode; the camera starts
    /// widening this long before points need the room, so it never lags.
    public var smoothingSeconds: Double
    /// Largest speed of the bounds' edges, as a fraction of the whole video's bounds (larger side)
    /// per second, in follow mode; see `CameraPath.maxEdgeStepPerFrame`.
    public var maxSpeed: Double
    public var outliers: OutlierStyle
    /// Show only this region of layout coordinates (widened to the panel aspect) for the whole video.
    public var zoom: Viewport?
    /// Give every run in a comparison the same viewport per block (computed from all of them).
    public var shareAcrossRuns: Bool

    public init(mode: CameraMode = .follow, coverage: Double = 0.99, margin: Double = 0.05,
                aspect: Double = 1, smoothingSeconds: Double = 1, maxSpeed: Double = 0.5,
                outliers: OutlierStyle = .clampToEdge, zoom: Viewport? = nil, shareAcrossRuns: Bool = false) {
        self.mode = mode
        self.coverage = coverage
        self.margin = margin
        self.aspect = aspect
        self.smoothingSeconds = smoothingSeconds
        self.maxSpeed = maxSpeed
        self.outliers = outliers
        self.zoom = zoom
        self.shareAcrossRuns = shareAcrossRuns
    }

    /// - Throws: `invalidSetting` naming the first setting out of range.
    public func validate() throws {
        func check(_ ok: Bool, _ name: String, _ value: Double, _ expected: String) throws {
            if !ok { throw InterpolateError.invalidSetting(name: name, value: value, expected: expected) }
        }
        try check(coverage > 0 && coverage <= 1, "camera coverage", coverage, "a fraction in (0, 1]")
        try check(margin >= 0 && margin.isFinite, "camera margin", margin, "a finite fraction, 0 or more")
        try check(aspect > 0 && aspect.isFinite, "panel aspect", aspect, "width / height, a finite number greater than 0")
        try check(smoothingSeconds >= 0 && smoothingSeconds.isFinite, "camera smoothingSeconds", smoothingSeconds,
                  "a finite number of seconds, 0 or more")
        try check(maxSpeed > 0, "camera maxSpeed", maxSpeed, "a number greater than 0 (infinity for no limit)")
        if let zoom {
            let ok = zoom.width > 0 && zoom.height > 0 && zoom.width.isFinite && zoom.height.isFinite
            try check(ok, "zoom width", Double(zoom.width), "a region with positive, finite width and height")
        }
    }
}
