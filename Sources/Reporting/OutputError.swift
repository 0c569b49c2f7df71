/// Why output files could not be written.
public enum OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The output directory could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// A file could not be written or moved into place.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let reason):
            return "cannot create the output directory '\(path)': \(reason); choose another --out or fix its permissions"
        case .cannotWrite(let path, let reason):
            return "cannot write '\(path)': \(reason); check free space and permissions of the output directory"
        }
    }
}
