import Foundation
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
