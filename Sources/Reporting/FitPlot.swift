import Foundation

/// `fit.svg`: every study's observations against the fitted model, one panel
/// per study, assay and kind of observation.
///
/// A panel of detections shows the fraction of samples positive at each time
/// (points) with its Wilson 95% interval (bars), and the fitted model's
/// P(positive) over time (line) with its 95% band (shaded). A panel of levels
/// shows each reported mean level with its 95% interval (mean ± 1.96·se, or
/// the geometric mean ×/÷ exp(1.96·se) on the log scale) against the model's
/// expected level, on a logarithmic axis. Time is in years from the scenario's
/// day 0. Deterministic, like every output.
public struct FitPlot: Sendable {
    /// One panel: a study's observations of one kind by one assay.
    public struct Panel: Sendable {
        public enum Kind: Sendable { case proportion, level }
        public var study: String
        public var assay: String
        public var kind: Kind
        public var observations: [Point]
        /// The fitted prediction over time, ascending in time.
        public var curve: [Point]

        public init(study: String, assay: String, kind: Kind, observations: [Point], curve: [Point]) {
            self.study = study
            self.assay = assay
            self.kind = kind
            self.observations = observations
            self.curve = curve
        }
    }

    /// A value with its 95% interval at a time in years; `label` is the hover text.
    public struct Point: Sendable {
        public var years: Double
        public var value: Double
        public var low: Double
        public var high: Double
        public var label: String

        public init(years: Double, value: Double, low: Double, high: Double, label: String = "") {
            self.years = years
            self.value = value
            self.low = low
            self.high = high
            self.label = label
        }
    }

    public var title: String
    public var subtitle: String
    public var panels: [Panel]

    public init(title: String, subtitle: String, panels: [Panel]) {
        self.title = title
        self.subtitle = subtitle
        self.panels = panels
    }

    enum Layout {
        static let columns = 2
        static let panelWidth = 400.0
        static let panelHeight = 230.0
        static let left = 90.0
        static let gap = 110.0
        static let header = 110.0
        static let rowHeight = panelHeight + 95
    }

    /// The whole SVG document.
    public func render() -> String {
        let rows = max(1, (panels.count + Layout.columns - 1) / Layout.columns)
        let width = Layout.left + Double(Layout.columns) * Layout.panelWidth + Double(Layout.columns - 1) * Layout.gap + 40
        var svg = SVGDocument(width: Int(width), height: Int(Layout.header + Double(rows) * Layout.rowHeight))
        svg.text(title, x: Layout.left, y: 30, size: 20, ["font-weight": "bold", "fill": PlotPalette.ink])
        svg.text(subtitle, x: Layout.left, y: 52, size: 13, ["fill": PlotPalette.muted])
        svg.text("points: observed, bars: 95% interval (Wilson for proportions); line: fitted model, shaded: its 95% band",
                 x: Layout.left, y: 74, size: 11, ["fill": PlotPalette.muted])
        for (k, panel) in panels.enumerated() {
            let left = Layout.left + Double(k % Layout.columns) * (Layout.panelWidth + Layout.gap)
            let top = Layout.header + Double(k / Layout.columns) * Layout.rowHeight
            draw(panel, colour: PlotPalette.style(k).colour, left: left, top: top, clip: "fit-panel-\(k)", into: &svg)
        }
        return svg.render()
    }

    /// One panel with its frame, axes, band, curve and observations.
    func draw(_ panel: Panel, colour: String, left: Double, top: Double, clip: String, into svg: inout SVGDocument) {
        let right = left + Layout.panelWidth, bottom = top + Layout.panelHeight
        let all = panel.observations + panel.curve
        let highYears = all.map { $0.years }.max() ?? 1
        let x = LinearScale(lower: 0, upper: highYears > 0 ? highYears * 1.04 : 1, start: left, end: right)
        let kindName = panel.kind == .proportion ? "samples positive" : "level (GEq per 10⁵ cells)"
        svg.text("\(panel.study): \(panel.assay)", x: left, y: top - 10, size: 13, ["font-weight": "bold", "fill": PlotPalette.ink])
        let step = x.step(atMost: 6)
        for t in x.ticks(atMost: 6) {
            let px = x.pixel(t)
            svg.line(x1: px, y1: top, x2: px, y2: bottom, ["stroke": PlotPalette.grid, "stroke-width": "1"])
            svg.text(LinearScale.label(t, step: step), x: px, y: bottom + 17, size: 11, anchor: "middle", ["fill": PlotPalette.ink])
        }
        svg.text("years", x: (left + right) / 2, y: bottom + 35, size: 12, anchor: "middle", ["fill": PlotPalette.ink])
        svg.text(kindName, x: left - 58, y: (top + bottom) / 2, size: 12, anchor: "middle", rotate: -90, ["fill": PlotPalette.ink])
        let y: (Double) -> Double
        switch panel.kind {
        case .proportion:
            let scale = LinearScale(lower: 0, upper: 1, start: bottom, end: top)
            y = { scale.pixel(min(1, max(0, $0))) }
            for v in stride(from: 0.0, through: 1.0, by: 0.25) {
                svg.line(x1: left, y1: scale.pixel(v), x2: right, y2: scale.pixel(v), ["stroke": PlotPalette.grid, "stroke-width": "1"])
                svg.text(SVGDocument.number(v * 100, decimals: 0) + "%", x: left - 6, y: scale.pixel(v) + 4, size: 11, anchor: "end",
                         ["fill": PlotPalette.ink])
            }
        case .level:
            let values = all.flatMap { [$0.value, $0.low, $0.high] }
            let scale = LogScale.covering(values, bottom: bottom, top: top) ?? LogScale(lowerExponent: -2, upperExponent: 0, bottom: bottom, top: top)
            let floor = LogScale.power(scale.lowerExponent - 1)
            y = { scale.pixel(max($0, floor)) }
            for e in scale.labelledExponents {
                let py = scale.pixel(LogScale.power(e))
                svg.line(x1: left, y1: py, x2: right, y2: py, ["stroke": PlotPalette.grid, "stroke-width": "1"])
                svg.text(LogScale.label(exponent: e), x: left - 6, y: py + 4, size: 11, anchor: "end", ["fill": PlotPalette.ink])
            }
        }
        svg.defineClip(id: clip, x: left, y: top, width: right - left, height: bottom - top)
        svg.beginGroup(["clip-path": "url(#\(clip))"])
        if !panel.curve.isEmpty {
            let band = panel.curve.map { (x: x.pixel($0.years), y: y($0.high)) } + panel.curve.reversed().map { (x: x.pixel($0.years), y: y($0.low)) }
            svg.polygon(band, ["fill": colour, "fill-opacity": "0.18", "stroke": "none"])
            svg.polyline(panel.curve.map { (x: x.pixel($0.years), y: y($0.value)) }, ["fill": "none", "stroke": colour, "stroke-width": "2"])
        }
        for p in panel.observations {
            let px = x.pixel(p.years)
            svg.beginGroup(title: p.label.isEmpty ? nil : p.label)
            svg.line(x1: px, y1: y(p.low), x2: px, y2: y(p.high), ["stroke": PlotPalette.ink, "stroke-width": "1.4"])
            for v in [p.low, p.high] {
                svg.line(x1: px - 3, y1: y(v), x2: px + 3, y2: y(v), ["stroke": PlotPalette.ink, "stroke-width": "1.4"])
            }
            svg.circle(cx: px, cy: y(p.value), r: 3.8, ["fill": PlotPalette.ink, "stroke": "#ffffff", "stroke-width": "1"])
            svg.endGroup()
        }
        svg.endGroup()
        svg.rect(x: left, y: top, width: right - left, height: bottom - top, ["fill": "none", "stroke": "#9A9A9A", "stroke-width": "1"])
    }
}
