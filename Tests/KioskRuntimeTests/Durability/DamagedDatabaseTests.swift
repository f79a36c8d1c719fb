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
        let handle = try #require(FileHandle(forUpdatingAtPath: data.path + "/kiosk.sqlite"))
        let size = try handle.seekToEnd()
        #expect(size > 8 * 4_096)
        for page in stride(from: UInt64(2), to: size / 4_096, by: 3) {
            try handle.seek(toOffset: page * 4_096 + 100)
            handle.write(Data(repeating: 0xA5, count: 2_000))
        }
        try handle.close()
        return data
    }

    func expectRefusal(_ result: KioskExecutable.Result, data: ScratchDirectory) {
        #expect(result.status != 0)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(result.standardError)")
        #expect(result.standardError.hasPrefix("kiosk: database \(data.path)/kiosk.sqlite is damaged"))
        #expect(result.standardError.contains("`kiosk db check --data-dir \(data.path)`"))
        #expect(result.standardError.contains("restore a backup"))
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
        #expect(result.standardError.contains("restore a backup"))
    }
}
