import RateModel

/// The rate parameters and the mass-action reactions.
extension SBMLExport {
    /// One parameter per process: its rate in the first epoch; `constant`
    /// when no epoch changes it. Units `per_day` (per cell) or `item_per_day` (inflow).
    static func parameters(_ processes: [SBMLProcess], ids: SBMLIdentifiers, schedule: EpochSchedule, model: NetworkModel) -> String {
        guard !processes.isEmpty else { return "" }
        var x = "    <listOfParameters>\n"
        for p in processes {
            let first = p.rate(in: schedule.epochs[0].rates)
            let constant = schedule.epochs.allSatisfy { p.rate(in: $0.rates) == first }
            let units: String
            if case .inflow = p { units = "item_per_day" } else { units = "per_day" }
            let what: String
            if case .inflow = p { what = " (cells per day)" } else { what = " (per cell per day)" }
            x += "      <parameter id=\"\(ids.ids(of: p).parameter)\" name=\"\(XMLText.escape(describe(p, model: model) + what))\" "
                + "value=\"\(XMLText.number(first))\" units=\"\(units)\" constant=\"\(constant)\"/>\n"
        }
        return x + "    </listOfParameters>\n"
    }

    /// One irreversible reaction per process, with its mass-action law.
    static func reactions(_ processes: [SBMLProcess], ids: SBMLIdentifiers, model: NetworkModel) -> String {
        guard !processes.isEmpty else { return "" }
        var x = "    <listOfReactions>\n"
        for p in processes {
            let (reaction, parameter) = ids.ids(of: p)
            x += "      <reaction id=\"\(reaction)\" name=\"\(XMLText.escape(describe(p, model: model)))\" reversible=\"false\">\n"
            let reactant: Int?, product: (species: Int, stoichiometry: Int)?
            switch p {
            case .transfer(let i, let j): reactant = i; product = (j, 1)
            case .loss(let i): reactant = i; product = nil
            case .division(let i): reactant = i; product = (i, 2)
            case .inflow(let i): reactant = nil; product = (i, 1)
            }
            if let reactant {
                x += "        <listOfReactants>\n          <speciesReference species=\"\(ids.species(reactant))\" stoichiometry=\"1\" "
                    + "constant=\"true\"/>\n        </listOfReactants>\n"
            }
            if let product {
                x += "        <listOfProducts>\n          <speciesReference species=\"\(ids.species(product.species))\" "
                    + "stoichiometry=\"\(product.stoichiometry)\" constant=\"true\"/>\n        </listOfProducts>\n"
            }
            x += "        <kineticLaw>\n          <math xmlns=\"\(mathNamespace)\">\n"
            if let reactant {
                x += "            <apply>\n              <times/>\n              <ci> \(parameter) </ci>\n"
                    + "              <ci> \(ids.species(reactant)) </ci>\n            </apply>\n"
            } else {
                x += "            <ci> \(parameter) </ci>\n"
            }
            x += "          </math>\n        </kineticLaw>\n      </reaction>\n"
        }
        return x + "    </listOfReactions>\n"
    }
}
