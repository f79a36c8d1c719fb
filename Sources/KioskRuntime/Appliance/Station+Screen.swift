import Foundation
import KioskBoard
import KioskCore
import KioskEngine
import KioskScreen

/// The operator's screen of a running station: the state it shows, built on the loop after each turn,
/// and its touches handed to the engine like keypad keys.
extension Station {
    /// The screen's view of the station now. On the loop.
    func screenState() -> ScreenState {
        dispatchPrecondition(condition: .onQueue(queue))
        let engine = engine
        let zh = engine.configuration.locale == .zhHans
        var order: ScreenState.OrderView?
        if let id = engine.machine.currentOrderID, let current = engine.machine.order(id) {
            let lines = engine.machine.lines(of: id).map { line in
                let barcode = line.barcode.text
                return ScreenState.LineView(
                    name: engine.productName(barcode: barcode) ?? barcode, barcode: barcode, quantity: line.quantity,
                    unitText: Money.formatWithSign(fen: line.unitPriceFen),
                    amountText: Money.formatWithSign(fen: line.amountFen), voided: line.isVoided)
            }
            order = ScreenState.OrderView(
                id: Int64(id), phase: String(describing: current.phase), phaseText: Self.phaseText(current.phase, zh: zh),
                lines: lines, totalFen: current.totalFen, totalText: Money.formatWithSign(fen: current.totalFen),
                dueText: Money.formatWithSign(fen: max(current.dueFen, 0)),
                cashText: current.cashTenderedFen > 0 ? Money.formatWithSign(fen: current.cashTenderedFen) : nil,
                changeFen: current.changeFen,
                changeText: current.cashTenderedFen > 0 ? Money.formatWithSign(fen: current.changeFen) : nil)
        }
        let held = engine.printerHold.flatMap { hold in
            engine.receiptsWaiting > 0 || engine.hasHeldReceipts
                ? ScreenState.HeldReceipts(reason: hold.rawValue, text: StationNotice.printerHeld(hold).text(in: engine.configuration.locale))
                : nil
        }
        var state = ScreenState(
            stationID: board.station.stationID, language: engine.configuration.locale.rawValue,
            message: engine.lastMessage, messageCode: engine.lastMessageCode, entry: Self.entryText(engine.machine.entry),
            order: order, paymentsWaiting: engine.machine.pendingPaymentCount, heldReceipts: held,
            devices: deviceStatesOnLoop().map { ScreenState.DeviceView(role: $0.role, state: $0.state) })
        state.uplink = uplinkShown
        state.qr = engine.presentedQR.flatMap { Self.qrView($0, zh: zh) }
        fillDeskView(&state)
        return state
    }

    /// The customer display's view of a payment QR: the provider's name, what the customer is asked, and
    /// the symbol's modules.
    static func qrView(_ qr: PresentedQR, zh: Bool) -> ScreenState.QRView? {
        let (provider, prompt) = switch qr.scheme {
        case .alipay: ("alipay", zh ? "请用支付宝扫码支付" : "Scan with Alipay to pay")
        case .wechat, .unionPay: ("wechat", zh ? "请用微信扫码支付" : "Scan with WeChat to pay")
        }
        return ScreenState.QRView(text: qr.text, provider: provider, prompt: prompt,
                                  amountText: Money.formatWithSign(fen: qr.amountFen))
    }

    /// Pushes the state to the screens if it changed. On the loop, after each turn.
    func publishScreenState() {
        guard let screen else { return }
        let state = screenState()
        guard state != lastScreenState else { return }
        lastScreenState = state
        screen.publish(state)
    }

    /// A touch of the counter's pad: the same input a keypad key gives — the board's key for that command
    /// when it has one (so a cash key keeps its checks), else the command barcode's.
    func input(forCommand command: CommandCode) -> StationInput {
        if let key = engine.configuration.keyMap.filter({ $0.value.command == command }).keys.min() {
            return .key(key)
        }
        return .action(.command(command))
    }

    /// What the keypad entry shows (`12.5`), empty when nothing is typed.
    static func entryText(_ entry: KeypadEntry) -> String {
        guard !entry.isEmpty else { return "" }
        let digits = String(entry.digits)
        guard entry.decimals >= 0 else { return digits }
        let decimals = Int(entry.decimals)
        let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
        return String(padded.dropLast(decimals)) + "." + String(padded.suffix(decimals))
    }

    static func phaseText(_ phase: OrderPhase, zh: Bool) -> String {
        switch phase {
        case .open: zh ? "录入中" : "ringing up"
        case .totalled: zh ? "已合计" : "totalled"
        case .paying: zh ? "付款中" : "paying"
        case .paid: zh ? "已付款，打印小票" : "paid, printing the receipt"
        case .awaitingFulfilment: zh ? "已付款，待订货" : "paid, to be ordered"
        case .ordered: zh ? "已订货" : "ordered"
        case .arrived: zh ? "已到货" : "arrived"
        case .closed: zh ? "已完成" : "done"
        case .cancelled: zh ? "已取消" : "cancelled"
        case .voided: zh ? "已作废" : "voided"
        }
    }
}
