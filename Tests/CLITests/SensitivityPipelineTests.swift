import Foundation
@testable import MicrochimeraKit
import Sensitivity
import Testing

/// `SensitivityPipeline.analyse` on functions with closed-form answers, evaluated
/// on the sweep designs themselves (the test hook in place of the simulator).
@Suite("sensitivity estimators on the sweep designs")
struct SensitivityPipelineTests {
    /// Ishigami and Homma (1990): f = sin x1 + a sin² x2 + b x3⁴ sin x1 on [−π, π]³.
    static func ishigami(_ u: [Double], a: Double = 7, b: Double = 0.1) -> Double {
        let x = u.map { -Double.pi + 2 * Double.pi * $0 }
        return sin(x[0]) + a * sin(x[1]) * sin(x[1]) + b * pow(x[2], 4) * sin(x[0])
    }

    /// Closed-form indices of the Ishigami function (Sobol' and Levitan 1999; Saltelli et al. 2008):
    /// V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2, V1 = (1 + bπ⁴/5)²/2, V2 = a²/8, V3 = 0, V13 = 8b²π⁸/225.
    static func ishigamiIndices(a: Double = 7, b: Double = 0.1) -> (s1: [Double], st: [Double]) {
        let pi4 = pow(Double.pi, 4), pi8 = pow(Double.pi, 8)
        let v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5
        let v1 = 0.5 * pow(1 + b * pi4 / 5, 2), v2 = a * a / 8, v13 = 8 * b * b * pi8 / 225
        return ([v1 / v, v2 / v, 0], [(v1 + v13) / v, v2 / v, v13 / v])
    }

    @Test("Ishigami (a = 7, b = 0.1), sobol design N = 2048, seed 2026: every S1 and ST within its bootstrap interval, intervals narrower than 0.15 (ST₁, the widest, spans 0.13)")
    func ishigami() throws {
        let exact = Self.ishigamiIndices()
        #expect(abs(exact.s1[0] - 0.3139) < 1e-4 && abs(exact.st[0] - 0.5576) < 1e-4 && abs(exact.st[2] - 0.2437) < 1e-4,
                "the closed forms match the published values")
        let unit = try SweepDesign.sobol.unitPoints(parameters: 3, count: 2048, seed: 2026, levels: nil)
        #expect(unit.count == 2048 * 5)
        let measures = try SensitivityPipeline.analyse(design: .sobol, unit: unit, outputs: unit.map { Self.ishigami($0) },
                                                       levels: nil, bootstrap: 1000, seed: 2026, label: "ishigami")
        guard case .sobol(let s) = measures else { Issue.record("not Sobol' indices"); return }
        for j in 0..<3 {
            #expect(s.firstOrderInterval[j].contains(exact.s1[j]), "S1[\(j + 1)] = \(s.firstOrder[j]) in \(s.firstOrderInterval[j])? exact \(exact.s1[j])")
            #expect(s.totalInterval[j].contains(exact.st[j]), "ST[\(j + 1)] = \(s.total[j]) in \(s.totalInterval[j])? exact \(exact.st[j])")
            for i in [s.firstOrderInterval[j], s.totalInterval[j]] {
                #expect(i.upperBound - i.lowerBound < 0.15 && i.upperBound > i.lowerBound, "parameter \(j + 1): interval \(i)")
            }
            #expect(abs(s.firstOrder[j] - exact.s1[j]) < 0.05 && abs(s.total[j] - exact.st[j]) < 0.05)
        }
    }

    @Test("Morris on y = 10·x1 + 3·x2² + x1·x3 (r = 300, p = 4): μ*₁ = 10.5, μ*₂ = 3, μ*₃ = 0.5 within 4 standard errors; ranking x1 > x2 > x3")
    func morris() throws {
        let r = 300
        let unit = try SweepDesign.morris.unitPoints(parameters: 3, count: r, seed: 11, levels: 4)
        let y = unit.map { 10 * $0[0] + 3 * $0[1] * $0[1] + $0[0] * $0[2] }
        guard case .morris(let m) = try SensitivityPipeline.analyse(design: .morris, unit: unit, outputs: y, levels: 4, bootstrap: 0,
                                                                    seed: 1, label: "f") else { Issue.record("not Morris"); return }
        // EE₁ = 10 + x3 (x3 uniform on the 4 levels: mean 1/2, sd √(5/36)); EE₂ = 3(2x + 2/3), x ∈ {0, 1/3}: 2 or 4 (sd 1); EE₃ = x1.
        let se = 1 / Double(r).squareRoot()
        #expect(abs(m.muStar[0] - 10.5) < 4 * (5.0 / 36).squareRoot() * se, "μ*₁ = \(m.muStar[0])")
        #expect(abs(m.muStar[1] - 3) < 4 * se, "μ*₂ = \(m.muStar[1])")
        #expect(abs(m.muStar[2] - 0.5) < 4 * (5.0 / 36).squareRoot() * se, "μ*₃ = \(m.muStar[2])")
        #expect(m.muStar[0] > m.muStar[1] && m.muStar[1] > m.muStar[2])
        #expect(abs(m.sigma[1] - 1) < 0.1 && m.mu[0] == m.muStar[0])
    }

    @Test("the sobol and morris designs are refused without --points, with too many axes or odd levels, and --levels elsewhere")
    func designRefusals() throws {
        let axis = try SweepAxis(parsing: "x=0:1")
        #expect(throws: RunError.self) { try SweepDesign.sobol.points([axis], count: nil, seed: 1) }
        #expect(throws: RunError.self) { try SweepDesign.morris.points([axis], count: 10, seed: 1, levels: 3) }
        #expect(throws: RunError.self) { try SweepDesign.lhs.points([axis], count: 10, seed: 1, levels: 4) }
        let many = try (0..<65).map { i throws -> SweepAxis in try SweepAxis(parsing: "x\(i)=0:1") }
        do {
            _ = try SweepDesign.sobol.points(many, count: 4, seed: 1)
            Issue.record("65 axes accepted")
        } catch {
            #expect(error.description.contains("at most 64 --vary axes"), "\(error)")
        }
    }
}
