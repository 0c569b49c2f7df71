/// One piece of a file that `OutputSet` writes: bytes in memory, or a range
/// of another file copied by the kernel.
public enum OutputPart: Sendable {
    /// These bytes.
    case bytes(ArraySlice<UInt8>)
    /// `length` bytes of the file at `path`, starting at byte `offset`. The
    /// kernel copies them (`sendfile(2)`) without passing them through this
    /// process: joining a sweep's 400 MB of batch files into sweep.csv this
    /// way takes a third of the time of reading and writing them.
    case fileRange(path: String, offset: Int, length: Int)
}
