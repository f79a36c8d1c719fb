import KioskDevices
import Testing

/// The printer and the station's printer worker through real libusb, emulated by umockdev (see
/// EmulatedDeviceProcess).
@Suite(.serialized, .enabled(if: EmulatedDeviceProcess.isAvailable, "umockdev is not installed (scripts/setup --test installs it)"))
struct EmulatedPrinterTests {
    /// `DLE EOT 1…4`, asked before every attempt.
    private let statusQueries = "100401" + "100402" + "100403" + "100404"
    /// `GS r 1`, the confirmation after a job.
    private let confirmation = "1d7201"

    private func receipt() throws -> [UInt8] {
        var builder = ReceiptBuilder(configuration: .paper58mm)
        builder.align(.center)
        builder.bold(true)
        builder.line("陇南村级服务站")
        builder.bold(false)
        builder.align(.left)
        builder.twoColumns("核桃 2kg", ReceiptBuilder.money(fen: 3600))
        try builder.ean13("6901234567892")
        builder.cut()
        return builder.bytes
    }

    @Test func printedJobReachesThePrinterByteForByteAndIsConfirmed() throws {
        let job = try receipt()
        let output = try EmulatedDeviceProcess.run(["print-job", hex(job)])
        #expect(output.value("out") == statusQueries + hex(job) + confirmation)
        #expect(output.values("printed") == ["receipt-1"])
        #expect(output.value("kernel-driver-detached") == "1")
        #expect(output.value("ieee1284") == "MFG:Xprinter;CMD:ESC/POS;MDL:XP-58IIH;CLS:PRINTER;")
    }

    @Test func printerHeldByAnotherProgramIsReportedBusyThenUsableWhenReleased() throws {
        let output = try EmulatedDeviceProcess.run(["busy"])
        #expect(output.value("connect-error") == USBError.busy.description)
        #expect(output.values("connect") == ["ok"])
        #expect(output.value("status") == "ready")
    }

    @Test func jobIsHeldWhilePaperIsOutAndPrintsOnceWhenPaperReturns() throws {
        let job = try receipt()
        let output = try EmulatedDeviceProcess.run(["paper-out", hex(job)])
        #expect(output.values("held") == ["receipt-2 paper-out"])
        let whileHeld = try #require(output.value("out-while-held"))
        #expect(occurrences(of: hex(job), in: whileHeld) == 0)
        #expect(whileHeld.hasPrefix(statusQueries))
        let all = try #require(output.value("out"))
        #expect(occurrences(of: hex(job), in: all) == 1)
        #expect(all.hasSuffix(statusQueries + hex(job) + confirmation))
        #expect(output.values("printed") == ["receipt-2"])
    }

    @Test func printerAnsweringNonsenseCountsAsOfflineAndGetsTheJobOnceItRecovers() throws {
        let job = try receipt()
        let output = try EmulatedDeviceProcess.run(["paper-out", hex(job), "--nonsense"])
        #expect(output.value("held") == "receipt-2 offline")
        #expect(occurrences(of: hex(job), in: try #require(output.value("out-while-held"))) == 0)
        #expect(occurrences(of: hex(job), in: try #require(output.value("out"))) == 1)
        #expect(output.values("printed") == ["receipt-2"])
    }

    @Test func unplugDuringAPrintResendsTheJobWholeExactlyOnceAfterReplug() throws {
        var builder = ReceiptBuilder(configuration: .paper58mm)
        for line in 1...12 { builder.twoColumns("商品 \(line)", ReceiptBuilder.money(fen: Int64(line) * 150)) }
        builder.cut()
        let job = builder.bytes
        let output = try EmulatedDeviceProcess.run(["unplug-during-print", hex(job), "--die-after", "150"])
        let before = try #require(output.value("out-before-unplug"))
        let after = try #require(output.value("out-after-replug"))
        #expect(before == statusQueries + hex(Array(job.prefix(150))))
        #expect(after == statusQueries + hex(job) + confirmation)
        #expect(output.value("held") == "receipt-3 offline")
        #expect(output.values("printed") == ["receipt-3"])
    }
}

/// A printer that sends automatic status back messages between its replies.
@Suite(.serialized, .enabled(if: EmulatedDeviceProcess.isAvailable, "umockdev is not installed (scripts/setup --test installs it)"))
struct EmulatedAutomaticStatusBackTests {
    @Test func unsolicitedStatusMessagesDoNotConfuseRepliesAndReportPaperOut() throws {
        var builder = ReceiptBuilder(configuration: .paper58mm)
        builder.line("核桃 ￥36.00")
        builder.cut()
        let job = builder.bytes
        let output = try EmulatedDeviceProcess.run(["paper-out", hex(job), "--automatic-status-back"])
        #expect(output.value("automatic-status-while-held") == "offline, paper out")
        #expect(output.value("automatic-status-after") == "ready")
        #expect(output.value("held") == "receipt-2 paper-out")
        #expect(output.values("printed") == ["receipt-2"])
        let all = try #require(output.value("out"))
        // GS a 15 switches the messages on once, right after connecting.
        #expect(all.hasPrefix("1d610f"))
        #expect(occurrences(of: "1d610f", in: all) == 1)
        #expect(occurrences(of: hex(job), in: all) == 1)
    }
}
