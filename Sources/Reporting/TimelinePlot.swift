import Engines
import RateModel

/// `timeline.svg`: the cells over the years, one panel per host stacked on a
/// shared time axis, with the pregnancies and other events marked.
///
/// Each panel has a log-scaled cell axis (powers of ten) and, below an axis
/// break, a strip for the value 0: a mean or quantile that is exactly zero
/// is drawn there, and a line leaving the log range downwards re-enters in
/// the strip. Per compartment the mean is a line and, where the method gives
/// quantiles, the 25–75% and 5–95% ranges are translucent bands; the total
/// over compartments is a dashed black line. Each line is named at its right
/// end. Compartments with no cells at any time are left out. Colours are
/// colour-blind safe (`PlotPalette`).
///
/// The output is deterministic: the same result and events give the same bytes.
public struct TimelinePlot: Sendable {
    public var title: String
    public var subtitle: String
    public var result: RunResult
    public var events: [TimelineEvent]

    public init(title: String, subtitle: String, result: RunResult, events: [TimelineEvent] = []) {
        self.title = title
        self.subtitle = subtitle
        self.result = result
        self.events = events
    }

    /// Pixel geometry of the figure.
    enum Layout {
        static let width = 960.0
        static let plotLeft = 84.0
        static let plotRight = 820.0
        static let eventsTop = 84.0
        static let laneHeight = 15.0
        static let captionHeight = 24.0
        static let logHeight = 200.0
        static let breakGap = 12.0
        static let zeroHeight = 16.0
        static let panelGap = 16.0
        static let axisBelow = 46.0
    }

    /// The vertical extent of one panel.
    struct PanelFrame {
        let top: Double
        var logTop: Double { top + Layout.captionHeight }
        var logBottom: Double { logTop + Layout.logHeight }
        var zeroTop: Double { logBottom + Layout.breakGap }
        var zeroY: Double { zeroTop + Layout.zeroHeight / 2 }
        var bottom: Double { zeroTop + Layout.zeroHeight }
        static var height: Double { Layout.captionHeight + Layout.logHeight + Layout.breakGap + Layout.zeroHeight }
    }

    /// The panels drawn (at least one, possibly empty).
    var panels: [TimelinePanel] {
        let p = TimelinePanel.panels(of: result)
        return p.isEmpty ? [TimelinePanel(host: "", origins: [], series: [])] : p
    }

    /// The time axis, in years, from 0 (or an earlier first output) to the last output.
    var timeScale: LinearScale {
        let first = min(0, result.times.first ?? 0) / Days.perYear
        let last = (result.times.last ?? 0) / Days.perYear
        return LinearScale(lower: first, upper: last, start: Layout.plotLeft, end: Layout.plotRight)
    }

    /// The colour index of every compartment drawn in any panel, by first appearance.
    var colourIndex: [SeriesLabel.Part: Int] {
        var index: [SeriesLabel.Part: Int] = [:]
        for panel in panels {
            for s in panel.compartments where index[s.label.compartment] == nil {
                index[s.label.compartment] = index.count
            }
        }
        return index
    }

    /// The whole SVG document.
    public func render() -> String {
        let panels = self.panels
        let x = timeScale
        let placed = placeEventLabels(x)
        let lanes = (placed.map(\.lane).max() ?? -1) + 1
        let firstTop = Layout.eventsTop + Double(lanes) * Layout.laneHeight + (lanes > 0 ? 4 : 0)
        let frames = panels.indices.map { PanelFrame(top: firstTop + Double($0) * (PanelFrame.height + Layout.panelGap)) }
        let plotBottom = frames.last!.bottom
        let height = Int((plotBottom + Layout.axisBelow + 10).rounded(.up))
        var svg = SVGDocument(width: Int(Layout.width), height: height)

        svg.text(title, x: Layout.plotLeft, y: 30, size: 20, ["font-weight": "bold", "fill": PlotPalette.ink])
        svg.text(subtitle, x: Layout.plotLeft, y: 52, size: 13, ["fill": PlotPalette.muted])
        svg.text(howToRead, x: Layout.plotLeft, y: 70, size: 11, ["fill": PlotPalette.muted])

        drawEventMarks(placed, x: x, frames: frames, into: &svg)
        let colours = colourIndex
        for (k, panel) in panels.enumerated() {
            drawPanel(panel, number: k, frame: frames[k], x: x, colours: colours, into: &svg)
        }
        drawTimeAxis(x, bottom: plotBottom, into: &svg)
        return svg.render()
    }

    /// Tick labels under the last panel and the axis title.
    func drawTimeAxis(_ x: LinearScale, bottom: Double, into svg: inout SVGDocument) {
        let step = x.step(atMost: 10)
        for t in x.ticks(atMost: 10) {
            let px = x.pixel(t)
            svg.line(x1: px, y1: bottom, x2: px, y2: bottom + 5, ["stroke": PlotPalette.ink, "stroke-width": "1"])
            svg.text(LinearScale.label(t, step: step), x: px, y: bottom + 18, size: 12, anchor: "middle", ["fill": PlotPalette.ink])
        }
        svg.text("years", x: (Layout.plotLeft + Layout.plotRight) / 2, y: bottom + 38, size: 13, anchor: "middle",
                 ["fill": PlotPalette.ink])
    }

    /// The line under the subtitle that says how to read the lines and bands.
    var howToRead: String {
        var parts = ["lines: mean number of cells per compartment (dashed black: total)"]
        if hasQuantiles { parts.append("bands: 25–75% and 5–95% of replicates") }
        parts.append("0: no cells (below the axis break)")
        return parts.joined(separator: " · ")
    }

    /// Whether any drawn series has quantiles at some time.
    var hasQuantiles: Bool {
        panels.contains { p in p.drawn.contains { s in s.points.contains { $0.quantiles != nil } } }
    }

    /// `bone_marrow` → `bone marrow`.
    static func displayName(_ name: String) -> String {
        String(name.map { $0 == "_" ? " " : $0 })
    }
}
