import Foundation
import Testing

/// A short run of scripts/fleet: PostgreSQL, two hubs (one killed and restarted), the fault proxy,
/// two real `kiosk sim --uplink` stations and twenty driven uplinks; nothing lost, nothing twice.
@Suite struct FleetScriptTests {
    @Test(.timeLimit(.minutes(5))) func aSmallFleetLosesNothingAndDuplicatesNothing() async throws {
        let root = PostgresTestCluster.repositoryRoot
        // The test executable sits in the build's bin folder, beside kiosk, kiosk-hub and kiosk-fleet.
        let binDirectory = try #require(Bundle.main.executableURL).deletingLastPathComponent().path
        let fleet = try await ChildProcess.run(
            root.appendingPathComponent("scripts/fleet"),
            ["--stations", "20", "--sims", "2", "--customers", "25", "--hours", "2", "--seed", "5"],
            environment: ProcessInfo.processInfo.environment.merging(["KIOSK_BIN_DIR": binDirectory]) { $1 },
            directory: root)
        let last = fleet.output.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("stations 22 events "))
        #expect(last.hasSuffix(" lost 0 duplicated 0"))
        #expect(fleet.status == 0, "\(fleet.output)")
    }
}
