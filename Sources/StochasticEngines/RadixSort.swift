/// Sorting of non-negative integers by their bytes (least significant digit
/// radix sort), for the buffers of large counts that `CountHistogram` merges.
///
/// The result is the ascending order, the same array `Array.sort()` gives:
/// integers have no ties to order, so any correct sort gives the same bytes.
/// A comparison sort of the 500–2,000 buffered counts of a histogram was
/// 5% of a run of the default scenario (a mispredicted branch per
/// comparison); this takes one counting pass and one scatter per byte that
/// varies among the values, and skips bytes that all values share.
///
/// Complexity: O(n·d + 256·d) for n values of at most d significant bytes
/// (d ≤ 4 for counts below 2³², the common case), plus O(n) scratch space;
/// below `smallCount` values, the standard library's sort.
enum RadixSort {
    /// Below this many values, `Array.sort()` is cheaper than the passes.
    static let smallCount = 64

    /// Sorts `values` (all ≥ 0) ascending, using `scratch` as the second
    /// buffer (resized as needed; its contents are overwritten).
    static func sort(_ values: inout [Int], scratch: inout [Int]) {
        let n = values.count
        guard n >= smallCount else {
            values.sort()
            return
        }
        var largest = 0
        for v in values {
            precondition(v >= 0, "radix sort of a negative value")
            largest |= v
        }
        if scratch.count < n { scratch = [Int](repeating: 0, count: n) }
        var shift = 0
        var inScratch = false
        while shift < Int.bitWidth && largest >> shift != 0 {
            let moved = values.withUnsafeMutableBufferPointer { a in
                scratch.withUnsafeMutableBufferPointer { b in
                    inScratch ? pass(from: b, to: a, count: n, shift: shift)
                              : pass(from: a, to: b, count: n, shift: shift)
                }
            }
            if moved { inScratch.toggle() }
            shift += 8
        }
        if inScratch {
            values.withUnsafeMutableBufferPointer { a in
                scratch.withUnsafeBufferPointer { b in
                    for i in 0..<n { a[i] = b[i] }
                }
            }
        }
    }

    /// One stable counting pass on the byte at `shift`, from `source` to
    /// `target`; false (nothing moved) when every value has the same byte there.
    private static func pass(from source: UnsafeMutableBufferPointer<Int>, to target: UnsafeMutableBufferPointer<Int>,
                             count n: Int, shift: Int) -> Bool {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { offsets in
            offsets.initialize(repeating: 0)
            for i in 0..<n { offsets[(source[i] >> shift) & 0xFF] &+= 1 }
            if offsets[(source[0] >> shift) & 0xFF] == n { return false }
            var start = 0
            for d in 0..<256 {
                let c = offsets[d]
                offsets[d] = start
                start &+= c
            }
            for i in 0..<n {
                let v = source[i]
                let d = (v >> shift) & 0xFF
                target[offsets[d]] = v
                offsets[d] &+= 1
            }
            return true
        }
    }
}
