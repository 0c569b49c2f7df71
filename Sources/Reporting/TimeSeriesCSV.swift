import Engines

/// `timeseries.csv`: the tidy long table of every series at every output time.
///
/// Columns, exactly: `time_days,time_years,host,origin,cell_type,compartment,
/// mean,sd,q05,q25,q50,q75,q95,p_present`. Rows are ordered by output time,
/// then by series in the engine's order. A statistic the method does not
/// produce is an empty cell. Numbers use `NumberFormat.shortest`, so every
/// value reads back exactly.
public enum TimeSeriesCSV {
    public static let header = "time_days,time_years,host,origin,cell_type,compartment,mean,sd,q05,q25,q50,q75,q95,p_present"

    /// Days per year used for `time_years` (the Julian year).
    public static let daysPerYear = 365.25

    /// The whole file as text. Complexity: O(T·S) rows.
    public static func render(_ result: RunResult) -> String {
        header + "\n" + rows(result)
    }

    /// The rows without the header, each line starting with `prefix`, for
    /// the outputs in `outputs` (all when nil): `rowBytes` as text.
    public static func rows(_ result: RunResult, prefix: String = "", outputs: [Int]? = nil) -> String {
        String(decoding: rowBytes(result, prefix: prefix, outputs: outputs), as: UTF8.self)
    }

    /// The UTF-8 bytes of the rows without the header, each line starting
    /// with `prefix`, for the outputs in `outputs` (all when nil).
    /// Complexity: O(T·S) rows, appended to one buffer (a sweep writes
    /// millions of them).
    public static func rowBytes(_ result: RunResult, prefix: String = "", outputs: [Int]? = nil) -> [UInt8] {
        let labels = result.series.map { s in
            Array([s.label.host, s.label.origin, s.label.cellType, s.label.compartment].map(CSVField.escape)
                .joined(separator: ",").utf8)
        }
        let prefixBytes = Array(prefix.utf8)
        let indices = outputs ?? Array(result.times.indices)
        var out: [UInt8] = []
        out.reserveCapacity(indices.count * result.series.count * (prefixBytes.count + 96))
        func number(_ x: Double) {
            var text = NumberFormat.shortest(x)
            text.withUTF8 { out.append(contentsOf: $0) } // one copy of contiguous bytes
        }
        let comma = UInt8(ascii: ",")
        for k in indices {
            let t = result.times[k]
            let timeCells = Array((NumberFormat.shortest(t) + "," + NumberFormat.shortest(t / daysPerYear) + ",").utf8)
            for (s, series) in result.series.enumerated() {
                let p = series.points[k]
                out.append(contentsOf: prefixBytes)
                out.append(contentsOf: timeCells)
                out.append(contentsOf: labels[s])
                out.append(comma)
                number(p.mean)
                out.append(comma)
                if let sd = p.sd { number(sd) }
                if let q = p.quantiles {
                    for value in [q.q05, q.q25, q.q50, q.q75, q.q95] {
                        out.append(comma)
                        number(value)
                    }
                } else {
                    out.append(contentsOf: [comma, comma, comma, comma, comma])
                }
                out.append(comma)
                if let present = p.pPresent { number(present) }
                out.append(UInt8(ascii: "\n"))
            }
        }
        return out
    }
}
