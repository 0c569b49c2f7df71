/// A tiny builder of SVG text: shapes and text appended in drawing order,
/// with every string escaped and every number written with a fixed number of
/// decimals, so the same drawing always gives the same bytes.
///
/// Coordinates are in pixels, y pointing down, as in SVG.
public struct SVGDocument: Sendable {
    public let width: Int
    public let height: Int
    private var body: [String] = []
    private var definitions: [String] = []

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Attributes of a shape, in the order given (`nil` values are left out).
    public struct Attributes: ExpressibleByDictionaryLiteral, Sendable {
        public var pairs: [(name: String, value: String?)]

        public init(dictionaryLiteral elements: (String, String?)...) {
            pairs = elements.map { (name: $0.0, value: $0.1) }
        }

        /// These attributes followed by `more`.
        public func adding(_ more: Attributes) -> Attributes {
            var out = self
            out.pairs += more.pairs
            return out
        }
    }

    /// The whole document, with an XML declaration and a white background.
    public func render() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
        if !definitions.isEmpty { out += "<defs>\n" + definitions.joined(separator: "\n") + "\n</defs>\n" }
        out += "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        out += body.joined(separator: "\n")
        return out + "\n</svg>\n"
    }

    /// A number with `decimals` digits after the point (no exponent; `-0` is `0`).
    public static func number(_ x: Double, decimals: Int = 2) -> String {
        guard x.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        guard scaled < 9e15 else { return x < 0 ? "-9e15" : "9e15" }
        let whole = Int64(scaled)
        if whole == 0 { return decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals) }
        let sign = x < 0 ? "-" : ""
        let unit = Int64(scale)
        let integer = String(whole / unit)
        guard decimals > 0 else { return sign + integer }
        let fraction = String(whole % unit)
        return sign + integer + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities, and every
    /// character XML 1.0 does not allow (control characters other than tab and
    /// line breaks, U+FFFE, U+FFFF) replaced by U+FFFD, so that no text makes
    /// the document invalid.
    ///
    /// The text is read as Unicode scalars, not characters: `<` followed by a
    /// combining mark is one `Character` in Swift (`≮`), but still a `<` to XML.
    public static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&apos;".unicodeScalars)
            case "\t", "\n", "\r": out.append(scalar)
            default:
                let v = scalar.value
                out.append(v < 0x20 || v == 0xFFFE || v == 0xFFFF ? "\u{FFFD}" : scalar)
            }
        }
        return String(out)
    }

    private static func attributes(_ attributes: Attributes) -> String {
        attributes.pairs.compactMap { pair in pair.value.map { " \(pair.name)=\"\(escape($0))\"" } }.joined()
    }

    private mutating func element(_ name: String, _ geometry: String, _ style: Attributes, content: String? = nil) {
        let open = "<\(name) \(geometry)\(Self.attributes(style))"
        body.append(content.map { open + ">" + $0 + "</\(name)>" } ?? open + "/>")
    }

    private static func n(_ x: Double) -> String { number(x) }

    /// A rectangle.
    public mutating func rect(x: Double, y: Double, width: Double, height: Double, _ style: Attributes = [:]) {
        element("rect", "x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(0, width)))\" height=\"\(Self.n(max(0, height)))\"", style)
    }

    /// A straight line.
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, _ style: Attributes = [:]) {
        element("line", "x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\"", style)
    }

    /// A circle.
    public mutating func circle(cx: Double, cy: Double, r: Double, _ style: Attributes = [:]) {
        element("circle", "cx=\"\(Self.n(cx))\" cy=\"\(Self.n(cy))\" r=\"\(Self.n(r))\"", style)
    }

    /// An open polyline through `points` (nothing for fewer than two points).
    public mutating func polyline(_ points: [(x: Double, y: Double)], _ style: Attributes = [:]) {
        guard points.count >= 2 else { return }
        element("polyline", "points=\"\(Self.pointList(points))\"", style)
    }

    /// A closed polygon through `points` (nothing for fewer than three points).
    public mutating func polygon(_ points: [(x: Double, y: Double)], _ style: Attributes = [:]) {
        guard points.count >= 3 else { return }
        element("polygon", "points=\"\(Self.pointList(points))\"", style)
    }

    private static func pointList(_ points: [(x: Double, y: Double)]) -> String {
        points.map { n($0.x) + "," + n($0.y) }.joined(separator: " ")
    }

    /// Text whose anchor point is (`x`, `y`) (the baseline); `anchor` is
    /// `start`, `middle` or `end`; `rotate` turns it by degrees about that point.
    public mutating func text(_ string: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
                              rotate: Double? = nil, _ style: Attributes = [:]) {
        var geometry = "x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.number(size, decimals: 1))\""
        if anchor != "start" { geometry += " text-anchor=\"\(anchor)\"" }
        if let rotate { geometry += " transform=\"rotate(\(Self.number(rotate, decimals: 1)) \(Self.n(x)) \(Self.n(y)))\"" }
        element("text", geometry, style, content: Self.escape(string))
    }

    /// Opens a group `<g>` with `style`; `title` becomes its hover tooltip.
    public mutating func beginGroup(title: String? = nil, _ style: Attributes = [:]) {
        body.append("<g\(Self.attributes(style))>" + (title.map { "<title>\(Self.escape($0))</title>" } ?? ""))
    }

    /// Closes the innermost group.
    public mutating func endGroup() { body.append("</g>") }

    /// Defines a rectangular clip path named `id` (refer to it as `url(#id)`).
    public mutating func defineClip(id: String, x: Double, y: Double, width: Double, height: Double) {
        definitions.append("<clipPath id=\"\(Self.escape(id))\"><rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" "
                           + "width=\"\(Self.n(max(0, width)))\" height=\"\(Self.n(max(0, height)))\"/></clipPath>")
    }

    /// A rough width of `text` in pixels at font size `size` (DejaVu Sans-like
    /// average advance), for laying out labels without a font engine.
    public static func estimatedWidth(_ text: String, size: Double) -> Double {
        var units = 0.0
        for c in text {
            switch c {
            case "i", "l", "j", "t", "f", "r", ".", ",", ":", ";", "'", "|", "(", ")", " ": units += 0.38
            case "m", "w", "M", "W": units += 0.9
            case "A"..."Z": units += 0.7
            default: units += 0.6
            }
        }
        return units * size
    }
}
