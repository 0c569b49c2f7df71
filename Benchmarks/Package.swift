// swift-tools-version: 6.1
import PackageDescription

/// Benchmarks for Microchimera, kept in a nested package so that
/// package-benchmark (ordo-one/benchmark) stays out of the main build.
/// Run with `make bench` from the repository root, or here:
/// `swift package --allow-writing-to-package-directory benchmark`.
let package = Package(
    name: "MicrochimeraBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Microchimera", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MicrochimeraKit", package: "Microchimera"),
                .product(name: "Engines", package: "Microchimera"),
                .product(name: "LinearAlgebra", package: "Microchimera"),
                .product(name: "StochasticEngines", package: "Microchimera"),
                .product(name: "RandomStreams", package: "Microchimera"),
                .product(name: "RateModel", package: "Microchimera"),
                .product(name: "ScenarioFormat", package: "Microchimera"),
            ],
            path: "Benchmarks/EngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
