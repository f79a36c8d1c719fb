import Foundation
import KioskCore

/// Messages the runtime itself gives the operator (the core's own come as ``OperatorMessage``).
public enum StationNotice: Sendable, Equatable {
    case unknownProduct(String)
    case scanRejected(ScanRejection)
    /// The scanner's decoder dropped a read (line noise, too long, half a report); the reason is technical.
    case scanDropped(String)
    case unknownKey(String)
    case storageFull
    case storageFailed
    case printerHeld(PrinterHold)
    case recovered(events: Int, reprinted: Int, requeried: Int)
    /// A sale was paid and its receipt waits, with the others, for the printer, held for this reason: the
    /// counter goes on, and the operator is told what the printer needs.
    case receiptsWaitForPrinter(PrinterHold)
    /// A payment code scanned on a station with no acquirer configured.
    case codePaymentsUnavailable
    /// A cash tender over the board's limit: a slip of the keypad, refused.
    case cashOverLimit(fen: Int64, limitFen: Int64)
    /// A check on the commit path found the machine's state broken: the event was not saved.
    case checkFailed(String)
    /// The day's close at the keypad: key the pieces of this note or coin, then the close-day key.
    case dayCountNext(Denomination)
    /// The blind count is recorded: what it comes to (never what was expected).
    case dayCounted(fen: Int64)
    /// The day is closed: its Z and the variance, printed.
    case dayClosed(z: UInt32, varianceFen: Int64)
    /// The X report (the day so far, closing nothing) was printed from the keypad.
    case dayXPrinted
    /// The keypad's close did not go on.
    case dayCloseRefused(DayCloseStop)
    /// What the bills service (缴费) tells the operator: a lookup, a bill's outcome, a refusal.
    case bill(code: String, zh: String, en: String)

    /// A stable code for checks and logs (`UNKNOWN_PRODUCT`, `STORAGE_FULL`…).
    public var code: String {
        switch self {
        case .unknownProduct: "UNKNOWN_PRODUCT"
        case .scanRejected: "SCAN_REJECTED"
        case .scanDropped: "SCAN_DROPPED"
        case .unknownKey: "UNKNOWN_KEY"
        case .storageFull: "STORAGE_FULL"
        case .storageFailed: "STORAGE_FAILED"
        case .printerHeld(let hold): "PRINTER_" + hold.rawValue.uppercased().replacingOccurrences(of: "-", with: "_")
        case .recovered: "RECOVERED"
        case .checkFailed: "CHECK_FAILED"
        case .cashOverLimit: "CASH_OVER_LIMIT"
        case .codePaymentsUnavailable: "CODE_PAYMENTS_UNAVAILABLE"
        case .receiptsWaitForPrinter: "RECEIPTS_WAIT_FOR_PRINTER"
        case .dayCountNext: "DAY_COUNT"
        case .dayCounted: "DAY_COUNTED"
        case .dayClosed: "DAY_CLOSED"
        case .dayXPrinted: "DAY_X_PRINTED"
        case .dayCloseRefused: "DAY_CLOSE_STOPPED"
        case .bill(let code, _, _): code
        }
    }

    /// The text in `locale`.
    public func text(in locale: OperatorLocale) -> String {
        let zh = locale == .zhHans
        switch self {
        case .dayCountNext(let denomination):
            return zh ? "日结点钞：输入\(denomination.label(chinese: true))的张数，按日结键"
                : "day close: key how many \(denomination.label(chinese: false)), then the close-day key"
        case .dayCounted(let fen):
            return zh ? "实点现金 \(Money.formatWithSign(fen: fen))；再按日结键结账，按取消键退出"
                : "counted \(Money.formatWithSign(fen: fen)): the close-day key closes the day, cancel leaves"
        case .dayClosed(let z, let variance):
            return zh ? "日结完成 Z\(z)，差额 \(Money.formatWithSign(fen: variance))，日结单已打印"
                : "day closed: Z \(z), variance \(Money.formatWithSign(fen: variance)), report printed"
        case .dayXPrinted:
            return zh ? "X报表已打印（非日结，当天继续营业）" : "X report printed (not a close: the day goes on)"
        case .dayCloseRefused(let stop):
            switch stop {
            case .saleOnCounter: return zh ? "请先完成或取消当前订单，再日结" : "finish or cancel the sale on the counter first"
            case .alreadyClosed: return zh ? "今天已经日结过了" : "today is already closed"
            case .notRecorded: return zh ? "日结没有保存，请联系技术员" : "the close was not saved: call a technician"
            case .cancelled: return zh ? "已退出日结" : "day close left"
            }
        case .bill(_, let chinese, let english):
            return zh ? chinese : english
        case .unknownProduct(let code):
            return zh ? "商品库里没有 \(code)" : "product \(code) is not in the catalog"
        case .scanRejected(let reason):
            return zh ? "扫码无法识别（\(Self.reasonText(reason, zh))），请重扫" : "scan not understood (\(Self.reasonText(reason, zh))): scan again"
        case .scanDropped(let reason):
            return zh ? "扫码没有读好，请重扫（\(reason)）" : "the scan was not read cleanly: scan again (\(reason))"
        case .unknownKey(let name):
            return zh ? "按键 \(name) 没有功能" : "key \(name) does nothing"
        case .storageFull:
            return zh ? "存储空间已满，暂停收款；请联系技术员清理空间" : "storage is full: sales paused until a technician frees space"
        case .storageFailed:
            return zh ? "数据库写入失败，暂停收款；请联系技术员" : "the database refused the write: sales paused, call a technician"
        case .printerHeld(let hold):
            switch hold {
            case .paperOut: return zh ? "打印机缺纸，装纸后自动继续打印" : "printer out of paper: printing resumes when paper is loaded"
            case .coverOpen: return zh ? "打印机盖未关，关好后继续打印" : "printer cover open: printing resumes when it is closed"
            case .offline: return zh ? "打印机离线，重新连接后继续打印" : "printer offline: printing resumes when it is back"
            }
        case .recovered(let events, let reprinted, let requeried):
            return zh ? "已恢复：重放 \(events) 条记录，补打 \(reprinted) 张小票，复查 \(requeried) 笔支付"
                : "recovered: replayed \(events) events, reprinted \(reprinted) receipts, re-queried \(requeried) payments"
        case .receiptsWaitForPrinter(let hold):
            switch hold {
            case .paperOut: return zh ? "纸用完了，请装纸：小票在等打印，装纸后依次打出" : "out of paper: load paper — receipts are waiting and print once it is in"
            case .coverOpen: return zh ? "打印机盖开着，请关好：小票在等打印" : "printer cover open: close it — receipts are waiting"
            case .offline: return zh ? "打印机离线，请检查连接：小票在等打印" : "printer offline: check its cable — receipts are waiting"
            }
        case .codePaymentsUnavailable:
            return zh ? "本站未配置收单机构，不能扫码收款，请收现金或赊账" : "no acquirer is configured: take cash or station credit, not a payment code"
        case .cashOverLimit(let fen, let limit):
            return zh ? "现金 \(Money.formatWithSign(fen: fen)) 超过单笔上限 \(Money.formatWithSign(fen: limit))，请重新输入"
                : "cash \(Money.formatWithSign(fen: fen)) is over the \(Money.formatWithSign(fen: limit)) a tender takes: key it again"
        case .checkFailed(let why):
            return zh ? "内部检查未通过，本次操作未保存，请联系技术员（\(why)）"
                : "an internal check failed: nothing was saved, call a technician (\(why))"
        }
    }

    private static func reasonText(_ reason: ScanRejection, _ zh: Bool) -> String {
        switch reason {
        case .empty: return zh ? "空" : "empty"
        case .tooLong: return zh ? "太长" : "too long"
        case .notASCII: return zh ? "含非法字符" : "unexpected characters"
        case .badCheckDigit: return zh ? "校验位错误" : "bad check digit"
        case .unknownDigits: return zh ? "未知号码" : "unknown digits"
        case .unknownCommand: return zh ? "未知指令码" : "unknown command barcode"
        case .badGS1: return zh ? "GS1 数据错误" : "bad GS1 data"
        }
    }
}

/// Why the keypad's day close stopped.
public enum DayCloseStop: Sendable, Equatable {
    case saleOnCounter
    case alreadyClosed
    case notRecorded
    case cancelled
}
