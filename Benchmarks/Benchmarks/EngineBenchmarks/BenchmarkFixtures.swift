import Foundation
import LinearAlgebra

/// Inputs shared by the benchmarks.
enum BenchmarkFixtures {
    /// The repository root (two levels above this nested package's directory).
    static let repositoryRoot: String = {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }()

    /// An n×n generator (columns sum to zero) with rates spread over four decades.
    static func generator(size n: Int) -> Matrix {
        var q = Matrix(rows: n, cols: n)
        var state: UInt64 = 0x9E3779B97F4A7C15
        for j in 0..<n {
            var total = 0.0
            for i in 0..<n where i != j {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let r = Double(state >> 11) / Double(1 << 53) * pow(10, -Double((i + j) % 4)) * 0.01
                q[i, j] = r
                total += r
            }
            q[j, j] = -total
        }
        return q
    }
}
