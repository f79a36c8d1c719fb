import Foundation
import KioskStore
import Testing
@testable import KioskRuntime
@testable import KioskEngine
@testable import KioskSimulator

@Suite("Daily backups")
struct BackupSchedulerTests {
    /// 2026-11-23 00:00 in Beijing.
    let midnight: Int64 = 1_795_363_200_000
    let hour: Int64 = 3_600_000
    let day: Int64 = 86_400_000

    @Test("Beijing days turn at 16:00 UTC, across months and years")
    func beijingDays() {
        #expect(BeijingDate(epochMs: midnight).compact == "20261123")
        #expect(BeijingDate(epochMs: midnight - 1).compact == "20261122")
        #expect(BeijingDate(epochMs: midnight + 8 * day).compact == "20261201")
        #expect(BeijingDate(epochMs: midnight + 39 * day).compact == "20270101")
        #expect(BeijingDate(epochMs: 0).compact == "19700101")
        #expect(BeijingDate(epochMs: -8 * hour - 1).compact == "19691231")
        // 2028 is a leap year.
        #expect(BeijingDate(epochMs: 1_835_366_400_000).compact == "20280229")
    }

    @Test("one backup per Beijing day, the oldest deleted beyond the board's count")
    func rotation() throws {
        let data = try ScratchDirectory("backups")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        try GeneratedDay(seed: 3, customers: 4, faultRatePerMillion: 0, barcodes: ["6916018159088", "6931318609132"]).run(on: session)
        let scheduler = BackupScheduler(database: session.database, kept: 3)

        var made: [String] = []
        for dayNumber in 0..<5 {
            for hourOfDay: Int64 in [9, 13, 23] {
                if let path = try scheduler.runIfDue(nowMs: midnight + Int64(dayNumber) * day + hourOfDay * hour) {
                    made.append(URL(fileURLWithPath: path).lastPathComponent)
                }
            }
        }

        #expect(made == ["kiosk-20261123.sqlite", "kiosk-20261124.sqlite", "kiosk-20261125.sqlite",
                         "kiosk-20261126.sqlite", "kiosk-20261127.sqlite"])
        #expect(scheduler.backups() == ["kiosk-20261125.sqlite", "kiosk-20261126.sqlite", "kiosk-20261127.sqlite"])
        let newest = scheduler.directory + "/kiosk-20261127.sqlite"
        #expect(try DatabaseChecker.check(databaseAt: newest).isClean)
        try session.close()
    }

    @Test("a restarted station finds today's backup and makes no second one; other files are left alone")
    func restart() throws {
        let data = try ScratchDirectory("backups-restart")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        let first = BackupScheduler(database: session.database, kept: 1)
        #expect(try first.runIfDue(nowMs: midnight + 9 * hour) != nil)
        let keptByHand = first.directory + "/before-upgrade.sqlite"
        try Data("mine".utf8).write(to: URL(fileURLWithPath: keptByHand))

        let afterRestart = BackupScheduler(database: session.database, kept: 1)
        #expect(try afterRestart.runIfDue(nowMs: midnight + 20 * hour) == nil)
        #expect(try afterRestart.runIfDue(nowMs: midnight + day + 1) != nil)

        #expect(afterRestart.backups() == ["kiosk-20261124.sqlite"])
        #expect(FileManager.default.fileExists(atPath: keptByHand))
        try session.close()
    }

    @Test("a backup holds the sales made before it")
    func backupHoldsSales() throws {
        let data = try ScratchDirectory("backups-content")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        try GeneratedDay(seed: 5, customers: 6, faultRatePerMillion: 0, barcodes: ["6916018159088", "6931318609132"]).run(on: session)
        let orders = try EventJournal(database: session.database).orders()
        let path = try #require(try BackupScheduler(database: session.database, kept: 2).runIfDue(nowMs: midnight))
        try session.close()

        let restored = try ScratchDirectory("backups-restored")
        defer { restored.remove() }
        try FileManager.default.copyItem(atPath: path, toPath: restored.path + "/kiosk.sqlite")
        let database = try KioskDatabase.open(dataDirectory: restored.path)
        #expect(try EventJournal(database: database).orders() == orders)
        #expect(try StationBooks(database: database).violations().isEmpty)
        try database.close()
    }
}
