import KioskCore
import KioskDevices
import KioskStore
import Logging

/// The station as the village's post room (快递代收): parcels in from couriers, out to villagers, and
/// back to couriers when their hold ends.
///
/// Every arrival, hand-over, reminder and return is one journal entry in domain ``JournalDomain/parcels``,
/// committed through ``StationEngine/commitService(_:work:nowMs:)`` with the rows it writes, the label it
/// prints and the message it sends — before any of them happens. Decisions (carrier, slot, code, what is
/// due) are KioskCore's; this class reads the store, asks them, and commits.
///
/// On the event loop, like the engine. In a mode (``Mode``) it takes the operator's scans and keys before
/// the counter (``StationEngine/serviceInputs``).
public final class ParcelDesk {
    /// What the operator's scans mean at the desk.
    public enum Mode: String, Sendable, CaseIterable {
        /// The counter has the scanner.
        case off
        /// Each waybill scanned is a parcel coming in (a courier's sack, scan after scan); an 11-digit
        /// mobile number scanned or keyed first is its villager's phone.
        case arrival
        /// A code or phone's last 4 digits keyed, then the parcels' waybills scanned to confirm them.
        case pickup
        /// Waybills scanned from the return list as the courier takes them.
        case returns
    }

    /// The board's settings; the hold policy the county's carrier settings once applied (``use(hold:)``).
    public private(set) var settings: ParcelDeskSettings
    public let store: ParcelStore
    private let engine: StationEngine
    public var mode: Mode = .off
    /// The phone keyed or scanned for the next parcel.
    public private(set) var pendingPhone: String?
    /// Cash on delivery keyed in arrival mode for the next parcel scanned (whole yuan on the keypad), fen.
    public private(set) var pendingCodFen: Int64 = 0
    /// A waybill whose carrier the operator must pick (1–8) before it is put on the shelf.
    public private(set) var waitingForCarrier: (waybill: String, phone: String?)?
    /// The hand-over in progress.
    public private(set) var handOver: ParcelHandOver?
    /// Digits keyed at the desk (a phone, a code, a carrier).
    private var keyed = ""

    /// A desk for `engine`, reading `database`; resumes the messages that were pending when the station
    /// stopped, under their keys, and hooks into the engine's scans and keys.
    public init(engine: StationEngine, database: KioskDatabase, settings: ParcelDeskSettings, nowMs: Int64) throws {
        self.engine = engine
        self.settings = settings
        self.store = ParcelStore(database: database)
        engine.serviceInputs = { [weak self] input, nowMs in self?.take(input, nowMs: nowMs) ?? false }
        if settings.sendsMessages {
            for item in try engine.journal.pendingOutbox() where item.kind == ShortMessage.outboxKind {
                guard let message = ShortMessage(payload: item.payload) else { continue }
                engine.ports.workers.start(.sendMessage(message, outboxKey: item.idempotencyKey), nowMs: nowMs,
                                           reports: engine.inbox)
            }
        }
    }

    /// Holds the parcels that arrive from now on for `hold`'s days (the county's carrier settings,
    /// applied between orders). A parcel already on the shelf keeps the due date it was given on arrival.
    public func use(hold: ParcelHoldPolicy) {
        settings.hold = hold
    }

    private var zh: Bool { engine.configuration.locale == .zhHans }

    private func say(_ code: String, _ zhText: String, _ english: String, nowMs: Int64) {
        engine.showService(code: code, text: zh ? zhText : english, nowMs: nowMs)
    }

    // MARK: Arrival

    /// Puts a parcel on the shelf: its carrier from the waybill (or `carrier`, picked by the operator),
    /// a slot and a pickup code, one journal entry with its row, its label and its message. `codFen` and
    /// `feeFen` are what the carrier asks the station to collect before the hand-over (cash on delivery and
    /// a storage fee), journaled with the arrival. Returns the parcel, or nil when refused (the operator is
    /// told why; an unknown carrier waits for a pick).
    @discardableResult
    public func arrive(waybill: String, phone: String?, carrier picked: Carrier? = nil, codFen: Int64 = 0, feeFen: Int64 = 0,
                       nowMs: Int64) -> ParcelRecord? {
        engine.advance(toMs: nowMs)
        guard codFen >= 0, feeFen >= 0, codFen <= Self.maxChargeFen, feeFen <= Self.maxChargeFen else {
            say("PARCEL_CHARGE_INVALID", "代收金额无效", "that charge is not a valid amount", nowMs: nowMs)
            return nil
        }
        guard (1...40).contains(waybill.utf8.count), waybill.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            say("PARCEL_WAYBILL_INVALID", "运单号无法识别，请重扫", "that is not a waybill number: scan again", nowMs: nowMs)
            return nil
        }
        if let phone, !ParcelPhone.isMobile(phone) {
            say("PARCEL_PHONE_INVALID", "手机号应为 11 位数字", "a mobile number is 11 digits", nowMs: nowMs)
            return nil
        }
        guard let carrier = picked ?? Carrier.recognise(waybill: waybill) else {
            waitingForCarrier = (waybill, phone)
            let menu = Carrier.allCases.map { "\($0.keypadDigit) \($0.chineseName)" }.joined(separator: " ")
            let english = Carrier.allCases.map { "\($0.keypadDigit) \($0.name.uppercased())" }.joined(separator: " ")
            say("PARCEL_CARRIER_UNKNOWN", "不认识的运单号 \(waybill)，请按键选择快递公司：\(menu)",
                "unknown waybill \(waybill): pick the carrier \(english)", nowMs: nowMs)
            return nil
        }
        waitingForCarrier = nil
        do {
            if let held = try store.held(waybill: waybill) {
                say("PARCEL_ALREADY_ON_SHELF", "该快递已上架：\(held.slot.text) 取件码 \(held.code.text)",
                    "already on the shelf: \(held.slot.text), code \(held.code.text)", nowMs: nowMs)
                return nil
            }
            let shelf = try store.shelfState()
            guard let slot = settings.shelves.assign(occupied: shelf.occupied, lastSequence: shelf.lastSequence) else {
                say("PARCEL_SHELVES_FULL", "货架已满，请先处理退回件", "the shelves are full: hand back expired parcels first",
                    nowMs: nowMs)
                return nil
            }
            let id = try store.nextParcelID()
            let code = ParcelCode(slot: slot)
            let masked = phone.map(ParcelPhone.masked) ?? ""
            let last4 = phone.map(ParcelPhone.last4) ?? ""
            let expiresMs = settings.hold.expiresAtMs(carrier, arrivedMs: nowMs)
            let entry = ParcelEntry.arrived(parcelID: id, waybill: waybill, carrier: carrier, phoneLast4: last4, code: code,
                                            atMs: nowMs, codFen: codFen, feeFen: feeFen)
            var commit = JournalCommit(eventPayload: entry.encoded(), eventKind: entry.kindName, recordedAtMs: nowMs,
                                       domain: .parcels)
            commit.writes = ParcelStore.arrival(id: id, waybill: waybill, carrier: carrier, maskedPhone: masked,
                                                phoneLast4: last4, code: code, arrivedAtMs: nowMs, expiresAtMs: expiresMs,
                                                codFen: codFen, feeFen: feeFen)
            let record = ParcelRecord(id: id, waybill: waybill, carrier: carrier, maskedPhone: masked, phoneLast4: last4,
                                      code: code, state: .onShelf, arrivedAtMs: nowMs, expiresAtMs: expiresMs,
                                      codFen: codFen, feeFen: feeFen)
            let labels = ParcelLabels(printer: engine.configuration.printer, station: engine.configuration.receiptHeader, zh: zh)
            commit.printJobs = [PrintJobRequest(orderID: nil, isReprint: false, bytes: labels.label(record), kind: .parcelLabel)]
            var work: [WorkItem] = []
            if let phone {
                if settings.sendsMessages {
                    let message = ShortMessage(phone: phone, text: labels.arrivalMessage(record, holdDays: settings.hold.holdDays(carrier)))
                    let key = "sms:parcel:\(id):arrived"
                    commit.outbox = [OutboxItem(idempotencyKey: key, kind: ShortMessage.outboxKind, payload: message.payload)]
                    work = [.sendMessage(message, outboxKey: key)]
                } else {
                    commit.printJobs.append(PrintJobRequest(orderID: nil, isReprint: false,
                                                            bytes: labels.slip(record, holdDays: settings.hold.holdDays(carrier)),
                                                            kind: .parcelLabel))
                }
            }
            guard engine.commitService(commit, work: work, nowMs: nowMs) != nil else { return nil }
            pendingPhone = nil
            pendingCodFen = 0
            say("PARCEL_ARRIVED", "已上架 \(slot.text) 取件码 \(code.text)（\(carrier.chineseName)）",
                "on the shelf at \(slot.text), code \(code.text) (\(carrier.name.uppercased()))", nowMs: nowMs)
            return record
        } catch {
            storeFailed(error, nowMs: nowMs)
            return nil
        }
    }

    /// The operator picked the carrier of the waybill waiting for one.
    @discardableResult
    public func chooseCarrier(_ carrier: Carrier, nowMs: Int64) -> ParcelRecord? {
        guard let waiting = waitingForCarrier else { return nil }
        return arrive(waybill: waiting.waybill, phone: waiting.phone, carrier: carrier, codFen: pendingCodFen, nowMs: nowMs)
    }

    /// The phone for the next parcel (keyed or scanned from its label).
    public func setPhone(_ phone: String, nowMs: Int64) {
        guard ParcelPhone.isMobile(phone) else {
            say("PARCEL_PHONE_INVALID", "手机号应为 11 位数字", "a mobile number is 11 digits", nowMs: nowMs)
            return
        }
        pendingPhone = phone
        say("PARCEL_PHONE_TAKEN", "收件人 \(ParcelPhone.masked(phone))，请扫运单", "for \(ParcelPhone.masked(phone)): scan the waybill",
            nowMs: nowMs)
    }

    /// Cash on delivery for the next parcel, keyed in whole yuan before its waybill is scanned (a phone
    /// number is 11 digits, an amount at most 5); an empty entry takes it back.
    func setCashOnDelivery(keyed: String, nowMs: Int64) {
        guard keyed.count <= 5, let yuan = Int64(keyed.isEmpty ? "0" : keyed), yuan * 100 <= Self.maxChargeFen else {
            say("PARCEL_CHARGE_INVALID", "代收金额无效（手机号 11 位，代收金额最多 5 位整元）",
                "not a valid amount (a phone is 11 digits, a cash-on-delivery amount at most 5 whole yuan)", nowMs: nowMs)
            return
        }
        pendingCodFen = yuan * 100
        if yuan == 0 {
            say("PARCEL_COD_CLEARED", "不代收货款，请扫运单", "no cash on delivery: scan the waybill", nowMs: nowMs)
        } else {
            say("PARCEL_COD_TAKEN", "代收货款 ￥\(yuan).00，请扫运单", "cash on delivery ￥\(yuan).00: scan the waybill", nowMs: nowMs)
        }
    }

    // MARK: Hand-over

    /// Finds the parcels for what the villager gave: a pickup code, or the last 4 digits of their phone
    /// (all their parcels). A neighbour collecting (`neighbour` names them) must give the code. Returns
    /// the parcels found; none when refused (a mistyped code, nothing waiting).
    @discardableResult
    public func beginHandOver(_ given: String, neighbour: String? = nil, nowMs: Int64) -> [ParcelRecord] {
        engine.advance(toMs: nowMs)
        handOver = nil
        do {
            let found: [ParcelRecord]
            switch ParcelQuery(given) {
            case .code(let code):
                found = try store.waiting(code: code).map { [$0] } ?? []
            case .mistypedCode(let text):
                say("PARCEL_CODE_MISTYPED", "取件码 \(text) 有误（校验不对），请再核对一遍", "code \(text) does not check: ask again",
                    nowMs: nowMs)
                return []
            case .phoneLast4(let last4):
                guard neighbour == nil else {
                    say("PARCEL_NEIGHBOUR_NEEDS_CODE", "代取需要取件码，手机尾号不行", "collecting for someone else needs the pickup code",
                        nowMs: nowMs)
                    return []
                }
                found = try store.waiting(phoneLast4: last4)
            case .waybill:
                say("PARCEL_CODE_MISTYPED", "请输入 7 位取件码或手机后 4 位", "key the 7-digit code or the phone's last 4 digits",
                    nowMs: nowMs)
                return []
            }
            guard !found.isEmpty else {
                say("PARCEL_NOT_FOUND", "没有 \(given) 的待取快递", "no parcel waits for \(given)", nowMs: nowMs)
                return []
            }
            for parcel in found where parcel.chargeFen > 0 {
                guard try store.chargePaid(parcelID: parcel.id) else {
                    refuseUnpaid(parcel, nowMs: nowMs)
                    return []
                }
            }
            handOver = ParcelHandOver(candidates: found.map {
                ParcelHandOver.Candidate(parcelID: $0.id, waybill: $0.waybill, slot: $0.slot)
            }, neighbour: neighbour)
            let slots = found.map(\.slot.text).joined(separator: " ")
            say("PARCEL_FOUND", "\(found.count) 件：\(slots)，请逐件扫运单确认", "\(found.count) parcel(s) at \(slots): scan each waybill",
                nowMs: nowMs)
            return found
        } catch {
            storeFailed(error, nowMs: nowMs)
            return []
        }
    }

    /// The operator scanned a parcel taken off the shelf for the hand-over in progress. A parcel that is
    /// not one found is refused, saying whose it is not; when every parcel found is confirmed, the
    /// hand-over is committed. Returns whether the scan was accepted.
    @discardableResult
    public func confirm(waybill: String, nowMs: Int64) -> Bool {
        guard var current = handOver else {
            say("PARCEL_NO_HAND_OVER", "请先输入取件码或手机后 4 位", "key the pickup code or phone digits first", nowMs: nowMs)
            return false
        }
        switch current.confirm(waybill: waybill) {
        case .notThisHandOver:
            let slots = current.candidates.map(\.slot.text).joined(separator: " ")
            say("PARCEL_MISMATCH", "拿错了：运单 \(waybill) 不是这位的快递，应取 \(slots)",
                "wrong parcel: waybill \(waybill) is not theirs, take \(slots)", nowMs: nowMs)
            return false
        case .alreadyConfirmed:
            say("PARCEL_ALREADY_CONFIRMED", "这件已经扫过了", "that parcel was already scanned", nowMs: nowMs)
            return true
        case .confirmed(let candidate):
            handOver = current
            if current.isComplete {
                return finishHandOver(nowMs: nowMs) != nil
            }
            say("PARCEL_CONFIRMED", "\(candidate.slot.text) 已确认，还有 \(current.candidates.count - current.confirmed.count) 件",
                "\(candidate.slot.text) confirmed, \(current.candidates.count - current.confirmed.count) to go", nowMs: nowMs)
            return true
        }
    }

    /// Commits the hand-over of the parcels confirmed so far (the villager takes only some). Returns the
    /// entry's sequence, or nil when none was confirmed or the store refused.
    @discardableResult
    public func finishHandOver(nowMs: Int64) -> Int64? {
        guard let current = handOver, !current.confirmed.isEmpty else {
            say("PARCEL_NOTHING_CONFIRMED", "还没有扫运单确认", "no parcel has been scanned yet", nowMs: nowMs)
            return nil
        }
        let entry = ParcelEntry.handedOver(parcelIDs: current.confirmed, neighbour: current.neighbour, atMs: nowMs)
        var commit = JournalCommit(eventPayload: entry.encoded(), eventKind: entry.kindName, recordedAtMs: nowMs, domain: .parcels)
        commit.writes = ParcelStore.handOver(ids: current.confirmed, neighbour: current.neighbour, atMs: nowMs)
        if let neighbour = current.neighbour {
            commit.audit = [AuditRecord(at_ms: nowMs, who: "counter", command: "parcels hand-over for a neighbour",
                                        outcome: "\(current.confirmed.count) parcel(s) collected by \(neighbour)")]
        }
        guard let sequence = engine.commitService(commit, nowMs: nowMs, synced: true) else { return nil }
        handOver = nil
        say("PARCELS_HANDED_OVER", "已交付 \(current.confirmed.count) 件" + (current.neighbour.map { "（\($0) 代取）" } ?? ""),
            "\(current.confirmed.count) parcel(s) handed over" + (current.neighbour.map { " (collected by \($0))" } ?? ""),
            nowMs: nowMs)
        return sequence
    }

    /// The largest cash on delivery or storage fee one parcel takes, fen (a keying slip beyond it).
    public static let maxChargeFen: Int64 = 10_000_000

    private func refuseUnpaid(_ parcel: ParcelRecord, nowMs: Int64) {
        var zhParts: [String] = [], enParts: [String] = []
        if parcel.codFen > 0 {
            zhParts.append("代收货款 \(Money.formatWithSign(fen: parcel.codFen))")
            enParts.append("cash on delivery \(Money.formatWithSign(fen: parcel.codFen))")
        }
        if parcel.feeFen > 0 {
            zhParts.append("保管费 \(Money.formatWithSign(fen: parcel.feeFen))")
            enParts.append("storage fee \(Money.formatWithSign(fen: parcel.feeFen))")
        }
        say("PARCEL_CHARGE_UNPAID",
            "\(parcel.slot.text) 的\(zhParts.joined(separator: "、"))未付，不能交付：请先收款（parcels collect \(parcel.code.text)）",
            "\(parcel.slot.text): \(enParts.joined(separator: " and ")) unpaid, not handed over: collect it first (parcels collect \(parcel.code.text))",
            nowMs: nowMs)
    }

    /// Opens the charge order of the parcel waiting under `code` (its cash on delivery and storage fee) at
    /// the counter, which becomes current: the operator takes cash (into the drawer, counted by the day's
    /// close) or scans the villager's payment code, as for any sale. Returns the order's number, or nil
    /// when there is nothing to collect (the operator is told why).
    @discardableResult
    public func collect(code: ParcelCode, nowMs: Int64) -> OrderID? {
        engine.advance(toMs: nowMs)
        do {
            guard let parcel = try store.waiting(code: code) else {
                say("PARCEL_NOT_FOUND", "没有 \(code.text) 的待取快递", "no parcel waits for \(code.text)", nowMs: nowMs)
                return nil
            }
            let paid = try store.chargePaid(parcelID: parcel.id)
            guard parcel.chargeFen > 0, !paid else {
                say("PARCEL_NOTHING_TO_COLLECT", "\(parcel.slot.text) 没有待收款项", "\(parcel.slot.text): nothing to collect",
                    nowMs: nowMs)
                return nil
            }
            guard let number = UInt32(exactly: parcel.id), engine.submit(.newOrder, nowMs: nowMs),
                  let order = engine.machine.currentOrderID else { return nil }
            guard engine.submit(.parcelChargeLine(parcelID: number, fen: parcel.chargeFen), nowMs: nowMs) else {
                engine.submit(.cancelOrder, nowMs: nowMs)
                return nil
            }
            engine.advance(toMs: nowMs)
            say("PARCEL_CHARGE_OPENED",
                "\(parcel.slot.text) 应收 \(Money.formatWithSign(fen: parcel.chargeFen))：收现金或扫付款码，付清后交付",
                "\(parcel.slot.text): \(Money.formatWithSign(fen: parcel.chargeFen)) due, cash or payment code, then hand over",
                nowMs: nowMs)
            return order
        } catch {
            storeFailed(error, nowMs: nowMs)
            return nil
        }
    }

    /// Each carrier's parcels that arrived on the Beijing day of `nowMs`, by where they stand now.
    public func todaysIdentity(nowMs: Int64) throws -> [Carrier: ParcelTally] {
        let dayMs = ParcelHoldPolicy.dayMs, offsetMs: Int64 = 8 * 3_600_000
        let startMs = (nowMs + offsetMs) / dayMs * dayMs - offsetMs
        return try store.tally(arrivedFromMs: startMs, beforeMs: startMs + dayMs)
    }

    /// The day's identity by carrier as the receipt printer's bytes (快递日报); the caller prints it.
    public func dailyIdentitySlip(nowMs: Int64) throws -> [UInt8] {
        let labels = ParcelLabels(printer: engine.configuration.printer, station: engine.configuration.receiptHeader, zh: zh)
        let date = BeijingDate(epochMs: nowMs)
        let text = "\(date.year)-\(date.month < 10 ? "0" : "")\(date.month)-\(date.day < 10 ? "0" : "")\(date.day)"
        return labels.dailyIdentity(try todaysIdentity(nowMs: nowMs), date: text, printedAtMs: nowMs)
    }

    // MARK: Holds and returns

    /// Sends the reminders due (the hold ends tomorrow) and puts parcels whose hold ended on the return
    /// list, each its own entry. Returns how many of each.
    @discardableResult
    public func runHolds(nowMs: Int64) -> (reminded: Int, expired: Int) {
        engine.advance(toMs: nowMs)
        var reminded = 0, expired = 0
        do {
            let labels = ParcelLabels(printer: engine.configuration.printer, station: engine.configuration.receiptHeader, zh: zh)
            for parcel in try store.holdsEnding(nowMs: nowMs) {
                switch ParcelHoldPolicy.due(arrivedMs: parcel.arrivedAtMs, expiresMs: parcel.expiresAtMs,
                                            reminded: parcel.remindedAtMs != nil, nowMs: nowMs) {
                case .nothing:
                    continue
                case .remind:
                    let entry = ParcelEntry.reminded(parcelID: parcel.id, atMs: nowMs)
                    var commit = JournalCommit(eventPayload: entry.encoded(), eventKind: entry.kindName, recordedAtMs: nowMs,
                                               domain: .parcels)
                    commit.writes = ParcelStore.reminded(id: parcel.id, atMs: nowMs)
                    var work: [WorkItem] = []
                    if settings.sendsMessages, let phone = try phone(of: parcel) {
                        let message = ShortMessage(phone: phone, text: labels.reminderMessage(parcel))
                        let key = "sms:parcel:\(parcel.id):reminded"
                        commit.outbox = [OutboxItem(idempotencyKey: key, kind: ShortMessage.outboxKind, payload: message.payload)]
                        work = [.sendMessage(message, outboxKey: key)]
                    }
                    guard engine.commitService(commit, work: work, nowMs: nowMs) != nil else { return (reminded, expired) }
                    reminded += 1
                case .expire:
                    let entry = ParcelEntry.expired(parcelID: parcel.id, atMs: nowMs)
                    var commit = JournalCommit(eventPayload: entry.encoded(), eventKind: entry.kindName, recordedAtMs: nowMs,
                                               domain: .parcels)
                    commit.writes = ParcelStore.expired(id: parcel.id, atMs: nowMs)
                    guard engine.commitService(commit, nowMs: nowMs) != nil else { return (reminded, expired) }
                    expired += 1
                }
            }
        } catch {
            storeFailed(error, nowMs: nowMs)
        }
        if expired > 0 {
            say("PARCELS_TO_RETURN", "\(expired) 件快递到期，已列入退回清单", "\(expired) parcel(s) expired: on the return list", nowMs: nowMs)
        }
        return (reminded, expired)
    }

    /// The full phone of `parcel`, from the message that told the villager it came (the store keeps only
    /// the masked number).
    private func phone(of parcel: ParcelRecord) throws -> String? {
        try store.outboxPayload(key: "sms:parcel:\(parcel.id):arrived").flatMap { ShortMessage(payload: $0)?.phone }
    }

    /// The courier took back the parcel with `waybill` from the return list. Returns whether accepted.
    @discardableResult
    public func confirmReturn(waybill: String, nowMs: Int64) -> Bool {
        engine.advance(toMs: nowMs)
        do {
            guard let parcel = try store.held(waybill: waybill), parcel.state == .returning else {
                say("PARCEL_NOT_ON_RETURN_LIST", "运单 \(waybill) 不在退回清单上", "waybill \(waybill) is not on the return list",
                    nowMs: nowMs)
                return false
            }
            let entry = ParcelEntry.returned(parcelID: parcel.id, atMs: nowMs)
            var commit = JournalCommit(eventPayload: entry.encoded(), eventKind: entry.kindName, recordedAtMs: nowMs, domain: .parcels)
            commit.writes = ParcelStore.returned(id: parcel.id, atMs: nowMs)
            guard engine.commitService(commit, nowMs: nowMs, synced: true) != nil else { return false }
            say("PARCEL_RETURNED", "已退回 \(parcel.carrier.chineseName)：\(parcel.slot.text)",
                "returned to \(parcel.carrier.name.uppercased()): \(parcel.slot.text)", nowMs: nowMs)
            return true
        } catch {
            storeFailed(error, nowMs: nowMs)
            return false
        }
    }

    // MARK: Scans and keys

    /// The operator's scan or key while the desk has a mode; false leaves it to the counter.
    func take(_ input: StationInput, nowMs: Int64) -> Bool {
        guard mode != .off else { return false }
        switch input {
        case .scan(let code):
            let text = String(decoding: code.content, as: UTF8.self)
            keyed = ""
            switch mode {
            case .off:
                return false
            case .arrival:
                if ParcelPhone.isMobile(text) {
                    setPhone(text, nowMs: nowMs)
                } else {
                    arrive(waybill: text, phone: pendingPhone, codFen: pendingCodFen, nowMs: nowMs)
                }
            case .pickup:
                confirm(waybill: text, nowMs: nowMs)
            case .returns:
                confirmReturn(waybill: text, nowMs: nowMs)
            }
            return true
        case .key(let name):
            let digitName = name.hasPrefix("KP_") ? String(name.dropFirst(3)) : name
            if digitName.count == 1, let digit = digitName.first, digit.isASCII, digit.isNumber {
                if mode == .arrival, waitingForCarrier != nil, let carrier = Carrier(rawValue: UInt8(String(digit))!) {
                    chooseCarrier(carrier, nowMs: nowMs)
                    return true
                }
                keyed.append(digit)
                return true
            }
            guard ["KP_Enter", "Return", "Enter", "ENTER"].contains(name) else { return false }
            let entry = keyed
            keyed = ""
            switch mode {
            case .arrival where entry.count == 11: setPhone(entry, nowMs: nowMs)
            case .arrival: setCashOnDelivery(keyed: entry, nowMs: nowMs)
            case .pickup where handOver != nil && entry.isEmpty: finishHandOver(nowMs: nowMs)
            case .pickup: beginHandOver(entry, nowMs: nowMs)
            case .returns, .off: return false
            }
            return true
        default:
            return false
        }
    }

    private func storeFailed(_ error: any Error, nowMs: Int64) {
        engine.logger.error("parcel desk: the store failed", metadata: ["error": "\(error)"])
        say("STORAGE_FAILED", "数据库读写失败，请联系技术员", "the database failed: call a technician", nowMs: nowMs)
    }
}
