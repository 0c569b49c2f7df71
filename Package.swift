// swift-tools-version: 6.1
import PackageDescription

/// Microchimera: stochastic compartment dynamics of microchimeric cells.
///
/// Targets point inward: each depends only on targets named earlier in this list
/// (its direct dependencies in parentheses, leaving out those reached through another):
/// - numerics and model: LinearAlgebra (COpenBLAS); RateModel; RandomStreams;
///   Optimization (CNLopt, RandomStreams); Sensitivity (RandomStreams);
/// - domain and engines: BiologyModel (RateModel, RandomStreams);
///   Engines (RateModel, LinearAlgebra); StochasticEngines (Engines, RandomStreams);
/// - formats: ScenarioFormat (BiologyModel, Yams); Reporting (Engines, swift-system);
///   Interop (RateModel), the network as SBML for other tools;
/// - application: MicrochimeraKit (ScenarioFormat, StochasticEngines, Reporting,
///   Interop, Optimization, Sensitivity);
/// - front ends: MicrochimeraServer (MicrochimeraKit, FlyingFox), the teaching page's
///   web server; the `microchimera` executable (MicrochimeraServer, ArgumentParser).
/// docs/architecture.md draws the graph; scripts/architecture-graph.sh derives it from
/// this file, and `make test` checks that the drawing is current.
///
/// Built and tested on Linux only (Swift 6.3.1, Debian's OpenBLAS and NLopt). SwiftPM has no
/// list of supported operating systems, so no `platforms:` entry is claimed: Reporting
/// calls Linux's `sendfile(2)` and stops a build elsewhere with `#error`, and the
/// engines' `Mutex` would need macOS 15.
let package = Package(
    name: "Microchimera",
    products: [
        .executable(name: "microchimera", targets: ["microchimera"]),
        .library(name: "MicrochimeraKit", targets: ["MicrochimeraKit"]),
        .library(name: "Engines", targets: ["Engines"]),
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
        .library(name: "ScenarioFormat", targets: ["ScenarioFormat"]),
        .library(name: "RateModel", targets: ["RateModel"]),
        .library(name: "BiologyModel", targets: ["BiologyModel"]),
        .library(name: "StochasticEngines", targets: ["StochasticEngines"]),
        .library(name: "RandomStreams", targets: ["RandomStreams"]),
        .library(name: "Optimization", targets: ["Optimization"]),
        .library(name: "Sensitivity", targets: ["Sensitivity"]),
        .library(name: "Interop", targets: ["Interop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // System library shim: the only place OpenBLAS headers enter Swift.
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // Every BLAS/LAPACK call lives here: Matrix, gemm/gemv, LU solve, expm.
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"]),
        // The compiled network: compartments, per-cell rates, windows, epochs. Pure data.
        .target(name: "RateModel"),
        // Counter-based random streams (Philox4x64-10) and exact samplers.
        .target(name: "RandomStreams"),
        // System library shim: the only place NLopt's header enters Swift.
        .systemLibrary(
            name: "CNLopt",
            pkgConfig: "nlopt",
            providers: [.apt(["libnlopt-dev"])]
        ),
        // Bounded derivative-free minimisation (every NLopt call lives in NLopt.swift),
        // Latin hypercube starts and profile likelihoods.
        .target(name: "Optimization", dependencies: ["CNLopt", "RandomStreams"]),
        // Global sensitivity designs and estimators: scrambled Sobol' sequences, Saltelli's
        // scheme with Sobol' indices and bootstrap intervals, Morris's elementary effects.
        .target(name: "Sensitivity", dependencies: ["RandomStreams"]),
        // The biology level: families, pregnancies, cell types, events, assays, cohorts,
        // compiled to a RateModel network with one compartment per population.
        .target(name: "BiologyModel", dependencies: ["RateModel", "RandomStreams"]),
        // Shared engine vocabulary and the deterministic moments engine.
        .target(name: "Engines", dependencies: ["RateModel", "LinearAlgebra"]),
        // Exact (Gillespie) and fast (matrix-step) ensembles with exact summaries.
        .target(name: "StochasticEngines", dependencies: ["Engines", "RateModel", "LinearAlgebra", "RandomStreams"]),
        // YAML scenario files -> RateModel, with file/line/column diagnostics.
        .target(name: "ScenarioFormat", dependencies: ["RateModel", "BiologyModel", .product(name: "Yams", package: "Yams")]),
        // CSV, JSON and SVG outputs, written atomically through swift-system (SystemPackage).
        .target(name: "Reporting", dependencies: ["RateModel", "Engines", .product(name: "SystemPackage", package: "swift-system")]),
        // The compiled network as SBML Level 3 Version 2 (`export --sbml`): pure text, no I/O.
        .target(name: "Interop", dependencies: ["RateModel"]),
        // The run pipeline the CLI drives: scenario -> engine -> files.
        .target(name: "MicrochimeraKit", dependencies: ["ScenarioFormat", "BiologyModel", "Engines", "StochasticEngines", "Reporting", "Interop", "RateModel", "LinearAlgebra", "Optimization", "Sensitivity"]),
        // The teaching page's local web server (`microchimera serve`): routes, sessions,
        // bounded off-pool computation and the page's embedded assets, over FlyingFox.
        .target(name: "MicrochimeraServer", dependencies: ["MicrochimeraKit", .product(name: "FlyingFox", package: "FlyingFox")]),
        .executableTarget(
            name: "microchimera",
            dependencies: ["MicrochimeraKit", "MicrochimeraServer", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Test helpers shared by the test targets: goodness-of-fit statistics and exact
        // distributions written independently of the code under test, and temporary folders.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "RandomStreamsTests", dependencies: ["RandomStreams", "TestSupport"]),
        .testTarget(name: "OptimizationTests", dependencies: ["Optimization", "RandomStreams"]),
        .testTarget(name: "SensitivityTests", dependencies: ["Sensitivity", "RandomStreams"]),
        .testTarget(name: "BiologyModelTests", dependencies: ["BiologyModel", "RateModel", "Engines", "StochasticEngines", "RandomStreams"]),
        .testTarget(name: "EnginesTests", dependencies: ["Engines", "RateModel", "LinearAlgebra"]),
        .testTarget(name: "StochasticEnginesTests", dependencies: ["StochasticEngines", "Engines", "RateModel", "RandomStreams", "LinearAlgebra", "TestSupport"]),
        // FuzzCorpus/: the seed scenarios LoaderFuzzTests mutates.
        .testTarget(name: "ScenarioFormatTests", dependencies: ["ScenarioFormat", "RateModel", "BiologyModel", "TestSupport"],
                    resources: [.copy("FuzzCorpus")]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "RateModel", "Engines", "TestSupport"]),
        .testTarget(name: "InteropTests", dependencies: ["Interop", "RateModel"]),
        .testTarget(name: "CLITests", dependencies: ["microchimera", "MicrochimeraKit", "TestSupport"]),
        .testTarget(name: "ServerTests", dependencies: ["MicrochimeraServer", "MicrochimeraKit", "ScenarioFormat", "TestSupport"]),
    ]
)
