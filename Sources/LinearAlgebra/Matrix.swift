/// A dense, column-major matrix of `Double`.
///
/// Element `(i, j)` (row `i`, column `j`, both 0-based) is stored at
/// `storage[i + j * rows]`, the layout BLAS and LAPACK expect with leading
/// dimension `rows`. Value semantics (copy on write through `Array`).
public struct Matrix: Sendable, Hashable {
    public let rows: Int
    public let cols: Int
    /// Column-major elements, `rows * cols` of them.
    @usableFromInline internal var elements: [Double]

    /// Column-major elements, `rows * cols` of them (read-only; element `(i, j)` at `i + j·rows`).
    @inlinable public var storage: [Double] { elements }

    /// A `rows`×`cols` matrix filled with `value` (zero by default).
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && cols >= 0, "matrix dimensions must be non-negative")
        precondition(rows < Int(Int32.max) && cols < Int(Int32.max), "matrix dimensions exceed BLAS's 32-bit indices")
        self.rows = rows
        self.cols = cols
        elements = Array(repeating: value, count: rows * cols)
    }

    /// A matrix over existing column-major storage.
    public init(rows: Int, cols: Int, columnMajor storage: [Double]) {
        precondition(storage.count == rows * cols, "storage has \(storage.count) elements, expected \(rows * cols)")
        self.rows = rows
        self.cols = cols
        elements = storage
    }

    /// A matrix from rows written as nested arrays (convenient in tests and docs).
    public init(_ rowMajor: [[Double]]) {
        let r = rowMajor.count
        let c = rowMajor.first?.count ?? 0
        precondition(rowMajor.allSatisfy { $0.count == c }, "all rows must have the same length")
        self.init(rows: r, cols: c)
        for i in 0..<r { for j in 0..<c { self[i, j] = rowMajor[i][j] } }
    }

    /// The n×n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// A square matrix with `diagonal` on its diagonal and zeros elsewhere.
    public static func diagonal(_ diagonal: [Double]) -> Matrix {
        var m = Matrix(rows: diagonal.count, cols: diagonal.count)
        for (i, d) in diagonal.enumerated() { m[i, i] = d }
        return m
    }

    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { elements[i + j * rows] }
        set { elements[i + j * rows] = newValue }
    }

    public var isSquare: Bool { rows == cols }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] { Array(elements[(j * rows)..<((j + 1) * rows)]) }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] { (0..<cols).map { self[i, $0] } }

    /// The transpose. Complexity: O(rows·cols).
    public var transposed: Matrix {
        var t = Matrix(rows: cols, cols: rows)
        for j in 0..<cols { for i in 0..<rows { t[j, i] = self[i, j] } }
        return t
    }

    /// The matrix 1-norm `max_j Σ_i |a_ij|` (largest absolute column sum).
    public var oneNorm: Double {
        var best = 0.0
        for j in 0..<cols {
            var s = 0.0
            for i in 0..<rows { s += abs(elements[i + j * rows]) }
            best = Swift.max(best, s)
        }
        return best
    }

    /// Largest absolute entry (0 for an empty matrix).
    public var maxAbs: Double { storage.reduce(0) { Swift.max($0, abs($1)) } }

    /// Whether every entry is finite.
    public var isFinite: Bool { storage.allSatisfy(\.isFinite) }

    /// The block `rows`×`cols` starting at `(row, col)`.
    public func block(row: Int, col: Int, rows r: Int, cols c: Int) -> Matrix {
        precondition(row >= 0 && col >= 0 && row + r <= rows && col + c <= cols, "block out of range")
        var b = Matrix(rows: r, cols: c)
        for j in 0..<c { for i in 0..<r { b[i, j] = self[row + i, col + j] } }
        return b
    }

    /// Sets every entry to zero, keeping the storage. Complexity: O(m·n).
    public mutating func setZero() {
        elements.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Copies `other` into this matrix with its top-left corner at `(row, col)`.
    public mutating func setBlock(row: Int, col: Int, to other: Matrix) {
        precondition(row >= 0 && col >= 0 && row + other.rows <= rows && col + other.cols <= cols, "block out of range")
        for j in 0..<other.cols { for i in 0..<other.rows { self[row + i, col + j] = other[i, j] } }
    }
}
