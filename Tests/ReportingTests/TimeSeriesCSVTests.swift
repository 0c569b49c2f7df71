import Foundation
import Testing
import Engines
import RateModel
import Reporting

@Suite("timeseries.csv contract")
struct TimeSeriesCSVTests {
    static let tricky: [Double] = [0.1, 1.0 / 3.0, 2.0 / 3.0 * 1e-300, 123456789.123456789, Double.leastNonzeroMagnitude, 1e22, 0.30000000000000004, 10000]

    static func sample() -> RunResult {
        RunResult(
            times: [0, 365.25, 730.5],
            series: [
                TimeSeries(label: SeriesLabel(compartment: .named("blood")),
                           points: [PointStatistics(mean: 10000), PointStatistics(mean: 0.1), PointStatistics(mean: -0.0)]),
                TimeSeries(label: SeriesLabel(host: "mother", origin: .named("child1"), cellType: .named("progenitor"),
                                                   compartment: .named("bone, marrow \"BM\"")),
                           points: [PointStatistics(mean: 1, sd: 2, quantiles: Quantiles(q05: 0, q25: 0, q50: 1, q75: 2, q95: 5), pPresent: 0.5),
                                    PointStatistics(mean: 1.0 / 3.0, sd: 0.25, pPresent: 1e-9),
                                    PointStatistics(mean: Double.leastNonzeroMagnitude)]),
            ],
            method: .moments)
    }

    @Test("header and columns are exactly the contract")
    func header() {
        let lines = TimeSeriesCSV.render(Self.sample()).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "time_days,time_years,host,origin,cell_type,compartment,mean,sd,q05,q25,q50,q75,q95,p_present")
        #expect(lines.count == 1 + 3 * 2 + 1) // header, T·S rows, final empty after the last newline
        #expect(lines.last == "")
    }

    @Test("rows: time-major, empty cells for missing statistics, RFC 4180 quoting")
    func rows() {
        let lines = TimeSeriesCSV.render(Self.sample()).split(separator: "\n").map(String.init)
        #expect(lines[1] == "0.0,0.0,,,,blood,10000.0,,,,,,,")
        #expect(lines[2] == "0.0,0.0,mother,child1,progenitor,\"bone, marrow \"\"BM\"\"\",1.0,2.0,0.0,0.0,1.0,2.0,5.0,0.5")
        #expect(lines[3] == "365.25,1.0,,,,blood,0.1,,,,,,,")
        #expect(lines[5] == "730.5,2.0,,,,blood,0.0,,,,,,,") // −0 is written as 0.0
    }

    @Test("every number reads back to the same Double")
    func roundTrip() {
        for x in Self.tricky {
            #expect(Double(NumberFormat.shortest(x)) == x, "\(x)")
        }
    }

    @Test("appending a number as bytes gives the text of shortest, for any bit pattern")
    func appendMatchesShortest() {
        // Random 64-bit patterns cover every exponent, subnormals, NaNs and
        // infinities; the fixed values add zeros of both signs and the
        // magnitudes means and sds take (many of them 16 to 17 digits long).
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var values: [Double] = Self.tricky + [0, -0.0, .nan, -.nan, .infinity, -.infinity, -1e-320, 5e-324, 1.7976931348623157e308]
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407 // LCG, a fixed sequence
            values.append(Double(bitPattern: state))
            values.append(Double(state >> 11) * 0x1p-53 * 20_000)
        }
        var text = TextBuffer(capacity: 1)
        text.append(Array("x,".utf8))
        var expected = "x,"
        for x in values {
            text.appendShortest(x)
            text.append(UInt8(ascii: ","))
            expected += NumberFormat.shortest(x) + ","
        }
        #expect(String(decoding: text.bytes, as: UTF8.self) == expected)
    }
}
