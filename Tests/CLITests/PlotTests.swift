import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The files of `microchimera run` for every scenario of the library:
/// timeseries.csv, summary.csv (its probabilities checked against
/// timeseries.csv), run.json, and timeline.svg (and prevalence.svg for the
/// cohort), listed in run.json,
/// is well-formed XML, and a real renderer (rsvg-convert, Debian package
/// librsvg2-bin) turns it into an image of the declared size that is not
/// blank. The PNG is converted to a plain pixel map with pngtopnm (netpbm)
/// and read here. Runs use few replicates: the test is about the drawing.
@Suite("microchimera run: figures")
struct PlotTests {
    /// Every scenario in scenarios/, with the arguments that keep it quick.
    static let runs: [[String]] = {
        let dir = CLIHarness.packageRoot.appendingPathComponent("scenarios")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        return files.map { file in
            let path = "scenarios/" + file
            if file.hasPrefix("cohort") { return [path, "--set", "cohort.size=12"] }
            if file == "transfusion.yaml" { return [path, "--method", "moments"] }
            return [path, "--replicates", "10"]
        }
    }()

    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let renderers: (rsvg: String, pngtopnm: String)? = {
        guard let rsvg = tool("rsvg-convert"), let pnm = tool("pngtopnm") else { return nil }
        return (rsvg, pnm)
    }()

    /// Runs `executable` with `arguments`; fails the test on a non-zero exit.
    static func external(_ executable: String, _ arguments: [String], stdout: URL? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        if let stdout {
            _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: stdout)
        }
        try process.run()
        let complaints = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(executable) \(arguments.joined(separator: " ")): \(complaints)")
    }

    /// A binary PPM (P6, maxval 255): width, height and RGB bytes.
    struct PixelMap {
        let width: Int, height: Int
        let rgb: [UInt8]

        init?(_ data: Data) {
            let bytes = [UInt8](data)
            var fields: [String] = [], i = 0
            while fields.count < 4 && i < bytes.count {
                while i < bytes.count, bytes[i] == 0x23 { while i < bytes.count, bytes[i] != 0x0A { i += 1 } } // comments
                while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
                var field = ""
                while i < bytes.count, ![0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { field.append(Character(UnicodeScalar(bytes[i]))); i += 1 }
                if !field.isEmpty { fields.append(field) }
            }
            i += 1 // the single whitespace after maxval
            guard fields.count == 4, fields[0] == "P6", let w = Int(fields[1]), let h = Int(fields[2]), fields[3] == "255",
                  bytes.count - i == w * h * 3 else { return nil }
            (width, height, rgb) = (w, h, Array(bytes[i...]))
        }

        /// Share of pixels that are not (near) white.
        var inkedShare: Double {
            var inked = 0
            for p in stride(from: 0, to: rgb.count, by: 3) where min(rgb[p], rgb[p + 1], rgb[p + 2]) < 240 { inked += 1 }
            return Double(inked) / Double(width * height)
        }

        /// Share of clearly coloured (not grey) pixels: the data, not the axes and text.
        var colouredShare: Double {
            var coloured = 0
            for p in stride(from: 0, to: rgb.count, by: 3) where max(rgb[p], rgb[p + 1], rgb[p + 2]) - min(rgb[p], rgb[p + 1], rgb[p + 2]) > 60 {
                coloured += 1
            }
            return Double(coloured) / Double(width * height)
        }

        /// Distinct colours after keeping the top 3 bits of each channel.
        var coarseColours: Int {
            var seen = Set<Int>()
            for p in stride(from: 0, to: rgb.count, by: 3) {
                seen.insert(Int(rgb[p] >> 5) << 6 | Int(rgb[p + 1] >> 5) << 3 | Int(rgb[p + 2] >> 5))
            }
            return seen.count
        }
    }

    /// The declared `width` and `height` of an SVG's root element, and whether XMLParser accepts it.
    static func declaredSize(_ svg: Data) -> (width: Int, height: Int)? {
        final class Root: NSObject, XMLParserDelegate {
            var size: (Int, Int)?
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                if name == "svg", size == nil, let w = Int(attributes["width"] ?? ""), let h = Int(attributes["height"] ?? "") {
                    size = (w, h)
                }
            }
        }
        let parser = XMLParser(data: svg)
        let root = Root()
        parser.delegate = root
        return parser.parse() ? root.size : nil
    }

    @Test("every scenario's figures render to a non-blank image of the declared size",
          .enabled(if: renderers != nil, "rsvg-convert or pngtopnm is missing (apt-get install librsvg2-bin netpbm, or `make test` as root)"),
          arguments: runs)
    func renders(arguments: [String]) throws {
        let tools = try #require(Self.renderers)
        let dir = try CLIHarness.temporaryDirectory()
        let r = try CLIHarness.run(["run"] + arguments + ["--out", dir.path, "--quiet"])
        try #require(r.status == 0, "stderr: \(r.stderr)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("run.json"))) as? [String: Any]
        let outputs = try #require(manifest?["outputs"] as? [String])
        let expected = arguments[0].contains("cohort") ? ["timeline.svg", "prevalence.svg"] : ["timeline.svg"]
        #expect(outputs.filter { $0.hasSuffix(".svg") } == expected)
        for file in ["timeseries.csv", "summary.csv", "run.json"] + expected {
            #expect(outputs.contains(file) && FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path), "\(file)")
        }
        let horizon = try #require((manifest?["resolved"] as? [String: Any])?["horizon_days"] as? Double)
        try SummaryTests.checkAgainstTimeseries(dir.path, horizon: horizon, stochastic: !arguments.contains("moments"))
        for name in expected {
            let svg = try Data(contentsOf: dir.appendingPathComponent(name))
            let size = try #require(Self.declaredSize(svg), "\(name) is not well-formed XML with a width and height")
            #expect(size.width == 960 && size.height >= 300, "\(name): \(size)")
            let png = dir.appendingPathComponent(name + ".png"), ppm = dir.appendingPathComponent(name + ".ppm")
            try Self.external(tools.rsvg, ["-o", png.path, dir.appendingPathComponent(name).path])
            try Self.external(tools.pngtopnm, [png.path], stdout: ppm)
            let image = try #require(PixelMap(try Data(contentsOf: ppm)), "\(name): pngtopnm did not give a P6 pixel map")
            #expect(image.width == size.width && image.height == size.height)
            // Axes, grid, text, lines and bands: far more than a few stray pixels, in several colours.
            #expect(image.inkedShare > 0.04, "\(name): only \(image.inkedShare) of the pixels are not white")
            #expect(image.coarseColours >= 8, "\(name): only \(image.coarseColours) distinct colours")
            #expect(image.colouredShare > 0.003, "\(name): only \(image.colouredShare) of the pixels are in a data colour")
        }
    }

    @Test("--no-plot writes no figure and lists none in run.json")
    func noPlot() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let r = try CLIHarness.run(["run", "scenarios/transfusion.yaml", "--method", "moments", "--no-plot", "--out", dir.path, "--quiet"])
        try #require(r.status == 0, "stderr: \(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(files.contains("timeseries.csv"))
        #expect(!files.contains { $0.hasSuffix(".svg") })
        let manifest = try String(contentsOf: dir.appendingPathComponent("run.json"), encoding: .utf8)
        #expect(!manifest.contains(".svg"))
        #expect(!r.stdout.contains(".svg"))
    }

    @Test("the same run draws the same bytes")
    func deterministic() throws {
        let a = try CLIHarness.temporaryDirectory(), b = try CLIHarness.temporaryDirectory()
        for dir in [a, b] {
            let r = try CLIHarness.run(["run", "scenarios/transfusion.yaml", "--method", "moments", "--out", dir.path, "--quiet"])
            try #require(r.status == 0, "stderr: \(r.stderr)")
        }
        let first = try Data(contentsOf: a.appendingPathComponent("timeline.svg"))
        let second = try Data(contentsOf: b.appendingPathComponent("timeline.svg"))
        #expect(!first.isEmpty && first == second)
    }
}
