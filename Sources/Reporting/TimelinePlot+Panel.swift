import Engines
import RateModel

/// Drawing one panel: frame, log grid, zero strip, bands and lines.
extension TimelinePlot {
    /// Which part of the broken axis a drawing pass fills.
    enum Region {
        /// The log range: zeros (and values below it) fall out of the bottom.
        case log(LogScale)
        /// The zero strip: positive values leave it upwards.
        case zero
    }

    func drawPanel(_ panel: TimelinePanel, number: Int, frame: PanelFrame, x: LinearScale, colours: [SeriesLabel.Part: Int],
                   into svg: inout SVGDocument) {
        let left = Layout.plotLeft, right = Layout.plotRight, width = right - left
        let frameStyle: SVGDocument.Attributes = ["fill": "none", "stroke": "#9A9A9A", "stroke-width": "1"]
        if !panel.caption.isEmpty {
            svg.text(panel.caption, x: left, y: frame.top + 16, size: 13, Self.halo(["font-weight": "bold", "fill": PlotPalette.ink]))
        }
        if panel.summedOverOrigins {
            let note = "compartment lines: means summed over origins" + (panel.totalHasBands ? "; bands: total" : "")
            svg.text(note, x: right, y: frame.top + 16, size: 11, anchor: "end", Self.halo(["fill": PlotPalette.muted]))
        }
        var values: [Double] = []
        for s in panel.drawn {
            for p in s.points {
                values.append(p.mean)
                if let q = p.quantiles { values += [q.q05, q.q95] }
            }
        }
        let scale = LogScale.covering(values, bottom: frame.logBottom, top: frame.logTop)
            ?? LogScale(lowerExponent: 0, upperExponent: 2, bottom: frame.logBottom, top: frame.logTop)

        // Grid: a line per power of ten, labels on the labelled ones; time ticks.
        for k in scale.lowerExponent...scale.upperExponent {
            let y = scale.pixel(LogScale.power(k))
            svg.line(x1: left, y1: y, x2: right, y2: y, ["stroke": PlotPalette.grid, "stroke-width": "1"])
        }
        for k in scale.labelledExponents {
            let y = scale.pixel(LogScale.power(k))
            svg.line(x1: left - 4, y1: y, x2: left, y2: y, ["stroke": PlotPalette.ink, "stroke-width": "1"])
            svg.text(LogScale.label(exponent: k), x: left - 7, y: y + 4, size: 11, anchor: "end", ["fill": PlotPalette.ink])
        }
        for t in x.ticks(atMost: 10) {
            let px = x.pixel(t)
            svg.line(x1: px, y1: frame.logTop, x2: px, y2: frame.logBottom, ["stroke": PlotPalette.grid, "stroke-width": "1"])
            svg.line(x1: px, y1: frame.zeroTop, x2: px, y2: frame.bottom, ["stroke": PlotPalette.grid, "stroke-width": "1"])
        }
        svg.rect(x: left, y: frame.zeroTop, width: width, height: Layout.zeroHeight, ["fill": "#000000", "fill-opacity": "0.04"])
        svg.line(x1: left, y1: frame.zeroY, x2: right, y2: frame.zeroY, ["stroke": PlotPalette.grid, "stroke-width": "1"])
        svg.text("0", x: left - 7, y: frame.zeroY + 4, size: 11, anchor: "end", ["fill": PlotPalette.ink])
        svg.text("cells", x: left - 50, y: (frame.logTop + frame.logBottom) / 2, size: 12, anchor: "middle", rotate: -90,
                 ["fill": PlotPalette.ink])

        // The data, once clipped to the log range and once to the zero strip.
        let logClip = "clip-log-\(number)", zeroClip = "clip-zero-\(number)"
        svg.defineClip(id: logClip, x: left, y: frame.logTop, width: width, height: Layout.logHeight)
        svg.defineClip(id: zeroClip, x: left, y: frame.zeroTop, width: width, height: Layout.zeroHeight)
        for (region, clip) in [(Region.log(scale), logClip), (Region.zero, zeroClip)] {
            svg.beginGroup(["clip-path": "url(#\(clip))"])
            drawSeries(panel, region: region, frame: frame, x: x, colours: colours, into: &svg)
            svg.endGroup()
        }
        if panel.drawn.isEmpty {
            svg.text("no cells of another person at any time", x: (left + right) / 2, y: (frame.logTop + frame.logBottom) / 2,
                     size: 13, anchor: "middle", ["fill": PlotPalette.muted])
        }

        drawLineLabels(panel, frame: frame, scale: scale, colours: colours, into: &svg)

        // Frames and the axis break (two slanted strokes on each side).
        svg.rect(x: left, y: frame.logTop, width: width, height: Layout.logHeight, frameStyle)
        svg.rect(x: left, y: frame.zeroTop, width: width, height: Layout.zeroHeight, frameStyle)
        for edge in [left, right] {
            for dy in [-3.0, 3.0] {
                let y = (frame.logBottom + frame.zeroTop) / 2 + dy
                svg.line(x1: edge - 5, y1: y + 2.5, x2: edge + 5, y2: y - 2.5, ["stroke": PlotPalette.ink, "stroke-width": "1.2"])
            }
        }
    }

    /// Bands (5–95% under 25–75%), then mean lines, then the total, in one region.
    func drawSeries(_ panel: TimelinePanel, region: Region, frame: PanelFrame, x: LinearScale, colours: [SeriesLabel.Part: Int],
                    into svg: inout SVGDocument) {
        let xs = result.times.map { x.pixel($0 / Days.perYear) }
        let y = pixelMap(region, frame: frame)
        let banded = panel.compartments + (panel.totalHasBands ? [panel.total!] : [])
        for outer in [true, false] {
            for s in banded {
                let isTotal = s.label.compartment == .total
                let colour = isTotal ? PlotPalette.total : PlotPalette.style(colours[s.label.compartment] ?? 0).colour
                // Many overlapping bands turn to mud: past four, each is fainter.
                let fade = min(1, 4 / Double(max(1, banded.count)))
                let opacity = isTotal ? (outer ? "0.05" : "0.09") : SVGDocument.number((outer ? 0.14 : 0.26) * fade)
                for run in quantileRuns(s) {
                    let upper = run.map { (x: xs[$0], y: y(outer ? s.points[$0].quantiles!.q95 : s.points[$0].quantiles!.q75)) }
                    let lower = run.map { (x: xs[$0], y: y(outer ? s.points[$0].quantiles!.q05 : s.points[$0].quantiles!.q25)) }
                    let outline = PixelPath.simplify(upper) + PixelPath.simplify(lower.reversed())
                    svg.polygon(outline, ["fill": colour, "fill-opacity": opacity, "stroke": "none"])
                }
            }
        }
        for s in panel.compartments {
            let style = PlotPalette.style(colours[s.label.compartment] ?? 0)
            let line = PixelPath.simplify(s.points.indices.map { (x: xs[$0], y: y(s.points[$0].mean)) })
            svg.polyline(line, ["fill": "none", "stroke": style.colour, "stroke-width": "2",
                                "stroke-linejoin": "round", "stroke-dasharray": style.dashed ? "5 3" : nil])
        }
        if let total = panel.total {
            let line = PixelPath.simplify(total.points.indices.map { (x: xs[$0], y: y(total.points[$0].mean)) })
            svg.polyline(line, ["fill": "none", "stroke": PlotPalette.total, "stroke-width": "1.6",
                                "stroke-dasharray": "6 3", "stroke-linejoin": "round"])
        }
    }

    /// Names the lines at their right ends, pushed apart so they do not
    /// overlap, each joined to its line's end by a short stroke in its colour.
    func drawLineLabels(_ panel: TimelinePanel, frame: PanelFrame, scale: LogScale, colours: [SeriesLabel.Part: Int],
                        into svg: inout SVGDocument) {
        struct Label { let text: String; let colour: String; let dashed: Bool; let y: Double; var placed: Double }
        var labels: [Label] = panel.drawn.compactMap { s in
            guard let last = s.points.last?.mean else { return nil }
            let isTotal = s.label.compartment == .total
            let style = isTotal ? (colour: PlotPalette.total, dashed: true) : PlotPalette.style(colours[s.label.compartment] ?? 0)
            let y = last > 0 ? min(scale.pixel(last), frame.logBottom) : frame.zeroY
            return Label(text: Self.displayName(s.label.compartment.text), colour: style.colour, dashed: style.dashed, y: y, placed: y)
        }
        labels.sort { ($0.y, $0.text) < ($1.y, $1.text) }
        let spacing = 12.5
        for i in labels.indices.dropFirst() { labels[i].placed = max(labels[i].y, labels[i - 1].placed + spacing) }
        if let last = labels.indices.last, labels[last].placed > frame.bottom {
            labels[last].placed = frame.bottom
            for i in labels.indices.reversed().dropFirst() { labels[i].placed = min(labels[i].placed, labels[i + 1].placed - spacing) }
        }
        let right = Layout.plotRight
        for l in labels {
            svg.polyline([(x: right + 1, y: l.y), (x: right + 5, y: l.y), (x: right + 9, y: l.placed), (x: right + 14, y: l.placed)],
                         ["fill": "none", "stroke": l.colour, "stroke-width": "2", "stroke-dasharray": l.dashed ? "3 2" : nil])
            svg.text(l.text, x: right + 17, y: l.placed + 4, size: 11, ["fill": PlotPalette.ink])
        }
    }

    /// A white outline behind text, so lines under it do not hide it.
    static func halo(_ style: SVGDocument.Attributes) -> SVGDocument.Attributes {
        style.adding(["stroke": "#ffffff", "stroke-width": "3", "stroke-linejoin": "round", "paint-order": "stroke"])
    }

    /// Maximal runs of consecutive output indices where `series` has quantiles.
    func quantileRuns(_ series: TimeSeries) -> [[Int]] {
        var runs: [[Int]] = [], current: [Int] = []
        for (k, p) in series.points.enumerated() {
            if p.quantiles != nil {
                current.append(k)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// Value → pixel in `region`: in the log range a zero (or a value far
    /// below it) goes just under the bottom edge, and in the zero strip a
    /// positive value goes just above the top edge, so each clip shows only
    /// its own part and a line crossing from one to the other leaves one
    /// region and enters the other at the break.
    func pixelMap(_ region: Region, frame: PanelFrame) -> (Double) -> Double {
        let below = frame.logBottom + Layout.breakGap + Layout.zeroHeight
        let above = frame.zeroTop - Layout.breakGap - Layout.zeroHeight
        switch region {
        case .log(let scale):
            return { v in v > 0 ? min(scale.pixel(v), below) : below }
        case .zero:
            return { v in v > 0 ? above : frame.zeroY }
        }
    }
}
