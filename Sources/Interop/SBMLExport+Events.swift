import RateModel

/// The events: rate switches at epoch starts and boluses.
extension SBMLExport {
    /// One event per instant: trigger `time >= t` (initially false, persistent),
    /// assignments evaluated at the trigger time, no delay; rates set to the
    /// new epoch's values and species increased by the bolus cells.
    static func events(_ events: [SBMLEvent], ids: SBMLIdentifiers) -> String {
        guard !events.isEmpty else { return "" }
        let units = "xmlns:sbml=\"\(sbmlNamespace)\""
        var x = "    <listOfEvents>\n"
        for (k, event) in events.enumerated() {
            var what: [String] = []
            if !event.rates.isEmpty { what.append("\(event.rates.count) rate\(event.rates.count == 1 ? "" : "s") change") }
            if !event.cells.isEmpty { what.append("bolus into \(event.cells.count) species") }
            x += "      <event id=\"\(SBMLIdentifiers.event(k + 1))\" name=\"day \(XMLText.number(event.time)): "
                + "\(what.joined(separator: "; "))\" useValuesFromTriggerTime=\"true\">\n"
            x += "        <trigger initialValue=\"false\" persistent=\"true\">\n          <math xmlns=\"\(mathNamespace)\" \(units)>\n"
            x += "            <apply>\n              <geq/>\n"
            x += "              <csymbol encoding=\"text\" definitionURL=\"http://www.sbml.org/sbml/symbols/time\"> time </csymbol>\n"
            x += "              <cn sbml:units=\"day\"> \(XMLText.number(event.time)) </cn>\n            </apply>\n"
            x += "          </math>\n        </trigger>\n        <listOfEventAssignments>\n"
            for change in event.rates {
                let units: String
                if case .inflow = change.process { units = "item_per_day" } else { units = "per_day" }
                x += "          <eventAssignment variable=\"\(ids.ids(of: change.process).parameter)\">\n"
                    + "            <math xmlns=\"\(mathNamespace)\" xmlns:sbml=\"\(sbmlNamespace)\">\n"
                    + "              <cn sbml:units=\"\(units)\"> \(XMLText.number(change.rate)) </cn>\n"
                    + "            </math>\n          </eventAssignment>\n"
            }
            for add in event.cells {
                let s = ids.species(add.compartment)
                x += "          <eventAssignment variable=\"\(s)\">\n"
                    + "            <math xmlns=\"\(mathNamespace)\" xmlns:sbml=\"\(sbmlNamespace)\">\n"
                    + "              <apply>\n                <plus/>\n                <ci> \(s) </ci>\n"
                    + "                <cn sbml:units=\"item\"> \(add.cells) </cn>\n              </apply>\n"
                    + "            </math>\n          </eventAssignment>\n"
            }
            x += "        </listOfEventAssignments>\n      </event>\n"
        }
        return x + "    </listOfEvents>\n"
    }
}
