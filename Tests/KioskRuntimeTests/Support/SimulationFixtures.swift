import Foundation
import KioskBoard
import KioskRuntime
import KioskEngine
import KioskSimulator
import Logging

/// The repository's folders, found from this file's path.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let boards = root.appendingPathComponent("boards")
    static let scenarios = boards.appendingPathComponent("sim/scenarios")
    static let simCatalog = boards.appendingPathComponent("sim/catalog.csv").path

    static func board(_ name: String = "sim") throws -> Board {
        try BoardLoader(boardsDirectory: boards).load(name)
    }
}

/// A fresh folder under the system's temporary directory, removed by `remove()`.
struct ScratchDirectory {
    let path: String

    init(_ label: String) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("kiosk-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

extension SimulationSession {
    /// A simulated station on `board` (the sim board unless named) with the sim board's sample catalog, in
    /// `directory`.
    static func make(in directory: String, board: String = "sim", receipts: String? = nil,
                     disk: SimulatedDisk = .plain) throws -> SimulationSession {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let session = try SimulationSession(board: try Repository.board(board), dataDirectory: directory,
                                            receiptsDirectory: receipts, keepsGatewayLedger: true, disk: disk,
                                            logger: logger)
        try session.seedCatalogIfEmpty(from: Repository.simCatalog)
        return session
    }
}
