import KioskCore

/// Where the keypad's bill sequence stands. A biller's bill key (the board's `key:` for the biller)
/// starts it; the operator keys the account (a meter or phone number, longer than the counter's
/// keypad entry holds) and presses the key again to look it up; once the biller's answer is shown, keys
/// the amount in yuan (nothing: the amount due) and presses the key a third time: the bill opens at the
/// counter and the money is taken with the tender keys as for any sale. The cancel key leaves it.
enum BillKeypadStep: Equatable {
    case idle
    case account(billerCode: String, typed: String)
    case amount(billerCode: String, typed: String)
}

extension BillDesk {
    /// The longest account the keypad takes, characters.
    static let maximumKeyedAccount = 32
    /// The longest amount the keypad takes, characters (`123456.78`).
    static let maximumKeyedAmount = 10

    /// A key the operator pressed: true when the bill sequence took it (a bill key, or a digit, point,
    /// backspace or cancel during the sequence); any other key goes to the counter.
    func takeKey(_ name: String, nowMs: Int64) -> Bool {
        let configuration = engine.configuration
        if let billerCode = configuration.billKeys[name] {
            pressBillKey(billerCode, nowMs: nowMs)
            return true
        }
        guard keypadStep != .idle else { return false }
        if configuration.keyMap[name] == .cancel {
            keypadStep = .idle
            tell("BILL_KEYPAD_CANCELLED", zh: "已退出缴费", en: "bill entry left", nowMs: nowMs)
            return true
        }
        let typed: String
        let limit: Int
        switch keypadStep {
        case .idle: return false
        case .account(_, let text): typed = text; limit = Self.maximumKeyedAccount
        case .amount(_, let text): typed = text; limit = Self.maximumKeyedAmount
        }
        var next = typed
        if let digit = KeyTranslator.digit(name) {
            guard typed.count < limit else { return true }
            next.append(Character(String(digit)))
        } else if name == "backspace" {
            next = String(next.dropLast())
        } else if ["KP_Decimal", "point", "."].contains(name), case .amount = keypadStep, !typed.contains(".") {
            next.append(".")
        } else {
            return false
        }
        switch keypadStep {
        case .idle: break
        case .account(let code, _): keypadStep = .account(billerCode: code, typed: next)
        case .amount(let code, _): keypadStep = .amount(billerCode: code, typed: next)
        }
        tell("BILL_KEYED", zh: "已输入 \(next)", en: "keyed \(next)", nowMs: nowMs)
        return true
    }

    private func pressBillKey(_ billerCode: String, nowMs: Int64) {
        switch keypadStep {
        case .account(billerCode, let typed) where !typed.isEmpty:
            keypadStep = .amount(billerCode: billerCode, typed: "")
            if sendLookup(billerCode: billerCode, account: typed, thenOpenFor: nil, nowMs: nowMs) != nil { keypadStep = .idle }
        case .amount(billerCode, let typed):
            var amount: Int64?
            if !typed.isEmpty {
                guard let fen = Money.parseYuan(typed), fen > 0 else {
                    keypadStep = .amount(billerCode: billerCode, typed: "")
                    tell("BILL_REFUSED", zh: BillRefusal.amountInvalid.text(zh: true), en: BillRefusal.amountInvalid.text(zh: false),
                         nowMs: nowMs)
                    return
                }
                amount = fen
            }
            guard lastLookup?.biller.code == billerCode else {
                keypadStep = .amount(billerCode: billerCode, typed: "")
                tell("BILL_REFUSED", zh: BillRefusal.notLookedUp.text(zh: true), en: BillRefusal.notLookedUp.text(zh: false),
                     nowMs: nowMs)
                return
            }
            keypadStep = .idle
            _ = open(amountFen: amount, nowMs: nowMs)
        default:
            keypadStep = .account(billerCode: billerCode, typed: "")
            let name = billers.first { $0.code == billerCode }?.name ?? billerCode
            tell("BILL_KEY_ACCOUNT", zh: "\(name)：输入户号或手机号，再按缴费键", en: "\(name): key the account, then the bill key again",
                 nowMs: nowMs)
        }
    }
}
