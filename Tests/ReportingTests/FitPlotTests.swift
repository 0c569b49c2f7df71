import Foundation
import Reporting
import Testing

/// fit.svg and profiles.svg from hand-made panels, residuals.csv and the
/// Wilson interval against hand-computed values.
@Suite("fit figures and residuals")
struct FitPlotTests {
    static let proportion = FitPlot.Panel(
        study: "evans<1999>", assay: "blood_y", kind: .proportion,
        observations: [.init(years: 10, value: 0.4, low: 0.25, high: 0.55, label: "8 of 20"),
                       .init(years: 20, value: 0.1, low: 0.03, high: 0.3)],
        curve: (0...10).map { k in .init(years: Double(k) * 2.5, value: 0.5 - 0.02 * Double(k), low: 0.45 - 0.02 * Double(k), high: 0.55 - 0.02 * Double(k)) })
    static let level = FitPlot.Panel(
        study: "levels", assay: "blood_y", kind: .level,
        observations: [.init(years: 5, value: 2, low: 1, high: 4)],
        curve: [.init(years: 0, value: 10, low: 5, high: 20), .init(years: 10, value: 0.1, low: 0.05, high: 0.2)])

    @Test("one panel per study and assay: points with bars, a curve inside a band, clipped to its panel, escaped and deterministic")
    func fitPlot() throws {
        let plot = FitPlot(title: "t", subtitle: "s", panels: [Self.proportion, Self.level])
        let svg = plot.render()
        let parsed = try #require(SVGElements.parse(svg))
        #expect(parsed.named("circle").count == 3)
        #expect(parsed.named("polygon").count == 2 && parsed.named("polyline").count == 2)
        #expect(parsed.texts.contains("evans<1999>: blood_y") && svg.contains("evans&lt;1999&gt;"))
        #expect(parsed.named("title").contains { $0.text == "8 of 20" })
        // The curve lies inside its band at every time: band top ≤ curve ≤ band bottom in pixels (y grows down).
        let band = SVGElements.points(parsed.named("polygon")[0]), line = SVGElements.points(parsed.named("polyline")[0])
        #expect(band.count == 2 * line.count)
        for (k, p) in line.enumerated() {
            #expect(band[k].y <= p.y + 1e-9 && p.y <= band[band.count - 1 - k].y + 1e-9)
        }
        // The 40% point sits at 40% of the panel's height above its bottom.
        let clip = try #require(parsed.clipRect("fit-panel-0"))
        let point = try #require(parsed.named("circle").first)
        let cy = try #require(Double(point.attributes["cy"] ?? ""))
        #expect(abs(cy - (clip.y + clip.height * 0.6)) < 0.02)
        #expect(parsed.named("circle").allSatisfy { $0.clip != nil })
        #expect(plot.render() == svg)
    }

    @Test("a level panel draws on a log axis: a tenfold value is one decade higher")
    func levelPanel() throws {
        let parsed = try #require(SVGElements.parse(FitPlot(title: "t", subtitle: "s", panels: [Self.level]).render()))
        let line = SVGElements.points(try #require(parsed.named("polyline").first))
        let texts = parsed.named("text").filter { $0.attributes["text-anchor"] == "end" } // the y axis labels
        let decade = { (label: String) -> Double? in texts.first { $0.text == label }.flatMap { Double($0.attributes["y"] ?? "") } }
        let one = try #require(decade("1")), ten = try #require(decade("10"))
        // Labels sit 4 px below their grid line; the curve starts at 10 and ends at 0.1, two decades apart.
        #expect(abs(line[0].y - (ten - 4)) < 0.02)
        #expect(abs((line[1].y - line[0].y) - 2 * (one - ten)) < 0.05)
    }

    @Test("profiles.svg: the 95% threshold line, the interval ends, and a flat profile without ends")
    func profilePlot() throws {
        let panels = [
            ProfilePlot.Panel(name: "a.half_life", logScale: true, points: [(0, 6), (0.5, 1), (1, 0), (1.5, 1), (2, 6)], estimate: 1,
                              lower: 0.2, upper: 1.8, range: 0...2, caption: "interval"),
            ProfilePlot.Panel(name: "b.rate", logScale: false, points: [(0, 0.1), (1, 0), (2, 0.1)], estimate: 1, lower: nil, upper: nil,
                              range: 0...2, caption: "not identifiable by these data"),
        ]
        let svg = ProfilePlot(title: "p", panels: panels).render()
        let parsed = try #require(SVGElements.parse(svg))
        #expect(parsed.texts.contains("not identifiable by these data"))
        let dashed = parsed.named("line").filter { $0.attributes["stroke-dasharray"] == "3 3" }
        #expect(dashed.count == 2)
        // Log axis labels: 1, 10, 100 at coordinates 0, 1, 2.
        #expect(["1", "10", "100"].allSatisfy(parsed.texts.contains))
        #expect(parsed.named("text").contains { $0.text.contains("3.84") })
    }

    @Test("residuals.csv: exact header, shortest numbers, RFC 4180 quoting of free text")
    func residuals() {
        let rows = [ResidualsCSV.Row(study: "s1", kind: "detected", assay: "y", time: 365.25, observed: 0.25, predicted: 0.5,
                                     logLikelihood: -1.5, pearson: -2, source: "Evans 1999, Table 1, \"healthy\"")]
        #expect(ResidualsCSV.render(rows) == ResidualsCSV.header + "\n"
                + "s1,detected,y,365.25,1.0,0.25,0.5,-1.5,-2.0,\"Evans 1999, Table 1, \"\"healthy\"\"\"\n")
    }

    @Test("Wilson interval: 8/20 by hand; 3/10, 0/10 and 10/10 as Newcombe (1998, Stat Med 17:857, table II); n = 0")
    func wilson() {
        // 8 of 20 at z = 1.959964: centre (0.4 + z²/40)/(1 + z²/20) = 0.41611, half-width 0.19731 (computed by hand).
        let ci = WilsonInterval.interval(positive: 8, of: 20)
        #expect(abs(ci.low - 0.2188) < 1e-4 && abs(ci.high - 0.6134) < 1e-4)
        let three = WilsonInterval.interval(positive: 3, of: 10)
        #expect(abs(three.low - 0.1078) < 1e-4 && abs(three.high - 0.6032) < 1e-4)
        let none = WilsonInterval.interval(positive: 0, of: 10)
        #expect(none.low == 0 && abs(none.high - 0.2775) < 1e-4)
        let all = WilsonInterval.interval(positive: 10, of: 10)
        #expect(all.high == 1 && abs(all.low - 0.7225) < 1e-4)
        #expect(WilsonInterval.interval(positive: 0, of: 0) == (0, 1))
    }
}
