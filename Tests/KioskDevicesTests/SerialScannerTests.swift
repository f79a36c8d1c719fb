import Foundation
import KioskDevices
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SerialScanDecoderTests {
    @Test func carriageReturnEndsEachRead() {
        var decoder = SerialScanDecoder(configuration: ScannerConfiguration(scannerProtocol: .cdcACM, debounceWindowMs: 0))
        let outcomes = decoder.consume(Array("]E06901234567892\r4006381333931\r\n".utf8), atMs: 5)
        #expect(outcomes == [
            .scan(ScanEvent(text: "6901234567892", symbology: Symbology(aimIdentifier: "]E0"))),
            .scan(ScanEvent(text: "4006381333931")),
        ])
    }

    @Test func readSplitAcrossChunksWithoutTerminatorEndsAfterTheGap() {
        var decoder = SerialScanDecoder(configuration: ScannerConfiguration(scannerProtocol: .cdcACM, interReadGapMs: 50))
        #expect(decoder.consume(Array("1234".utf8), atMs: 0).isEmpty)
        #expect(decoder.consume(Array("5678".utf8), atMs: 20).isEmpty)
        #expect(decoder.expire(atMs: 69) == nil)
        #expect(decoder.expire(atMs: 70) == .scan(ScanEvent(text: "12345678")))
    }
}

/// A CDC-ACM scanner emulated by a real pseudo-terminal.
@Suite struct SerialScannerTests {
    @Test func readsCodesWrittenToAPseudoTerminal() async throws {
        var master: Int32 = -1
        var slave: Int32 = -1
        var name = [CChar](repeating: 0, count: 128)
        try #require(openpty(&master, &slave, &name, nil, nil) == 0)
        defer {
            close(master)
            close(slave)
        }
        // Packet mode: Linux tells the master when the port's flow control changes, as it does when the
        // scanner puts the port in raw mode (cfmakeraw turns XON/XOFF off), so the test can wait for that.
        var packetMode: Int32 = 1
        try #require(ioctl(master, UInt(TIOCPKT), &packetMode) == 0)
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let scanner = SerialScanner(path: path, configuration: ScannerConfiguration(scannerProtocol: .cdcACM, debounceWindowMs: 0))
        let outcomes = Mutex<[ScanOutcome]>([])
        let arrived = DispatchSemaphore(value: 0)
        let reading = Task {
            try await scanner.run { outcome in
                outcomes.withLock { $0.append(outcome) }
                arrived.signal()
            }
        }
        // Write only once the scanner has put the port in raw mode (bytes sent before that go through
        // the terminal's line editing). The generous deadlines are for a busy machine, where other
        // tests can hold the concurrency pool's threads for many seconds before the reader starts; the
        // waits block a thread of their own, never one of the pool's.
        let (master_, slave_) = (master, slave)
        await onOwnThread { Self.waitForRawMode(master: master_, slave: slave_, timeout: .seconds(90)) }
        var attributes = termios()
        _ = tcgetattr(slave, &attributes)
        try #require(attributes.c_lflag & tcflag_t(ICANON) == 0, "the scanner never put the port in raw mode")
        let codes = Array("]Q1https://example.cn/p/42\r\u{07}\u{07}\r6901234567892\r".utf8)
        _ = codes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
        await onOwnThread {
            for _ in 0..<3 {
                guard arrived.wait(timeout: .now() + 90) == .success else { return }
            }
        }
        reading.cancel()
        try await reading.value
        #expect(outcomes.withLock { $0 } == [
            .scan(ScanEvent(text: "https://example.cn/p/42", symbology: Symbology(aimIdentifier: "]Q1"))),
            .dropped(reason: "non-printable byte 0x7 in read"),
            .scan(ScanEvent(text: "6901234567892")),
        ])
    }

    /// Blocks until the port at `slave` is in raw mode or `timeout` passes, woken by the master's packets.
    static func waitForRawMode(master: Int32, slave: Int32, timeout: Duration) {
        let deadline = ContinuousClock.now + timeout
        var attributes = termios()
        var packet = [UInt8](repeating: 0, count: 64)
        while tcgetattr(slave, &attributes) != 0 || attributes.c_lflag & tcflag_t(ICANON) != 0 {
            let left_ms = (deadline - ContinuousClock.now) / .milliseconds(1)
            guard left_ms > 0 else { return }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN | POLLPRI), revents: 0)
            if poll(&descriptor, 1, Int32(left_ms) + 1) > 0 {
                _ = read(master, &packet, packet.count)
            }
        }
    }

    /// Runs the blocking `body` on a new thread and resumes when it returns.
    func onOwnThread(_ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            Thread {
                body()
                finished.resume()
            }.start()
        }
    }

    @Test func missingPortIsReportedAsNotFound() async {
        let scanner = SerialScanner(path: "/dev/ttyACM-kiosk-absent", configuration: ScannerConfiguration(scannerProtocol: .cdcACM))
        await #expect(throws: SerialScanner.PortError.notFound("/dev/ttyACM-kiosk-absent")) {
            try await scanner.run { _ in }
        }
    }
}
