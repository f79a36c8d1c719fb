import Foundation
import KioskAcquirers
import KioskBoard
import KioskCore
import KioskSimulator
import KioskStore
import Logging
import Testing
@testable import KioskEngine

/// The Alipay transfer payee configured through a payee file, against the Alipay peer playing `outcome`
/// with one registered account.
struct PayeeAndPeer {
    static let login = "13800138000"
    static let holder = "王建国"
    let peer: ProtocolPeer
    let payee: any PayeePort
    let directory: ScratchDirectory

    init(outcome: String) throws {
        directory = try ScratchDirectory("payee-\(outcome)")
        for name in ["app_private.pem", "alipay_public.pem", "alipay_private.pem"] {
            try FileManager.default.copyItem(atPath: Provider.alipayKeys + "/" + name, toPath: directory.file(name))
        }
        peer = try ProtocolPeer(script: "alipay_barcode_peer.py", arguments: [
            "--keys", Provider.alipayKeys, "--app-id", "2021000000000001", "--outcome", outcome,
            "--account", "\(Self.login)=\(Self.holder)", "--account", "farmer@example.com=李秀兰",
        ])
        let file = try Provider.alipay.acquirerFile(port: peer.port, in: directory)
        payee = try AcquirerConfiguration.load(path: file).makePayee(timing: Provider.timing(), logger: Provider.quietLogger)
    }

    /// A payout of ￥130.00 for lot `lot` to `login`, for a farmer registered as `name`.
    static func payment(key: String = "P20261202-0001", lot: String = "L20261202-0001", name: String = holder,
                        login: String = login) -> FarmerPayment {
        FarmerPayment(key: key, lot: lot, farmerName: name, maskedPhone: "138****8000", account: PayeeAccount(login),
                      amountFen: 13_000)
    }

    /// The transfers the peer made (`new`) or answered again (`again`), as it printed them.
    var transfers: [String] { peer.printed("transfer ") }

    func stop() {
        peer.stop()
        directory.remove()
    }
}

@Suite("Paying farmers by Alipay transfer (单笔转账) against the loopback Alipay peer")
struct AlipayPayeeTests {
    static func answers(_ replies: [PayeeReply]) -> [PayeeAnswer] { replies.map(\.answer) }

    @Test("a transfer pays the farmer's account once: sent again under the same key it answers the first transfer")
    func paysOnce() throws {
        let run = try PayeeAndPeer(outcome: "success")
        defer { run.stop() }
        let payment = PayeeAndPeer.payment()
        let first = Self.answers(run.payee.pay(payment, nowMs: 1))
        guard case .paid(let reference)? = first.first, first.count == 1 else {
            Issue.record("not paid: \(first)")
            return
        }
        #expect(!reference.isEmpty)
        #expect(Self.answers(run.payee.pay(payment, nowMs: 2)) == [.paid(reference: reference)])
        #expect(Self.answers(run.payee.query(payment, nowMs: 3)) == [.paid(reference: reference)])
        #expect(run.transfers == ["transfer P20261202-0001 new 130.00 13800138000", "transfer P20261202-0001 again 130.00 13800138000"])
        #expect(run.peer.requests.allSatisfy { $0.contains(" verified ") })
    }

    @Test("an e-mail login pays too; a name that is not the account's holder, or an unknown login, is refused with Alipay's reason")
    func refusals() throws {
        let run = try PayeeAndPeer(outcome: "success")
        defer { run.stop() }
        let email = Self.answers(run.payee.pay(PayeeAndPeer.payment(key: "P1", name: "李秀兰", login: "farmer@example.com"), nowMs: 1))
        #expect(email.count == 1 && { if case .paid = email[0] { true } else { false } }())
        let wrongName = Self.answers(run.payee.pay(PayeeAndPeer.payment(key: "P2", name: "王建"), nowMs: 1))
        #expect(wrongName.count == 1 && "\(wrongName)".contains("PAYEE_USER_INFO_ERROR"))
        let unknown = Self.answers(run.payee.pay(PayeeAndPeer.payment(key: "P3", login: "13900000000"), nowMs: 1))
        #expect(unknown.count == 1 && "\(unknown)".contains("PAYEE_NOT_EXIST"))
        #expect(run.transfers.count == 1, "only the e-mail login was paid")
    }

    @Test("a transfer lost to a system error is found missing by the query, sent again under the same key, and made once")
    func lostThenResent() throws {
        let run = try PayeeAndPeer(outcome: "lost")
        defer { run.stop() }
        let payment = PayeeAndPeer.payment()
        #expect(run.payee.pay(payment, nowMs: 1).isEmpty, "SYSTEM_ERROR settles nothing")
        #expect(Self.answers(run.payee.query(payment, nowMs: 2)) == [.unknown])
        #expect(Self.answers(run.payee.pay(payment, nowMs: 3)).count == 1)
        #expect(run.transfers.filter { $0.contains(" new ") }.count == 1)
    }

    @Test("a transfer Alipay is still dealing with is pending until a query finds it paid")
    func dealing() throws {
        let run = try PayeeAndPeer(outcome: "dealing")
        defer { run.stop() }
        let payment = PayeeAndPeer.payment()
        #expect(Self.answers(run.payee.pay(payment, nowMs: 1)) == [.pending])
        #expect(Self.answers(run.payee.query(payment, nowMs: 2)) == [.pending])
        let paid = Self.answers(run.payee.query(payment, nowMs: 3))
        #expect(paid.count == 1 && { if case .paid = paid[0] { true } else { false } }())
    }

    @Test("a 20000 answer is queried and found paid; answers not signed by Alipay are no answer at all")
    func unsureAndForged() throws {
        let unsure = try PayeeAndPeer(outcome: "systemerror")
        defer { unsure.stop() }
        let payment = PayeeAndPeer.payment()
        #expect(unsure.payee.pay(payment, nowMs: 1).isEmpty)
        #expect(Self.answers(unsure.payee.query(payment, nowMs: 2)).count == 1)

        let forged = try PayeeAndPeer(outcome: "badsign")
        defer { forged.stop() }
        #expect(forged.payee.pay(payment, nowMs: 1).isEmpty)
        #expect(forged.payee.query(payment, nowMs: 2).isEmpty)
    }

    @Test("a payee file must be Alipay's")
    func wechatIsNoPayee() throws {
        let directory = try ScratchDirectory("payee-wechat")
        defer { directory.remove() }
        try "key\n".write(toFile: directory.file("api-key"), atomically: true, encoding: .utf8)
        let file = try Provider.wechat.acquirerFile(port: 1, in: directory)
        #expect(throws: AcquirerConfigurationError.self) {
            _ = try AcquirerConfiguration.load(path: file).makePayee(logger: Provider.quietLogger)
        }
    }

    @Test("at a station, an account purchase needs the farmer's Alipay login; with it the payout is paid once, and the login stays out of the journal")
    func stationPaysByTransfer() throws {
        let run = try PayeeAndPeer(outcome: "success")
        defer { run.stop() }
        let station = StationOnLoop()
        let database = try KioskDatabase.open(dataDirectory: run.directory.file("data"))
        var configuration = try StationConfiguration(board: try BoardLoader(boardsDirectory: AcquirerStationTests.boards).load("sim"))
        configuration.payoutNeedsFarmerAccount = true
        let paperless = PaperlessCounter()
        let workers = StationWorkers(
            payments: GatewayWorker(gateway: try SimulatedGatewayPort(ledgerPath: nil), placement: .offLoop(station.hop),
                                    orderNumbers: try MerchantOrderNumbers(stationID: configuration.stationID, database: database)),
            printer: ImmediatePrinterWorker(printer: paperless, drawer: paperless))
        workers.payees = PayeeWorker(port: run.payee, placement: .offLoop(station.hop))
        var logger = Logger(label: "payee-station")
        logger.logLevel = .critical
        let (prices, tares) = try ProduceTableFile.parse(try String(
            contentsOfFile: AcquirerStationTests.boards.appendingPathComponent("sim/produce.csv").path, encoding: .utf8)).get()
        let farmer = try #require(Farmer(name: PayeeAndPeer.holder, phone: PayeeAndPeer.login, village: "桥头村"))
        let request = PurchaseRequest(farmer: farmer, produce: "核桃", grade: "特级", container: "竹筐", containers: 1,
                                      grossGrams: 5_800, payout: .account)
        let lot: String = try station.loop.sync {
            let nowMs = StationOnLoop.wallMs() - 1_000
            let engine = try StationEngine(configuration: configuration, database: database,
                                           ports: StationPorts(workers: workers, display: QuietDisplay()), logger: logger, nowMs: nowMs)
            station.engine = engine
            let desk = ProduceDeskService(engine: engine, database: database, prices: prices, tares: tares)
            #expect(try desk.buy(request, nowMs: nowMs) == .refused(.noPayeeAccount), "no login, no account purchase")
            guard case .bought(let purchase, _) = try desk.buy(request, payeeAccount: PayeeAccount(PayeeAndPeer.login), nowMs: nowMs) else {
                throw PeerAndAdapterFailure.notBought
            }
            return purchase.lot
        }
        #expect(station.hopped.wait(timeout: .now() + 30) == .success, "the payee worker answered")
        let row = try #require(try station.loop.sync { try ProduceRecords.payout(lot: lot, in: database) })
        #expect(row.payout.phase == .paid && row.payout.reference?.isEmpty == false)
        #expect(row.payeeAccount == PayeeAccount(PayeeAndPeer.login))
        #expect(try ProduceRecords.payeeAccount(of: farmer, in: database) == PayeeAccount(PayeeAndPeer.login),
                "remembered for the farmer's next sale")
        #expect(run.transfers == ["transfer \(row.payout.key) new 130.00 13800138000"])
        var journalText = ""
        try station.loop.sync {
            try station.engine?.journal.forEachEvent(in: .produce) { _, payload in journalText += String(decoding: payload, as: UTF8.self) }
        }
        #expect(!journalText.isEmpty && !journalText.contains(PayeeAndPeer.login), "the county's copy carries no account")
        try station.loop.sync { try database.close() }
    }
}

enum PeerAndAdapterFailure: Error {
    case notBought
}
