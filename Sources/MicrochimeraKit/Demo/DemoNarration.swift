import BiologyModel
import Engines
import RateModel
import Reporting

/// A few sentences about a run, for a class: where the cells went, how many
/// hosts still carry them years later, in blood and in tissues.
///
/// Every number comes from the run's summary (summary.csv): peaks, the
/// probability of presence at the checkpoints, the median time to loss.
/// Probabilities read "of simulated mothers" for a stochastic run and "the
/// probability that a mother …" for exact moments.
public enum DemoNarration {
    /// Hosts named with a common noun read as a plural ("mothers"); others as "runs".
    static let nouns: Set<String> = ["mother", "daughter", "son", "child", "grandmother", "recipient", "patient", "woman",
                                     "sister", "brother", "twin", "baby", "girl", "boy"]

    /// The sentences, each wrapped to `width` columns.
    public static func lines(_ outcome: RunOutcome, width: Int = 80) -> [String] {
        sentences(outcome).flatMap { wrap($0, width: width) }
    }

    static func sentences(_ outcome: RunOutcome) -> [String] {
        let rows = outcome.summary
        let scenario = outcome.compiled?.scenario
        let exact = outcome.manifest.method.ran == .moments
        let heads = RunHeadline.headlineRows(rows)
        var out: [String] = []
        for (i, head) in heads.prefix(3).enumerated() {
            let l = head.label
            let who = l.host.isEmpty ? "the cells" : "\(readable(l.origin.text))'s cells in \(readable(l.host))"
            let after = ReferenceEvent.phrase(host: l.host, origin: l.origin.text, reference: head.referenceDays, scenario: scenario)
            let parts = rows.filter { $0.label.host == l.host && $0.label.origin == l.origin && $0.label.cellType == l.cellType
                && $0.label.compartment != .total }
            if i == 0 {
                out.append(peakSentence(head, parts: parts, result: outcome.result, who: who))
                if let sentence = tissueSentence(parts, head: head, after: after, exact: exact) { out.append(sentence) }
                let types = rows.filter { $0.label.host == l.host && $0.label.origin == l.origin && $0.label.compartment == .named(BiologyDefaults.blood)
                    && $0.label.cellType != l.cellType }
                if let blood = parts.first(where: { $0.label.compartment == .named(BiologyDefaults.blood) }),
                   let sentence = bloodSentence(blood, types: types, exact: exact) {
                    out.append(sentence)
                }
            }
            if let sentence = anywhereSentence(head, who: who, after: after, exact: exact) { out.append(sentence) }
        }
        if let sentence = assaySentence(outcome) { out.append(sentence) }
        out.append(exact ? "(Exact probabilities from the moments method; `microchimera run` writes them all to summary.csv.)"
                   : "(From \(outcome.manifest.replicates.simulated) simulated lives; summary.csv has every series.)")
        return out
    }

    /// "Son's cells in mother peak at year 0.77 with 1.33 million cells on average, most of them in lung."
    static func peakSentence(_ head: SeriesSummary, parts: [SeriesSummary], result: RunResult, who: String) -> String {
        var text = "\(capitalised(who)) peak at year \(ReadableUnits.years(head.peakTimeDays)) with "
            + "\(ReadableUnits.cells(head.peakMean)) cells on average"
        if let k = result.times.firstIndex(of: head.peakTimeDays) {
            let means = parts.compactMap { p in result.series.first { $0.label == p.label }.map { (p.label.compartment.text, $0.points[k].mean) } }
            if let top = means.max(by: { $0.1 < $1.1 }), top.1 > 0 { text += ", most of them in \(readable(top.0))" }
        }
        return text + "."
    }

    /// "By year 10 after delivery, >99% of simulated mothers still carry them in blood, bone marrow and brain; 74% in heart."
    static func tissueSentence(_ parts: [SeriesSummary], head: SeriesSummary, after: String, exact: Bool) -> String? {
        guard let c = checkpoint(head, preferring: 10) else { return nil }
        let present = parts.compactMap { p in p.pPresent[c].map { (readable(p.label.compartment.text), $0) } }.filter { $0.1 > 0 }
        guard !present.isEmpty else { return nil }
        var groups: [(String, [String])] = []
        for (name, p) in present.sorted(by: { $0.1 > $1.1 }) {
            let text = ReferenceEvent.percent(p)
            if let last = groups.last, last.0 == text { groups[groups.count - 1].1.append(name) } else { groups.append((text, [name])) }
        }
        let host = head.label.host
        let first = groups[0]
        var text = "By year \(SummaryCSV.checkpointYears[c]) after \(after), "
            + (exact ? "the probability that a \(host.isEmpty ? "run" : host) still carries them is \(first.0) in \(list(first.1))"
               : "\(first.0) of \(plural(host)) still carry them in \(list(first.1))")
        for g in groups.dropFirst().prefix(3) { text += "; \(g.0) in \(list(g.1))" }
        return text + "."
    }

    /// "In blood alone, half of simulated mothers have lost them for good 8.1 years after the transfer ended"
    /// or, by cell type, "In blood at year 10, progenitor cells remain in 100% and mature cells in 23%."
    static func bloodSentence(_ blood: SeriesSummary, types: [SeriesSummary], exact: Bool) -> String? {
        if let median = blood.lossYears.q50 {
            return "In blood alone, half of \(plural(blood.label.host)) have lost them for good "
                + "\(ReadableUnits.number(median, digits: 2)) years after the transfer ended."
        }
        guard types.count > 1, let c = checkpoint(blood, preferring: 10) else { return nil }
        let parts = types.compactMap { t in t.pPresent[c].map { "\(readable(t.label.cellType.text)) cells \(exact ? "with probability" : "in") \(ReferenceEvent.percent($0))" } }
        guard !parts.isEmpty else { return nil }
        return "In blood at year \(SummaryCSV.checkpointYears[c]), by cell type: \(list(parts))."
    }

    /// "At year 30 after delivery, mother's cells in son remain somewhere in the body in 81% of simulated sons."
    static func anywhereSentence(_ head: SeriesSummary, who: String, after: String, exact: Bool) -> String? {
        guard let c = checkpoint(head, preferring: 30), let p = head.pPresent[c] else { return nil }
        let share = exact ? "with probability \(ReferenceEvent.percent(p))" : "in \(ReferenceEvent.percent(p)) of \(plural(head.label.host))"
        return "At year \(SummaryCSV.checkpointYears[c]) after \(after), \(who) remain somewhere in the body \(share)."
    }

    /// What a test would find beside what is there: "What a test finds is
    /// not what is there: a blood test of mother (assay blood_y_qpcr) at year
    /// 27.00 is positive with probability 32%, while cells of another person
    /// are in her blood with probability 100%." Uses the first assay with a
    /// detection probability, at its sampling time nearest year 27 (Evans et
    /// al. 1999 sampled women decades after a son), and the likeliest present
    /// non-host series of that host and compartment.
    static func assaySentence(_ outcome: RunOutcome) -> String? {
        guard let row = assayReading(outcome.assays), let p = row.pDetect else { return nil }
        let exact = outcome.manifest.method.ran == .moments
        var text = "What a test finds is not what is there: a \(readable(row.compartment)) test of \(readable(row.host)) "
            + "(assay \(row.assay)) at year \(ReadableUnits.number(row.time / Days.perYear, digits: 3)) is positive "
            + (exact ? "with probability \(ReferenceEvent.percent(p))" : "in \(ReferenceEvent.percent(p)) of \(plural(row.host))")
        if let k = outcome.result.times.firstIndex(of: row.time) {
            let present = outcome.result.series.filter { isOtherPerson($0.label, in: row) }.compactMap { $0.points[k].pPresent }
            if let most = present.max() {
                text += ", while cells of another person are in that \(readable(row.compartment)) "
                    + (exact ? "with probability \(ReferenceEvent.percent(most))" : "in \(ReferenceEvent.percent(most)) of them")
            }
        }
        return text + "."
    }

    /// The index of checkpoint `years` if it has a value, else of the latest checkpoint that has one.
    static func checkpoint(_ row: SeriesSummary, preferring years: Int) -> Int? {
        if let c = SummaryCSV.checkpointYears.firstIndex(of: years), row.pPresent[c] != nil { return c }
        return row.pPresent.lastIndex { $0 != nil }
    }

    static func plural(_ host: String) -> String {
        if host.isEmpty { return "simulated runs" }
        return nouns.contains(host) ? "simulated \(host)s" : "simulated lives of \(host)"
    }

    static func readable(_ name: String) -> String { name.replacingOccurrences(of: "_", with: " ") }

    static func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// `text` broken at spaces into lines of at most `width` columns.
    static func wrap(_ text: String, width: Int) -> [String] {
        TextWrap.lines(text.split(separator: " ").map(String.init), width: width)
    }
}
