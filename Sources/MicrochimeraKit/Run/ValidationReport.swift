import Reporting
import ScenarioFormat

/// What `microchimera validate --format json` prints: whether a scenario
/// loads, and every problem found, each with file, line, column and key.
///
/// For programs (the Python package) that would otherwise parse the text of
/// the diagnostics. Encoded by `JSONText` (sorted snake_case keys, a final
/// newline); `line` and `column` are `null` when a problem has no place in a
/// file (an unreadable file, a malformed `--set`), `error` and `network`
/// when they do not apply. Building it loads the scenario once, as `run`
/// would (`RunPipeline.load`).
public struct ValidationReport: Codable, Sendable, Equatable {
    /// One problem: a `Diagnostic`, or the single problem of an unreadable
    /// file or a malformed `--set` argument.
    public struct Problem: Codable, Sendable, Equatable {
        /// The scenario file as displayed (the base file for a problem inside
        /// an `extends:` base), `--set PATH` for an override's value, or
        /// `--set ARGUMENT` for a malformed override.
        public var file: String
        /// 1-based line, or nil.
        public var line: Int?
        /// 1-based column in Unicode scalars, or nil.
        public var column: Int?
        /// Key path in the document (`network.flows[2].rate`); empty for the root or no key.
        public var key: String
        /// What is wrong and what was expected.
        public var message: String

        public init(file: String, line: Int?, column: Int?, key: String, message: String) {
            (self.file, self.line, self.column, self.key, self.message) = (file, line, column, key, message)
        }

        /// The problem a `Diagnostic` states, at its place.
        public init(_ diagnostic: Diagnostic) {
            self.init(file: diagnostic.file, line: diagnostic.line, column: diagnostic.column, key: diagnostic.keyPath,
                      message: diagnostic.message)
        }

        /// `line` and `column` are written as `null` when missing, so every problem has the same keys.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(file, forKey: .file)
            try c.encode(line, forKey: .line)
            try c.encode(column, forKey: .column)
            try c.encode(key, forKey: .key)
            try c.encode(message, forKey: .message)
        }
    }

    /// The size of a valid scenario's compiled network (what the text form's `valid:` line says).
    public struct Network: Codable, Sendable, Equatable {
        public var name: String
        /// `network` or `biology`.
        public var level: String
        public var compartments: Int
        public var flows: Int
        public var divisions: Int
        public var inflows: Int
        public var boluses: Int
        public var horizonDays: Double
        public var outputTimes: Int
    }

    /// True when the scenario loads with its overrides.
    public var valid: Bool
    /// The scenario file as given.
    public var file: String
    /// Why it does not load: `invalid` (problems in the document or an override's value),
    /// `unreadable` (the file cannot be read) or `bad_override` (a malformed `--set`); nil when valid.
    public var error: String?
    /// Every problem, in the order the text form prints them; empty when valid.
    public var diagnostics: [Problem]
    /// The compiled network; nil unless valid.
    public var network: Network?

    /// Loads `path` with the `--set` arguments `overrides` (each `PATH=VALUE`) and reports the outcome.
    ///
    /// Returns the report and the error that made it invalid (nil when valid),
    /// so that the caller can map it to its exit code.
    public static func check(path: String, overrides: [String]) -> (report: ValidationReport, error: RunError?) {
        var parsed: [SetOverride] = []
        do throws(RunError) {
            for argument in overrides {
                do { parsed.append(try SetOverride(parsing: argument)) } catch { throw .scenario(error) }
            }
            let loaded = try RunPipeline.load(path: path, overrides: parsed)
            let m = loaded.model
            let network = Network(name: m.name, level: loaded.compiled == nil ? "network" : "biology",
                                  compartments: m.compartments.count, flows: m.flows.count, divisions: m.divisions.count,
                                  inflows: m.inflows.count, boluses: m.boluses.count, horizonDays: m.horizon,
                                  outputTimes: m.outputTimes.count)
            return (ValidationReport(valid: true, file: path, error: nil, diagnostics: [], network: network), nil)
        } catch {
            return (ValidationReport(valid: false, file: path, error: kind(of: error), diagnostics: problems(of: error), network: nil), error)
        }
    }

    /// `error` and `network` are written as `null` when missing, so every report has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(valid, forKey: .valid)
        try c.encode(file, forKey: .file)
        try c.encode(error, forKey: .error)
        try c.encode(diagnostics, forKey: .diagnostics)
        try c.encode(network, forKey: .network)
    }

    /// The report as pretty-printed JSON with sorted snake_case keys and a final newline.
    public func jsonText() -> String { JSONText.encode(self) }

    /// `error`'s name in the report.
    static func kind(of error: RunError) -> String {
        switch error {
        case .scenario(.invalid): return "invalid"
        case .scenario(.unreadable): return "unreadable"
        case .scenario(.badOverride): return "bad_override"
        default: return "invalid"
        }
    }

    /// `error` as problems: one per diagnostic, or a single one without a place.
    static func problems(of error: RunError) -> [Problem] {
        switch error {
        case .scenario(.invalid(let diagnostics)):
            return diagnostics.map(Problem.init)
        case .scenario(.unreadable(let file, let reason, let what)):
            return [Problem(file: file, line: nil, column: nil, key: "", message: "cannot read the \(what): \(reason)")]
        case .scenario(.badOverride(let argument, let reason)):
            let path = argument.contains("=") ? String(argument.prefix { $0 != "=" }) : ""
            return [Problem(file: "--set \(argument)", line: nil, column: nil, key: path, message: reason)]
        default:
            return [Problem(file: "", line: nil, column: nil, key: "", message: error.description)]
        }
    }
}
