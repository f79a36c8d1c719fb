/// The language of operator messages, from the board (zh-Hans unless the board says English).
public enum OperatorLocale: String, Hashable, Sendable, CaseIterable {
    /// Simplified Chinese, the default.
    case zhHans = "zh-Hans"
    /// English.
    case english = "en"
}

/// Things the operator is told when an event is accepted. Arguments travel as numbers.
public enum Notice: UInt8, Hashable, Sendable, CaseIterable {
    /// A new order (first: its number).
    case orderOpened = 1
    /// A line changed (first: the order total in fen, second: the line count).
    case linesChanged = 2
    /// Totalled (first: amount due in fen).
    case amountDue = 3
    /// Part paid (first: still due in fen).
    case remainingDue = 4
    /// Waiting for the customer's wallet (first: amount in fen).
    case waitingForPayment = 5
    /// Paid (first: change in fen).
    case orderPaid = 6
    /// The wallet declined.
    case paymentDeclined = 7
    /// No clear answer: checking with the gateway.
    case paymentUnknown = 8
    /// Reversed: the customer was not charged.
    case paymentReversed = 9
    /// Cancelled (first: cash refunded in fen).
    case orderCancelled = 10
    /// Voided (first: amount refunded in fen).
    case orderVoided = 11
    /// Closed.
    case orderClosed = 12
    /// Goods arrived (first: order number, second: pickup code).
    case goodsArrived = 13
    /// Collected.
    case pickedUp = 14
    /// Scan the customer's payment code (first: amount due in fen).
    case scanPaymentCode = 15
    /// Charged to credit (first: new balance owed in fen).
    case creditCharged = 16
    /// Authorised (first: staff number).
    case authorised = 17
    /// Keypad entry (first: the value in hundredths).
    case entry = 18
    /// A new credit account (first: its number).
    case creditAccountOpened = 19
    /// Credit repaid (first: balance still owed in fen).
    case creditRepaid = 20
    /// An assisted order was placed online (first: order number).
    case fulfilmentOrdered = 21
    /// An order is current (first: its number).
    case orderSelected = 22
    /// The receipt is printing again.
    case reprinting = 23
    /// An assisted order's receipt was handed over (first: order number, second: pickup code).
    case awaitingFulfilment = 24
    /// An authorisation ended unused (its action was refused).
    case authorisationEnded = 25
    /// The customer display shows the station's payment QR (扫码付) (first: amount in fen).
    case scanToPay = 26
    /// The payment QR is being closed at the provider before the order takes another tender.
    case closingScanToPay = 27
    /// The payment QR was closed unpaid: the customer was not charged.
    case scanToPayClosed = 28
}

/// A message for the operator's display: a code and up to two numbers, rendered on demand.
public enum OperatorMessage: Hashable, Sendable {
    /// An event was refused.
    case refused(Refusal)
    /// An event was accepted.
    case notice(Notice, Int64, Int64)

    /// The message in `locale`. Not for the hot path (it builds a `String`).
    public func text(in locale: OperatorLocale) -> String {
        switch self {
        case let .refused(refusal): RefusalText.text(refusal, locale)
        case let .notice(notice, first, second): NoticeText.text(notice, first, second, locale)
        }
    }
}

enum RefusalText {
    static func text(_ refusal: Refusal, _ locale: OperatorLocale) -> String {
        let zh = locale == .zhHans
        let n = refusal.detail
        let yuan = Money.formatWithSign(fen: n)
        switch refusal.reason {
        case .noCurrentOrder: return zh ? "没有当前订单，请先开单" : "no current order: open one first"
        case .orderNotFound: return zh ? "找不到订单 \(n)" : "order \(n) not found"
        case .orderFinished: return zh ? "订单已结束，不能再更改" : "order is finished and cannot change"
        case .orderFull: return zh ? "订单已满：\(n) 行" : "order is full: \(n) lines"
        case .tooManyOpenOrders:
            return zh ? "正在收银的订单已满 \(n) 单：请先收完款或取消一单"
                : "\(n) orders are being rung up or paid: finish or cancel one first"
        case .tooManyPendingPayments: return zh ? "待处理支付已满：\(n) 笔" : "too many pending payments: \(n)"
        case .creditAccountsFull: return zh ? "赊账账户已满：\(n) 个" : "credit accounts full: \(n)"
        case .orderNotOpen: return zh ? "订单已结算，不能修改商品" : "order is not open for changes"
        case .orderEmpty: return zh ? "订单没有商品" : "order has no lines"
        case .orderNotPayable: return zh ? "请先结算再收款" : "total the order before payment"
        case .paymentInProgress: return zh ? "正在支付，请等待结果" : "payment in progress: wait for the result"
        case .orderAlreadyPaid: return zh ? "订单已付款" : "order is already paid"
        case .orderNotPaid: return zh ? "订单未付款" : "order is not paid"
        case .invalidQuantity: return zh ? "数量无效（1–9999 的整数）" : "invalid quantity (whole number 1–9999)"
        case .invalidAmount: return zh ? "金额无效" : "invalid amount"
        case .amountOverflow: return zh ? "金额超出范围" : "amount out of range"
        case .lineNotFound: return zh ? "没有第 \(n) 行" : "no line \(n)"
        case .lineAlreadyVoided: return zh ? "第 \(n) 行已作废" : "line \(n) is already void"
        case .unknownPayment: return zh ? "没有这笔待处理支付" : "no such pending payment"
        case .paymentStateMismatch: return zh ? "支付状态不符，已忽略" : "payment is not in that state: ignored"
        case .authorisationRequired: return zh ? "作废需主管或技术员授权" : "void needs a supervisor or technician"
        case .unknownCreditAccount: return zh ? "没有赊账账户 \(n)" : "no credit account \(n)"
        case .creditLimitExceeded: return zh ? "超出赊账额度，可用 \(yuan)" : "over the credit limit: \(yuan) available"
        case .creditAccountExists: return zh ? "赊账账户已存在" : "credit account exists"
        case .notAssistedOrder: return zh ? "不是代购订单" : "not an assisted order"
        case .fulfilmentOutOfOrder: return zh ? "代购订单不在这一步" : "assisted order is not at that step"
        case .wrongPickupCode: return zh ? "取件码不对" : "wrong pickup code"
        case .entryTooLong: return zh ? "输入太长" : "entry too long"
        case .entryRequired: return zh ? "请先在键盘输入数字" : "key in a number first"
        case .receiptNotConfirmed: return zh ? "请先确认小票" : "confirm the receipt first"
        case .tooManyPaymentAttempts: return zh ? "支付尝试次数过多" : "too many payment attempts"
        case .orderAlreadyInTable: return zh ? "订单 \(n) 已调出" : "order \(n) is loaded already"
        case .orderNotLoadable: return zh ? "订单 \(n) 的记录不一致，请联系技术员" : "order \(n) is stored inconsistently: call a technician"
        case .billOnItsOwnOrder: return zh ? "缴费须单独开单" : "a bill is paid on an order of its own"
        case .billNotOnCredit: return zh ? "缴费不能赊账" : "a bill cannot go on credit"
        case .billNotVoidable: return zh ? "缴费不能作废，失败时自动退款" : "a bill cannot be voided: it is refunded if the biller fails"
        case .repaymentOnItsOwnOrder: return zh ? "还款须单独开单" : "a credit repayment is an order of its own"
        case .repaymentByCodeOnly:
            return zh ? "还款单只收付款码，现金还款请用 credit repay" : "a repayment order takes a payment code only: cash goes through credit repay"
        case .repaymentNotVoidable: return zh ? "还款不能作废" : "a credit repayment cannot be voided"
        case .repaymentOverOwed: return zh ? "超过欠款，最多可还 \(yuan)" : "more than is owed: at most \(yuan)"
        case .parcelChargeOnItsOwnOrder: return zh ? "快递代收款须单独开单" : "a parcel's charge is an order of its own"
        case .parcelChargeNotOnCredit: return zh ? "快递代收款不能赊账" : "a parcel's charge cannot go on credit"
        case .parcelChargeNotVoidable: return zh ? "快递代收款不能作废" : "a parcel's charge cannot be voided"
        case .repaymentUnderWay: return zh ? "该账户有还款正在付款，请先完成" : "a repayment on that account is being paid: finish it first"
        }
    }
}

enum NoticeText {
    static func text(_ notice: Notice, _ first: Int64, _ second: Int64, _ locale: OperatorLocale) -> String {
        let zh = locale == .zhHans
        let yuan = Money.formatWithSign(fen: first)
        switch notice {
        case .orderOpened: return zh ? "新订单 \(first)" : "new order \(first)"
        case .linesChanged: return zh ? "合计 \(yuan)（\(second) 行）" : "total \(yuan) (\(second) lines)"
        case .amountDue: return zh ? "应收 \(yuan)" : "amount due \(yuan)"
        case .remainingDue: return zh ? "还需收 \(yuan)" : "still due \(yuan)"
        case .waitingForPayment: return zh ? "等待顾客付款 \(yuan)" : "waiting for payment \(yuan)"
        case .orderPaid: return zh ? "已付款，找零 \(yuan)" : "paid, change \(yuan)"
        case .paymentDeclined: return zh ? "支付被拒绝" : "payment declined"
        case .paymentUnknown: return zh ? "支付结果未知，正在查询" : "payment outcome unknown: querying"
        case .paymentReversed: return zh ? "支付已撤销，顾客未被扣款" : "payment reversed: customer not charged"
        case .orderCancelled: return zh ? "订单已取消，退现金 \(yuan)" : "order cancelled, cash refunded \(yuan)"
        case .orderVoided: return zh ? "订单已作废，退款 \(yuan)" : "order voided, refund \(yuan)"
        case .orderClosed: return zh ? "订单完成" : "order closed"
        case .goodsArrived: return zh ? "订单 \(first) 到货，取件码 \(pickup(second))" : "order \(first) arrived, pickup code \(pickup(second))"
        case .pickedUp: return zh ? "已取件" : "picked up"
        case .scanPaymentCode: return zh ? "请扫顾客付款码 \(yuan)" : "scan the customer's payment code \(yuan)"
        case .creditCharged: return zh ? "已记赊账，欠款 \(yuan)" : "charged to credit, owed \(yuan)"
        case .authorised: return zh ? "已授权（工号 \(first)）" : "authorised (staff \(first))"
        case .authorisationEnded: return zh ? "授权已作废，需要时请重新授权" : "authorisation ended: authorise again if needed"
        case .entry: return zh ? "输入 \(Money.format(fen: first))" : "entry \(Money.format(fen: first))"
        case .creditAccountOpened: return zh ? "赊账账户 \(first) 已开" : "credit account \(first) opened"
        case .creditRepaid: return zh ? "已还款，尚欠 \(yuan)" : "repaid, still owed \(yuan)"
        case .fulfilmentOrdered: return zh ? "订单 \(first) 已下单" : "order \(first) placed online"
        case .orderSelected: return zh ? "当前订单 \(first)" : "current order \(first)"
        case .reprinting: return zh ? "正在重打小票" : "reprinting the receipt"
        case .scanToPay: return zh ? "请顾客扫码支付 \(yuan)" : "customer scans the QR to pay \(yuan)"
        case .closingScanToPay: return zh ? "正在关闭收款码，请稍候" : "closing the payment QR: wait"
        case .scanToPayClosed: return zh ? "收款码已关闭，顾客未付款" : "payment QR closed: customer not charged"
        case .awaitingFulfilment:
            return zh ? "代购订单 \(first) 待下单，取件码 \(pickup(second))" : "assisted order \(first) to place online, pickup code \(pickup(second))"
        }
    }

    /// Pickup codes are six digits, leading zeros kept.
    static func pickup(_ code: Int64) -> String {
        let digits = String(code)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
