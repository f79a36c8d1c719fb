/// The order and payment state machine: the heart of the kiosk.
///
/// Design (TigerBeetle style):
/// - **Fixed memory.** Every table is allocated once in `init`, sized by ``CoreLimits``
///   (orders, lines per order, pending payments, credit accounts, effects of one event), and
///   freed in `deinit`. Records are fixed-size values (``FixedBytes`` for barcodes and names),
///   so ``apply(_:)`` never allocates. A full table is a ``Refusal``, never growth.
/// - **Pure.** No I/O, clock or randomness: time and seeds arrive in events, and what must
///   happen outside (persist, print, charge, query, reverse, refund, drawer, message) comes back
///   as ``CoreEffect`` values in ``effects``.
/// - **All or nothing.** Each handler checks everything before it changes anything, so a
///   refused event leaves the state exactly as it was (see ``stateDigest()``).
/// - **Asserted.** Invariants (total = sum of lines, paid + change = tendered, one charge in
///   flight per paying order, capacities) are checked before and after every event in debug
///   builds, and are available to tests through ``invariantViolation()``.
/// - **Deterministic.** The same events from the same limits give the same state, so the
///   runtime can rebuild state by replaying its journal (``CoreEvent/encode(into:)``).
///
/// Not thread-safe: one owner (the runtime's event loop) applies events in order.
public final class KioskMachine {
    /// The capacities this machine reserved.
    public let limits: CoreLimits
    /// How long an ``CoreAction/authorise(_:)`` stays good for one void, ms.
    public static let authorisationValidityMs: Int64 = 120_000

    let orders: UnsafeMutableBufferPointer<Order>
    let lines: UnsafeMutableBufferPointer<OrderLine>
    let payments: UnsafeMutableBufferPointer<PendingPayment?>
    let accounts: UnsafeMutableBufferPointer<CreditAccount>
    let effectStorage: UnsafeMutableBufferPointer<CoreEffect>
    var effectCount = 0
    var touchedOrder: OrderID?
    var currentSlot = -1

    /// The number of the next order opened.
    public internal(set) var nextOrderID: OrderID
    /// The number being keyed in.
    public internal(set) var entry = KeypadEntry()
    /// The authorisation waiting to be used by a void, and when it was given.
    public internal(set) var authorisation: (grant: Authorisation, atMs: Int64)?
    /// Credit accounts opened.
    public internal(set) var creditAccountCount = 0
    /// The latest time seen in an accepted event, ms.
    public internal(set) var lastEventMs: Int64 = 0

    /// A machine with all its memory reserved for `limits`. Order numbers start at
    /// `firstOrderID` (the runtime passes the next number after what its store holds).
    public init(limits: CoreLimits, firstOrderID: OrderID = 1) {
        precondition(firstOrderID > 0, "order numbers start at 1")
        self.limits = limits
        nextOrderID = firstOrderID
        orders = .allocate(capacity: limits.maxOpenOrders)
        orders.initialize(repeating: Order())
        lines = .allocate(capacity: limits.maxOpenOrders * limits.maxLinesPerOrder)
        lines.initialize(repeating: OrderLine())
        payments = .allocate(capacity: limits.maxPendingPayments)
        payments.initialize(repeating: nil)
        accounts = .allocate(capacity: max(1, limits.maxCreditAccounts))
        accounts.initialize(repeating: CreditAccount(id: 0, limitFen: 0, balanceFen: 0))
        effectStorage = .allocate(capacity: EffectList.capacity)
        effectStorage.initialize(repeating: .openDrawer)
    }

    deinit {
        orders.deinitialize().deallocate()
        lines.deinitialize().deallocate()
        payments.deinitialize().deallocate()
        accounts.deinitialize().deallocate()
        effectStorage.deinitialize().deallocate()
    }

    /// Applies one event: a transition, or a refusal that changes nothing. Either way
    /// ``effects`` then holds what the runtime must do (a refusal: one operator message).
    @discardableResult
    public func apply(_ event: CoreEvent) -> CoreOutcome {
        assert(invariantViolation() == nil, "invariant broken before event: \(invariantViolation() ?? "")")
        effectCount = 1
        touchedOrder = nil
        do throws(Refusal) {
            try dispatch(event.action, now: event.timeMs)
        } catch {
            effectStorage[0] = .showMessage(.refused(error))
            effectCount = 1
            return .refused(error)
        }
        lastEventMs = max(lastEventMs, event.timeMs)
        // An authorisation is for the void it was given for: any other operator action ends it.
        if !event.action.isReport, !Self.keepsAuthorisation(event.action) { authorisation = nil }
        effectStorage[0] = .persist(touchedOrder)
        assert(invariantViolation() == nil, "invariant broken by \(event): \(invariantViolation() ?? "")")
        return .accepted
    }

    /// `authorise` grants it and `voidOrder` uses it (a void by keypad or command barcode as well); loading
    /// an order back from the store is the runtime's doing, not the operator's.
    static func keepsAuthorisation(_ action: CoreAction) -> Bool {
        switch action {
        case .authorise, .voidOrder, .command(.void), .orderLoaded: true
        default: false
        }
    }

    /// The effects of the last event applied, valid until the next.
    public var effects: EffectList {
        EffectList(base: UnsafePointer(effectStorage.baseAddress!), count: effectCount)
    }

    /// The order on the counter, if any.
    public var currentOrderID: OrderID? {
        currentSlot >= 0 ? orders[currentSlot].id : nil
    }

    /// The order numbered `id`, while it is in the table (an order that is not counter work stays until
    /// its slot is needed, and is loaded back with ``CoreAction/orderLoaded(_:)``).
    public func order(_ id: OrderID) -> Order? {
        slotIndex(of: id).map { orders[$0] }
    }

    /// The lines of order `id` (empty when it is not in the table). Valid until the next event.
    public func lines(of id: OrderID) -> FixedList<OrderLine> {
        guard let slot = slotIndex(of: id) else { return FixedList(base: UnsafePointer(lines.baseAddress!), count: 0) }
        return FixedList(base: UnsafePointer(lineBase(slot)), count: Int(orders[slot].lineCount))
    }

    /// Orders not in a final phase.
    public var openOrderCount: Int {
        orders.reduce(0) { $0 + ($1.id != 0 && !$1.phase.isFinal ? 1 : 0) }
    }

    /// Orders in the table that are not final, in slot order.
    public var openOrderIDs: [OrderID] {
        orders.filter { $0.id != 0 && !$0.phase.isFinal }.map(\.id)
    }

    /// Charges in flight.
    public var pendingPaymentCount: Int {
        payments.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
    }

    /// The charge in flight with `key`, if any.
    public func pendingPayment(_ key: PaymentKey) -> PendingPayment? {
        paymentSlot(of: key).flatMap { payments[$0] }
    }

    /// The credit account `id`, if opened.
    public func creditAccount(_ id: CreditAccountID) -> CreditAccount? {
        accountSlot(of: id).map { accounts[$0] }
    }

    // MARK: Internals shared by the handlers

    /// Adds an effect after slot 0, which `apply` fills with `persist` (or the refusal).
    func emit(_ effect: CoreEffect) {
        precondition(effectCount < EffectList.capacity, "more effects than EffectList.capacity")
        effectStorage[effectCount] = effect
        effectCount += 1
    }

    func notice(_ notice: Notice, _ first: Int64 = 0, _ second: Int64 = 0) {
        emit(.showMessage(.notice(notice, first, second)))
    }

    func touch(_ slot: Int) {
        touchedOrder = orders[slot].id
    }

    func lineBase(_ slot: Int) -> UnsafeMutablePointer<OrderLine> {
        lines.baseAddress! + slot * limits.maxLinesPerOrder
    }

    func slotIndex(of id: OrderID) -> Int? {
        guard id != 0 else { return nil }
        if currentSlot >= 0, orders[currentSlot].id == id { return currentSlot }
        return orders.firstIndex { $0.id == id }
    }

    func paymentSlot(of key: PaymentKey) -> Int? {
        payments.firstIndex { $0?.key == key }
    }

    func accountSlot(of id: CreditAccountID) -> Int? {
        accounts[0 ..< creditAccountCount].firstIndex { $0.id == id }
    }

    /// The current order's slot, refusing when there is none.
    func requireCurrent() throws(Refusal) -> Int {
        guard currentSlot >= 0 else { throw Refusal(.noCurrentOrder) }
        return currentSlot
    }

    /// The slot of order `id`, refusing when it is not in the table.
    func requireOrder(_ id: OrderID) throws(Refusal) -> Int {
        guard let slot = slotIndex(of: id) else { throw Refusal(.orderNotFound, detail: Int64(id)) }
        return slot
    }
}

/// Whether an event made a transition or was refused.
public enum CoreOutcome: Hashable, Sendable {
    /// A transition happened.
    case accepted
    /// Nothing changed, for this reason.
    case refused(Refusal)
}

/// A read-only view of records in the machine's preallocated storage (no copy, no allocation).
/// Valid until the next event is applied.
public struct FixedList<Element>: RandomAccessCollection {
    let base: UnsafePointer<Element>
    /// The number of records.
    public let count: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "FixedList index out of range")
        return base[position]
    }
}
