import Foundation
import KioskAcquirers
import KioskCore
import KioskFuzzChecks
import Testing

/// Replays every committed fuzz input through the same property checks the libFuzzer targets run
/// (`scripts/fuzz`): the seed corpora in `Fuzz/Corpus/<target>/` and the inputs of bugs fuzzing
/// found, in `Fuzz/Regressions/<target>/`. A broken property traps, failing the run.
struct CorpusReplayTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static func inputs(_ folder: String, _ target: FuzzTarget) throws -> [(name: String, bytes: [UInt8])] {
        let directory = fuzzDirectory.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().map { name in
            (name, [UInt8](try Data(contentsOf: directory.appendingPathComponent(name))))
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedCorpusHoldsTheProperties(_ target: FuzzTarget) throws {
        let corpus = try Self.inputs("Corpus", target)
        #expect(corpus.count >= 3, "the \(target.rawValue) corpus has \(corpus.count) seeds")
        for input in corpus { target.check(input.bytes) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func regressionInputsHoldTheProperties(_ target: FuzzTarget) throws {
        for input in try Self.inputs("Regressions", target) { target.check(input.bytes) }
    }

    @Test func everyCorpusFolderIsATarget() throws {
        let names = try FileManager.default.contentsOfDirectory(
            atPath: Self.fuzzDirectory.appendingPathComponent("Corpus").path)
        #expect(Set(names) == Set(FuzzTarget.allCases.map(\.rawValue)))
    }
}

/// The parcel desk's seeds are real entries, so the journal target checks their encoding and not nothing.
@Test func parcelSeedsDecodeAsParcelEntries() throws {
    let directory = CorpusReplayTests.fuzzDirectory.appendingPathComponent("Corpus/journal-event")
    for name in ["parcel-arrived", "parcels-handed-over"] {
        let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
        #expect(ParcelEntry(decoding: bytes) != nil, "\(name) is not a parcel entry")
    }
}

/// The bills' seeds are real entries, answers and barcodes, so their targets check decoding and not nothing.
@Test func billSeedsDecode() throws {
    let corpus = CorpusReplayTests.fuzzDirectory.appendingPathComponent("Corpus")
    func seed(_ target: String, _ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: corpus.appendingPathComponent(target).appendingPathComponent(name)))
    }
    for name in ["opened", "paid-at-counter", "answered-success", "answered-failed", "given-up", "refund-ordered"] {
        #expect((try? BillEvent(decoding: try seed("bill-entry", name))) != nil, "\(name) is not a bill entry")
    }
    let secret = Array("fuzz-agent-secret".utf8)
    func read(_ name: String) throws -> [String: Any]? {
        let body = try seed("biller-reply", name)
        return BillerAgentAnswers.verified(body: body, timestamp: "1",
                                           signature: BillerAgentAnswers.signature(secret, Array("1\n".utf8) + body), secret: secret)
    }
    #expect(try read("lookup-found").flatMap(BillerAgentAnswers.lookup) == BillLookup(holderName: "王小明", dueFen: 12_345, rule: .exact))
    #expect(try read("lookup-missing").flatMap(BillerAgentAnswers.lookup) == nil)
    #expect(try read("fraction").flatMap(BillerAgentAnswers.lookup) == nil, "a fraction of a fen is no amount")
    #expect(try read("success").flatMap(BillerAgentAnswers.answer) == .succeeded(reference: "BL20261202001"))
    #expect(try read("failed").flatMap(BillerAgentAnswers.answer) == .failed(reason: "户号已销户"))
    let electricity = try seed("bill-barcode", "electricity-amount")
    let pattern = String(decoding: electricity[1 ... Int(electricity[0])], as: UTF8.self)
    let code = Array(electricity[(Int(electricity[0]) + 1)...])
    #expect(BillBarcodeFormat(pattern: pattern)?.match(code) == BillBarcode(account: "3301234567", amountFen: 12_345))
}
