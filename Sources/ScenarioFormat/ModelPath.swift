/// Where in a scenario document a value lies, as keys and list indices from
/// the top of the document (`pregnancies[1].length`): the file's name for a
/// `BiologySite`, before it is looked up in the tree (`YAMLNode.locate`).
struct ModelPath: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    var segments: [Segment]

    init(_ segments: [Segment] = []) { self.segments = segments }

    func key(_ name: String) -> ModelPath { ModelPath(segments + [.key(name)]) }
    func index(_ i: Int) -> ModelPath { ModelPath(segments + [.index(i)]) }

    var description: String {
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
