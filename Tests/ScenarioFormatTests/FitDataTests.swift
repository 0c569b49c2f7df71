import Foundation
import RateModel
import Testing
@testable import ScenarioFormat

/// The data files of a fit: RFC 4180 CSV with the columns kind,assay,time,n,positive,value,se,source.
@Suite("Fit data files")
struct FitDataTests {
    static let header = "kind,assay,time,n,positive,value,se,source"

    /// A fit folder whose only study's data file is `csv`.
    func folder(_ csv: String) throws -> FitFolder {
        try FitFolder(fit: goodFit, files: ["evans.yaml": "", "evans.csv": csv])
    }

    @Test("RFC 4180: a byte order mark, CRLF, quoted commas, doubled quotes, line breaks in quotes, blank lines, no final newline")
    func quoting() throws {
        let csv = "\u{FEFF}\(Self.header)\r\n"
            + "detected,blood PCR,27 years,12,3,,,\"Evans, D. \"\"et al.\"\", 1999\"\r\n"
            + "\r\n"
            + "mean_level,\"marrow, qPCR\",4 days after first delivery,,,0.8,0.2,\"Table 2,\r\nrow 3\"\r\n"
            + "log_mean_level,blood PCR,6 months,,,2.5,0.3,"
        let study = try folder(csv).load().studies[0]
        #expect(study.dataBytes == Array(csv.utf8))
        let expected: [Observation] = [
            Observation(kind: .detected(n: 12, positive: 3), assay: "blood PCR", time: .absolute(days: 27 * 365.25),
                        source: "Evans, D. \"et al.\", 1999", line: 2, assayColumn: 10, timeColumn: 20),
            Observation(kind: .meanLevel(value: 0.8, se: 0.2), assay: "marrow, qPCR", time: .after(event: "first delivery", days: 4),
                        source: "Table 2,\r\nrow 3", line: 4, assayColumn: 12, timeColumn: 27),
            Observation(kind: .logMeanLevel(value: 2.5, se: 0.3), assay: "blood PCR", time: .absolute(days: 182.625),
                        source: "", line: 6, assayColumn: 16, timeColumn: 26),
        ]
        #expect(study.observations == expected)
    }

    @Test("LF line ends with a final newline, a quoted header, times in every unit")
    func plainFile() throws {
        let csv = "\"kind\",assay,time,n,positive,value,se,source\n"
            + "detected,a,16 min,1,0,,,\ndetected,a,2 h,1,1,,,\ndetected,a,3 wk,5,0,,,\ndetected,a,0 days,5,5,,,\n"
        let times = try folder(csv).load().studies[0].observations.map(\.time)
        let expected: [ObservationTime] = [.absolute(days: 16.0 / 1440), .absolute(days: 2.0 / 24), .absolute(days: 21), .absolute(days: 0)]
        #expect(times == expected)
    }

    @Test("each bad field is reported at its line, column and column name", arguments: [
        ("detcted,b,1 day,1,0,,,", 1, "kind", ["unknown kind 'detcted'; did you mean 'detected'?", "detected, mean_level, log_mean_level"]),
        ("detected,,1 day,1,0,,,", 10, "assay", ["expected a non-empty text value"]),
        ("detected,b,soon,1,0,,,", 12, "time", ["expected a time with a unit", "got 'soon'"]),
        ("detected,b,3 dys,1,0,,,", 12, "time", ["unknown time unit 'dys'", "did you mean 'days'?"]),
        ("detected,b,-1 day,1,0,,,", 12, "time", ["must not be negative, got '-1 day'"]),
        ("detected,b,,1,0,,,", 12, "time", ["expected a time with a unit", "got an empty value"]),
        ("detected,b,4 days after,1,0,,,", 12, "time", ["the event is missing after 'after'"]),
        ("detected,b,soon after delivery,1,0,,,", 12, "time", ["expected a time with a unit", "got 'soon'"]),
        ("detected,b,1 day,0,0,,,", 18, "n", ["must be at least 1, got '0'"]),
        ("detected,b,1 day,2.5,0,,,", 18, "n", ["got '2.5', which is not a whole number"]),
        ("detected,b,1 day,x,0,,,", 18, "n", ["expected the number of samples", "got 'x'"]),
        ("detected,b,1 day,,0,,,", 18, "n", ["expected the number of samples", "got an empty value"]),
        ("detected,b,1 day,2,3,,,", 20, "positive", ["positive (3) must not exceed n (2)"]),
        ("detected,b,1 day,2,-1,,,", 20, "positive", ["must not be negative, got '-1'"]),
        ("detected,b,1 day,2,1.5,,,", 20, "positive", ["got '1.5', which is not a whole number"]),
        ("detected,b,1 day,2,1,0.5,,", 22, "value", ["'value' does not apply to a 'detected' row", "leave it empty"]),
        ("detected,b,1 day,2,1,,0.5,", 23, "se", ["'se' does not apply to a 'detected' row"]),
        ("mean_level,b,1 day,5,,0.1,0.2,", 20, "n", ["'n' does not apply to a 'mean_level' row"]),
        ("mean_level,b,1 day,,,-0.1,0.2,", 22, "value", ["must not be negative, got '-0.1'"]),
        ("mean_level,b,1 day,,,1e400,0.2,", 22, "value", ["'1e400' is not a finite number"]),
        ("mean_level,b,1 day,,,,0.2,", 22, "value", ["expected the mean level", "got an empty value"]),
        ("mean_level,b,1 day,,,0.1,0,", 26, "se", ["must be greater than zero, got '0'"]),
        ("mean_level,b,1 day,,,0.1,-2,", 26, "se", ["must be greater than zero, got '-2'"]),
        ("mean_level,b,1 day,,,0.1,,", 26, "se", ["expected the standard error of the mean", "got an empty value"]),
        ("log_mean_level,b,1 day,,,0,0.2,", 26, "value", ["must be greater than zero, got '0'", "geometric mean"]),
        ("log_mean_level,b,1 day,3,,1,0.2,", 24, "n", ["'n' does not apply to a 'log_mean_level' row"]),
        ("detected,b,1 day,1,0", 21, "value", ["this row has 5 fields but needs 8", "'value' and later columns are missing"]),
        ("detected,b,1 day,1,0,,,x,extra", 26, "", ["this row has 9 fields but needs 8", "enclosed in double quotes"]),
        ("detected,b,\"1 day,1,0,,,\n", 12, "time", ["the quoted field that starts here is not closed"]),
        ("detected,b\"x,1 day,1,0,,,", 11, "assay", ["a '\"' inside a field that does not start with one"]),
        ("detected,\"b\"x,1 day,1,0,,,", 13, "assay", ["unexpected 'x' after the closing quote"]),
    ] as [(String, Int, String, [String])])
    func badRow(row: String, column: Int, keyPath: String, fragments: [String]) throws {
        try folder("\(Self.header)\n\(row)\n").expectOne(file: "evans.csv", line: 2, column: column, keyPath: keyPath, contains: fragments)
    }

    @Test("the header must be exactly the eight columns", arguments: [
        ("kind,assay,tme,n,positive,value,se,source", 12, "time", ["expected the column 'time' here, got 'tme'",
                                                                  "exactly 'kind,assay,time,n,positive,value,se,source'"]),
        (" kind,assay,time,n,positive,value,se,source", 1, "kind", ["expected the column 'kind' here, got ' kind'"]),
        ("kind,assay,n,time,positive,value,se,source", 12, "time", ["got 'n'"]),
        ("kind,assay,time,n,positive,value,se", 36, "source", ["the header has 7 fields but needs 8"]),
        ("kind,assay,time,n,positive,value,se,source,notes", 44, "", ["the header has 9 fields but needs 8"]),
    ] as [(String, Int, String, [String])])
    func badHeader(header: String, column: Int, keyPath: String, fragments: [String]) throws {
        try folder("\(header)\ndetected,b,1 day,1,0,,,\n")
            .expectOne(file: "evans.csv", line: 1, column: column, keyPath: keyPath, contains: fragments)
    }

    @Test("an empty data file, or one without observations, is an error", arguments: [
        ("", "the data file is empty"), ("\u{FEFF}", "the data file is empty"), ("\n\r\n", "the data file is empty"),
        ("\(header)\n", "the data file has no observations"), ("\u{FEFF}\(header)", "the data file has no observations"),
    ])
    func empty(csv: String, fragment: String) throws {
        try folder(csv).expectOne(file: "evans.csv", line: 1, column: 1, keyPath: "", contains: [fragment])
    }

    @Test("a data file that is not UTF-8 is reported at its key in the fit file")
    func notUTF8() throws {
        let folder = try folder(goodCSV)
        try Data([0x6B, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: folder.path("evans.csv")))
        folder.expectOne(line: 5, column: 11, keyPath: "studies[0].data", contains: ["cannot read the data file", "not valid UTF-8"])
    }

    @Test("every bad row is reported, in file order, several per row; good rows between them are read")
    func allRows() throws {
        let csv = """
            \(Self.header)
            detected,b,1 day,1,0,,,
            detected,b,1 dy,0,2,,,
            mean_level,b,1 day,,,-1,0,ok
            detected,b,2 days,1,1,,,
            "unclosed,b,1 day,1,0,,,
            detected,b,3 days,1,1,,,

            """
        let found = try folder(csv).diagnostics()
        #expect(found.map { "\($0.line ?? 0):\($0.column ?? 0):\($0.keyPath)" } == [
            "3:12:time", "3:17:n", "4:22:value", "4:25:se", "6:1:kind",
        ], "\(found.map(\.description).joined(separator: "\n"))")
    }
}
