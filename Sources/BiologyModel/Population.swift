/// The cells of one origin and type inside one compartment of one host: one
/// compartment of the compiled network and one row key of `timeseries.csv`.
public struct Population: Sendable, Hashable, Comparable {
    /// Who carries the cells.
    public var host: String
    /// Whose cells they are.
    public var origin: String
    public var cellType: String
    /// `blood` or a tissue.
    public var compartment: String

    public init(host: String, origin: String, cellType: String, compartment: String) {
        self.host = host
        self.origin = origin
        self.cellType = cellType
        self.compartment = compartment
    }

    /// The compartment name in the compiled network: `host/origin/type/compartment`.
    public var networkName: String { "\(host)/\(origin)/\(cellType)/\(compartment)" }

    public static func < (a: Population, b: Population) -> Bool { a.networkName < b.networkName }
}

/// Where in a scenario a problem lies, as keys and list indices from the
/// top of the document (`pregnancies[1].length`).
public struct ModelPath: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var segments: [Segment]

    public init(_ segments: [Segment] = []) { self.segments = segments }

    public func key(_ name: String) -> ModelPath { ModelPath(segments + [.key(name)]) }
    public func index(_ i: Int) -> ModelPath { ModelPath(segments + [.index(i)]) }

    public var description: String {
        var text = ""
        for segment in segments {
            switch segment {
            case .key(let k): text += text.isEmpty ? k : ".\(k)"
            case .index(let i): text += "[\(i)]"
            }
        }
        return text.isEmpty ? "(top level)" : text
    }
}

/// A biological or referential problem in a scenario, found after its
/// syntax and units were checked.
public struct BiologyProblem: Sendable, Hashable, Error {
    public var path: ModelPath
    public var message: String

    public init(_ path: ModelPath, _ message: String) {
        self.path = path
        self.message = message
    }
}
