/// `sensitivity.svg`: a horizontal bar chart of sensitivity measures, one
/// panel per quantity, one group of bars per parameter (one bar per measure,
/// e.g. S1 and ST, or μ* and σ), with a whisker for each interval given.
///
/// The value axis spans 0 and every value and interval end (for Sobol'
/// indices at least 0…1), shared by the panels so bars compare across them.
public struct SensitivityPlot: Sendable {
    /// One bar of a parameter: its value and, if known, its interval.
    public struct Bar: Sendable {
        public var value: Double
        public var interval: ClosedRange<Double>?

        public init(value: Double, interval: ClosedRange<Double>? = nil) {
            self.value = value
            self.interval = interval
        }
    }

    /// One quantity: `bars[p][m]` is parameter p's bar of measure m.
    public struct Panel: Sendable {
        public var title: String
        public var bars: [[Bar]]

        public init(title: String, bars: [[Bar]]) {
            self.title = title
            self.bars = bars
        }
    }

    public var title: String
    public var parameters: [String]
    /// The measures' names, in the order of each parameter's bars (legend).
    public var measures: [String]
    public var panels: [Panel]
    /// Whether the axis should include 0…1 (indices that are fractions of variance).
    public var unitInterval: Bool

    public init(title: String, parameters: [String], measures: [String], panels: [Panel], unitInterval: Bool) {
        self.title = title
        self.parameters = parameters
        self.measures = measures
        self.panels = panels
        self.unitInterval = unitInterval
    }

    enum Layout {
        static let width = 900.0
        static let barHeight = 14.0
        static let groupGap = 10.0
        static let panelHeader = 44.0
        static let axisSpace = 40.0
        static let top = 70.0
    }

    /// The SVG text. Complexity: O(panels × parameters × measures).
    public func render() -> String {
        let labelWidth = min(420, (parameters.map { SVGDocument.estimatedWidth($0, size: 12) }.max() ?? 40) + 24)
        let groupHeight = Double(max(1, measures.count)) * Layout.barHeight + Layout.groupGap
        let panelHeight = Layout.panelHeader + Double(parameters.count) * groupHeight + Layout.axisSpace
        let height = Int(Layout.top + Double(panels.count) * panelHeight + 10)
        var doc = SVGDocument(width: Int(Layout.width), height: height)
        doc.text(title, x: 20, y: 28, size: 16, ["fill": PlotPalette.ink, "font-weight": "bold"])
        var legendX = 20.0
        for (m, name) in measures.enumerated() {
            doc.rect(x: legendX, y: 42, width: 14, height: 12, ["fill": PlotPalette.colours[m % PlotPalette.colours.count]])
            doc.text(name, x: legendX + 20, y: 53, size: 12, ["fill": PlotPalette.ink])
            legendX += 40 + SVGDocument.estimatedWidth(name, size: 12)
        }
        if panels.contains(where: { $0.bars.joined().contains { $0.interval != nil } }) {
            doc.text("whiskers: 95% bootstrap interval", x: legendX + 10, y: 53, size: 11, ["fill": PlotPalette.muted])
        }

        var values: [Double] = [0]
        if unitInterval { values.append(1) }
        for panel in panels {
            for group in panel.bars {
                for bar in group where bar.value.isFinite {
                    values.append(bar.value)
                    if let i = bar.interval, i.lowerBound.isFinite, i.upperBound.isFinite { values += [i.lowerBound, i.upperBound] }
                }
            }
        }
        let scale = LinearScale(lower: values.min() ?? 0, upper: values.max() ?? 1, start: labelWidth, end: Layout.width - 30)
        let ticks = scale.ticks(atMost: 8), step = scale.step(atMost: 8)
        for (q, panel) in panels.enumerated() {
            let top = Layout.top + Double(q) * panelHeight
            doc.text(panel.title, x: 20, y: top + 24, size: 13, ["fill": PlotPalette.ink])
            let plotTop = top + Layout.panelHeader - 8, plotBottom = top + panelHeight - Layout.axisSpace
            for t in ticks {
                let x = scale.pixel(t)
                doc.line(x1: x, y1: plotTop, x2: x, y2: plotBottom, ["stroke": t == 0 ? PlotPalette.muted : PlotPalette.grid])
                doc.text(LinearScale.label(t, step: step), x: x, y: plotBottom + 16, size: 11, anchor: "middle",
                         ["fill": PlotPalette.muted])
            }
            for (p, name) in parameters.enumerated() {
                let groupTop = top + Layout.panelHeader + Double(p) * groupHeight
                doc.text(name, x: labelWidth - 8, y: groupTop + groupHeight / 2, size: 12, anchor: "end", ["fill": PlotPalette.ink])
                for (m, bar) in panel.bars[p].enumerated() where bar.value.isFinite {
                    let y = groupTop + Double(m) * Layout.barHeight
                    let x0 = scale.pixel(0), x1 = scale.pixel(bar.value)
                    let colour = PlotPalette.colours[m % PlotPalette.colours.count]
                    doc.beginGroup(title: "\(name): \(measures[m]) = \(NumberFormat.shortest(bar.value))"
                                   + (bar.interval.map { " [\(NumberFormat.shortest($0.lowerBound)), \(NumberFormat.shortest($0.upperBound))]" } ?? ""))
                    doc.rect(x: min(x0, x1), y: y + 1, width: abs(x1 - x0), height: Layout.barHeight - 3,
                             ["fill": colour, "fill-opacity": "0.8"])
                    if let i = bar.interval, i.lowerBound.isFinite, i.upperBound.isFinite {
                        let mid = y + (Layout.barHeight - 1) / 2
                        let lo = scale.pixel(i.lowerBound), hi = scale.pixel(i.upperBound)
                        doc.line(x1: lo, y1: mid, x2: hi, y2: mid, ["stroke": PlotPalette.ink, "stroke-width": "1.2"])
                        doc.line(x1: lo, y1: mid - 4, x2: lo, y2: mid + 4, ["stroke": PlotPalette.ink, "stroke-width": "1.2"])
                        doc.line(x1: hi, y1: mid - 4, x2: hi, y2: mid + 4, ["stroke": PlotPalette.ink, "stroke-width": "1.2"])
                    }
                    doc.endGroup()
                }
            }
        }
        return doc.render()
    }
}
