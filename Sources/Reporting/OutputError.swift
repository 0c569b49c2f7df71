/// Why output files could not be written.
public enum OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The output directory could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// A file could not be written or moved into place.
    case cannotWrite(path: String, reason: String)
    /// An output folder option (`--out`) that cannot be a folder to write
    /// into: empty, the root folder, or an existing file or device. `problem`
    /// says which and how to fix it.
    case badFolder(option: String, path: String, problem: String)
    /// A path option that would write outside the output folder (`..`, an
    /// absolute path elsewhere).
    case outsideFolder(option: String, path: String, folder: String)
    /// An output's path holds something the tool will not replace: a folder,
    /// a symbolic link to a file, a block device or socket (`kind` names it).
    case notAFile(path: String, kind: String)
    /// Two outputs of one set would be the same file.
    case duplicate(path: String)
    /// The reader of a stream written through (standard output, a FIFO)
    /// closed it before the end (`EPIPE`, as `| head` does).
    case readerClosed(path: String)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let reason):
            return "cannot create the output directory '\(path)': \(reason); choose another --out or fix its permissions"
        case .cannotWrite(let path, let reason):
            return "cannot write '\(path)': \(reason); check free space and permissions of the output directory"
        case .badFolder(let option, let path, let problem):
            return "\(option) '\(path)' \(problem)"
        case .outsideFolder(let option, let path, let folder):
            return "\(option) '\(path)' lies outside the output folder '\(folder)': nothing is written outside it; "
                + "give a name inside it (a relative name is taken inside the output folder), or - for standard output"
        case .notAFile(let path, let kind):
            return "cannot write '\(path)': it is \(kind), not a file; the tool neither replaces it nor writes into it "
                + "(only a terminal, FIFO or other character device is written through, and - is standard output): "
                + "remove or rename it, or choose another name or --out"
        case .duplicate(let path):
            return "two outputs would both be '\(path)'; give the side output (e.g. --trajectories) another name"
        case .readerClosed(let path):
            return "cannot write '\(path)': its reader closed it before the end (as '| head' does), so no output of this run "
                + "was written and the previous ones are unchanged; write it to a file, or let the reader take the whole stream"
        }
    }
}
