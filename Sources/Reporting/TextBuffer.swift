/// UTF-8 text built as bytes, for files written by the million rows.
///
/// Numbers are appended with `appendShortest`, which writes the same text as
/// `NumberFormat.shortest` without building a `String`: `description`
/// allocates one for every number longer than 15 bytes (most means and
/// sds), which was half the cost of a sweep's rows. `Double.write(to:)`
/// instead hands its digits to the stream from a stack buffer through
/// `_writeASCII`, the standard library's hook for numeric output, which this
/// type implements; any other text arrives through `write(_:)`, so the bytes
/// are right either way.
public struct TextBuffer: TextOutputStream {
    /// The text so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty buffer with room for `capacity` bytes.
    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Appends raw UTF-8 bytes.
    public mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    /// Appends raw UTF-8 bytes from memory.
    public mutating func append(_ other: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: other) }

    /// Appends one byte (an ASCII separator).
    public mutating func append(_ byte: UInt8) { bytes.append(byte) }

    /// Appends `NumberFormat.shortest(x)`: the shortest text that reads back
    /// to exactly `x`, `0.0` for either zero, `nan`, `inf` or `-inf`.
    /// O(1), at most 24 bytes.
    public mutating func appendShortest(_ x: Double) {
        if x == 0 {
            bytes.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: "."), UInt8(ascii: "0")])
        } else if x.isNaN {
            bytes.append(contentsOf: [UInt8(ascii: "n"), UInt8(ascii: "a"), UInt8(ascii: "n")])
        } else {
            x.write(to: &self)
        }
    }

    public mutating func write(_ string: String) {
        var text = string
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: buffer)
    }
}
