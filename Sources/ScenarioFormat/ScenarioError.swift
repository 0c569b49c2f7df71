/// Why a scenario could not be loaded.
public enum ScenarioError: Error, Sendable, CustomStringConvertible {
    /// The file could not be read (missing, a folder, a device, too large, ...);
    /// `what` names it in the message (`scenario file`, `fit file`).
    case unreadable(file: String, reason: String, what: String = "scenario file")
    /// One or more problems in the document or the overrides, in document order.
    case invalid([Diagnostic])
    /// A `--set` argument that is malformed in itself (no `=`, bad path syntax).
    case badOverride(argument: String, reason: String)

    /// Human-readable text, one diagnostic per line (control characters from
    /// the input shown as escapes, so each problem stays on its line).
    public var description: String {
        switch self {
        case .unreadable(let file, let reason, let what):
            return TextCharacters.escaped("\(file.isEmpty ? "" : file + ": ")error: cannot read the \(what): \(reason)")
        case .invalid(let diagnostics):
            return diagnostics.map(\.description).joined(separator: "\n")
        case .badOverride(let argument, let reason):
            return TextCharacters.escaped("--set \(argument): error: \(reason)")
        }
    }

    /// The error of an input file that cannot be used: `.unreadable`, or
    /// `.invalid` at the first invalid byte of text that is not UTF-8.
    init(_ failure: SourceText.Failure, file: String, what: String) {
        switch failure {
        case .unreadable(let reason): self = .unreadable(file: file, reason: reason, what: what)
        case .notUTF8: self = .invalid([failure.diagnostic(file: file, what: what)])
        }
    }

    /// The diagnostics of an `.invalid` error; empty for the other cases.
    public var diagnostics: [Diagnostic] {
        if case .invalid(let diagnostics) = self { return diagnostics }
        return []
    }
}
