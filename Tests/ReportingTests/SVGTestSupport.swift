import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Every element of an SVG document, parsed with Foundation's XMLParser: its
/// name, attributes, text, and the `clip-path` of the nearest enclosing group.
final class SVGElements: NSObject, XMLParserDelegate {
    struct Element {
        let name: String
        let attributes: [String: String]
        var text: String
        let clip: String?
    }

    private(set) var elements: [Element] = []
    private var clips: [String?] = []
    private var open: [Int] = []
    private(set) var error: Error?

    /// Parses `svg`; `nil` if it is not well-formed XML.
    static func parse(_ svg: String) -> SVGElements? {
        let parser = XMLParser(data: Data(svg.utf8))
        let delegate = SVGElements()
        parser.delegate = delegate
        return parser.parse() && delegate.error == nil ? delegate : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let inherited: String? = clips.last ?? nil
        let clip = name == "g" ? attributes["clip-path"] ?? inherited : inherited
        if name == "g" { clips.append(clip) }
        elements.append(Element(name: name, attributes: attributes, text: "", clip: clip))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "g" { clips.removeLast() }
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let last = open.last { elements[last].text += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }

    /// Elements named `name`.
    func named(_ name: String) -> [Element] { elements.filter { $0.name == name } }

    /// The texts of every `<text>` element.
    var texts: [String] { named("text").map(\.text) }

    /// The points of a polyline or polygon.
    static func points(_ element: Element) -> [(x: Double, y: Double)] {
        (element.attributes["points"] ?? "").split(separator: " ").compactMap { pair in
            let xy = pair.split(separator: ",").compactMap { Double($0) }
            return xy.count == 2 ? (xy[0], xy[1]) : nil
        }
    }

    /// The rectangle of clip path `id` (as `x, y, width, height`).
    func clipRect(_ id: String) -> (x: Double, y: Double, width: Double, height: Double)? {
        guard let k = elements.firstIndex(where: { $0.name == "clipPath" && $0.attributes["id"] == id }),
              k + 1 < elements.count, elements[k + 1].name == "rect" else { return nil }
        let a = elements[k + 1].attributes
        guard let x = Double(a["x"] ?? ""), let y = Double(a["y"] ?? ""), let w = Double(a["width"] ?? ""),
              let h = Double(a["height"] ?? "") else { return nil }
        return (x, y, w, h)
    }
}
