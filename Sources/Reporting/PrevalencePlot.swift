/// `prevalence.svg`: the rows of `prevalence.csv` as two panels side by side,
/// the fraction of women an assay detects by age and by years since the
/// last delivery.
///
/// Per assay (one colour each): the observed fraction as points joined by a
/// line, with vertical bars for its Wilson 95% interval, and the expected
/// fraction (the mean detection probability) as a thin dashed line. With
/// several assays the points are shifted a few pixels sideways so the bars
/// do not hide each other. Years since delivery are bins; their points sit
/// at the middle of the bin. Deterministic, like every output.
public struct PrevalencePlot: Sendable {
    public var title: String
    public var subtitle: String
    public var rows: [PrevalenceCSV.Row]

    public init(title: String, subtitle: String, rows: [PrevalenceCSV.Row]) {
        self.title = title
        self.subtitle = subtitle
        self.rows = rows
    }

    enum Layout {
        static let width = 960.0
        static let height = 490.0
        static let top = 130.0
        static let bottom = 420.0
        static let panels: [(left: Double, right: Double)] = [(80, 450), (560, 930)]
    }

    /// The two groupings: the `by` value, the axis title and the panel title.
    static let groupings = [("age", "age (years)", "by age"), ("years_since_delivery", "years since last delivery", "by years since last delivery")]

    /// Assays in order of first appearance.
    var assays: [String] {
        var out: [String] = []
        for r in rows where !out.contains(r.assay) { out.append(r.assay) }
        return out
    }

    /// The whole SVG document.
    public func render() -> String {
        var svg = SVGDocument(width: Int(Layout.width), height: Int(Layout.height))
        svg.text(title, x: Layout.panels[0].left, y: 30, size: 20, ["font-weight": "bold", "fill": PlotPalette.ink])
        svg.text(subtitle, x: Layout.panels[0].left, y: 52, size: 13, ["fill": PlotPalette.muted])
        drawLegend(into: &svg)
        for (k, grouping) in Self.groupings.enumerated() {
            drawPanel(by: grouping.0, axisTitle: grouping.1, panelTitle: grouping.2, frame: Layout.panels[k], into: &svg)
        }
        return svg.render()
    }

    /// One entry per assay, then how to read points and dashed lines.
    func drawLegend(into svg: inout SVGDocument) {
        var x = Layout.panels[0].left
        let y = 78.0
        for (a, assay) in assays.enumerated() {
            let colour = PlotPalette.style(a).colour
            svg.line(x1: x, y1: y - 4, x2: x + 22, y2: y - 4, ["stroke": colour, "stroke-width": "2"])
            svg.circle(cx: x + 11, cy: y - 4, r: 3.5, ["fill": colour])
            svg.text(assay, x: x + 28, y: y, size: 12, ["fill": PlotPalette.ink])
            x += 28 + SVGDocument.estimatedWidth(assay, size: 12) + 22
        }
        let note = "points: fraction detected, bars: 95% interval (Wilson); dashed: expected fraction"
        svg.text(note, x: Layout.panels[0].left, y: y + 18, size: 11, ["fill": PlotPalette.muted])
    }

    /// The x position of a row: the age, or the middle of the delivery bin.
    static func position(_ r: PrevalenceCSV.Row) -> Double { (r.fromYears + r.toYears) / 2 }

    func drawPanel(by: String, axisTitle: String, panelTitle: String, frame: (left: Double, right: Double), into svg: inout SVGDocument) {
        let mine = rows.filter { $0.by == by && $0.samples > 0 }
        let top = Layout.top, bottom = Layout.bottom
        let lowX = mine.map { $0.fromYears }.min() ?? 0, highX = mine.map { $0.toYears }.max() ?? 1
        let pad = by == "age" ? max(1, (highX - lowX) * 0.04) : 0
        let x = LinearScale(lower: by == "age" ? lowX - pad : 0, upper: highX + pad, start: frame.left, end: frame.right)
        let y = LinearScale(lower: 0, upper: 1, start: bottom, end: top)

        svg.text(panelTitle, x: frame.left, y: top - 8, size: 13, ["font-weight": "bold", "fill": PlotPalette.ink])
        for v in stride(from: 0.0, through: 1.0, by: 0.2) {
            let py = y.pixel(v)
            svg.line(x1: frame.left, y1: py, x2: frame.right, y2: py, ["stroke": PlotPalette.grid, "stroke-width": "1"])
            svg.text(SVGDocument.number(v * 100, decimals: 0) + "%", x: frame.left - 7, y: py + 4, size: 11, anchor: "end",
                     ["fill": PlotPalette.ink])
        }
        let step = x.step(atMost: 8)
        for t in x.ticks(atMost: 8) {
            let px = x.pixel(t)
            svg.line(x1: px, y1: top, x2: px, y2: bottom, ["stroke": PlotPalette.grid, "stroke-width": "1"])
            svg.line(x1: px, y1: bottom, x2: px, y2: bottom + 5, ["stroke": PlotPalette.ink, "stroke-width": "1"])
            svg.text(LinearScale.label(t, step: step), x: px, y: bottom + 18, size: 12, anchor: "middle", ["fill": PlotPalette.ink])
        }
        svg.text(axisTitle, x: (frame.left + frame.right) / 2, y: bottom + 38, size: 13, anchor: "middle", ["fill": PlotPalette.ink])
        svg.text("women positive", x: frame.left - 46, y: (top + bottom) / 2, size: 12, anchor: "middle", rotate: -90,
                 ["fill": PlotPalette.ink])
        if mine.isEmpty {
            let why = by == "age" ? "no samples" : "no sample after a delivery"
            svg.text(why, x: (frame.left + frame.right) / 2, y: (top + bottom) / 2, size: 13, anchor: "middle",
                     ["fill": PlotPalette.muted])
        }

        let names = assays
        for (a, assay) in names.enumerated() {
            let colour = PlotPalette.style(a).colour
            let points = mine.filter { $0.assay == assay }.sorted { Self.position($0) < Self.position($1) }
            let dodge = (Double(a) - Double(names.count - 1) / 2) * 4
            let px = points.map { x.pixel(Self.position($0)) + dodge }
            svg.polyline(points.indices.map { (x: px[$0], y: y.pixel(points[$0].expectedFraction)) },
                         ["fill": "none", "stroke": colour, "stroke-width": "1.3", "stroke-dasharray": "5 3"])
            svg.polyline(points.indices.map { (x: px[$0], y: y.pixel(Double(points[$0].detected) / Double(points[$0].samples))) },
                         ["fill": "none", "stroke": colour, "stroke-width": "1.8", "stroke-opacity": "0.8"])
            for (k, r) in points.enumerated() {
                let ci = r.wilson95
                let fraction = Double(r.detected) / Double(r.samples)
                svg.beginGroup(title: tooltip(r, by: by, fraction: fraction, ci: ci))
                svg.line(x1: px[k], y1: y.pixel(ci.low), x2: px[k], y2: y.pixel(ci.high), ["stroke": colour, "stroke-width": "1.5"])
                for v in [ci.low, ci.high] {
                    svg.line(x1: px[k] - 3, y1: y.pixel(v), x2: px[k] + 3, y2: y.pixel(v), ["stroke": colour, "stroke-width": "1.5"])
                }
                svg.circle(cx: px[k], cy: y.pixel(fraction), r: 3.8, ["fill": colour, "stroke": "#ffffff", "stroke-width": "1"])
                svg.endGroup()
            }
        }
        svg.rect(x: frame.left, y: top, width: frame.right - frame.left, height: bottom - top,
                 ["fill": "none", "stroke": "#9A9A9A", "stroke-width": "1"])
    }

    /// The hover text of one point: counts, fraction, interval and expectation.
    func tooltip(_ r: PrevalenceCSV.Row, by: String, fraction: Double, ci: (low: Double, high: Double)) -> String {
        let pct = { (v: Double) in SVGDocument.number(v * 100, decimals: 0) + "%" }
        let at = by == "age" ? "age \(SVGDocument.number(r.fromYears, decimals: 1))"
            : "\(SVGDocument.number(r.fromYears, decimals: 0))–\(SVGDocument.number(r.toYears, decimals: 0)) years since delivery"
        return "\(r.assay), \(at): \(r.detected) of \(r.samples) detected (\(pct(fraction)), 95% CI \(pct(ci.low))–\(pct(ci.high))); "
            + "expected \(pct(r.expectedFraction))"
    }
}
