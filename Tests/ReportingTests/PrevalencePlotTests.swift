import Foundation
import Reporting
import Testing

/// `prevalence.svg` from hand-made rows of prevalence.csv.
@Suite("prevalence.svg")
struct PrevalencePlotTests {
    static let rows: [PrevalenceCSV.Row] = [
        .init(assay: "blood_y", by: "age", fromYears: 20, toYears: 20, samples: 50, detected: 5, expectedFraction: 0.12, meanPer1e5: 0.1),
        .init(assay: "blood_y", by: "age", fromYears: 30, toYears: 30, samples: 50, detected: 20, expectedFraction: 0.38, meanPer1e5: 0.4),
        .init(assay: "heart<y>", by: "age", fromYears: 30, toYears: 30, samples: 50, detected: 0, expectedFraction: 0.01, meanPer1e5: 0),
        .init(assay: "blood_y", by: "years_since_delivery", fromYears: 0, toYears: 5, samples: 30, detected: 15, expectedFraction: 0.5,
              meanPer1e5: 0.5),
        .init(assay: "blood_y", by: "years_since_delivery", fromYears: 5, toYears: 10, samples: 0, detected: 0, expectedFraction: 0,
              meanPer1e5: 0),
    ]

    @Test("one point with a Wilson bar per row with samples, a colour per assay, well-formed and escaped")
    func points() throws {
        let svg = PrevalencePlot(title: "cohort", subtitle: "12 women", rows: Self.rows).render()
        let parsed = try #require(SVGElements.parse(svg))
        let circles = parsed.named("circle")
        // Two legend markers, then one point per row with samples (4).
        #expect(circles.count == 2 + 4)
        #expect(Set(circles.compactMap { $0.attributes["fill"] }) == [PlotPalette.colours[0], PlotPalette.colours[1]])
        #expect(parsed.texts.contains("heart<y>") && svg.contains("heart&lt;y&gt;"))
        #expect(parsed.texts.contains("by age") && parsed.texts.contains("by years since last delivery"))
        // The tooltip of the 30-year point states the counts and the Wilson interval of 20/50.
        let ci = Self.rows[1].wilson95
        let pct = { (v: Double) in SVGDocument.number(v * 100, decimals: 0) + "%" }
        #expect(parsed.named("title").contains { $0.text.contains("20 of 50 detected (40%, 95% CI \(pct(ci.low))–\(pct(ci.high)))") })
        #expect(PrevalencePlot(title: "cohort", subtitle: "12 women", rows: Self.rows).render() == svg)
    }

    @Test("a grouping without rows says so instead of drawing nothing")
    func empty() throws {
        let parsed = try #require(SVGElements.parse(PrevalencePlot(title: "t", subtitle: "s", rows: Array(Self.rows.prefix(2))).render()))
        #expect(parsed.texts.contains("no sample after a delivery"))
    }
}
