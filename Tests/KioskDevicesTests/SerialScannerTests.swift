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
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let scanner = SerialScanner(path: path, configuration: ScannerConfiguration(scannerProtocol: .cdcACM, debounceWindowMs: 0))
        let outcomes = Mutex<[ScanOutcome]>([])
        let reading = Task {
            try await scanner.run { outcome in outcomes.withLock { $0.append(outcome) } }
        }
        // Write only once the scanner has put the port in raw mode (bytes sent before that go through
        // the terminal's line editing). The generous deadlines are for a busy machine, where other
        // tests can hold the concurrency pool's threads for many seconds before the reader starts.
        let rawBy = ContinuousClock.now + .seconds(90)
        var attributes = termios()
        while ContinuousClock.now < rawBy {
            if tcgetattr(slave, &attributes) == 0, attributes.c_lflag & tcflag_t(ICANON) == 0 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        try #require(attributes.c_lflag & tcflag_t(ICANON) == 0, "the scanner never put the port in raw mode")
        let codes = Array("]Q1https://example.cn/p/42\r\u{07}\u{07}\r6901234567892\r".utf8)
        _ = codes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
        let deadline = ContinuousClock.now + .seconds(90)
        while outcomes.withLock({ $0.count }) < 3, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        reading.cancel()
        try await reading.value
        #expect(outcomes.withLock { $0 } == [
            .scan(ScanEvent(text: "https://example.cn/p/42", symbology: Symbology(aimIdentifier: "]Q1"))),
            .dropped(reason: "non-printable byte 0x7 in read"),
            .scan(ScanEvent(text: "6901234567892")),
        ])
    }

    @Test func missingPortIsReportedAsNotFound() async {
        let scanner = SerialScanner(path: "/dev/ttyACM-kiosk-absent", configuration: ScannerConfiguration(scannerProtocol: .cdcACM))
        await #expect(throws: SerialScanner.PortError.notFound("/dev/ttyACM-kiosk-absent")) {
            try await scanner.run { _ in }
        }
    }
}
