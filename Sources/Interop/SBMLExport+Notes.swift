import RateModel

/// The model's notes (XHTML, for readers) and annotation (for programs).
extension SBMLExport {
    /// The notes: where the model comes from, how to read it, and what it does not say.
    static func notes(_ source: SBMLSource, schedule: EpochSchedule) -> String {
        let model = source.model
        var body: [String] = []
        body.append("<h1>\(XMLText.escape(model.name))</h1>")
        for p in source.provenance { body.append("<p>\(XMLText.escape(p))</p>") }
        body.append("<h2>How to read this model</h2>")
        let folded = schedule.bolusGroups.first.map { $0.time == 0 } ?? false
        let reading = [
            "Each species is one compartment of Microchimera's compiled network (\(model.count) in all), counted in cells "
                + "(substance unit item, hasOnlySubstanceUnits); the SBML compartments only group the species by host and "
                + "their size of 1 litre is nominal. Time is in days.",
            "Every reaction is first order in one cell (transfer, loss, division X -> 2 X) or zero order (a constant inflow), "
                + "with its rate constant as a parameter. The network is linear, so the deterministic (ODE) reading of this "
                + "model is the exact mean E[X(t)] of the stochastic process, and its stochastic (Gillespie) reading is the "
                + "process itself.",
            "Rates are piecewise constant: an event at each day where some rate changes sets the parameters to their new "
                + "values, and boluses are events that add cells. Rates and cells are right-continuous: the state at an "
                + "event's time already includes it (libRoadRunner and COPASI report it so; a simulator that reports the "
                + "state from just before an event at its time differs from Microchimera at that time only)."
                + (folded ? " Cells added at day 0 are part of the initial amounts." : ""),
            "Simulate from day 0 to the horizon, day \(XMLText.number(model.horizon)); Microchimera reports "
                + "\(model.outputTimes.count) output times, listed in the model's annotation (outputTimes, in days).",
        ]
        for r in reading { body.append("<p>\(XMLText.escape(r))</p>") }
        if !source.unsaid.isEmpty {
            body.append("<h2>What this file does not say</h2>")
            body.append("<ul>")
            for u in source.unsaid { body.append("<li>\(XMLText.escape(u))</li>") }
            body.append("</ul>")
        }
        var x = "    <notes>\n      <body xmlns=\"\(xhtmlNamespace)\">\n"
        for line in body { x += "        \(line)\n" }
        return x + "      </body>\n    </notes>\n"
    }

    /// `mc:scenario`: the caller's attributes, the horizon and the output times (days).
    static func modelAnnotation(_ source: SBMLSource) -> String {
        var x = "    <annotation>\n      <mc:scenario xmlns:mc=\"\(annotationNamespace)\""
        for (name, value) in source.attributes { x += "\n        \(name)=\"\(XMLText.escape(value))\"" }
        x += "\n        horizon=\"\(XMLText.number(source.model.horizon))\""
        x += "\n        outputTimes=\"\(source.model.outputTimes.map(XMLText.number).joined(separator: " "))\"/>\n"
        return x + "    </annotation>\n"
    }
}
