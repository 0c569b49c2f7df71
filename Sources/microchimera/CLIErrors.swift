import ArgumentParser
import Foundation
import MicrochimeraKit
import ScenarioFormat

/// Printing errors to standard error and mapping them to exit codes.
enum CLIErrors {
    /// Writes `error` to stderr, one problem per line, and returns the exit code to throw.
    static func report(_ error: RunError) -> ExitCode {
        printError(error.description)
        return ExitCode(error.exitCode)
    }

    /// Parses every `--set PATH=VALUE`, reporting a malformed one as a usage error.
    static func parseOverrides(_ arguments: [String]) throws -> [SetOverride] {
        var result: [SetOverride] = []
        for argument in arguments {
            do {
                result.append(try SetOverride(parsing: argument))
            } catch {
                throw report(.scenario(error))
            }
        }
        return result
    }

    static func printError(_ text: String) {
        var out = ""
        for line in text.split(separator: "\n") {
            out += line.hasPrefix("error") || line.contains(": error: ") ? "\(line)\n" : "error: \(line)\n"
        }
        FileHandle.standardError.write(Data(out.utf8))
    }
}
