extension RunManifest {
    /// The manifest as pretty-printed JSON with sorted snake_case keys and a final newline (`JSONText`).
    public func jsonText() -> String { JSONText.encode(self) }

    /// Reads a manifest back (for tests and tools that compare runs).
    public static func decode(jsonText: String) throws -> RunManifest {
        try JSONText.decode(RunManifest.self, from: jsonText)
    }
}
