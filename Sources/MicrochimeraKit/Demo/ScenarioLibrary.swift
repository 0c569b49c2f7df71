import Foundation

/// The teaching scenarios shipped in `scenarios/`, found from the command
/// line, the environment or the executable's location.
public struct ScenarioLibrary: Sendable {
    /// The folder holding the `*.yaml` files.
    public let directory: String

    /// The environment variable naming the library folder.
    public static let environmentKey = "MICROCHIMERA_LIBRARY"

    /// One scenario of the library.
    public struct Entry: Sendable, Equatable {
        /// The file name without `.yaml`: what `demo NAME` takes.
        public let name: String
        public let path: String
        /// The first line of the file's header comment.
        public let title: String
    }

    public init(directory: String) { self.directory = directory }

    /// Finds the library: `explicit` if given, else `$MICROCHIMERA_LIBRARY`,
    /// else `scenarios/` in the current directory, else `scenarios/` in a
    /// folder above the executable (a build folder inside the repository).
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: String = CommandLine.arguments.first ?? "") throws(RunError) -> ScenarioLibrary {
        var candidates: [String] = []
        if let explicit { candidates = [explicit] } else {
            if let fromEnvironment = environment[environmentKey] { candidates.append(fromEnvironment) }
            candidates.append(FileManager.default.currentDirectoryPath + "/scenarios")
            var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<5 {
                candidates.append(dir.appendingPathComponent("scenarios").path)
                dir = dir.deletingLastPathComponent()
            }
        }
        for candidate in candidates where !ScenarioLibrary(directory: candidate).entries().isEmpty {
            return ScenarioLibrary(directory: candidate)
        }
        throw .usage("cannot find the scenario library (a folder of .yaml scenarios); looked in: "
                     + candidates.joined(separator: ", ") + ". Run from the repository, or pass --library DIR, "
                     + "or set \(environmentKey)=DIR")
    }

    /// Every scenario, by name. Complexity: reads each file's first line.
    public func entries() -> [Entry] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { file in
            let path = directory + "/" + file
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let first = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            let title = first.hasPrefix("#") ? first.drop { $0 == "#" || $0 == " " } : ""
            return Entry(name: String(file.dropLast(5)), path: path, title: String(title))
        }
    }

    /// The scenario called `name`, or a usage error listing the names there are.
    public func entry(named name: String) throws(RunError) -> Entry {
        let all = entries()
        if let found = all.first(where: { $0.name == name }) { return found }
        throw .usage("no scenario '\(name)' in the library \(directory); choose one of: "
                     + all.map(\.name).joined(separator: ", ") + " (microchimera demo --list shows them)")
    }
}
