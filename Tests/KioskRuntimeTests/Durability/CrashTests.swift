import Foundation
import GRDB
import Testing

/// A short version of `scripts/crashtest`: the built `kiosk sim` killed with SIGKILL at seeded instants
/// while it serves a generated day, restarted each time, then audited.
@Suite(.enabled(if: KioskExecutable.url != nil, "the kiosk executable is not built next to the tests"))
struct CrashTests {
    @Test("20 kills while booting, selling and committing leave books with no violations")
    func killsLeaveCleanBooks() throws {
        let data = try ScratchDirectory("crash")
        defer { data.remove() }
        let sim = ["sim", "--speed", "fast", "--resume", "--data-dir", data.path, "--boards-dir",
                   Repository.boards.path, "--seed", "11", "--faults", "0.02", "--quiet"]
        var lcg: UInt64 = 11
        var kills = 0
        var killsWithOrdersStored = 0
        var killsThatCutWork = 0
        var ordersSeen = 0
        for run in 0..<20 {
            lcg = (lcg &* 1_103_515_245 &+ 12_345) % 2_147_483_648
            let delayMs = 150 + Int((lcg >> 8) % 900)
            let process = try KioskExecutable.start(sim + ["--customers", "1000000"])
            // Not synchronisation: this delay is the crash instant under test. The kill must land wherever
            // the station happens to be (booting, selling, mid-commit), which no event can mark.
            usleep(useconds_t(delayMs * 1_000))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
                if ordersSeen > 0 { killsWithOrdersStored += 1 }
            }
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal || process.terminationStatus == 0,
                    "run \(run) exited by itself with status \(process.terminationStatus)")
            // Reading the store recovers its WAL, as a boot would; every fourth kill leaves that to the kiosk.
            if run % 4 == 3 {
                let orders = try Self.storedOrders(in: data.path)
                if orders > ordersSeen { killsThatCutWork += 1 }
                ordersSeen = orders
            }
        }

        let recovery = try KioskExecutable.run(sim + ["--customers", "0"])
        let audit = try KioskExecutable.run(["db", "audit", "--data-dir", data.path, "--boards-dir", Repository.boards.path])

        #expect(kills >= 18)
        #expect(killsWithOrdersStored >= 10)
        #expect(killsThatCutWork >= 3)
        #expect(try Self.storedOrders(in: data.path) >= ordersSeen)
        #expect(recovery.status == 0, "\(recovery.standardError)")
        #expect(audit.standardOutput.hasSuffix("violations 0\n"), "\(audit.standardOutput)")
        #expect(audit.status == 0)
    }

    static func storedOrders(in directory: String) throws -> Int {
        let path = directory + "/kiosk.sqlite"
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            guard try db.tableExists("orders") else { return 0 }
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM orders") ?? 0
        }
    }
}
