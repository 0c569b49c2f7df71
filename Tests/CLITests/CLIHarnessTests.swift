import Foundation
import Testing

@Suite("CLI test harness")
struct CLIHarnessTests {
    /// A child that writes 200 kB to standard error (three times a Linux pipe's
    /// 64 KiB buffer) before it writes to standard output: a harness that
    /// reads standard output to its end first waits forever, because the
    /// child blocks on the full standard error pipe. The time limit turns
    /// that hang into a failure.
    @Test("reads standard output and standard error at the same time", .timeLimit(.minutes(1)))
    func largeStandardError() throws {
        let script = "head -c 200000 /dev/zero | tr '\\0' e >&2; echo done; exit 3"
        let r = try CLIHarness.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script])
        #expect(r.status == 3)
        #expect(r.stdout == "done\n")
        #expect(r.stderr.utf8.count == 200_000)
        #expect(r.stderr.utf8.allSatisfy { $0 == UInt8(ascii: "e") })
    }
}
