import Foundation
import KioskDevices
import KioskHardware
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The running station's scale: a serial scale on a PTY, played by ``ScalePeer``, read by the same code
/// the hardware counter starts (``LatestScaleWeight/read(_:into:logger:retrySeconds:)``) into the holder
/// the produce desk takes its weight from.
@Suite struct BoardScaleReadingTests {
    @Test func stableWeightIsTakenOnceForAPurchase() async throws {
        let replies = ["S D     2.340 kg", "S S     2.350 kg", "S S     2.350 kg", "S S     2.350 kg"]
            .map { Array(($0 + "\r\n").utf8) }
        let latest = try await read(replies: replies, silenceMs: 60_000) { grams, _ in grams != nil }
        #expect(latest.take() == .success(2350))
        #expect(latest.take() == .failure(.nothingWeighed), "one lot is never bought twice")
    }

    @Test func movingScaleGivesItsProblemNotAWeight() async throws {
        let latest = try await read(replies: [Array("S D     2.340 kg\r\n".utf8)], silenceMs: 60_000) { _, problem in
            problem != nil
        }
        #expect(latest.take() == .failure(.problem(.moving)))
    }

    @Test func silentScaleGivesNoAnswerNotAWeight() async throws {
        let latest = try await read(replies: [], silenceMs: 300) { _, problem in problem != nil }
        let taken = latest.take()
        #expect(taken == .failure(.problem(.silent)))
        if case .failure(let absence) = taken { #expect(absence.description.contains("秤无响应")) }
    }

    /// Reads an MT-SICS scale on a PTY whose peer answers with `replies` into a fresh holder, until
    /// `condition` holds of it (or a generous deadline for a busy machine passed); then stops reading.
    func read(
        replies: [[UInt8]], silenceMs: Int, until condition: @escaping @Sendable (Int64?, ScaleProblem?) -> Bool
    ) async throws -> LatestScaleWeight {
        var master: Int32 = -1
        var slave: Int32 = -1
        var name = [CChar](repeating: 0, count: 128)
        try #require(openpty(&master, &slave, &name, nil, nil) == 0)
        defer {
            close(master)
            close(slave)
        }
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let peer = ScalePeer(master: master, scaleProtocol: .mtSICS, replies: replies)
        Thread { peer.serve() }.start()
        let scale = SerialScale(
            path: path, scaleProtocol: .mtSICS,
            configuration: ScaleConfiguration(readingsToAgree: 3, silenceMs: silenceMs, pollIntervalMs: 20))
        let latest = LatestScaleWeight()
        let reading = Task { await LatestScaleWeight.read(scale, into: latest, logger: Logger(label: "test.scale")) }
        let held = await withCheckedContinuation { (finished: CheckedContinuation<Bool, Never>) in
            Thread { finished.resume(returning: latest.wait(timeoutSeconds: 90, until: condition)) }.start()
        }
        reading.cancel()
        await reading.value
        peer.stop()
        try #require(held, "the scale said nothing the test waited for")
        return latest
    }
}
