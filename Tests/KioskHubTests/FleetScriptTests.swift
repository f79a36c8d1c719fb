import Foundation
import Testing

/// A short run of scripts/fleet: PostgreSQL, two hubs (one killed and restarted), the fault proxy,
/// two real `kiosk sim --uplink` stations and twenty driven uplinks; nothing lost, nothing twice.
@Suite struct FleetScriptTests {
    @Test(.timeLimit(.minutes(5))) func aSmallFleetLosesNothingAndDuplicatesNothing() throws {
        let root = PostgresTestCluster.repositoryRoot
        // The test executable sits in the build's bin folder, beside kiosk, kiosk-hub and kiosk-fleet.
        let binDirectory = try #require(Bundle.main.executableURL).deletingLastPathComponent().path
        let process = Process()
        process.executableURL = root.appendingPathComponent("scripts/fleet")
        process.arguments = ["--stations", "20", "--sims", "2", "--customers", "25", "--hours", "2", "--seed", "5"]
        process.environment = ProcessInfo.processInfo.environment.merging(["KIOSK_BIN_DIR": binDirectory]) { $1 }
        process.currentDirectoryURL = root
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let last = text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("stations 22 events "))
        #expect(last.hasSuffix(" lost 0 duplicated 0"))
        #expect(process.terminationStatus == 0, "\(text)")
    }
}
