import Engines
import Foundation
import RateModel
import Reporting
import Testing

/// `timeline.svg` from a synthetic result whose every feature is known:
/// a series that drops to zero, one that is zero throughout, one with
/// quantiles, a host with two origins, and names that need escaping.
@Suite("timeline.svg")
struct TimelinePlotTests {
    static let times: [Double] = (0...40).map { Double($0) * 91.3125 } // 10 years, quarterly
    static let bloodColour = PlotPalette.colours[0]

    /// Mother carries son's cells: blood positive for the first year then 0,
    /// bone marrow positive throughout with quantiles (q05 = 0 late), lung
    /// zero throughout, the total. Son carries cells of two origins.
    static func result(quantiles: Bool) -> RunResult {
        func q(_ m: Double, late: Bool) -> Quantiles? {
            quantiles ? Quantiles(q05: late ? 0 : m / 4, q25: m / 2, q50: m, q75: 2 * m, q95: 4 * m) : nil
        }
        let n = times.count
        var blood: [PointStatistics] = [], marrow: [PointStatistics] = []
        for k in 0..<n {
            let early = k < 5
            let level: Double = early ? 100.0 / Double(k + 1) : 0
            blood.append(PointStatistics(mean: level, quantiles: early ? q(100, late: false) : q(0, late: true)))
            let m: Double = 1000 * pow(0.9, Double(k))
            marrow.append(PointStatistics(mean: m, quantiles: q(m, late: k > 20)))
        }
        let lung = (0..<n).map { _ in PointStatistics(mean: 0, quantiles: q(0, late: true)) }
        let total = (0..<n).map { k in PointStatistics(mean: blood[k].mean + marrow[k].mean) }
        func label(_ host: String, _ origin: SeriesLabel.Part, _ compartment: SeriesLabel.Part) -> SeriesLabel {
            SeriesLabel(host: host, origin: origin, cellType: .allCellTypes, compartment: compartment)
        }
        let sonBlood = (0..<n).map { k in PointStatistics(mean: 10 + Double(k)) }
        let sonBloodG = (0..<n).map { k in PointStatistics(mean: 0.5) }
        return RunResult(times: times, series: [
            TimeSeries(label: SeriesLabel(host: "mother", origin: .named("son"), cellType: .named("progenitor"), compartment: .named("blood")), points: blood),
            TimeSeries(label: label("mother", .named("son"), .named("blood")), points: blood),
            TimeSeries(label: label("mother", .named("son"), .named("bone_marrow")), points: marrow),
            TimeSeries(label: label("mother", .named("son"), .named("lung")), points: lung),
            TimeSeries(label: label("mother", .named("son"), .total), points: total),
            TimeSeries(label: label("son", .named("mother"), .named("blood")), points: sonBlood),
            TimeSeries(label: label("son", .named("mother"), .total), points: sonBlood),
            TimeSeries(label: label("son", .named("grandmother"), .named("blood")), points: sonBloodG),
            TimeSeries(label: label("son", .named("grandmother"), .total), points: sonBloodG),
            TimeSeries(label: label("son", .allOrigins, .total), points: (0..<n).map { k in
                PointStatistics(mean: 10.5 + Double(k), quantiles: quantiles ? Quantiles(q05: 0, q25: 5, q50: 10, q75: 15, q95: 30) : nil)
            }),
        ], method: quantiles ? .fast : .moments)
    }

    static func svg(quantiles: Bool = true, title: String = "a <test> & \"more\"") -> String {
        TimelinePlot(title: title, subtitle: "method fast · 20 replicates", result: result(quantiles: quantiles), events: [
            TimelineEvent(time: 0, kind: .conception, label: "conception: son"),
            TimelineEvent(time: 280, kind: .delivery, label: "delivery: son"),
            TimelineEvent(time: 400, end: 580, kind: .breastfeeding, label: "breastfeeding: son", host: "son"),
            TimelineEvent(time: 99_999, kind: .transfusion, label: "after the end"),
        ]).render()
    }

    @Test("the SVG is well-formed XML, escapes its text and is the same bytes every time")
    func wellFormed() throws {
        let text = Self.svg()
        let parsed = try #require(SVGElements.parse(text), "XMLParser rejects the document")
        #expect(parsed.texts.contains("a <test> & \"more\""))
        #expect(text.contains("a &lt;test&gt; &amp; &quot;more&quot;"))
        #expect(Self.svg() == text)
        #expect(!text.contains("nan") && !text.contains("inf"))
        let root = try #require(parsed.named("svg").first)
        #expect(root.attributes["width"] == "960")
    }

    @Test("one panel per host: son's compartments are the sums of his origins' means; events inside the run are labelled")
    func panels() throws {
        let panels = TimelinePanel.panels(of: Self.result(quantiles: true))
        #expect(panels.map(\.host) == ["mother", "son"])
        #expect(panels[0].compartments.map(\.label.compartment) == [.named("blood"), .named("bone_marrow")], "lung is zero throughout")
        #expect(panels[0].origins == ["son"] && !panels[0].summedOverOrigins)
        #expect(panels[1].origins == ["mother", "grandmother"] && panels[1].summedOverOrigins)
        #expect(panels[1].compartments.count == 1)
        #expect(panels[1].compartments[0].points.map(\.mean) == Self.times.indices.map { 10 + Double($0) + 0.5 })
        #expect(panels[1].caption == "in son: cells of mother and grandmother")
        #expect(panels[1].total?.label.origin == .allOrigins && panels[1].totalHasBands, "the origin-all total is the sum: its bands are drawn")
        #expect(!panels[0].totalHasBands, "the compartments have bands: the total has none")
        let parsed = try #require(SVGElements.parse(Self.svg()))
        let texts = parsed.texts
        #expect(texts.contains("bone marrow") && texts.contains("blood") && !texts.contains("lung"))
        #expect(texts.contains("conception: son") && texts.contains("breastfeeding: son") && !texts.contains("after the end"))
        #expect(texts.contains("years") && texts.filter { $0 == "cells" }.count == 2)
    }

    @Test("an origin-all total that is not the sum of the origins' totals (a cohort's) is replaced by that sum, without bands")
    func inconsistentTotal() throws {
        var result = Self.result(quantiles: true)
        let k = try #require(result.series.firstIndex { $0.label.host == "son" && $0.label.origin == .allOrigins })
        result.series[k].points = result.series[k].points.map { PointStatistics(mean: $0.mean / 2, quantiles: $0.quantiles) }
        let son = try #require(TimelinePanel.panels(of: result).last)
        let total = try #require(son.total)
        #expect(total.points.map(\.mean) == Self.times.indices.map { 10 + Double($0) + 0.5 })
        #expect(total.points.allSatisfy { $0.quantiles == nil } && !son.totalHasBands)
    }

    @Test("zeros are drawn in the zero strip and a positive series never enters it")
    func zeroStrip() throws {
        let parsed = try #require(SVGElements.parse(Self.svg()))
        let strip = try #require(parsed.clipRect("clip-zero-0"))
        let zeroY = strip.y + strip.height / 2
        let lines = parsed.named("polyline").filter { $0.attributes["stroke"] == Self.bloodColour && $0.attributes["fill"] == "none" }
        let inStrip = lines.filter { $0.clip == "url(#clip-zero-0)" }
        let inLog = lines.filter { $0.clip == "url(#clip-log-0)" }
        #expect(inStrip.count == 1 && inLog.count == 1, "blood's mean once per region")
        // Blood is 0 from the fifth output on: its strip line lies on the zero line there.
        let stripPoints = SVGElements.points(try #require(inStrip.first))
        #expect(stripPoints.contains { abs($0.y - zeroY) < 0.01 })
        #expect(abs(try #require(stripPoints.last).y - zeroY) < 0.01)
        // ... and in the log region its line leaves through the bottom edge.
        let logPoints = SVGElements.points(try #require(inLog.first))
        #expect(try #require(logPoints.last).y > strip.y)
        // Bone marrow's mean is positive throughout: none of its points is inside the strip.
        let marrow = parsed.named("polyline").filter {
            $0.attributes["stroke"] == PlotPalette.colours[1] && $0.clip == "url(#clip-zero-0)" && $0.attributes["fill"] == "none"
        }
        #expect(marrow.count == 1)
        #expect(marrow.flatMap(SVGElements.points).allSatisfy { $0.y < strip.y })
        // Its 5% quantile is 0 late on: the outer band reaches the zero line.
        let bands = parsed.named("polygon").filter { $0.attributes["fill"] == PlotPalette.colours[1] && $0.clip == "url(#clip-zero-0)" }
        #expect(bands.flatMap(SVGElements.points).contains { abs($0.y - zeroY) < 0.01 })
        #expect(parsed.texts.contains("0"))
    }

    @Test("bands only where quantiles exist: the moments method gives lines alone")
    func bands() throws {
        let withQ = try #require(SVGElements.parse(Self.svg(quantiles: true)))
        let without = try #require(SVGElements.parse(Self.svg(quantiles: false)))
        #expect(withQ.named("polygon").count >= 4, "two bands for each of blood and bone marrow")
        #expect(without.named("polygon").isEmpty)
        #expect(without.named("polyline").count == withQ.named("polyline").count)
    }

    @Test("log axis: powers of ten from the smallest to the largest value, readable labels")
    func logAxis() throws {
        let scale = try #require(LogScale.covering([0, 0.5, 3000, 1000], bottom: 200, top: 0))
        #expect(scale.lowerExponent == -1 && scale.upperExponent == 4)
        #expect(abs(scale.pixel(0.1) - 200) < 1e-9 && abs(scale.pixel(10_000)) < 1e-9)
        #expect(LogScale.covering([1e-20, 1e6], bottom: 1, top: 0)?.lowerExponent == -4, "at most 10 decades")
        #expect(LogScale.covering([1000], bottom: 1, top: 0)?.lowerExponent == 1, "at least 2 decades")
        #expect(LogScale.covering([0, 0], bottom: 1, top: 0) == nil)
        #expect([-4, -2, -1, 0, 1, 2, 3, 4, 12].map { LogScale.label(exponent: $0) }
                == ["10⁻⁴", "0.01", "0.1", "1", "10", "100", "1,000", "10⁴", "10¹²"])
    }

    @Test("numbers are written with fixed decimals")
    func numbers() {
        #expect(SVGDocument.number(1.005, decimals: 2) == "1.00" || SVGDocument.number(1.005, decimals: 2) == "1.01")
        #expect(SVGDocument.number(-0.001) == "0.00")
        #expect(SVGDocument.number(-12.345, decimals: 1) == "-12.3")
        #expect(SVGDocument.number(7, decimals: 0) == "7")
        #expect(SVGDocument.number(0.05, decimals: 2) == "0.05")
        #expect(SVGDocument.escape("a<b>&'\"") == "a&lt;b&gt;&amp;&apos;&quot;")
    }
}
