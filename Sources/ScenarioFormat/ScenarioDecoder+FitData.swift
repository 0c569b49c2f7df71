/// The rows of a fit's data file, checked with the scenario readers: each CSV
/// field is read as a scalar placed at its line and column, with the column
/// name as key path.
extension ScenarioDecoder {
    /// The header of a data file, exactly.
    static let fitDataColumns = ["kind", "assay", "time", "n", "positive", "value", "se", "source"]
    /// The values of the `kind` column.
    static let observationKinds: [(String, ObservationKindName)] = [
        ("detected", .detected), ("mean_level", .meanLevel), ("log_mean_level", .logMeanLevel),
    ]

    /// The row kinds, before their numbers are read.
    enum ObservationKindName {
        case detected, meanLevel, logMeanLevel
    }

    /// The observations of a data file whose display path is `file`, in file
    /// order. Every problem is reported; a row with a problem is left out.
    mutating func observations(_ table: CSVTable, file: String) -> [Observation] {
        let headerText = Self.fitDataColumns.joined(separator: ",")
        guard let header = table.records.first else {
            sink.report("the data file is empty; expected the header '\(headerText)' and then one observation per line",
                        at: .file(file, line: 1, column: 1), path: .root)
            return []
        }
        guard fitDataHeader(header, file: file) else { return [] }
        let rows = table.records.dropFirst()
        if rows.isEmpty {
            sink.report("the data file has no observations; after the header '\(headerText)' give one observation per line",
                        at: .file(file, line: header.line, column: 1), path: .root)
        }
        return rows.compactMap { observation($0, file: file) }
    }

    /// The key path of the field at `index`: its column name, or `""` past the last column.
    private static func columnPath(_ index: Int) -> NodePath {
        index < fitDataColumns.count ? .root.key(fitDataColumns[index]) : .root
    }

    /// Reports a record that is not well-formed CSV, or has the wrong number of
    /// fields; `true` when the record has exactly one field per column.
    private mutating func checkShape(_ record: CSVTable.Record, file: String, what: String) -> Bool {
        if let problem = record.problem {
            sink.report(problem.message, at: .file(file, line: problem.line, column: problem.column), path: Self.columnPath(problem.fieldIndex))
            return false
        }
        let count = record.fields.count, expected = Self.fitDataColumns.count
        if count < expected, let last = record.fields.last {
            sink.report("\(what) has \(count) field\(count == 1 ? "" : "s") but needs \(expected) (\(Self.fitDataColumns.joined(separator: ","))): "
                            + "'\(Self.fitDataColumns[count])' and later columns are missing; leave a field empty, not out",
                        at: .file(file, line: last.line, column: record.endColumn), path: Self.columnPath(count))
            return false
        }
        if count > expected {
            let extra = record.fields[expected]
            sink.report("\(what) has \(count) fields but needs \(expected) (\(Self.fitDataColumns.joined(separator: ","))); "
                            + "a field holding a comma must be enclosed in double quotes",
                        at: .file(file, line: extra.line, column: extra.column), path: .root)
            return false
        }
        return true
    }

    /// Checks the header is exactly the columns, in order; `false` stops reading the rows.
    private mutating func fitDataHeader(_ header: CSVTable.Record, file: String) -> Bool {
        guard checkShape(header, file: file, what: "the header") else { return false }
        for (field, column) in zip(header.fields, Self.fitDataColumns) where field.text != column {
            sink.report("expected the column '\(column)' here, got '\(field.text)'; the header must be exactly "
                            + "'\(Self.fitDataColumns.joined(separator: ","))'",
                        at: .file(file, line: field.line, column: field.column), path: .root.key(column))
            return false
        }
        return true
    }

    /// One row as an observation; `nil` when any field was reported.
    private mutating func observation(_ record: CSVTable.Record, file: String) -> Observation? {
        guard checkShape(record, file: file, what: "this row") else { return nil }
        let before = sink.count
        let fields = record.fields
        func node(_ index: Int) -> YAMLNode {
            let field = fields[index]
            return YAMLNode(content: .scalar(field.text, isPlain: field.text.isEmpty),
                            position: .file(file, line: field.line, column: field.column))
        }
        let path = Self.columnPath
        let kind = choice(node(0), path: path(0), noun: "kind", options: Self.observationKinds)
        let assay = text(node(1), path: path(1))
        let time = observationTime(node(2), path: path(2))
        var measured: Observation.Kind?
        switch kind {
        case .detected:
            notApplicable([5, 6], node: node, kind: "detected", instead: "n and positive")
            let n = wholeNumber(node(3), path: path(3), minimum: 1, expected: "the number of samples, a whole number such as '12'")
            let positive = wholeNumber(node(4), path: path(4), minimum: 0, expected: "the number of positive samples, a whole number such as '3'")
            if let n, let positive {
                if positive > n {
                    sink.report("positive (\(positive)) must not exceed n (\(n)), the number of samples", at: node(4).position, path: path(4))
                } else {
                    measured = .detected(n: n, positive: positive)
                }
            }
        case .meanLevel, .logMeanLevel:
            let name = kind == .meanLevel ? "mean_level" : "log_mean_level"
            notApplicable([3, 4], node: node, kind: name, instead: "value and se")
            let value = kind == .meanLevel
                ? number(node(5), path: path(5), range: .nonNegative, expected: "the mean level (GEq per 10^5 host cells), a number such as '0.8'")
                : number(node(5), path: path(5), range: .positive, expected: "the geometric mean level (GEq per 10^5 host cells), a number such as '0.8'")
            let se = number(node(6), path: path(6), range: .positive, expected: kind == .meanLevel
                                ? "the standard error of the mean, a number such as '0.2'"
                                : "the standard error of the natural log of the level, a number such as '0.3'")
            if let value, let se { measured = kind == .meanLevel ? .meanLevel(value: value, se: se) : .logMeanLevel(value: value, se: se) }
        case nil:
            break
        }
        guard sink.count == before, let measured, let assay, let time else { return nil }
        return Observation(kind: measured, assay: assay, time: time, source: fields[7].text.trimmingWhitespace(),
                           line: record.line, assayColumn: fields[1].column, timeColumn: fields[2].column)
    }

    /// Reports each of the fields at `indices` that is filled although a row of `kind` does not use it.
    private mutating func notApplicable(_ indices: [Int], node: (Int) -> YAMLNode, kind: String, instead: String) {
        for index in indices {
            let field = node(index)
            guard let text = field.scalarText, !text.trimmingWhitespace().isEmpty else { continue }
            let column = Self.fitDataColumns[index]
            sink.report("'\(column)' does not apply to a '\(kind)' row (which uses \(instead)); leave it empty, got '\(text)'",
                        at: field.position, path: Self.columnPath(index))
        }
    }

    /// `27 years` (days from day 0) or `4 days after EVENT` (days after a named event).
    private mutating func observationTime(_ node: YAMLNode, path: NodePath) -> ObservationTime? {
        let text = node.scalarText ?? ""
        let words = text.split(whereSeparator: \.isWhitespace)
        guard let after = words.firstIndex(of: "after") else {
            return time(node, path: path, requirement: .nonNegative).map { .absolute(days: $0) }
        }
        let duration = YAMLNode(content: .scalar(words[..<after].joined(separator: " "), isPlain: true), position: node.position)
        let event = words[(after + 1)...].joined(separator: " ")
        let days = time(duration, path: path, requirement: .nonNegative)
        if event.isEmpty {
            sink.report("the event is missing after 'after' in '\(text)'; expected e.g. '4 days after delivery'", at: node.position, path: path)
            return nil
        }
        return days.map { .after(event: event, days: $0) }
    }
}
