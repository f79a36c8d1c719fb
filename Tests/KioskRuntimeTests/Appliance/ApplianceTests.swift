import Foundation
import Glibc
@testable import KioskRuntime
import Testing

/// The station as a systemd service: the units systemd would load, the installer, and the readiness and
/// watchdog messages a running `kiosk run` sends, checked by playing systemd's side of the socket.
@Suite("appliance")
struct ApplianceTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the notifier sends sd_notify datagrams to a socket file, and nothing without NOTIFY_SOCKET")
    func notifierSendsToSocketFile() throws {
        let directory = try temporaryDirectory()
        let listener = try NotifyListener(abstract: false, directory: directory)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": "3000000"])
        #expect(notifier.watchdogIntervalMs == 1_500)
        notifier.ready(status: "station SIM-0001 ready")
        #expect(listener.next(timeout_ms: 2_000)?.text == "READY=1\nSTATUS=station SIM-0001 ready")
        let outside = SystemdNotifier(environment: [:])
        #expect(!outside.isListening && outside.watchdogIntervalMs == nil && !outside.send("READY=1"))
        let otherProcess = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": "3000000",
                                                         "WATCHDOG_PID": "\(getpid() + 1)"])
        #expect(otherProcess.watchdogIntervalMs == nil)
    }

    @Test("kiosk run says READY=1, pings the watchdog from its loop, and stops pinging while the loop hangs")
    func readinessAndWatchdog() throws {
        let directory = try temporaryDirectory()
        let listener = try NotifyListener(abstract: true, directory: directory)
        let process = Process()
        process.executableURL = KioskExecutable.url
        process.arguments = ["run", "--board", "sim", "--boards-dir", Self.repository.appendingPathComponent("boards").path,
                             "--data-dir", directory + "/data", "--screen-port", "0"]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = listener.address
        environment["WATCHDOG_USEC"] = "200000"
        process.environment = environment
        let counter = Pipe()
        process.standardInput = counter
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }

        #expect(listener.waitFor("READY=1", timeout_ms: 60_000) != nil)
        // Turning normally: pings come every 100 ms (half of WATCHDOG_USEC); a loaded machine may be slower,
        // but never near the hang below.
        var pings: [ContinuousClock.Instant] = []
        while pings.count < 4, let at = listener.waitFor("WATCHDOG=1", timeout_ms: 5_000) { pings.append(at) }
        try #require(pings.count == 4)
        let turningGap = zip(pings.dropFirst(), pings).map { $0 - $1 }.max()!
        #expect(turningGap < .milliseconds(1_000))

        // Hold the loop 3 s, and watch the pings for 6 s from then: a gap of the hang, then pings again.
        counter.fileHandleForWriting.write(Data("debug hang-loop 3\n".utf8))
        let watchedUntil = ContinuousClock.now + .seconds(6)
        var watched: [ContinuousClock.Instant] = [pings.last!]
        while case let left = (watchedUntil - ContinuousClock.now) / .milliseconds(1), left > 0,
              let at = listener.waitFor("WATCHDOG=1", timeout_ms: Int(left)) {
            watched.append(at)
        }
        let gaps = zip(watched.dropFirst(), watched).map { $0 - $1 }
        let hang = try #require(gaps.firstIndex { $0 >= .milliseconds(2_500) }, "no pause in the pings: \(gaps)")
        #expect(gaps[hang] < .milliseconds(5_000))
        #expect(hang < gaps.count - 1, "the pings did not come back with the loop")

        process.terminate()
        #expect(listener.waitFor("STOPPING=1", timeout_ms: 30_000) != nil)
    }

    @Test("the shipped units pass systemd-analyze verify, installed with the binary into a root")
    func unitsVerify() throws {
        let root = try temporaryDirectory() + "/root"
        let install = try run(Self.repository.appendingPathComponent("scripts/install-station").path,
                              ["--root", root, "--binary", try #require(KioskExecutable.url).path])
        try #require(install.status == 0, "\(install.output)")
        // What a Debian station has besides: systemd's own units (sysinit.target…) and cage, from their packages.
        try FileManager.default.createDirectory(atPath: root + "/usr/lib/systemd", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/usr/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/usr/lib/systemd/system", toPath: root + "/usr/lib/systemd/system")
        try FileManager.default.copyItem(atPath: "/usr/bin/cage", toPath: root + "/usr/bin/cage")
        let units = ["kiosk.service", "kiosk-screen.service"].map { root + "/etc/systemd/system/" + $0 }
        let verify = try run("/usr/bin/systemd-analyze", ["verify", "--root=\(root)"] + units)
        #expect(verify.status == 0 && verify.output.isEmpty, "\(verify.output)")
    }

    @Test("install-station is idempotent, and --uninstall keeps the data directory")
    func installIsIdempotent() throws {
        let root = try temporaryDirectory() + "/root"
        let binary = try #require(KioskExecutable.url).path
        let script = Self.repository.appendingPathComponent("scripts/install-station").path
        let hubCA = try temporaryDirectory() + "/county-ca.pem"
        try Data("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".utf8).write(to: URL(fileURLWithPath: hubCA))
        #expect(try run(script, ["--root", root, "--binary", binary, "--board", "generic-58mm", "--hub-ca", hubCA]).status == 0)
        let first = try tree(root)
        #expect(first.contains("usr/local/share/ca-certificates/kiosk-county-hub.crt"), "the county's CA for the uplink")
        #expect(try run(script, ["--root", root, "--binary", binary, "--hub-ca", root + "/etc/kiosk/kiosk.env"]).status == 2,
                "what is not a certificate is refused")
        #expect(first.contains("etc/systemd/system/multi-user.target.wants/kiosk.service"))
        #expect(first.contains("etc/systemd/system/multi-user.target.wants/kiosk-screen.service"))
        #expect(first.contains("usr/local/bin/kiosk_KioskScreen.resources/Page/index.html"))
        #expect(first.contains("etc/udev/rules.d/60-kiosk.rules"))
        let environment = try String(contentsOfFile: root + "/etc/kiosk/kiosk.env", encoding: .utf8)
        #expect(environment.contains("KIOSK_BOARD=generic-58mm") && environment.contains("KIOSK_SCREEN_URL=http://127.0.0.1:8080/"))
        #expect(try run(script, ["--root", root, "--binary", binary, "--board", "generic-58mm", "--hub-ca", hubCA]).status == 0)
        #expect(try tree(root) == first)
        try Data("books".utf8).write(to: URL(fileURLWithPath: root + "/var/lib/kiosk/kiosk.sqlite"))
        #expect(try run(script, ["--root", root, "--uninstall"]).status == 0)
        let left = try tree(root)
        #expect(left.contains("var/lib/kiosk/kiosk.sqlite"))
        #expect(!left.contains { $0.hasPrefix("usr/local/bin/kiosk") || $0.hasSuffix(".service") || $0.hasSuffix("60-kiosk.rules")
            || $0.hasSuffix("kiosk-county-hub.crt") })
    }

    private func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-appliance-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Every file and link under `root`, relative to it, sorted.
    private func tree(_ root: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: root).filter { path in
            // A link into the root (`multi-user.target.wants/…`) points at an absolute path that only exists
            // under the root: it counts as a file, dangling here.
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
            return !(exists && isDirectory.boolValue)
        }.sorted()
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = Self.repository
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
