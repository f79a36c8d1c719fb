/// Tags and payloads of each action in the journal format (see ``CoreEvent/encode(into:)``).
/// Tags are part of the format: never renumber one, only add new ones.
extension CoreAction {
    var tag: UInt8 {
        switch self {
        case .newOrder: 1
        case .newAssistedOrder: 2
        case .selectOrder: 3
        case .productScanned: 4
        case .key: 5
        case .command: 6
        case .setQuantity: 7
        case .removeLastLine: 8
        case .voidLine: 9
        case .total: 10
        case .tenderCash: 11
        case .tenderCode: 12
        case .tenderCredit: 13
        case .paymentAnswered: 14
        case .paymentTimedOut: 15
        case .paymentQueried: 16
        case .paymentReversed: 17
        case .receiptConfirmed: 18
        case .reprintReceipt: 19
        case .cancelOrder: 20
        case .authorise: 21
        case .voidOrder: 22
        case .fulfilmentOrdered: 23
        case .fulfilmentArrived: 24
        case .pickedUp: 25
        case .openCreditAccount: 26
        case .creditRepaid: 27
        case .receiptPrinted: 28
        case .newOrderForScan: 29
        case .withdrawAuthorisation: 30
        case .orderLoaded: 31
        case .billLine: 40
        case .creditRepaymentLine: 41
        case .parcelChargeLine: 42
        }
    }

    func encodePayload(_ writer: inout EventWriter) {
        switch self {
        case .newOrder, .newOrderForScan, .withdrawAuthorisation, .removeLastLine, .total, .receiptConfirmed, .reprintReceipt, .cancelOrder,
             .voidOrder: break
        case let .newAssistedOrder(request):
            writer.fixed(request.villagerName)
            writer.fixed(request.phone)
            writer.u64(request.pickupSeed)
        case let .selectOrder(id), let .fulfilmentOrdered(id), let .fulfilmentArrived(id), let .tenderCredit(id),
             let .receiptPrinted(id):
            writer.u32(id)
        case let .productScanned(scan):
            writer.fixed(scan.barcode)
            writer.i64(scan.unitPriceFen)
            writer.i64(scan.catalogRef)
            writer.i32(scan.quantity)
        case let .key(key):
            switch key {
            case let .digit(value): writer.u8(0); writer.u8(value)
            case .point: writer.u8(1); writer.u8(0)
            case .backspace: writer.u8(2); writer.u8(0)
            }
        case let .command(command): writer.u8(command.rawValue)
        case let .setQuantity(value), let .voidLine(value): writer.i32(value)
        case let .tenderCash(fen): writer.i64(fen)
        case let .tenderCode(code):
            writer.u8(code.scheme.rawValue)
            writer.fixed(code.masked.bytes)
        case let .paymentAnswered(key, answer): writer.key(key); writer.u8(answer.rawValue)
        case let .paymentTimedOut(key), let .paymentReversed(key): writer.key(key)
        case let .paymentQueried(key, answer): writer.key(key); writer.u8(answer.rawValue)
        case let .authorise(grant): writer.u8(grant.role.rawValue); writer.u32(grant.staffID)
        case let .pickedUp(id, code): writer.u32(id); writer.u32(code)
        case let .openCreditAccount(id, fen), let .creditRepaid(id, fen), let .creditRepaymentLine(id, fen),
             let .parcelChargeLine(id, fen):
            writer.u32(id); writer.i64(fen)
        case let .orderLoaded(order): Self.encode(order, &writer)
        case let .billLine(line): writer.u32(line.billID); writer.i64(line.amountFen)
        }
    }

    /// Every field written, an absent optional as a zero flag and zero bytes (one encoding per value).
    private static func encode(_ order: LoadedOrder, _ writer: inout EventWriter) {
        writer.u32(order.id)
        writer.u8(order.kind.rawValue)
        writer.u8(order.phase.rawValue)
        for amount in [order.totalFen, order.cashTenderedFen, order.changeFen, order.codePaidFen, order.creditPaidFen] {
            writer.i64(amount)
        }
        writer.u8(order.approvedPayment == nil ? 0 : 1)
        writer.key(order.approvedPayment ?? PaymentKey(orderID: 0, attempt: 0))
        writer.u8(order.codeScheme?.rawValue ?? 0)
        writer.fixed(order.maskedCode?.bytes ?? FixedBytes16())
        writer.u8(order.creditAccount == nil ? 0 : 1)
        writer.u32(order.creditAccount ?? 0)
        writer.u16(order.paymentAttempts)
        for time in [order.openedAtMs, order.paidAtMs, order.finishedAtMs] { writer.i64(time) }
        writer.u32(order.pickupCode)
        writer.fixed(order.villagerName)
        writer.fixed(order.phone)
    }

    private static func decodeLoadedOrder(_ reader: inout EventReader) throws(EventDecodingError) -> LoadedOrder {
        let id = try reader.u32()
        let kind = try reader.raw(OrderKind.self)
        let phase = try reader.raw(OrderPhase.self)
        let total = try reader.i64()
        let cashTendered = try reader.i64()
        let change = try reader.i64()
        let codePaid = try reader.i64()
        let creditPaid = try reader.i64()
        let hasKey = try reader.u8()
        let key = try reader.key()
        guard hasKey == 1 || (hasKey == 0 && key.rawValue == 0) else { throw .invalidValue }
        let scheme = try reader.u8()
        let masked: FixedBytes16 = try reader.fixed()
        let maskedCode = MaskedPaymentCode(bytes: masked)
        guard masked.count == 0 || maskedCode != nil else { throw .invalidValue }
        let hasAccount = try reader.u8()
        let account = try reader.u32()
        guard hasAccount == 1 || (hasAccount == 0 && account == 0) else { throw .invalidValue }
        var order = LoadedOrder(
            id: id, kind: kind, phase: phase, totalFen: total, cashTenderedFen: cashTendered, changeFen: change,
            codePaidFen: codePaid, approvedPayment: hasKey == 1 ? key : nil, maskedCode: maskedCode,
            creditPaidFen: creditPaid, creditAccount: hasAccount == 1 ? account : nil,
            paymentAttempts: try reader.u16(), openedAtMs: try reader.i64(), paidAtMs: try reader.i64(),
            finishedAtMs: try reader.i64(), pickupCode: try reader.u32())
        if scheme != 0 {
            guard let known = PaymentScheme(rawValue: scheme) else { throw .invalidValue }
            order.codeScheme = known
        }
        order.villagerName = try reader.fixed()
        order.phone = try reader.fixed()
        return order
    }

    static func decode(tag: UInt8, _ reader: inout EventReader) throws(EventDecodingError) -> CoreAction {
        switch tag {
        case 1: return .newOrder
        case 2:
            return .newAssistedOrder(AssistedOrderRequest(
                villagerName: try reader.fixed(), phone: try reader.fixed(), pickupSeed: try reader.u64()
            ))
        case 3: return .selectOrder(try reader.u32())
        case 4:
            return .productScanned(ProductScan(
                barcode: try reader.fixed(), unitPriceFen: try reader.i64(), catalogRef: try reader.i64(),
                quantity: try reader.i32()
            ))
        case 5:
            let kind = try reader.u8()
            let value = try reader.u8()
            switch kind {
            case 0: return .key(.digit(value))
            case 1: return .key(.point)
            case 2: return .key(.backspace)
            default: throw .invalidValue
            }
        case 6: return .command(try reader.raw(CommandCode.self))
        case 7: return .setQuantity(try reader.i32())
        case 8: return .removeLastLine
        case 9: return .voidLine(try reader.i32())
        case 10: return .total
        case 11: return .tenderCash(fen: try reader.i64())
        case 12:
            let scheme = try reader.raw(PaymentScheme.self)
            guard let masked = MaskedPaymentCode(bytes: try reader.fixed()) else { throw .invalidValue }
            return .tenderCode(PaymentCode(scheme: scheme, masked: masked))
        case 13: return .tenderCredit(try reader.u32())
        case 14: return .paymentAnswered(try reader.key(), try reader.raw(PaymentAnswer.self))
        case 15: return .paymentTimedOut(try reader.key())
        case 16: return .paymentQueried(try reader.key(), try reader.raw(PaymentQueryAnswer.self))
        case 17: return .paymentReversed(try reader.key())
        case 18: return .receiptConfirmed
        case 19: return .reprintReceipt
        case 20: return .cancelOrder
        case 21: return .authorise(Authorisation(role: try reader.raw(Authorisation.Role.self), staffID: try reader.u32()))
        case 22: return .voidOrder
        case 23: return .fulfilmentOrdered(try reader.u32())
        case 24: return .fulfilmentArrived(try reader.u32())
        case 25: return .pickedUp(try reader.u32(), pickupCode: try reader.u32())
        case 26: return .openCreditAccount(try reader.u32(), limitFen: try reader.i64())
        case 27: return .creditRepaid(try reader.u32(), fen: try reader.i64())
        case 28: return .receiptPrinted(try reader.u32())
        case 29: return .newOrderForScan
        case 30: return .withdrawAuthorisation
        case 31: return .orderLoaded(try decodeLoadedOrder(&reader))
        case 40: return .billLine(BillLine(billID: try reader.u32(), amountFen: try reader.i64()))
        case 41: return .creditRepaymentLine(try reader.u32(), fen: try reader.i64())
        case 42: return .parcelChargeLine(parcelID: try reader.u32(), fen: try reader.i64())
        default: throw .unknownTag(tag)
        }
    }
}
