/// Reading a scenario file's text as every input file is read.
extension ScenarioLoader {
    /// The text of the scenario file at `path`, read with the loader's bounds
    /// (a regular file of at most 16 MiB, UTF-8, a byte order mark left out).
    ///
    /// Throws `.unreadable` (missing, a folder, a FIFO or a device, too large,
    /// not readable) or `.invalid` at the first byte that is not UTF-8.
    public static func text(path: String) throws(ScenarioError) -> String {
        do {
            return try SourceText.read(path: path).text
        } catch {
            throw ScenarioError(error, file: path, what: "scenario file")
        }
    }
}
