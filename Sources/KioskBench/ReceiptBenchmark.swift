import Foundation
import KioskDevices

/// `receipt`: receipts encoded to ESC/POS bytes per second by the project's encoder
/// (``ReceiptBuilder`` on a 58 mm printer in `FS &` Chinese mode, text in GB18030), side by side with
/// python-escpos encoding the same receipt into its in-memory Dummy printer
/// (scripts/bench-peers/escpos_receipt.py). The receipt: a double-size header and a line under it,
/// three Chinese item lines with prices flush right, an EAN-13, a QR code and a cut.
///
/// `KioskBench receipt PYTHON PEER_SCRIPT`; scripts/bench passes the python that has python-escpos.
enum ReceiptBenchmark {
    static let rounds = 5
    static let receiptsPerRound = 20_000
    static let peerReceiptsPerRound = 2_000

    static let header = "幸福村电商服务站"
    static let subheader = "单号 0001 2026-11-23 08:30"
    static let items: [(name: String, priceFen: Int64)] = [("核桃 2kg", 3600), ("五常大米 5kg", 4500), ("土鸡蛋 30枚", 2700)]
    static let ean13 = "6931318609132"
    static let qrPayload = "https://zhan.example.cn/r/0001"

    static func run() -> Int32 {
        let arguments = Array(CommandLine.arguments.dropFirst(2))
        guard arguments.count == 2 else {
            print("usage: KioskBench receipt PYTHON PEER_SCRIPT (run through scripts/bench receipt)")
            return 64
        }
        do {
            let receipt = try encode()
            var own = Rate()
            var peer = Rate()
            var peerReceipt: [UInt8] = []
            for _ in 0 ..< rounds {
                own.add(try encodeRound(count: receiptsPerRound, bytesEach: receipt.count))
                let round = try PeerRound.run(python: arguments[0], script: arguments[1], count: peerReceiptsPerRound)
                peer.add(receipts: round.receipts, seconds: round.seconds)
                peerReceipt = round.receipt
            }
            try checkSameReceipt(peerReceipt)
            print("receipt: \(rounds) alternating rounds, \(receiptsPerRound) receipts a round here, \(peerReceiptsPerRound) with python-escpos (Dummy printer)")
            print("receipts_per_s \(Int(own.perSecond))")
            print("peer_receipts_per_s \(Int(peer.perSecond))")
            print("ratio \(DurableBenchmark.format(own.perSecond / peer.perSecond))")
            print("bytes \(receipt.count)")
            print("peer_bytes \(peerReceipt.count)")
            return 0
        } catch {
            print("receipt: \(error)")
            return 1
        }
    }

    /// The benchmark's receipt, laid out and encoded once.
    static func encode() throws(ESCPOSEncodingError) -> [UInt8] {
        var builder = ReceiptBuilder(configuration: .paper58mm)
        builder.align(.center)
        builder.bold(true)
        builder.size(width: 2, height: 2)
        builder.line(header)
        builder.size()
        builder.bold(false)
        builder.line(subheader)
        builder.align(.left)
        for item in items {
            builder.twoColumns(item.name, ReceiptBuilder.money(fen: item.priceFen))
        }
        try builder.ean13(ean13)
        try builder.qrCode(qrPayload)
        builder.cut()
        return builder.bytes
    }

    static func encodeRound(count: Int, bytesEach: Int) throws -> Rate {
        let clock = ContinuousClock()
        var total = 0
        let start = clock.now
        for _ in 0 ..< count {
            total += try encode().count
        }
        let elapsed = clock.now - start
        // Also keeps the loop's work observable, so the optimiser cannot drop it.
        guard total == count * bytesEach else { throw BenchFailure("receipts changed size between encodings") }
        return Rate(receipts: count, seconds: DurableBenchmark.seconds(elapsed))
    }

    /// The peer must have encoded the same receipt: every Chinese line in GB18030, the barcode digits and
    /// the QR payload are in its bytes.
    static func checkSameReceipt(_ peer: [UInt8]) throws {
        var expected = [header, subheader] + items.map(\.name) + items.map { ReceiptBuilder.money(fen: $0.priceFen) }
        expected += [ean13, qrPayload]
        for text in expected {
            guard let encoded = GB18030.encode(text), peer.firstRange(of: encoded) != nil else {
                throw BenchFailure("python-escpos's receipt lacks \"\(text)\": not the same receipt")
            }
        }
    }

    struct Rate {
        var receipts = 0
        var seconds = 0.0

        var perSecond: Double { Double(receipts) / seconds }

        mutating func add(_ other: Rate) {
            add(receipts: other.receipts, seconds: other.seconds)
        }

        mutating func add(receipts: Int, seconds: Double) {
            self.receipts += receipts
            self.seconds += seconds
        }
    }
}

/// One timed run of the python-escpos peer: its process prints
/// `receipts N seconds S bytes B hex H` (its own timing: the interpreter's start is not counted).
struct PeerRound {
    var receipts: Int
    var seconds: Double
    var receipt: [UInt8]

    static func run(python: String, script: String, count: Int) throws -> PeerRound {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, String(count)]
        // The malloc interposer scripts/bench preloads is for this process, not the peer's.
        var environment = ProcessInfo.processInfo.environment
        environment["LD_PRELOAD"] = nil
        environment["DYLD_INSERT_LIBRARIES"] = nil
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw BenchFailure("python-escpos peer exited \(process.terminationStatus): \(text)")
        }
        let fields = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 8, fields[0] == "receipts", let receipts = Int(fields[1]), receipts == count,
              let seconds = Double(fields[3]), let byteCount = Int(fields[5]), let receipt = bytes(hex: fields[7]),
              receipt.count == byteCount
        else {
            throw BenchFailure("unexpected output from the python-escpos peer: \(text)")
        }
        return PeerRound(receipts: receipts, seconds: seconds, receipt: receipt)
    }

    private static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let byte = UInt8(String(decoding: digits[index ..< index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
            index += 2
        }
        return bytes
    }
}
