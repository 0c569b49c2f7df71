/// One `--set PATH=VALUE` from the command line: replaces (or adds) the value
/// at `PATH` in the scenario tree before validation.
///
/// `PATH` is a dotted key path: `network.flows[0].rate` indexes a list,
/// `network.compartments.blood.initial` selects the list item whose `name`
/// is `blood`. `VALUE` is parsed as YAML, so `[0 days, 1 year]` is a list.
public struct SetOverride: Sendable, Hashable, Codable {
    /// Dotted key path of the value to set.
    public let path: String
    /// YAML text of the new value.
    public let value: String

    public init(path: String, value: String) {
        self.path = path
        self.value = value
    }

    /// Parses `PATH=VALUE`, splitting at the first `=`.
    ///
    /// Throws `.badOverride` when there is no `=`, the path is empty, or the
    /// path is not a valid key path (e.g. `a..b`, `a[x]`).
    public init(parsing argument: String) throws(ScenarioError) {
        guard let equals = argument.firstIndex(of: "=") else {
            throw .badOverride(argument: argument, reason: "expected PATH=VALUE, e.g. 'network.flows[0].rate=0.01 /day', but there is no '='")
        }
        let path = String(argument[..<equals]).trimmingWhitespace()
        let value = String(argument[argument.index(after: equals)...])
        if path.isEmpty {
            throw .badOverride(argument: argument, reason: "the path before '=' is empty; expected e.g. 'horizon=10 years'")
        }
        do {
            _ = try OverridePath(parsing: path)
        } catch {
            throw .badOverride(argument: argument, reason: error.reason)
        }
        self.init(path: path, value: value)
    }

    /// `PATH=VALUE`, as it would be written on the command line.
    var argument: String { "\(path)=\(value)" }
}
