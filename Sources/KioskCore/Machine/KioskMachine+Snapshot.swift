/// The machine's whole state as bytes, so a station rebuilds it from its latest snapshot plus the
/// journal entries after it instead of replaying every event since it was installed.
///
/// Layout: `version u8 · limits (4 × u32) · counters · orders with their lines · payments · accounts ·
/// stateDigest u64`, little-endian, every field written explicitly (never raw struct bytes, whose
/// padding is undefined). Restoring checks the version, the limits, every enum and flag value (an absent
/// value must be written as zero) and, last, that the restored state has the digest the snapshot
/// recorded: a damaged or foreign snapshot gives nil, and the caller replays the whole journal instead.
extension KioskMachine {
    /// The snapshot format written by ``snapshot()``. Version 2 adds each order's ``Order/linesStored``
    /// flag; version 1 snapshots (written before orders could be loaded back) still restore.
    public static let snapshotVersion: UInt8 = 2

    /// The state as bytes. Allocates: taken every few hundred events, not on the hot path.
    public func snapshot() -> [UInt8] {
        var writer = EventWriter(bytes: [])
        writer.u8(Self.snapshotVersion)
        for limit in [limits.maxOpenOrders, limits.maxLinesPerOrder, limits.maxPendingPayments, limits.maxCreditAccounts] {
            writer.u32(UInt32(limit))
        }
        writer.u32(nextOrderID)
        writer.i32(Int32(currentSlot))
        writer.i64(entry.digits)
        writer.u8(UInt8(bitPattern: entry.digitCount))
        writer.u8(UInt8(bitPattern: entry.decimals))
        writer.u8(authorisation?.grant.role.rawValue ?? 0)
        writer.u32(authorisation?.grant.staffID ?? 0)
        writer.i64(authorisation?.atMs ?? 0)
        writer.u32(UInt32(creditAccountCount))
        writer.i64(lastEventMs)
        for slot in orders.indices {
            Self.write(orders[slot], &writer)
            writer.u8(orders[slot].linesStored ? 1 : 0)
            for index in 0 ..< Int(orders[slot].lineCount) { Self.write(lineBase(slot)[index], &writer) }
        }
        for payment in payments { Self.write(payment, &writer) }
        for account in accounts[0 ..< creditAccountCount] {
            writer.u32(account.id)
            writer.i64(account.limitFen)
            writer.i64(account.balanceFen)
        }
        writer.u64(stateDigest())
        return writer.bytes
    }

    /// A machine with `limits` in the state `snapshot` holds, or nil when the bytes are not a snapshot
    /// this build wrote for these limits, or do not restore to the state they recorded.
    public static func restoring(limits: CoreLimits, snapshot: [UInt8]) -> KioskMachine? {
        let machine = KioskMachine(limits: limits)
        var reader = EventReader(bytes: snapshot)
        do throws(EventDecodingError) {
            try machine.read(&reader)
            let recorded = try reader.u64()
            guard reader.isAtEnd, machine.stateDigest() == recorded, machine.invariantViolation() == nil else { return nil }
        } catch {
            return nil
        }
        return machine
    }

    private func read(_ reader: inout EventReader) throws(EventDecodingError) {
        let version = try reader.u8()
        guard version == 1 || version == Self.snapshotVersion else { throw .unsupportedVersion(version) }
        for limit in [limits.maxOpenOrders, limits.maxLinesPerOrder, limits.maxPendingPayments, limits.maxCreditAccounts] {
            guard try reader.u32() == UInt32(limit) else { throw .invalidValue }
        }
        nextOrderID = try reader.u32()
        currentSlot = Int(try reader.i32())
        guard (-1 ..< orders.count).contains(currentSlot) else { throw .invalidValue }
        entry.digits = try reader.i64()
        entry.digitCount = Int8(bitPattern: try reader.u8())
        entry.decimals = Int8(bitPattern: try reader.u8())
        let role = try reader.u8()
        let staffID = try reader.u32()
        let grantedAtMs = try reader.i64()
        if role != 0 {
            guard let role = Authorisation.Role(rawValue: role) else { throw .invalidValue }
            authorisation = (Authorisation(role: role, staffID: staffID), grantedAtMs)
        } else {
            guard staffID == 0, grantedAtMs == 0 else { throw .invalidValue }
        }
        creditAccountCount = Int(try reader.u32())
        guard creditAccountCount <= limits.maxCreditAccounts else { throw .invalidValue }
        lastEventMs = try reader.i64()
        for slot in orders.indices {
            orders[slot] = try Self.readOrder(&reader)
            if version >= 2 { orders[slot].linesStored = try reader.flag() }
            guard (0 ... limits.maxLinesPerOrder).contains(Int(orders[slot].lineCount)) else { throw .invalidValue }
            for index in 0 ..< Int(orders[slot].lineCount) { lineBase(slot)[index] = try Self.readLine(&reader) }
        }
        for index in payments.indices { payments[index] = try Self.readPayment(&reader) }
        for index in 0 ..< creditAccountCount {
            accounts[index] = CreditAccount(id: try reader.u32(), limitFen: try reader.i64(), balanceFen: try reader.i64())
        }
    }

    private static func write(_ order: Order, _ writer: inout EventWriter) {
        writer.u32(order.id)
        writer.u8(order.kind.rawValue)
        writer.u8(order.phase.rawValue)
        writer.i32(order.lineCount)
        for amount in [order.totalFen, order.cashTenderedFen, order.cashAppliedFen, order.changeFen, order.codePaidFen] {
            writer.i64(amount)
        }
        writer.u8(order.approvedPayment == nil ? 0 : 1)
        writer.key(order.approvedPayment ?? PaymentKey(orderID: 0, attempt: 0))
        writer.u8(order.codeScheme?.rawValue ?? 0)
        writer.u8(order.maskedCode == nil ? 0 : 1)
        writer.fixed(order.maskedCode?.bytes ?? FixedBytes16())
        writer.i64(order.creditPaidFen)
        writer.u8(order.creditAccount == nil ? 0 : 1)
        writer.u32(order.creditAccount ?? 0)
        writer.u16(order.paymentAttempts)
        for time in [order.openedAtMs, order.paidAtMs, order.finishedAtMs] { writer.i64(time) }
        writer.u32(order.pickupCode)
        writer.fixed(order.villagerName)
        writer.fixed(order.phone)
    }

    private static func readOrder(_ reader: inout EventReader) throws(EventDecodingError) -> Order {
        var order = Order()
        order.id = try reader.u32()
        order.kind = try reader.raw(OrderKind.self)
        order.phase = try reader.raw(OrderPhase.self)
        order.lineCount = try reader.i32()
        order.totalFen = try reader.i64()
        order.cashTenderedFen = try reader.i64()
        order.cashAppliedFen = try reader.i64()
        order.changeFen = try reader.i64()
        order.codePaidFen = try reader.i64()
        let hasApprovedPayment = try reader.flag()
        let approvedPayment = try reader.key()
        guard hasApprovedPayment || approvedPayment.rawValue == 0 else { throw .invalidValue }
        order.approvedPayment = hasApprovedPayment ? approvedPayment : nil
        let scheme = try reader.u8()
        if scheme != 0 {
            guard let scheme = PaymentScheme(rawValue: scheme) else { throw .invalidValue }
            order.codeScheme = scheme
        }
        let hasMaskedCode = try reader.flag()
        let masked: FixedBytes16 = try reader.fixed()
        if hasMaskedCode {
            guard let code = MaskedPaymentCode(bytes: masked) else { throw .invalidValue }
            order.maskedCode = code
        } else {
            guard masked.count == 0 else { throw .invalidValue }
        }
        order.creditPaidFen = try reader.i64()
        let hasCreditAccount = try reader.flag()
        let creditAccount = try reader.u32()
        guard hasCreditAccount || creditAccount == 0 else { throw .invalidValue }
        order.creditAccount = hasCreditAccount ? creditAccount : nil
        order.paymentAttempts = try reader.u16()
        order.openedAtMs = try reader.i64()
        order.paidAtMs = try reader.i64()
        order.finishedAtMs = try reader.i64()
        order.pickupCode = try reader.u32()
        order.villagerName = try reader.fixed()
        order.phone = try reader.fixed()
        return order
    }

    private static func write(_ line: OrderLine, _ writer: inout EventWriter) {
        writer.fixed(line.barcode)
        writer.i64(line.catalogRef)
        writer.i64(line.unitPriceFen)
        writer.i32(line.quantity)
        writer.i64(line.amountFen)
        writer.u8(line.isVoided ? 1 : 0)
    }

    private static func readLine(_ reader: inout EventReader) throws(EventDecodingError) -> OrderLine {
        var line = OrderLine()
        line.barcode = try reader.fixed()
        line.catalogRef = try reader.i64()
        line.unitPriceFen = try reader.i64()
        line.quantity = try reader.i32()
        line.amountFen = try reader.i64()
        line.isVoided = try reader.flag()
        return line
    }

    private static func write(_ payment: PendingPayment?, _ writer: inout EventWriter) {
        guard let payment else { return writer.u8(0) }
        writer.u8(1)
        writer.key(payment.key)
        writer.u8(payment.status.rawValue)
        writer.i64(payment.amountFen)
        writer.u8(payment.scheme.rawValue)
        writer.fixed(payment.maskedCode.bytes)
        writer.i64(payment.requestedAtMs)
    }

    private static func readPayment(_ reader: inout EventReader) throws(EventDecodingError) -> PendingPayment? {
        guard try reader.flag() else { return nil }
        let key = try reader.key()
        let status = try reader.raw(PaymentStatus.self)
        let amountFen = try reader.i64()
        let scheme = try reader.raw(PaymentScheme.self)
        let maskBytes: FixedBytes16 = try reader.fixed()
        // An empty mask is a payment QR's (扫码付), which has no customer code.
        let mask = maskBytes.count == 0 ? PaymentCode.presentedQR(scheme).masked : MaskedPaymentCode(bytes: maskBytes)
        guard let maskedCode = mask else { throw .invalidValue }
        return PendingPayment(key: key, status: status, amountFen: amountFen, scheme: scheme, maskedCode: maskedCode,
                              requestedAtMs: try reader.i64())
    }
}

extension EventReader {
    /// A byte that must be 0 (false) or 1 (true).
    fileprivate mutating func flag() throws(EventDecodingError) -> Bool {
        switch try u8() {
        case 0: false
        case 1: true
        default: throw .invalidValue
        }
    }
}
