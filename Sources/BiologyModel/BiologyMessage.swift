/// What a problem says, as text with terms that the scenario format spells
/// in its own keys (`pregnancies[0]`, `host_cells.tissue_cells`), so that the
/// model's messages name no keys of a file.
///
/// Written as a string literal: `"starts before \(.pregnancy(a)) ends"`.
/// `description` spells the terms in the model's own API.
public struct BiologyMessage: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// Something a message refers to whose spelling depends on how the scenario was written.
    public enum Term: Sendable, Hashable, CustomStringConvertible {
        /// The pregnancy at this index.
        case pregnancy(Int)
        /// A pregnancy's second child (`Pregnancy.twin`).
        case twin
        /// A sample of a number of host cells (`Assay.Sample.hostCells`).
        case sampleOfCells
        /// The host cells of each tissue (`HostCellCounts.tissueCells`).
        case tissueCells
        /// The share of progenitors among a product's leukocytes (`TransfusionDefaults.progenitorFraction`).
        case progenitorFraction

        /// The term in the model's API.
        public var description: String {
            switch self {
            case .pregnancy(let i): "pregnancy[\(i)]"
            case .twin: "'Pregnancy.twin'"
            case .sampleOfCells: "Assay.Sample.hostCells"
            case .tissueCells: "HostCellCounts.tissueCells"
            case .progenitorFraction: "TransfusionDefaults.progenitorFraction"
            }
        }
    }

    /// A piece of literal text or a term.
    public enum Part: Sendable, Hashable {
        case text(String)
        case term(Term)
    }

    public private(set) var parts: [Part]

    public init(stringLiteral value: String) { parts = [.text(value)] }

    public init(stringInterpolation: Interpolation) { parts = stringInterpolation.parts }

    /// The text with every term spelt by `spell`.
    public func text(spelling spell: (Term) -> String) -> String {
        parts.map { part in
            switch part {
            case .text(let text): text
            case .term(let term): spell(term)
            }
        }.joined()
    }

    /// The text with the terms in the model's API.
    public var description: String { text { $0.description } }

    /// Collects the literal text, interpolated values (as `String(describing:)`) and terms.
    public struct Interpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) { append(literal) }

        public mutating func appendInterpolation(_ value: some Any) { append(String(describing: value)) }

        public mutating func appendInterpolation(_ term: Term) { parts.append(.term(term)) }

        /// Appends text, joined to the text before it so that equal messages have equal parts.
        private mutating func append(_ text: String) {
            if case .text(let before) = parts.last {
                parts[parts.count - 1] = .text(before + text)
            } else {
                parts.append(.text(text))
            }
        }
    }
}
