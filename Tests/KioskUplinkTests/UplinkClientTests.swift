import Foundation
import KioskCore
import KioskStore
import KioskUplink
import KioskUplinkWire
import Testing

@Suite struct UplinkClientTests {
    static let nowMs: Int64 = 1_767_225_600_000

    /// An enrolled station with `entries` journal entries: counter sales and a service's entries,
    /// alternating, so the upload carries every domain.
    static func station(in directory: TemporaryDirectory, entries: Int, key: StationKey) throws -> KioskDatabase {
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        let keyFile = directory.path + "/issued.key"
        try StationKeyFile.write(key, to: keyFile)
        try UplinkSetup.enrol(database: database, hubURL: "https://hub.test:8470", stationID: "v-001", keyFile: keyFile)
        try append(entries, to: database)
        return database
    }

    @Test func theBooksGoToAHubOverHTTPSOrToThisMachineOnly() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }
        let keyFile = directory.path + "/issued.key"
        try StationKeyFile.write(StationKey.random(), to: keyFile)
        for refused in ["http://hub.county.cn:8470", "ftp://127.0.0.1", "https://", "hub.county.cn"] {
            do {
                try UplinkSetup.enrol(database: database, hubURL: refused, stationID: "v-001", keyFile: keyFile)
                Issue.record("\(refused) was taken")
            } catch let problem as UplinkSetup.Problem {
                #expect(problem.description.hasPrefix("the hub is an https:// URL") && problem.description.hasSuffix(refused))
            }
        }
        for taken in ["https://hub.county.cn:8470", "http://127.0.0.1:8470", "http://localhost:8470"] {
            try UplinkSetup.enrol(database: database, hubURL: taken, stationID: "v-001", keyFile: keyFile)
            #expect(try UplinkStore(database: database).progress().enrolment?.hubURL == taken)
        }
    }

    static func append(_ count: Int, to database: KioskDatabase) throws {
        let journal = EventJournal(database: database)
        var sequence = try journal.lastSequence()
        for _ in 0..<count {
            sequence += 1
            let domain = sequence % 2 == 0 ? JournalDomain("parcels") : .counter
            var commit = JournalCommit(eventPayload: [UInt8(truncatingIfNeeded: sequence), 7], eventKind: "test",
                                       recordedAtMs: nowMs + sequence, domain: domain)
            if domain == .counter {
                commit.order = OrderRow(id: sequence, orderNumber: "N\(sequence)", kind: "counter", state: .closed,
                                        totalFen: 150, cashFen: 150, changeFen: 0, codeFen: 0, creditFen: 0,
                                        creditAccountID: nil, pickupCode: nil, receiptPrinted: true,
                                        createdAtMs: nowMs, updatedAtMs: nowMs)
                commit.payments = [PaymentRow(idempotencyKey: "P\(sequence)", orderID: sequence, method: "cash",
                                              maskedCode: nil, amountFen: 150, state: .approved)]
            }
            try journal.commit(commit, sequence: sequence, durability: .whenNextSynced)
        }
    }

    @Test func aWeekOfflineLosesNothingAndThenDrainsInBoundedBatches() async throws {
        let directory = try TemporaryDirectory()
        let key = StationKey.random()
        let database = try Self.station(in: directory, entries: 1_234, key: key)
        defer { try? database.close() }
        let clock = InstantClock(now: Self.nowMs)
        let hub = FakeHub(key: key, clock: clock)
        hub.state.withLock { $0.failNext = 40 }
        let client = try #require(try UplinkSetup.client(database: database, transport: hub, batchLimit: 100))
        let worker = UplinkWorker(client: client, backoff: UplinkBackoff(baseMs: 1_000, capMs: 60_000), clock: clock,
                                  random: UplinkRandom(seed: 7))

        let week: Int64 = 7 * 86_400_000
        let drained = await worker.drain(deadlineMs: Self.nowMs + week)

        #expect(drained)
        #expect(hub.storedCount == 1_234)
        let progress = try UplinkStore(database: database).progress()
        #expect(progress.acknowledgedSequence == 1_234)
        #expect(progress.backlog == 0)
        #expect(progress.lastUploadMs == clock.nowMs())
        #expect(progress.lastProblem == nil)
        // 40 failures backed off, capped at a minute; then 13 batches of at most 100.
        let waits = clock.waits.withLock { $0 }
        #expect(waits.count == 40)
        #expect(waits.allSatisfy { $0 <= 60_000 })
        #expect(waits.suffix(20).allSatisfy { $0 >= 30_000 })
        #expect(hub.state.withLock { $0.requests } == 40 + 13)
    }

    @Test func anAnswerLostAfterTheHubStoredIsResentAndStoredOnce() async throws {
        let directory = try TemporaryDirectory()
        let key = StationKey.random()
        let database = try Self.station(in: directory, entries: 30, key: key)
        defer { try? database.close() }
        let hub = FakeHub(key: key, clock: InstantClock(now: Self.nowMs))
        hub.state.withLock { $0.loseAnswerNext = 1 }
        let client = try #require(try UplinkSetup.client(database: database, transport: hub, batchLimit: 20))

        let first = await client.pushOnce(nowMs: Self.nowMs)
        #expect(first == .failed("network: \(FakeHub.LinkDown().localizedDescription)"))
        #expect(try UplinkStore(database: database).progress().acknowledgedSequence == 0)
        #expect(try UplinkStore(database: database).progress().lastProblem != nil)

        #expect(await client.pushOnce(nowMs: Self.nowMs) == .stored(through: 20, backlog: 10))
        #expect(await client.pushOnce(nowMs: Self.nowMs) == .stored(through: 30, backlog: 0))
        #expect(await client.pushOnce(nowMs: Self.nowMs) == .upToDate)
        #expect(hub.storedCount == 30)
    }

    @Test func aHubHoldingLessThanAcknowledgedGetsTheGapResent() async throws {
        let directory = try TemporaryDirectory()
        let key = StationKey.random()
        let database = try Self.station(in: directory, entries: 50, key: key)
        defer { try? database.close() }
        let hub = FakeHub(key: key, clock: InstantClock(now: Self.nowMs))
        let client = try #require(try UplinkSetup.client(database: database, transport: hub, batchLimit: 50))
        #expect(await client.pushOnce(nowMs: Self.nowMs) == .stored(through: 50, backlog: 0))
        try Self.append(10, to: database)
        hub.state.withLock { $0.forgetAfter = 35 }

        #expect(await client.pushOnce(nowMs: Self.nowMs) == .resendFrom(through: 35))
        #expect(await client.pushOnce(nowMs: Self.nowMs) == .stored(through: 60, backlog: 0))
        #expect(hub.storedCount == 60)
        let stored = hub.state.withLock { $0.stored.values.first! }
        #expect(stored[36]?.domain == "parcels")
        #expect(stored[37]?.domain == "counter")
    }

    @Test func aBatchCarriesEveryDomainAndTheOrdersItsEntriesLeft() throws {
        let directory = try TemporaryDirectory()
        let database = try Self.station(in: directory, entries: 6, key: StationKey.random())
        defer { try? database.close() }
        let batch = try #require(try UplinkStore(database: database).nextBatch(limit: 4))

        #expect(batch.station == "v-001")
        #expect(batch.entries.map(\.sequence) == [1, 2, 3, 4])
        #expect(batch.entries.map(\.domain) == ["counter", "parcels", "counter", "parcels"])
        #expect(batch.orders.map(\.id) == [1, 3])
        #expect(batch.payments.map(\.idempotencyKey) == ["P1", "P3"])
        #expect(batch.backlogAfter == 2)
        #expect(batch.shapeProblem == nil)
    }

    @Test func aRestoredDatabaseUploadsAsANewStream() throws {
        let directory = try TemporaryDirectory()
        let database = try Self.station(in: directory, entries: 5, key: StationKey.random())
        defer { try? database.close() }
        let store = UplinkStore(database: database)
        try store.recordAcknowledged(5, storeID: "OLD123", atMs: Self.nowMs)

        // The acknowledgement names another incarnation than this database's store id.
        #expect(try store.progress().acknowledgedSequence == 0)
        #expect(try store.nextBatch()?.entries.first?.sequence == 1)
    }

    @Test func aStationNotEnrolledSendsNothing() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }
        #expect(try UplinkSetup.client(database: database) == nil)
        #expect(try UplinkStore(database: database).nextBatch() == nil)
    }
}

@Suite struct UplinkSigningTests {
    let key = StationKey(bytes: Array(0..<32))!
    let body = Data(#"{"entries":[]}"#.utf8)

    func sign(_ key: StationKey, at timestampMs: Int64) -> String {
        UplinkSignature.sign(key: key, method: "POST", path: "/v1/uplink", station: "v-1", timestampMs: timestampMs, body: body)
    }

    @Test func theHubAcceptsOnlyTheSameRequestWithinTheReplayWindow() {
        let signature = sign(key, at: 1_000_000)
        func verify(_ signature: String, body: Data? = nil, station: String = "v-1", now: Int64 = 1_000_000) -> Bool {
            UplinkSignature.verify(signature, key: key, method: "POST", path: "/v1/uplink", station: station,
                                   timestampMs: 1_000_000, body: body ?? self.body, nowMs: now)
        }
        #expect(verify(signature))
        #expect(verify(signature, now: 1_000_000 + UplinkLimits.replayWindowMs))
        #expect(!verify(signature, now: 1_000_000 + UplinkLimits.replayWindowMs + 1))
        #expect(!verify(signature, body: Data(#"{"entries":[1]}"#.utf8)))
        #expect(!verify(signature, station: "v-2"))
        #expect(!verify(sign(StationKey(bytes: Array(1...32))!, at: 1_000_000)))
        #expect(!verify("zz"))
    }

    @Test func theSignatureIsHMACSHA256OfTheRequest() {
        let signature = UplinkSignature.sign(key: StationKey(bytes: [UInt8](repeating: 0x0b, count: 32))!, method: "POST",
                                             path: "/v1/uplink", station: "v-1", timestampMs: 1, body: Data("x".utf8))
        #expect(signature == UplinkSigningTests.opensslHMAC)
    }

    /// `printf 'POST\n/v1/uplink\nv-1\n1\nx' | openssl dgst -sha256 -mac HMAC -macopt hexkey:0b…0b` (32 bytes).
    static let opensslHMAC = "a7b7f2591ddc0dadd0c4f409f22ff13b3056ac0854c3d795246cc8bda9a15d27"

    @Test func aKeyFileIsPrivateAndTheKeyNeverPrints() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/station.key"
        let key = StationKey.random()
        try StationKeyFile.write(key, to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try StationKeyFile.read(path) == key)
        #expect(!"\(key)".contains(key.hex))
        #expect(!String(reflecting: key).contains(key.hex.prefix(16)))
    }
}

@Suite struct UplinkBackoffTests {
    @Test func delaysGrowByDoublingWithJitterUpToTheCap() {
        let backoff = UplinkBackoff(baseMs: 1_000, capMs: 16_000)
        var random = UplinkRandom(seed: 3)
        for failures in 1...12 {
            let ceiling = min(16_000, Int64(1_000) << (failures - 1))
            let delays = (0..<50).map { _ in backoff.delayMs(afterFailures: failures, using: &random) }
            #expect(delays.allSatisfy { (ceiling / 2)...ceiling ~= $0 }, "after \(failures) failures")
            #expect(Set(delays).count > 1, "jittered after \(failures) failures")
        }
    }

    @Test func theSameSeedGivesTheSameDelays() {
        let backoff = UplinkBackoff()
        var a = UplinkRandom(seed: 9)
        var b = UplinkRandom(seed: 9)
        let first = (1...20).map { backoff.delayMs(afterFailures: $0, using: &a) }
        let second = (1...20).map { backoff.delayMs(afterFailures: $0, using: &b) }
        #expect(first == second)
    }
}
