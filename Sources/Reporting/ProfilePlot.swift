import Foundation

/// `profiles.svg`: the profile likelihood of every free parameter, one panel
/// each, as the deviance `2·(ℓ̂ − ℓ_p(θ))` against the parameter's value.
///
/// The horizontal line is the 95% threshold (3.841, the 0.95 quantile of
/// χ² with one degree of freedom); where the profile crosses it are the ends
/// of the 95% interval (vertical dashed lines), and the estimate is marked.
/// A parameter on a log scale has a logarithmic x axis. The y axis stops at
/// three times the threshold; points above it are drawn at the top edge.
public struct ProfilePlot: Sendable {
    /// One parameter's profile.
    public struct Panel: Sendable {
        public var name: String
        /// Axis coordinates: the value, or log10 of it on a log scale.
        public var logScale: Bool
        /// (coordinate, deviance) pairs, ascending in the coordinate.
        public var points: [(coordinate: Double, deviance: Double)]
        public var estimate: Double
        public var lower: Double?
        public var upper: Double?
        /// The box edges in coordinates.
        public var range: ClosedRange<Double>
        /// A line under the title: the interval in readable units, or "not identifiable".
        public var caption: String

        public init(name: String, logScale: Bool, points: [(coordinate: Double, deviance: Double)], estimate: Double,
                    lower: Double?, upper: Double?, range: ClosedRange<Double>, caption: String) {
            self.name = name
            self.logScale = logScale
            self.points = points
            self.estimate = estimate
            self.lower = lower
            self.upper = upper
            self.range = range
            self.caption = caption
        }
    }

    public var title: String
    public var panels: [Panel]
    /// The deviance threshold of the interval (3.841 for 95%).
    public var threshold: Double

    public init(title: String, panels: [Panel], threshold: Double = 3.841458820694124) {
        self.title = title
        self.panels = panels
        self.threshold = threshold
    }

    enum Layout {
        static let columns = 2
        static let panelWidth = 400.0
        static let panelHeight = 220.0
        static let left = 80.0
        static let gap = 100.0
        static let header = 80.0
        static let rowHeight = panelHeight + 110
    }

    /// The whole SVG document.
    public func render() -> String {
        let rows = max(1, (panels.count + Layout.columns - 1) / Layout.columns)
        let width = Layout.left + Double(Layout.columns) * Layout.panelWidth + Double(Layout.columns - 1) * Layout.gap + 40
        var svg = SVGDocument(width: Int(width), height: Int(Layout.header + Double(rows) * Layout.rowHeight))
        svg.text(title, x: Layout.left, y: 30, size: 20, ["font-weight": "bold", "fill": PlotPalette.ink])
        svg.text("deviance 2·(ℓ̂ − profile ℓ); dashed line: 95% threshold \(SVGDocument.number(threshold, decimals: 2)) (χ², 1 df)",
                 x: Layout.left, y: 52, size: 12, ["fill": PlotPalette.muted])
        for (k, panel) in panels.enumerated() {
            let left = Layout.left + Double(k % Layout.columns) * (Layout.panelWidth + Layout.gap)
            let top = Layout.header + 30 + Double(k / Layout.columns) * Layout.rowHeight
            draw(panel, colour: PlotPalette.style(k).colour, left: left, top: top, into: &svg)
        }
        return svg.render()
    }

    func draw(_ panel: Panel, colour: String, left: Double, top: Double, into svg: inout SVGDocument) {
        let right = left + Layout.panelWidth, bottom = top + Layout.panelHeight
        let x = LinearScale(lower: panel.range.lowerBound, upper: panel.range.upperBound, start: left, end: right)
        let cap = threshold * 3
        let y = LinearScale(lower: 0, upper: cap, start: bottom, end: top)
        svg.text(panel.name, x: left, y: top - 24, size: 13, ["font-weight": "bold", "fill": PlotPalette.ink])
        svg.text(panel.caption, x: left, y: top - 8, size: 11, ["fill": PlotPalette.muted])
        let yStep = y.step(atMost: 5)
        for v in y.ticks(atMost: 5) {
            svg.line(x1: left, y1: y.pixel(v), x2: right, y2: y.pixel(v), ["stroke": PlotPalette.grid, "stroke-width": "1"])
            svg.text(LinearScale.label(v, step: yStep), x: left - 6, y: y.pixel(v) + 4, size: 11, anchor: "end", ["fill": PlotPalette.ink])
        }
        if panel.logScale {
            let low = Int(panel.range.lowerBound.rounded(.up)), high = Int(panel.range.upperBound.rounded(.down))
            if low <= high {
                for e in low...high {
                    let px = x.pixel(Double(e))
                    svg.line(x1: px, y1: top, x2: px, y2: bottom, ["stroke": PlotPalette.grid, "stroke-width": "1"])
                    svg.text(LogScale.label(exponent: e), x: px, y: bottom + 17, size: 11, anchor: "middle", ["fill": PlotPalette.ink])
                }
            }
        } else {
            let step = x.step(atMost: 5)
            for t in x.ticks(atMost: 5) {
                svg.line(x1: x.pixel(t), y1: top, x2: x.pixel(t), y2: bottom, ["stroke": PlotPalette.grid, "stroke-width": "1"])
                svg.text(LinearScale.label(t, step: step), x: x.pixel(t), y: bottom + 17, size: 11, anchor: "middle", ["fill": PlotPalette.ink])
            }
        }
        svg.text(panel.logScale ? "value (log scale)" : "value", x: (left + right) / 2, y: bottom + 35, size: 12, anchor: "middle",
                 ["fill": PlotPalette.ink])
        svg.text("deviance", x: left - 44, y: (top + bottom) / 2, size: 12, anchor: "middle", rotate: -90, ["fill": PlotPalette.ink])
        svg.line(x1: left, y1: y.pixel(threshold), x2: right, y2: y.pixel(threshold),
                 ["stroke": PlotPalette.ink, "stroke-width": "1.2", "stroke-dasharray": "6 4"])
        for end in [panel.lower, panel.upper].compactMap({ $0 }) {
            svg.line(x1: x.pixel(end), y1: top, x2: x.pixel(end), y2: bottom, ["stroke": colour, "stroke-width": "1.2", "stroke-dasharray": "3 3"])
        }
        svg.polyline(panel.points.map { (x: x.pixel($0.coordinate), y: y.pixel(min(cap, max(0, $0.deviance)))) },
                     ["fill": "none", "stroke": colour, "stroke-width": "2"])
        for p in panel.points {
            svg.circle(cx: x.pixel(p.coordinate), cy: y.pixel(min(cap, max(0, p.deviance))), r: 2.6, ["fill": colour])
        }
        svg.circle(cx: x.pixel(panel.estimate), cy: y.pixel(0), r: 4.5, ["fill": PlotPalette.ink, "stroke": "#ffffff", "stroke-width": "1"])
        svg.rect(x: left, y: top, width: right - left, height: bottom - top, ["fill": "none", "stroke": "#9A9A9A", "stroke-width": "1"])
    }
}
