/// UTF-8 text built as bytes, for files written by the million rows.
///
/// Numbers are appended with `appendShortest`, which writes the same text as
/// `NumberFormat.shortest` without building a `String`: `description`
/// allocates one for every number longer than 15 bytes (most means and
/// sds), which was half the cost of a sweep's rows. `Double.write(to:)`
/// instead hands its digits to a stream from a stack buffer through
/// `_writeASCII`, the standard library's hook for numeric output, which the
/// buffer's stream implements; any other text arrives through `write(_:)`,
/// so the bytes are right either way. It is the one underscored hook in the
/// package: without it a sweep costs 14% more instructions (docs/performance.md,
/// "Numbers through `_writeASCII`").
///
/// The bytes live in raw storage that doubles when full, so an append is a
/// bounds check and a `memcpy`. Not copyable: one owner builds the text and
/// takes it with `bytes`.
public struct TextBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far.
    public private(set) var count = 0

    /// An empty buffer with room for `capacity` bytes before it grows.
    public init(capacity: Int = 256) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The text so far, copied into an array. O(count).
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Appends raw UTF-8 bytes from memory.
    @inline(__always)
    public mutating func append(_ other: UnsafeBufferPointer<UInt8>) {
        guard let source = other.baseAddress, other.count > 0 else { return }
        if count + other.count > capacity { grow(to: count + other.count) }
        (base + count).update(from: source, count: other.count)
        count += other.count
    }

    /// Appends raw UTF-8 bytes.
    @inline(__always)
    public mutating func append(_ other: [UInt8]) {
        other.withUnsafeBufferPointer { append($0) }
    }

    /// Appends one byte (an ASCII separator).
    @inline(__always)
    public mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    /// Appends `NumberFormat.shortest(x)`: the shortest text that reads back
    /// to exactly `x`, `0.0` for either zero, `nan`, `inf` or `-inf`.
    /// O(1), at most 24 bytes.
    public mutating func appendShortest(_ x: Double) {
        if x == 0 {
            append(UInt8(ascii: "0")); append(UInt8(ascii: ".")); append(UInt8(ascii: "0"))
        } else if x.isNaN {
            append(UInt8(ascii: "n")); append(UInt8(ascii: "a")); append(UInt8(ascii: "n"))
        } else {
            withUnsafeMutablePointer(to: &self) { buffer in
                var stream = Stream(buffer: buffer)
                x.write(to: &stream)
            }
        }
    }

    /// The `TextOutputStream` through which `Double.write(to:)` appends to
    /// the buffer; it lives only for that call.
    private struct Stream: TextOutputStream {
        let buffer: UnsafeMutablePointer<TextBuffer>

        mutating func write(_ string: String) {
            var text = string
            text.withUTF8 { buffer.pointee.append($0) }
        }

        /// The standard library's hook for `Double.write(to:)`'s digits: a
        /// copy from its stack buffer, no `String` (see the type's note).
        mutating func _writeASCII(_ ascii: UnsafeBufferPointer<UInt8>) { buffer.pointee.append(ascii) }
    }

    /// Makes room for at least `needed` bytes (doubling): amortised O(1) per byte.
    private mutating func grow(to needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.moveInitialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }
}
