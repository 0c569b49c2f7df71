import Foundation
import ScenarioFormat

/// One varied parameter of a sweep: a `--set` path and the values it takes.
///
/// Written `PATH=SPEC` on the command line, where SPEC is
///
/// - `a:b:n` — n values evenly spaced from a to b (both included);
/// - `a:b:n:log` — n values evenly spaced in log(a)…log(b) (a, b > 0);
/// - `a:b` or `a:b:log` — the range only, for the `lhs` and `random` designs;
/// - `a,b,c` — exactly these values (any text a scenario accepts there);
/// - a single value.
///
/// The ends of a range carry the scenario's units (`1 day:1 year:20:log`,
/// `0.001 /day:0.1 /day:5`, `5 mL:20 mL:4`) or none; both ends need the
/// same kind of quantity. Values are given to the scenario as text in the
/// unit family's base unit (`12.5 days`, `0.004 /day`, `10.0 mL`), plain
/// numbers without a trailing `.0` when whole (`250`), so counts stay whole
/// on an evenly spaced grid of whole ends.
public struct SweepAxis: Sendable, Equatable {
    public let path: String
    /// The SPEC as written (recorded in sweep.json).
    public let spec: String
    public let kind: Kind

    public enum Kind: Sendable, Equatable {
        /// Exactly these texts.
        case list([String])
        /// A range in base units; `count` is nil when not given.
        case range(low: Double, high: Double, count: Int?, log: Bool, unit: Unit)
    }

    /// The family of a range's quantities and the suffix its values are written with.
    public enum Unit: String, Sendable, Equatable {
        case plain = "", days = " days", perDay = " /day", milliliters = " mL"
    }

    /// Parses `PATH=SPEC`, or says what is wrong and how to write it.
    public init(parsing argument: String) throws(RunError) {
        guard let eq = argument.firstIndex(of: "="), eq != argument.startIndex else {
            throw .usage("--vary needs PATH=SPEC, e.g. --vary 'cell_types.progenitor.clearance.half_life=1 day:1 year:20:log', got '\(argument)'")
        }
        path = argument[..<eq].trimmingCharacters(in: .whitespaces)
        spec = argument[argument.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        guard !spec.isEmpty else { throw .usage("--vary \(path)= has no values: give a:b:n, a:b:n:log or a list a,b,c") }
        if spec.contains(",") {
            let items = spec.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !items.contains(where: \.isEmpty) else { throw .usage("--vary \(path)=\(spec): an empty item in the list") }
            kind = .list(items)
            return
        }
        var parts = spec.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count > 1 else {
            kind = .list([spec])
            return
        }
        var log = false
        if let last = parts.last, last == "log" || last == "lin" {
            log = last == "log"
            parts.removeLast()
        }
        guard parts.count == 2 || parts.count == 3 else {
            throw .usage("--vary \(path)=\(spec): a range is a:b:n or a:b:n:log (or a:b for lhs and random designs)")
        }
        var count: Int?
        if parts.count == 3 {
            guard let n = Int(parts[2]), n >= 1 else { throw .usage("--vary \(path)=\(spec): n must be a whole number ≥ 1, got '\(parts[2])'") }
            count = n
        }
        let (low, lowUnit) = try Self.quantity(parts[0], path: path, spec: spec)
        let (high, highUnit) = try Self.quantity(parts[1], path: path, spec: spec)
        guard lowUnit == highUnit else {
            throw .usage("--vary \(path)=\(spec): both ends must be the same kind of quantity ('\(parts[0])' and '\(parts[1])')")
        }
        if log && !(low > 0 && high > 0) { throw .usage("--vary \(path)=\(spec): a log range needs both ends above 0") }
        kind = .range(low: low, high: high, count: count, log: log, unit: lowUnit)
    }

    /// A range end: a plain number, a time, a rate or a volume, in base units.
    static func quantity(_ text: String, path: String, spec: String) throws(RunError) -> (Double, Unit) {
        if let x = Units.parseNumber(text) { return (x, .plain) }
        if let x = Units.parseTime(text) { return (x, .days) }
        if let x = Units.parseRatePerDay(text) { return (x, .perDay) }
        if let x = Units.parseVolumeMilliliters(text) { return (x, .milliliters) }
        throw .usage("--vary \(path)=\(spec): '\(text)' is not a number or a quantity with a unit "
                     + "(e.g. 0.5, 2 days, 0.004 /day, 10 mL)")
    }

    /// How many grid values the axis has (`grid` design), without making them.
    public func gridCount() throws(RunError) -> Int {
        switch kind {
        case .list(let items): return items.count
        case .range(_, _, let count, _, _):
            guard let count else { throw .usage("--vary \(path)=\(spec): the grid design needs a count, a:b:n") }
            return count
        }
    }

    /// The grid values (`grid` design): the list, or the n points of the range.
    public func gridValues() throws(RunError) -> [String] {
        switch kind {
        case .list(let items): return items
        case .range(let low, let high, let count, let log, let unit):
            guard let count else { throw .usage("--vary \(path)=\(spec): the grid design needs a count, a:b:n") }
            if count == 1 { return [Self.text(low, unit)] }
            return (0..<count).map { i in Self.text(value(at: (Double(i) / Double(count - 1)), low, high, log), unit) }
        }
    }

    /// The value at fraction `u` ∈ [0, 1] of the axis (`lhs`, `random`): for a
    /// list the item `⌊u·k⌋`, for a range the point at `u` (in log space for a log range).
    public func value(at u: Double) -> String {
        switch kind {
        case .list(let items): return items[min(items.count - 1, Int(u * Double(items.count)))]
        case .range(let low, let high, _, let log, let unit): return Self.text(value(at: u, low, high, log), unit)
        }
    }

    private func value(at u: Double, _ low: Double, _ high: Double, _ log: Bool) -> Double {
        if u == 0 { return low }
        if u == 1 { return high }
        return log ? low * pow(high / low, u) : low + (high - low) * u
    }

    /// The text given to the scenario: the shortest exact decimal and the unit.
    static func text(_ x: Double, _ unit: Unit) -> String {
        let number = x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
        return number + unit.rawValue
    }
}
