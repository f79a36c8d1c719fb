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
    /// No new order can open: the table is full of paid orders waiting for their receipts, which the
    /// printer holds for this reason.
    case ordersWaitForPrinter(PrinterHold)
    /// A payment code scanned on a station with no acquirer configured.
    case codePaymentsUnavailable
    /// A cash tender over the board's limit: a slip of the keypad, refused.
    case cashOverLimit(fen: Int64, limitFen: Int64)
    /// A check on the commit path found the machine's state broken: the event was not saved.
    case checkFailed(String)
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
        case .ordersWaitForPrinter: "ORDERS_WAIT_FOR_PRINTER"
        case .bill(let code, _, _): code
        }
    }

    /// The text in `locale`.
    public func text(in locale: OperatorLocale) -> String {
        let zh = locale == .zhHans
        switch self {
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
        case .ordersWaitForPrinter(let hold):
            switch hold {
            case .paperOut: return zh ? "纸用完了，请装纸：已付款的小票在等打印，装纸后才能接待下一位" : "out of paper: load paper — paid receipts are waiting, and the next customer with them"
            case .coverOpen: return zh ? "打印机盖开着，请关好：已付款的小票在等打印" : "printer cover open: close it — paid receipts are waiting"
            case .offline: return zh ? "打印机离线，请检查连接：已付款的小票在等打印" : "printer offline: check its cable — paid receipts are waiting"
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
