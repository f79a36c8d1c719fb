import Testing
import KioskDevices

@Suite struct PrinterStatusTests {
    @Test func healthyRepliesMeanReady() {
        let status = PrinterStatus.fromRealTime([.printer: 0x16, .offlineCause: 0x12, .errorCause: 0x12, .paperSensor: 0x12])
        #expect(status == .ready)
        #expect(status.canPrint)
    }

    @Test func paperEndStopsPrinting() {
        let status = PrinterStatus.fromRealTime([.printer: 0x1E, .offlineCause: 0x32, .paperSensor: 0x72])
        #expect(status.isPaperOut)
        #expect(!status.isOnline)
        #expect(!status.canPrint)
        #expect(status.description.contains("paper out"))
    }

    @Test func coverOpenAndCutterError() {
        let status = PrinterStatus.fromRealTime([.printer: 0x1E, .offlineCause: 0x16, .errorCause: 0x1A])
        #expect(status.isCoverOpen)
        #expect(status.hasCutterError)
    }

    @Test func paperNearEndStillPrints() {
        let status = PrinterStatus.fromRealTime([.printer: 0x16, .paperSensor: 0x1E])
        #expect(status.isPaperNearEnd)
        #expect(status.canPrint)
    }

    @Test(arguments: [UInt8(0x00), 0xFF, 0x80, 0x41])
    func nonsenseBytesMeanOffline(byte: UInt8) {
        #expect(PrinterStatus.fromRealTime([.printer: byte]) == .offline)
        #expect(PrinterStatus.fromRealTime([.printer: 0x16, .paperSensor: byte]) == .offline)
    }

    @Test func automaticStatusBackReportsPaperEndAndRejectsGarbage() {
        let status = PrinterStatus.fromAutomaticStatusBack([0x18, 0x00, 0x0C, 0x00])
        #expect(status?.isPaperOut == true)
        #expect(status?.isOnline == false)
        #expect(PrinterStatus.fromAutomaticStatusBack([0xFF, 0, 0, 0]) == nil)
        #expect(PrinterStatus.fromAutomaticStatusBack([0x10, 0]) == nil)
    }

    @Test func paperSensorReply() {
        #expect(PrinterStatus.fromPaperSensor(0x00) == .ready)
        #expect(PrinterStatus.fromPaperSensor(0x0C)?.isPaperOut == true)
        #expect(PrinterStatus.fromPaperSensor(0x12) == nil)
    }
}

@Suite struct PrinterReplyParserTests {
    @Test func automaticStatusMessagesAreSeparatedFromReplies() {
        var parser = PrinterReplyParser()
        let replies = parser.consume([0x16, 0x18, 0x00, 0x0C, 0x00, 0x00, 0x12])
        #expect(replies == [
            .realTime(0x16),
            .automaticStatus(PrinterStatus.fromAutomaticStatusBack([0x18, 0x00, 0x0C, 0x00])!),
            .paperSensor(0x00),
            .realTime(0x12),
        ])
    }

    @Test func messageSplitAcrossReadsIsReassembled() {
        var parser = PrinterReplyParser()
        #expect(parser.consume([0x10, 0x00]).isEmpty)
        #expect(parser.consume([0x00, 0x00, 0x0C]) == [.automaticStatus(.ready), .paperSensor(0x0C)])
    }

    @Test func garbageInsideAMessageIsUnrecognisedNotACrash() {
        var parser = PrinterReplyParser()
        #expect(parser.consume([0x10, 0xFF, 0x80]) == [.unrecognised(0xFF), .unrecognised(0x80)])
    }
}

@Suite struct USBErrorTests {
    @Test func libusbCodesBecomeErrorsATechnicianCanActOn() {
        // libusb: -3 ACCESS, -4 NO_DEVICE, -6 BUSY, -7 TIMEOUT.
        #expect(USBError(code: -3) == .accessDenied)
        #expect(USBError.accessDenied.description.contains("udev rule"))
        #expect(USBError(code: -4) == .noDevice)
        #expect(USBError(code: -6) == .busy)
        #expect(USBError(code: -7) == .timeout)
    }
}
