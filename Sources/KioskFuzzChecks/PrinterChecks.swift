import KioskDevices
import KioskSimulation

/// What printers send back, and what the simulated printer makes of what it is sent.
enum PrinterChecks {
    /// The reply parser gives the same replies however the bytes are split into reads, at most one
    /// reply per byte; status bytes that break the protocol's fixed bits count as offline.
    static func replies(_ bytes: [UInt8]) {
        var reader = ByteReader(bytes)
        let chunkSize = Int(reader.byte() % 7) + 1
        let stream = reader.rest()
        var whole = PrinterReplyParser()
        let all = whole.consume(stream)
        var split = PrinterReplyParser()
        var pieces: [PrinterReplyParser.Reply] = []
        var start = 0
        while start < stream.count {
            pieces += split.consume(Array(stream[start ..< min(stream.count, start + chunkSize)]))
            start += chunkSize
        }
        require(all == pieces, "replies depend on how the bytes arrive: \(all) against \(pieces)")
        require(all.count <= stream.count, "\(all.count) replies from \(stream.count) bytes")
        for reply in all {
            guard case .automaticStatus(let status) = reply else { continue }
            require(status.isOnline || !status.canPrint, "an offline printer may print")
        }
        var answers: [RealTimeStatusKind: UInt8] = [:]
        for (kind, byte) in zip(RealTimeStatusKind.allCases, stream) { answers[kind] = byte }
        let status = PrinterStatus.fromRealTime(answers)
        if answers.values.contains(where: { $0 & 0x93 != 0x12 }) || answers[.printer] == nil {
            require(status == .offline, "malformed status bytes \(answers) read as \(status)")
        }
        require(!status.canPrint || status.description == "ready" || status.description == "paper near end",
                "a printer that can print reports \(status)")
    }

    static let printAreas: [Int?] = [nil, 384, 576, 384]

    /// The interpreter gives the same receipts however the stream is split, records errors at offsets
    /// inside the stream, and keeps what it prints within the paper: a barcode or QR code wider than
    /// the print area is not printed, and an image wider than it comes with an error.
    static func escpos(_ bytes: [UInt8]) {
        var reader = ByteReader(bytes)
        let setup = reader.byte()
        let printAreaDots = printAreas[Int(setup & 0x03)]
        let chineseMode = setup & 0x04 != 0
        let chunkSize = Int(setup >> 3) + 1
        let stream = reader.rest()
        let receipts = ESCPOSInterpreter.receipts(
            in: stream, chineseModeAtPowerOn: chineseMode, printAreaDots: printAreaDots)

        var interpreter = ESCPOSInterpreter(chineseModeAtPowerOn: chineseMode, printAreaDots: printAreaDots)
        var chunked: [ESCPOSReceipt] = []
        var start = 0
        while start < stream.count {
            for case .receiptCompleted(let receipt) in interpreter.feed(Array(stream[start ..< min(stream.count, start + chunkSize)])) {
                chunked.append(receipt)
            }
            start += chunkSize
        }
        if let remainder = interpreter.finish() { chunked.append(remainder) }
        require(receipts == chunked, "receipts depend on how the bytes arrive (chunks of \(chunkSize))")

        for receipt in receipts {
            var errorBefore = false
            for element in receipt.elements {
                switch element {
                case .error(let offset, let message):
                    require((0 ..< max(1, stream.count)).contains(offset), "error at byte \(offset) of \(stream.count): \(message)")
                    errorBefore = message.contains("exceeds")
                    continue
                case .barcode(let barcode):
                    if let printAreaDots {
                        let width = barcode.modules.count * barcode.moduleWidthDots
                        require(width <= printAreaDots, "a barcode \(width) dots wide printed on \(printAreaDots)")
                    }
                case .qrCode(let qr):
                    if let printAreaDots {
                        let width = qr.symbol.size * qr.moduleSizeDots
                        require(width <= printAreaDots, "a QR code \(width) dots wide printed on \(printAreaDots)")
                    }
                case .rasterImage(let image):
                    require(image.bits.count == image.widthBytes * image.heightDots, "an image's bits do not fill it")
                    if let printAreaDots, image.widthBytes * 8 * image.horizontalScale > printAreaDots {
                        require(errorBefore, "an image wider than the \(printAreaDots)-dot paper without an error")
                    }
                case .feed(let dots):
                    require(dots >= 0, "a feed of \(dots) dots")
                case .line, .drawerKick:
                    break
                }
                errorBefore = false
            }
        }
    }
}
