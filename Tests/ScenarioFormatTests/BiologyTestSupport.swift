import BiologyModel
import Foundation
import Testing
@testable import ScenarioFormat

/// A biology-level scenario using every section of the format.
let familyScenario = """
name: family example
description: |
  A mother with a son, a miscarriage, a termination and twins.
horizon: 50 years
output: { every: 1 year, times: [3 months] }
mother:
  name: anna
  age: 27 years
  carries:
    - { origin: grandmother, cell_type: progenitor, compartment: bone_marrow, cells: 20 }
    - { origin: grandfather, sex: male, cell_type: mature, cells: 5 }
pregnancies:
  - child: son
    sex: male
    start: 2 years
  - child: lost
    sex: female
    start: 5 years
    length: 10 weeks
    outcome: miscarriage
  - child: ended
    sex: male
    mother: anna
    start: 7 years
    length: 9 weeks
    outcome: termination
    method: surgical
    pulse: 50000
  - child: daughter
    sex: female
    start: 9 years
    length: 38 weeks
    twin: { child: twin_brother, sex: male }
tissues: [bone_marrow, thyroid, heart, brain]
cell_types:
  progenitor:
    clearance: { half_life: 3 days }
    homing: { heart: 0.001 /day }
    tissues:
      default: { death: 0.002 /day }
      thyroid: { return: 0.001 /day }
      bone_marrow: { self_renewal: 0.012 /day }
    differentiation: { endothelial: 0.0001 /day }
  mature:
    share: 0.85
  endothelial:
    share: 0.1
    clearance: 0.5 /day
    tissues:
      heart: { death: { half_life: 1 year } }
transfer:
  shape:
    - { from: 4 weeks, level: 0.05 }
    - { from: 20 weeks, level: 1 }
  fetal_to_maternal: { peak: 50000 /day, pulse: { live_birth: 200000 } }
  maternal_to_fetal: { peak: 1 /hour }
  carried: { half_life: 70 days }
  twins: 1000 /week
immunity:
  - { host: anna, origin: son, clearance_factor: 0.5 }
events:
  - transfusion: { donor: donor1, sex: male, at: 30 years, cells: { progenitor: 1000, mature: 1e6 } }
  - transplant: { host: anna, donor: donor2, sex: female, at: 31 years, into: heart, cells: { endothelial: 500 } }
  - breastfeeding: { child: son, start: 2.8 years, duration: 6 months, rate: 1000 /day }
  - breastfeeding: { child: daughter, mother: anna, start: 10 years, end: 11 years, rate: 2000 /day }
  - injury: { tissue: heart, at: 20 years, duration: 30 days, homing_factor: 10 }
assays:
  - name: blood_y
    marker: y_chromosome
    sample: 10 mL
    times: [27 years]
    every: 10 years
  - name: heart_son
    host: anna
    marker: { hla: son }
    compartment: heart
    sample: { cells: 1e6 }
    limit_of_detection: 3
    times: [40 years]
host_cells:
  blood_volume: 4.5 L
  nucleated_per_ml: 6e6
  tissue_cells: { heart: 3e9 }

"""

/// A biology-level scenario: name (line 1), horizon (line 2), output (line 3),
/// then `body` from line 4.
func biology(_ body: String, horizon: String = "50 years") -> String {
    "name: test\nhorizon: \(horizon)\noutput: { every: 1 year }\n\(body)\n"
}

/// Decodes biology-level text that must be valid, without compiling it.
func decodeBiology(_ text: String, overrides: [SetOverride] = []) throws -> (scenario: BiologyScenario, cohort: CohortSpec?) {
    try ScenarioLoader.decodeBiology(text: text, file: "test.yaml", overrides: overrides)
}

/// The 1-based line of the first line of `text` containing `needle`.
func line(of needle: String, in text: String) -> Int? {
    text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }.map { $0 + 1 }
}

/// `ln 2 / days`: the rate of a half-life.
func rate(halfLife days: Double) -> Double { log(2.0) / days }
