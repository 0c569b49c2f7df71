/// The optional long table of every replicate's counts (`--trajectories FILE`).
///
/// Columns: `replicate,time_days,compartment,count`, ordered by replicate,
/// then time, then compartment. Replicates are numbered from 0, as their
/// random streams are, so any replicate can be re-run alone.
public enum TrajectoryCSV {
    public static let header = "replicate,time_days,compartment,count"

    /// The file as text; `trajectories[r][t][c]` is the count of compartment c
    /// at output t in replicate r. Complexity: O(R·T·n).
    public static func render(trajectories: [[[Int]]], times: [Double], compartments: [String]) -> String {
        let names = compartments.map(CSVField.escape)
        let timeText = times.map(NumberFormat.shortest)
        var out = header + "\n"
        for (r, trajectory) in trajectories.enumerated() {
            let prefix = String(r) + ","
            for (t, counts) in trajectory.enumerated() {
                for (c, count) in counts.enumerated() {
                    out += prefix + timeText[t] + "," + names[c] + "," + String(count) + "\n"
                }
            }
        }
        return out
    }
}
