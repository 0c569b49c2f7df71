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
    /// the outputs in `outputs` (all when nil). Complexity: O(T·S) rows.
    public static func rows(_ result: RunResult, prefix: String = "", outputs: [Int]? = nil) -> String {
        var out = ""
        for k in outputs ?? Array(result.times.indices) {
            let t = result.times[k]
            let timeCells = NumberFormat.shortest(t) + "," + NumberFormat.shortest(t / daysPerYear)
            for s in result.series {
                let p = s.points[k]
                var row = [timeCells, CSVField.escape(s.label.host), CSVField.escape(s.label.origin),
                           CSVField.escape(s.label.cellType), CSVField.escape(s.label.compartment),
                           NumberFormat.shortest(p.mean), p.sd.map(NumberFormat.shortest) ?? ""]
                if let q = p.quantiles {
                    row += [q.q05, q.q25, q.q50, q.q75, q.q95].map(NumberFormat.shortest)
                } else {
                    row += Array(repeating: "", count: 5)
                }
                row.append(p.pPresent.map(NumberFormat.shortest) ?? "")
                out += prefix + row.joined(separator: ",")
                out += "\n"
            }
        }
        return out
    }
}
