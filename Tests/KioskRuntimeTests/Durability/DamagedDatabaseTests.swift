import Foundation
import Testing

/// `kiosk run` and `kiosk sim` on a damaged database refuse with one line that says what to do.
@Suite(.enabled(if: KioskExecutable.url != nil, "the kiosk executable is not built next to the tests"))
struct DamagedDatabaseTests {
    /// A station with a few sales whose file then has pages overwritten (the header page is kept, so
    /// SQLite opens it and finds the damage only inside).
    func damagedStation() throws -> ScratchDirectory {
        let data = try ScratchDirectory("damaged")
        let served = try KioskExecutable.run(["sim", "--speed", "fast", "--customers", "30", "--data-dir", data.path,
                                              "--boards-dir", Repository.boards.path, "--quiet"])
        #expect(served.status == 0, "\(served.standardError)")
        try damage(data.path + "/kiosk.sqlite")
        return data
    }

    func damage(_ path: String) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        let size = try handle.seekToEnd()
        #expect(size > 8 * 4_096)
        for page in stride(from: UInt64(2), to: size / 4_096, by: 3) {
            try handle.seek(toOffset: page * 4_096 + 100)
            handle.write(Data(repeating: 0xA5, count: 2_000))
        }
        try handle.close()
    }

    /// `kiosk sim` serving a generated day on `data`, carrying on from what is stored there.
    func resumingSim(_ data: ScratchDirectory) -> [String] {
        ["sim", "--speed", "fast", "--resume", "--data-dir", data.path, "--boards-dir", Repository.boards.path, "--quiet"]
    }

    func expectRefusal(_ result: KioskExecutable.Result, data: ScratchDirectory) {
        #expect(result.status != 0)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(result.standardError)")
        #expect(result.standardError.hasPrefix("kiosk: database \(data.path)/kiosk.sqlite is damaged"))
        #expect(result.standardError.contains("`kiosk db restore --data-dir \(data.path)`"))
    }

    @Test("kiosk sim refuses a damaged database")
    func simRefuses() throws {
        let data = try damagedStation()
        defer { data.remove() }
        let result = try KioskExecutable.run(["sim", "--speed", "fast", "--customers", "5", "--resume",
                                              "--data-dir", data.path, "--boards-dir", Repository.boards.path])
        expectRefusal(result, data: data)
    }

    @Test("kiosk run refuses a damaged database before touching any device")
    func runRefuses() throws {
        let data = try damagedStation()
        defer { data.remove() }
        let result = try KioskExecutable.run(["run", "--board", "sim", "--data-dir", data.path,
                                              "--boards-dir", Repository.boards.path])
        expectRefusal(result, data: data)
    }

    @Test("catalog import and tech add refuse a damaged database and write nothing into it")
    func writingCommandsRefuse() throws {
        let data = try damagedStation()
        defer { data.remove() }
        let before = try Data(contentsOf: URL(fileURLWithPath: data.path + "/kiosk.sqlite"))
        let imported = try KioskExecutable.run(["catalog", "import", Repository.simCatalog, "--data-dir", data.path])
        expectRefusal(imported, data: data)
        let audit = try KioskExecutable.run(["db", "audit", "--data-dir", data.path])
        #expect(audit.status != 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: data.path + "/kiosk.sqlite")) == before)
    }

    @Test("an empty database where a station has run is lost, not new: run, sim and catalog import refuse and name restore")
    func emptyDatabaseOfAStationRefuses() throws {
        let data = try damagedStation()
        defer { data.remove() }
        try Data().write(to: URL(fileURLWithPath: data.path + "/kiosk.sqlite"))
        for arguments in [["run", "--board", "sim", "--data-dir", data.path, "--boards-dir", Repository.boards.path],
                          resumingSim(data), ["catalog", "import", Repository.simCatalog, "--data-dir", data.path]] {
            let result = try KioskExecutable.run(arguments)
            #expect(result.status != 0, "\(arguments[0]) started on an empty database")
            #expect(result.standardError.contains("is empty (0 bytes) but a station has run"), "\(result.standardError)")
            #expect(result.standardError.contains("`kiosk db restore --data-dir \(data.path)`"))
        }
        try FileManager.default.removeItem(atPath: data.path + "/kiosk.sqlite")
        let missing = try KioskExecutable.run(resumingSim(data))
        #expect(missing.standardError.contains("is missing but a station has run"), "\(missing.standardError)")
    }

    @Test("a first boot cut off before its database was written starts at the next boot; once written, the station is marked")
    func firstBootCutOffStartsAgain() throws {
        let data = try ScratchDirectory("first-boot-cut")
        defer { data.remove() }
        // What a power cut during the first boot leaves: the lock file, and a database never written.
        try Data("4242\n".utf8).write(to: URL(fileURLWithPath: data.path + "/kiosk.lock"))
        try Data().write(to: URL(fileURLWithPath: data.path + "/kiosk.sqlite"))
        let boot = try KioskExecutable.run(resumingSim(data) + ["--customers", "1"])
        #expect(boot.status == 0, "\(boot.standardError)")
        let marker = try String(contentsOfFile: data.path + "/kiosk.station", encoding: .utf8)
        #expect(marker.hasPrefix("store ") && marker.count == "store XXXXXX\n".count, "\(marker)")

        try FileManager.default.removeItem(atPath: data.path + "/kiosk.sqlite")
        let lost = try KioskExecutable.run(resumingSim(data))
        #expect(lost.status != 0)
        #expect(lost.standardError.contains("is missing but a station has run in \(data.path) (kiosk.station)"), "\(lost.standardError)")
    }

    @Test("a file that is not a database at all is refused the same way")
    func notADatabase() throws {
        let data = try ScratchDirectory("not-a-db")
        defer { data.remove() }
        try Data(String(repeating: "not sqlite\n", count: 400).utf8)
            .write(to: URL(fileURLWithPath: data.path + "/kiosk.sqlite"))
        let result = try KioskExecutable.run(["sim", "--speed", "fast", "--customers", "1", "--data-dir", data.path,
                                              "--boards-dir", Repository.boards.path])
        #expect(result.status != 0)
        #expect(result.standardError.hasPrefix("kiosk: database \(data.path)/kiosk.sqlite is not an SQLite database"))
        #expect(result.standardError.contains("`kiosk db restore --data-dir \(data.path)`"))
    }

    @Test("kiosk db restore brings a damaged station back from its newest good backup")
    func restoreBringsTheStationBack() throws {
        let data = try ScratchDirectory("restore")
        defer { data.remove() }
        let sim = resumingSim(data)
        #expect(try KioskExecutable.run(sim + ["--customers", "20"]).status == 0)
        let backup = data.path + "/backups/kiosk-20261122.sqlite"
        try FileManager.default.createDirectory(atPath: data.path + "/backups", withIntermediateDirectories: true)
        #expect(try KioskExecutable.run(["db", "backup", backup, "--data-dir", data.path]).status == 0)
        #expect(try KioskExecutable.run(sim + ["--customers", "20"]).status == 0)
        try damage(data.path + "/kiosk.sqlite")

        let list = try KioskExecutable.run(["db", "restore", "--list", "--data-dir", data.path])
        #expect(list.status == 0)
        #expect(list.standardOutput.hasPrefix(backup + "  "), "\(list.standardOutput)")
        #expect(list.standardOutput.hasSuffix(" bytes  ok\n"), "\(list.standardOutput)")

        let restore = try KioskExecutable.run(["db", "restore", "--data-dir", data.path])
        #expect(restore.status == 0, "\(restore.standardError)")
        #expect(restore.standardOutput.hasPrefix("restored \(backup)\n"), "\(restore.standardOutput)")
        #expect(restore.standardOutput.contains("the replaced database files are in \(data.path)/damaged-"))
        #expect(restore.standardOutput.contains("take them from the paper receipts"))

        #expect(try KioskExecutable.run(["db", "check", "--data-dir", data.path]).standardOutput == "ok\n")
        let resumed = try KioskExecutable.run(sim + ["--customers", "5"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
    }

    @Test("a second kiosk, or a restore, is refused while a kiosk runs on the data directory")
    func oneStationPerDataDirectory() throws {
        let data = try ScratchDirectory("claimed")
        defer { data.remove() }
        let sim = resumingSim(data)
        let running = try KioskExecutable.start(sim + ["--customers", "1000000"])
        let lockFile = data.path + "/kiosk.lock"
        let claimed = "\(running.processIdentifier)\n"
        #expect(FileWatch.waitUntil(lockFile, holds: claimed, timeout_ms: 30_000), "the kiosk never claimed \(lockFile)")
        #expect(try String(contentsOfFile: lockFile, encoding: .utf8) == claimed)

        let refusal = "kiosk: data directory \(data.path) is in use by a running kiosk (pid \(running.processIdentifier)); "
            + "stop it first\n"
        let second = try KioskExecutable.run(sim + ["--customers", "1"])
        #expect(second.status != 0)
        #expect(second.standardError == refusal)
        let restore = try KioskExecutable.run(["db", "restore", "--data-dir", data.path])
        #expect(restore.status != 0)
        #expect(restore.standardError == refusal)

        // A kill -9 leaves no stale claim: the kernel lets go of the lock with the process.
        kill(running.processIdentifier, SIGKILL)
        running.waitUntilExit()
        let after = try KioskExecutable.run(sim + ["--customers", "1"])
        #expect(after.status == 0, "\(after.standardError)")
    }
}
