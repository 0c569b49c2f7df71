import Benchmark
import RandomStreams

/// The random words behind every sampler: Philox4×64-10 one block at a time
/// against `next()`, whose refill computes four blocks with their rounds
/// interleaved (`Philox4x64.blocks(from:key:)`). Both produce the same
/// words; an iteration draws 2²⁰ of them, so 1,048,576 × iterations/s is
/// words per second (one thread).
func registerGeneratorBenchmarks() {
    let words = 1 << 20
    let configuration = Benchmark.Configuration(metrics: [.wallClock, .cpuTotal, .throughput], maxDuration: .seconds(2))
    Benchmark("philox 2^20 words, one block at a time", configuration: configuration) { benchmark in
        for i in benchmark.scaledIterations {
            var sum: UInt64 = 0
            let key: Philox4x64.Key = (1, UInt64(i))
            for b in 0..<UInt64(words / 4) {
                let out = Philox4x64.block(counter: (b, 0, 7, 0), key: key)
                sum &+= out.0 ^ out.1 ^ out.2 ^ out.3
            }
            blackHole(sum)
        }
    }
    Benchmark("philox 2^20 words, next() (4-block refill)", configuration: configuration) { benchmark in
        for i in benchmark.scaledIterations {
            var sum: UInt64 = 0
            var rng = Philox4x64(key: (1, UInt64(i)), counter: (0, 0, 7, 0))
            for _ in 0..<words { sum &+= rng.next() }
            blackHole(sum)
        }
    }
}
