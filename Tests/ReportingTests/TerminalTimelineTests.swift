import Engines
import RateModel
import Reporting
import Testing

/// The terminal chart puts each mean on the row of its power of ten, zero
/// on the zero row, events above the plot, and never exceeds its width.
/// Output times are yearly, far sparser than the columns: the columns
/// between them are interpolated.
@Suite("Terminal timeline")
struct TerminalTimelineTests {
    /// Two compartments over 10 years: `blood` at exactly 1,000 cells until
    /// year 5 and 0 after; `marrow` at exactly 10 cells throughout.
    static func panel() -> (TimelinePanel, [Double]) {
        let times = (0...10).map { Double($0) * 365.25 }
        let blood = TimeSeries(label: SeriesLabel(compartment: .named("blood")),
                               points: times.map { PointStatistics(mean: $0 <= 5 * 365.25 ? 1000 : 0) })
        let marrow = TimeSeries(label: SeriesLabel(compartment: .named("marrow")), points: times.map { _ in PointStatistics(mean: 10) })
        let result = RunResult(times: times, series: [blood, marrow], method: .moments)
        return (TimelinePanel.panels(of: result)[0], times)
    }

    @Test("means sit on their power-of-ten rows, zeros on the zero row, events above; every line fits")
    func rowsAndWidth() throws {
        let (panel, times) = Self.panel()
        let event = TimelineEvent(time: 2 * 365.25, kind: .transfusion, label: "transfusion from donor")
        for width in [60, 80, 120] {
            let lines = TerminalTimeline(width: width).render(panel, times: times, events: [event])
            for line in lines { #expect(line.count <= width, "width \(width): \(line)") }
            let rowOf1000 = try #require(lines.first { $0.hasPrefix(" 1,000 ┤") })
            let rowOf10 = try #require(lines.first { $0.hasPrefix("    10 ┤") })
            let zero = try #require(lines.first { $0.hasPrefix("     0 ┤") })
            let plot = { (line: String) in Array(line.dropFirst(8)) }
            let columns = width - 8
            // blood (●) on the 1,000 row over the first half, on the zero row after it.
            #expect(plot(rowOf1000).prefix(columns / 2 - 1).allSatisfy { $0 == "●" }, "\(rowOf1000)")
            // Columns after year 6 (between years 5 and 6 the mean is interpolated).
            #expect(plot(zero).suffix(columns - Int(0.6 * Double(columns)) - 1).allSatisfy { $0 == "●" }, "\(zero)")
            #expect(!plot(zero).prefix(columns / 2 - 1).contains("●"))
            // marrow (■) on the 10 row throughout.
            #expect(plot(rowOf10).count == columns && plot(rowOf10).allSatisfy { $0 == "■" }, "\(rowOf10)")
            // the event: ▼ at its column (year 2 of 10) and in the legend.
            let marks = try #require(lines.first { $0.contains("▼") && !$0.contains("transfusion") })
            #expect(plot(marks).firstIndex(of: "▼") == Int(0.2 * Double(columns)))
            #expect(lines.contains { $0.contains("▼ 2.0 y transfusion from donor") })
            #expect(lines.contains { $0.contains("● blood") && $0.contains("■ marrow") })
        }
    }
}
