import Foundation
import KioskDevices
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Serial scales on a real pseudo-terminal, played by a peer that speaks the protocol: it answers
/// each request with the next scripted reply, and stays silent once the script is done.
@Suite struct SerialScaleTests {
    @Test func mtSICSScaleWeighsTwoBagsOfTheSameWeight() async throws {
        let replies = [
            "S D     2.340 kg", "S S     2.350 kg", "S S     2.350 kg", "S S     2.350 kg", "S S     2.350 kg",
            "S I", "S +", "S S     0.000 kg", "S S     2.350 kg", "S S     2.350 kg", "S S     2.350 kg",
        ].map { Array(($0 + "\r\n").utf8) }
        let (events, requests) = try await weigh(.mtSICS, replies: replies, expecting: 5)
        #expect(events == [
            .problem(.moving), .weighed(grams: 2350), .problem(.moving), .problem(.overCapacity), .weighed(grams: 2350),
        ])
        #expect(requests.starts(with: Array("SI\r\nSI\r\n".utf8)))
    }

    @Test func toledo8217ScaleReportsStatusBitsAndWeight() async throws {
        let status: (UInt8) -> [UInt8] = { [0x02, UInt8(ascii: "?"), $0, 0x0D] }
        let weight: [UInt8] = [0x02] + Array("01.234".utf8) + [0x0D]
        let replies = [status(0x21), weight, weight, status(0x22), status(0x24)]
        let (events, requests) = try await weigh(.toledo8217, replies: replies, agree: 2, expecting: 4)
        #expect(events == [.problem(.moving), .weighed(grams: 1234), .problem(.overCapacity), .problem(.underZero)])
        #expect(requests.starts(with: Array("WWWW".utf8)))
    }

    @Test func scaleThatNeverAnswersIsSilentNotZero() async throws {
        let (events, requests) = try await weigh(.mtSICS, replies: [], silenceMs: 300, expecting: 1)
        #expect(events == [.problem(.silent)])
        #expect(!requests.isEmpty)
    }

    @Test func missingPortIsReportedAsNotFound() async {
        let scale = SerialScale(path: "/dev/ttyUSB-kiosk-absent", scaleProtocol: .mtSICS, configuration: ScaleConfiguration())
        await #expect(throws: SerialScanner.PortError.notFound("/dev/ttyUSB-kiosk-absent")) {
            try await scale.run { _ in }
        }
    }

    /// Runs a scale on a PTY whose peer answers with `replies`, until `expecting` events came (or a
    /// generous deadline for a busy machine passed); returns the events and the bytes the scale sent.
    func weigh(
        _ scaleProtocol: SerialScaleProtocol, replies: [[UInt8]], agree: Int = 3, silenceMs: Int = 60_000, expecting: Int
    ) async throws -> ([ScaleEvent], [UInt8]) {
        var master: Int32 = -1
        var slave: Int32 = -1
        var name = [CChar](repeating: 0, count: 128)
        try #require(openpty(&master, &slave, &name, nil, nil) == 0)
        defer {
            close(master)
            close(slave)
        }
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let peer = ScalePeer(master: master, scaleProtocol: scaleProtocol, replies: replies)
        let peerThread = Thread { peer.serve() }
        peerThread.start()
        let scale = SerialScale(
            path: path, scaleProtocol: scaleProtocol,
            configuration: ScaleConfiguration(readingsToAgree: agree, silenceMs: silenceMs, pollIntervalMs: 20))
        let events = Mutex<[ScaleEvent]>([])
        let arrived = DispatchSemaphore(value: 0)
        let reading = Task {
            try await scale.run { event in
                events.withLock { $0.append(event) }
                arrived.signal()
            }
        }
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            Thread {
                for _ in 0..<expecting {
                    guard arrived.wait(timeout: .now() + 90) == .success else { break }
                }
                finished.resume()
            }.start()
        }
        reading.cancel()
        try await reading.value
        peer.stop()
        return (events.withLock { $0 }, peer.received)
    }
}

/// The scale's side of the line: counts requests and answers each with the next reply.
final class ScalePeer: Sendable {
    private let master: Int32
    private let scaleProtocol: SerialScaleProtocol
    private let state: Mutex<(replies: [[UInt8]], received: [UInt8], stopped: Bool)>

    init(master: Int32, scaleProtocol: SerialScaleProtocol, replies: [[UInt8]]) {
        self.master = master
        self.scaleProtocol = scaleProtocol
        state = Mutex((replies, [], false))
    }

    var received: [UInt8] { state.withLock { $0.received } }

    func stop() {
        state.withLock { $0.stopped = true }
    }

    func serve() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while !state.withLock({ $0.stopped }) {
            var waiting = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, 20) > 0 else { continue }
            let count = read(master, &buffer, buffer.count)
            guard count > 0 else { continue }
            let bytes = Array(buffer.prefix(count))
            let ends = bytes.filter { $0 == (scaleProtocol == .mtSICS ? 0x0A : UInt8(ascii: "W")) }.count
            let answers = state.withLock { state -> [[UInt8]] in
                state.received += bytes
                let taken = Array(state.replies.prefix(ends))
                state.replies.removeFirst(taken.count)
                return taken
            }
            for answer in answers { _ = answer.withUnsafeBytes { write(master, $0.baseAddress, $0.count) } }
        }
    }
}
