import ScenarioFormat

/// Why the page's request was not answered; each case says how to fix it.
public enum LessonError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The scenario text is invalid: the same diagnostics as `microchimera validate`.
    case invalid([Diagnostic])
    /// A bound of the page was passed (horizon, compartments, output times, text size ...):
    /// the diagnostic names the key, what was asked and the bound.
    case tooLarge(Diagnostic)
    /// A newer request of the same page cancelled this one.
    case cancelled
    /// The engine refused or failed; the message says why and what to change.
    case failed(String)

    public var description: String {
        switch self {
        case .invalid(let diagnostics): diagnostics.map(\.description).joined(separator: "\n")
        case .tooLarge(let diagnostic): diagnostic.description
        case .cancelled: "cancelled: a newer change of the page replaced this computation"
        case .failed(let message): message
        }
    }
}
