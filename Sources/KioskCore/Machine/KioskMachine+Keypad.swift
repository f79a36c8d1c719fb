/// The keypad entry and command barcodes / function keys, interpreted in context.
extension KioskMachine {
    func press(_ key: KeypadKey) throws(Refusal) {
        var edited = entry
        switch key {
        case let .digit(value):
            guard value <= 9 else { throw Refusal(.invalidAmount, detail: Int64(value)) }
            guard edited.digitCount < KeypadEntry.maximumDigits, edited.decimals < 2 else { throw Refusal(.entryTooLong) }
            edited.digits = edited.digits * 10 + Int64(value)
            edited.digitCount += 1
            if edited.decimals >= 0 { edited.decimals += 1 }
        case .point:
            guard edited.decimals < 0 else { throw Refusal(.entryTooLong) }
            edited.decimals = 0
        case .backspace:
            guard !edited.isEmpty else { throw Refusal(.entryRequired) }
            if edited.decimals == 0 {
                edited.decimals = -1
            } else {
                edited.digits /= 10
                edited.digitCount -= 1
                if edited.decimals > 0 { edited.decimals -= 1 }
            }
        }
        entry = edited
        notice(.entry, edited.fen ?? 0)
    }

    func run(_ command: CommandCode, now: Int64) throws(Refusal) {
        switch command {
        case .newOrder: try openOrder(.counterSale, request: nil, now: now)
        case .total: try total()
        case .payCash:
            let slot = try requirePayable()
            let amount: Int64
            if entry.isEmpty {
                amount = orders[slot].dueFen
            } else {
                guard let keyed = entry.fen else { throw Refusal(.invalidAmount) }
                amount = keyed
            }
            try tenderCash(amount, now: now)
            entry = KeypadEntry()
        case .payCode:
            let slot = try requirePayable()
            orders[slot].phase = .totalled
            touch(slot)
            notice(.scanPaymentCode, orders[slot].dueFen)
        case .payCredit:
            guard let account = entry.wholeNumber else { throw Refusal(.entryRequired) }
            guard let id = CreditAccountID(exactly: account) else { throw Refusal(.unknownCreditAccount, detail: account) }
            try tenderCredit(id, now: now)
            entry = KeypadEntry()
        case .quantity:
            guard !entry.isEmpty else { throw Refusal(.entryRequired) }
            guard let quantity = entry.wholeNumber else { throw Refusal(.invalidQuantity) }
            try setLastLineQuantity(quantity)
            entry = KeypadEntry()
        case .void:
            if entry.isEmpty {
                try voidOrder(now: now)
            } else {
                guard let number = entry.wholeNumber else { throw Refusal(.lineNotFound) }
                try voidLine(number)
                entry = KeypadEntry()
            }
        case .removeLastLine: try removeLastLine()
        case .cancel:
            if let paymentSlot = presentedQRSlotOfCurrentOrder() {
                try withdrawQR(paymentSlot)
            } else {
                try cancel(now: now)
            }
        case .presentWeChatQR: try tenderQR(.wechat, now: now)
        case .presentAlipayQR: try tenderQR(.alipay, now: now)
        case .confirmReceipt: try confirmReceipt(slot: try requireCurrent(), now: now)
        case .reprint: try reprint()
        case .clearEntry:
            entry = KeypadEntry()
            notice(.entry, 0)
        case .dayClose:
            // The station closes the day beside the machine; the machine has no order to apply it to.
            throw Refusal(.orderNotFound)
        }
    }
}
