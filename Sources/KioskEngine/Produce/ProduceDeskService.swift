import KioskCore
import KioskStore

/// The produce desk (收购): prices a weighed lot, then journals the purchase in one entry of domain
/// `produce` with its rows (the farmer remembered, the purchase), the farmer's receipt and the lot
/// label, and the payout: cash opens the drawer from the receipt printed after the commit; an account
/// payout goes to the outbox under the lot's idempotency key and to the payee (``ProducePayoutDesk``), so
/// it is never paid twice.
public final class ProduceDeskService {
    public let engine: StationEngine
    public let database: KioskDatabase
    public let prices: ProducePriceTable
    public let tares: ContainerTares
    let documents: ProduceDocuments

    /// The outbox kind of a payout to a farmer's account.
    public static let payoutOutboxKind = "producePayout"

    public init(engine: StationEngine, database: KioskDatabase, prices: ProducePriceTable, tares: ContainerTares) {
        self.engine = engine
        self.database = database
        self.prices = prices
        self.tares = tares
        let configuration = engine.configuration
        documents = ProduceDocuments(printer: configuration.printer, header: configuration.receiptHeader,
                                     stationID: configuration.stationID, locale: configuration.locale)
    }

    /// What became of a purchase.
    public enum Outcome: Equatable {
        /// Journaled as entry `sequence`; its documents went to the printer.
        case bought(ProducePurchase, sequence: Int64)
        /// Refused before anything was written.
        case refused(PurchaseRefusal)
        /// The store refused the entry: nothing changed, the operator was told.
        case notRecorded
    }

    /// The cash a payout can come from: once a business day is open, what the day's X expects in the drawer
    /// (its float, less cash taken to the bank); before any day is opened, the books' cash.
    private func drawerCashFen(nowMs: Int64) throws(StoreError) -> Int64 {
        let day = DayCloseService(engine: engine, database: database)
        do {
            if try day.daySoFar().opening != nil { return try day.xReport(nowMs: nowMs).expectedCashFen }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .sqlite(path: database.path, message: "the day's journal could not be replayed: \(error)")
        }
        return try ProduceRecords.cashInDrawerFen(in: database)
    }

    /// Buys the weighed lot `request` at `nowMs`; an account payout goes to `payeeAccount` (remembered
    /// for the farmer) where the station's payee needs one.
    public func buy(_ request: PurchaseRequest, payeeAccount: PayeeAccount? = nil, nowMs: Int64) throws(StoreError) -> Outcome {
        let dayStart = Self.dayStartMs(nowMs)
        let earlier = try ProduceRecords.purchases(in: database, fromMs: dayStart, toMs: dayStart + 86_400_000).count
        let packed = String(BeijingDate(epochMs: nowMs).compact.dropFirst(2))
        let purchase: ProducePurchase
        let drawerFen = try drawerCashFen(nowMs: nowMs)
        switch ProduceDesk.decide(request, prices: prices, tares: tares, packedDate: packed, dayNumber: earlier + 1,
                                  atMs: nowMs, drawerFen: drawerFen) {
        case .success(let decided): purchase = decided
        case .failure(let refusal): return .refused(refusal)
        }
        if purchase.payout == .account, !engine.configuration.paysFarmerAccounts { return .refused(.noAccountPayouts) }
        if purchase.payout == .account, engine.configuration.payoutNeedsFarmerAccount, payeeAccount == nil {
            return .refused(.noPayeeAccount)
        }
        let payload = ProduceEntryCodec.encode(purchase)
        var commit = JournalCommit(eventPayload: payload, eventKind: "producePurchased", recordedAtMs: nowMs, domain: .produce)
        commit.writes = ProduceRecords.writes(for: purchase, payeeAccount: payeeAccount)
        commit.printJobs = [
            PrintJobRequest(orderID: nil, isReprint: false, bytes: documents.receipt(purchase), kind: .produceReceipt),
            PrintJobRequest(orderID: nil, isReprint: false, bytes: documents.lotLabel(purchase), kind: .lotLabel),
        ]
        var work: [WorkItem] = []
        if purchase.payout == .account {
            let payout = ProducePayoutState(sentFor: purchase)
            commit.writes.append(ProduceRecords.payoutWrite(inserting: payout, payeeAccount: payeeAccount))
            commit.outbox = [OutboxItem(idempotencyKey: purchase.idempotencyKey, kind: Self.payoutOutboxKind, payload: payload)]
            work.append(ProducePayoutDesk.sendWork(payout, farmer: purchase.farmer, account: payeeAccount))
        }
        guard let sequence = engine.commitService(commit, work: work, nowMs: nowMs) else { return .notRecorded }
        if purchase.payout == .account { engine.payouts.sent(lot: purchase.lot, nowMs: nowMs) }
        // A payee that answered at once (the simulation's) is heard now, as the counter's workers are.
        engine.advance(toMs: nowMs)
        return .bought(purchase, sequence: sequence)
    }

    /// When the Beijing day holding `ms` began.
    public static func dayStartMs(_ ms: Int64) -> Int64 {
        let offset: Int64 = 8 * 3_600_000
        let day: Int64 = 86_400_000
        let local = ms + offset
        return local - ((local % day) + day) % day - offset
    }
}
