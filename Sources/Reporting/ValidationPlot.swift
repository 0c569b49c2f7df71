import Foundation

/// `validation.svg`: every observation of a calibration suite against its
/// prediction, on log-log axes.
///
/// Each observation appears twice: the joint fit's prediction (in sample,
/// filled disc) and the prediction of the fit without its study
/// (leave-one-study-out, open ring), joined by a thin line. The diagonal is
/// perfect agreement and the shaded band the factor-2 band (observed/predicted
/// in [1/2, 2]). Both axes share one logarithmic scale covering every positive
/// value; observations or predictions of 0 cannot be placed on a log axis and
/// are counted in the subtitle instead. Okabe–Ito colours; deterministic.
public struct ValidationPlot: Sendable {
    /// One observation: its value and its two predictions; `label` is the hover text.
    public struct Point: Sendable {
        public var observed: Double
        public var inSample: Double
        public var leaveOneOut: Double
        public var label: String

        public init(observed: Double, inSample: Double, leaveOneOut: Double, label: String) {
            self.observed = observed
            self.inSample = inSample
            self.leaveOneOut = leaveOneOut
            self.label = label
        }
    }

    public var title: String
    public var points: [Point]

    public init(title: String, points: [Point]) {
        self.title = title
        self.points = points
    }

    enum Layout {
        static let left = 100.0, top = 100.0, side = 520.0, width = 700, height = 700
    }

    /// The whole SVG document.
    public func render() -> String {
        var svg = SVGDocument(width: Layout.width, height: Layout.height)
        let placed = points.filter { $0.observed > 0 && $0.inSample > 0 && $0.leaveOneOut > 0 && $0.observed.isFinite }
        let dropped = points.count - placed.count
        svg.text(title, x: Layout.left, y: 30, size: 18, ["font-weight": "bold", "fill": PlotPalette.ink])
        let hidden = dropped == 0 ? "" : dropped == 1 ? "; 1 with a value of 0 is not shown (log axes)"
            : "; \(dropped) with a value of 0 are not shown (log axes)"
        svg.text("\(points.count) observations" + hidden,
                 x: Layout.left, y: 52, size: 12, ["fill": PlotPalette.muted])
        let (inColour, outColour) = (PlotPalette.colours[1], PlotPalette.colours[0])
        svg.circle(cx: Layout.left + 6, cy: 72, r: 4, ["fill": inColour])
        svg.text("in sample (joint fit)", x: Layout.left + 16, y: 76, size: 12, ["fill": PlotPalette.ink])
        svg.circle(cx: Layout.left + 186, cy: 72, r: 4, ["fill": "none", "stroke": outColour, "stroke-width": "1.5"])
        svg.text("leave-one-study-out", x: Layout.left + 196, y: 76, size: 12, ["fill": PlotPalette.ink])
        svg.text("shaded: within 2×", x: Layout.left + 356, y: 76, size: 12, ["fill": PlotPalette.muted])
        let values = placed.flatMap { [$0.observed, $0.inSample, $0.leaveOneOut] }
        let (left, top, right, bottom) = (Layout.left, Layout.top, Layout.left + Layout.side, Layout.top + Layout.side)
        guard let y = LogScale.covering(values, bottom: bottom, top: top) else { return svg.render() }
        let x = LogScale(lowerExponent: y.lowerExponent, upperExponent: y.upperExponent, bottom: left, top: right)
        svg.defineClip(id: "validation-frame", x: left, y: top, width: Layout.side, height: Layout.side)
        let (low, high) = (LogScale.power(y.lowerExponent), LogScale.power(y.upperExponent))
        svg.beginGroup(["clip-path": "url(#validation-frame)"])
        svg.polygon([(x.pixel(low), y.pixel(2 * low)), (x.pixel(high), y.pixel(2 * high)), (x.pixel(high), y.pixel(high / 2)),
                     (x.pixel(low), y.pixel(low / 2))], ["fill": PlotPalette.grid, "stroke": "none"])
        svg.line(x1: x.pixel(low), y1: y.pixel(low), x2: x.pixel(high), y2: y.pixel(high), ["stroke": PlotPalette.muted, "stroke-width": "1"])
        svg.endGroup()
        for k in y.labelledExponents {
            let v = LogScale.power(k), label = LogScale.label(exponent: k)
            svg.text(label, x: left - 6, y: y.pixel(v) + 4, size: 11, anchor: "end", ["fill": PlotPalette.ink])
            svg.text(label, x: x.pixel(v), y: bottom + 17, size: 11, anchor: "middle", ["fill": PlotPalette.ink])
        }
        svg.rect(x: left, y: top, width: Layout.side, height: Layout.side, ["fill": "none", "stroke": PlotPalette.ink, "stroke-width": "1"])
        svg.text("predicted (fraction positive or level)", x: (left + right) / 2, y: bottom + 40, size: 13, anchor: "middle", ["fill": PlotPalette.ink])
        svg.text("observed", x: left - 60, y: (top + bottom) / 2, size: 13, anchor: "middle", rotate: -90, ["fill": PlotPalette.ink])
        for p in placed {
            let (py, pin, pout) = (y.pixel(p.observed), x.pixel(p.inSample), x.pixel(p.leaveOneOut))
            svg.beginGroup(title: p.label)
            svg.line(x1: pin, y1: py, x2: pout, y2: py, ["stroke": PlotPalette.muted, "stroke-width": "0.75"])
            svg.circle(cx: pin, cy: py, r: 3.5, ["fill": inColour, "fill-opacity": "0.8"])
            svg.circle(cx: pout, cy: py, r: 4, ["fill": "none", "stroke": outColour, "stroke-width": "1.5"])
            svg.endGroup()
        }
        return svg.render()
    }
}
