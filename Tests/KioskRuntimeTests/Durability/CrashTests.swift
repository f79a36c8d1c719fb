import Foundation
import GRDB
import Testing

/// A short version of `scripts/crashtest`: the built `kiosk sim` killed with SIGKILL at seeded instants
/// while it serves a generated day, restarted each time, then audited.
@Suite(.enabled(if: KioskExecutable.url != nil, "the kiosk executable is not built next to the tests"))
struct CrashTests {
    @Test("20 kills while booting, selling and committing leave books with no violations")
    func killsLeaveCleanBooks() throws {
        let outcome = try Self.killRestartAndAudit(runs: 20, seed: 11, extraArguments: [], killsWithOrdersWanted: 10,
                                                   killsThatCutWorkWanted: 3)

        #expect(outcome.kills >= 18)
        #expect(outcome.killsWithOrdersStored >= 10)
        #expect(outcome.killsThatCutWork >= 3)
        #expect(outcome.ordersAtEnd >= outcome.ordersSeen)
        #expect(outcome.recovery.status == 0, "\(outcome.recovery.standardError)")
        #expect(outcome.audit.standardOutput.hasSuffix("violations 0\n"), "\(outcome.audit.standardOutput)")
        #expect(outcome.audit.status == 0)
    }

    /// `scripts/crashtest --power-cuts` in short: on the power-cut disk a kill also drops every write SQLite
    /// had not synced (the KioskStore PowerCutDisk tests prove that part), and the books still add up.
    @Test("8 kills on the power-cut disk leave books with no violations")
    func killsOnThePowerCutDiskLeaveCleanBooks() throws {
        let outcome = try Self.killRestartAndAudit(runs: 8, seed: 5, extraArguments: ["--power-cut-disk"])

        #expect(outcome.kills >= 6)
        #expect(outcome.ordersAtEnd > 0, "no sale was ever committed through the power-cut disk")
        #expect(outcome.ordersAtEnd >= outcome.ordersSeen)
        #expect(outcome.recovery.status == 0, "\(outcome.recovery.standardError)")
        #expect(outcome.audit.standardOutput.hasSuffix("violations 0\n"), "\(outcome.audit.standardOutput)")
        #expect(outcome.audit.status == 0)
    }

    struct Outcome {
        let kills: Int
        let killsWithOrdersStored: Int
        let killsThatCutWork: Int
        let ordersSeen: Int
        let ordersAtEnd: Int
        let recovery: KioskExecutable.Result
        let audit: KioskExecutable.Result
    }

    /// Runs `runs` generated-day kiosks in one data directory, each killed at a seeded instant, then one
    /// that nobody interrupts, then `kiosk db audit`. On a loaded machine a kiosk may still be booting at
    /// its instant: runs go on (up to three times as many) until `killsWithOrdersWanted` kills landed on
    /// a station with sales stored and `killsThatCutWorkWanted` cut off sales in progress.
    static func killRestartAndAudit(runs: Int, seed: UInt64, extraArguments: [String],
                                    killsWithOrdersWanted: Int = 0, killsThatCutWorkWanted: Int = 0) throws -> Outcome {
        let data = try ScratchDirectory("crash")
        defer { data.remove() }
        let sim = ["sim", "--speed", "fast", "--resume", "--data-dir", data.path, "--boards-dir",
                   Repository.boards.path, "--seed", String(seed), "--faults", "0.02", "--quiet"] + extraArguments
        var kills = 0
        var killsWithOrdersStored = 0
        var killsThatCutWork = 0
        var ordersSeen = 0
        var lcg = seed
        var run = 0
        while run < runs || (run < 3 * runs
            && (killsWithOrdersStored < killsWithOrdersWanted || killsThatCutWork < killsThatCutWorkWanted)) {
            defer { run += 1 }
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
                let orders = try storedOrders(in: data.path)
                if orders > ordersSeen { killsThatCutWork += 1 }
                ordersSeen = orders
            }
        }
        let recovery = try KioskExecutable.run(sim + ["--customers", "0"])
        let audit = try KioskExecutable.run(["db", "audit", "--data-dir", data.path, "--boards-dir", Repository.boards.path])
        return Outcome(
            kills: kills, killsWithOrdersStored: killsWithOrdersStored, killsThatCutWork: killsThatCutWork,
            ordersSeen: ordersSeen, ordersAtEnd: try storedOrders(in: data.path), recovery: recovery, audit: audit
        )
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
