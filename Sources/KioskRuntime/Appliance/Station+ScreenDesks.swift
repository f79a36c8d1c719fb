import Foundation
import KioskCore
import KioskEngine
import KioskScreen
import KioskShell
import KioskSimulation
import KioskSimulator
import KioskStore

/// The screen's pages beside the counter: what each desk shows, read on the loop only while its page is
/// open, and its touches carried out on the loop like a keypad key.
extension Station {
    /// A touch on the screen, handled on the loop in order with every other input.
    func submit(screen action: ScreenAction) {
        queue.async {
            self.handle(screen: action)
            self.publishScreenState()
        }
    }

    /// On the loop. Keys, commands and cash are the keypad's inputs; the desks' touches call the same
    /// services the shell and the scenario steps call.
    func handle(screen action: ScreenAction) {
        dispatchPrecondition(condition: .onQueue(queue))
        let nowMs = self.nowMs
        simulation?.advance(toMs: nowMs)
        switch action {
        case .command(let command):
            engine.handle(input(forCommand: command), nowMs: nowMs)
        case .key(let key):
            engine.handle(.key(key), nowMs: nowMs)
        case .cash(let fen):
            engine.handle(.cash(fen: fen), nowMs: nowMs)
        case .view(let view):
            show(view)
        case .parcel(let touch):
            handle(parcel: touch, nowMs: nowMs)
        case .produce(let touch):
            handle(produce: touch, nowMs: nowMs)
        case .bill(let touch):
            handle(bill: touch, nowMs: nowMs)
        case .day(let touch):
            handle(day: touch, nowMs: nowMs)
        case .retryPrinter:
            engine.handle(.printerReady, nowMs: nowMs)
        }
    }

    /// Opens `view`: the scanner's reads go to the parcel desk on its page (arrival until the operator
    /// picks another mode), and back to the counter on every other page.
    private func show(_ view: ScreenAction.ScreenView) {
        screenView = view
        if view == .parcels {
            if parcels.mode == .off { parcels.mode = .arrival }
        } else {
            parcels.mode = .off
        }
    }

    private func handle(parcel touch: ScreenAction.ParcelTouch, nowMs: Int64) {
        switch touch {
        case .mode(let name):
            guard let mode = ParcelDesk.Mode(rawValue: name) else { return }
            screenView = .parcels
            parcels.mode = mode
        case .phone(let phone):
            parcels.setPhone(phone, nowMs: nowMs)
        case .carrier(let digit):
            guard let carrier = Carrier(rawValue: digit) else { return }
            parcels.chooseCarrier(carrier, nowMs: nowMs)
        case .pickup(let given):
            parcels.beginHandOver(given, nowMs: nowMs)
        case .finish:
            parcels.finishHandOver(nowMs: nowMs)
        }
    }

    private var zh: Bool { engine.configuration.locale == .zhHans }

    private func say(_ code: String, _ zhText: String, _ english: String, nowMs: Int64) {
        engine.showService(code: code, text: zh ? zhText : english, nowMs: nowMs)
    }

    private func handle(produce touch: ScreenAction.ProduceTouch, nowMs: Int64) {
        let bought = purchasesToday(nowMs: nowMs)
        let problem: String?
        if let session = simulation, session.produceDeskView != nil {
            problem = handleSimulated(produce: touch, session: session)
        } else if boardScaleWeights != nil, let tables = try? produceTables()?.get() {
            problem = handleAtBoardScale(produce: touch, counter: produceCounter(prices: tables.0, tares: tables.1), nowMs: nowMs)
        } else {
            say("PRODUCE_NO_DESK", "本站没有收购台（无电子秤或价目表）", "this station has no produce desk (no scale or price list)",
                nowMs: nowMs)
            return
        }
        if case .payeeLogin = touch {
            if let problem {
                say("PRODUCE_LOGIN_REFUSED", problem, problem, nowMs: nowMs)
            } else {
                say("PRODUCE_LOGIN", "收款账号已登记，转账付到此账号", "Alipay login noted: transfers go to it", nowMs: nowMs)
            }
            return
        }
        guard case .buy = touch else { return }
        if let last = purchasesToday(nowMs: nowMs).last, purchasesToday(nowMs: nowMs).count > bought.count {
            let amount = Money.formatWithSign(fen: last.amountFen)
            say("PRODUCE_BOUGHT", "已收购 批次 \(last.lot)：\(last.produce) \(last.grade) \(amount)（\(last.payout == "cash" ? "现金已付" : "转账")）",
                "bought lot \(last.lot): \(last.produce) \(last.grade) \(amount) (\(last.payout))", nowMs: nowMs)
        } else {
            let why = problem ?? ""
            say("PRODUCE_REFUSED", "未收购：\(why)", "not bought: \(why)", nowMs: nowMs)
        }
    }

    /// The sim board's desk: the touch as the scenario step it stands for, on the simulated scale.
    /// Returns what refused it.
    private func handleSimulated(produce touch: ScreenAction.ProduceTouch, session: SimulationSession) -> String? {
        let action: ScenarioAction
        switch touch {
        case .grade(let produce, let grade): action = .grade(produce: produce, grade: grade)
        case .containers(let container, let count): action = .tare(container: container, count: Int(count))
        case .farmer(let index):
            let known = (try? ProduceRecords.farmers(in: database, limit: Self.farmersShown)) ?? []
            if known.indices.contains(index) { session.chooseProduceFarmer(known[index]) }
            return nil
        case .buy(let payout): action = .buy(payout: payout)
        case .payeeLogin:
            return zh ? "模拟收款方已有农户账号，无需输入" : "the simulated payee holds farmers' accounts: no login needed"
        }
        do {
            try session.perform(ScenarioStep(line: 0, action: action), file: "screen")
            return session.produceDeskView?.lastShown
        } catch {
            return error.message
        }
    }

    /// A hardware board's desk: the shell's purchase draft, weighed on the board's scale. The buy touch
    /// is the operator's confirmation of the quote the page shows; the scale's weight is taken once, when
    /// the draft has none. Returns what refused the touch.
    private func handleAtBoardScale(produce touch: ScreenAction.ProduceTouch, counter: ProduceDeskCounter, nowMs: Int64) -> String? {
        do {
            switch touch {
            case .grade(let produce, let grade): _ = try counter.grade(produce: produce, grade: grade)
            case .containers(let container, let count): _ = try counter.tare(container: container, count: count)
            case .farmer(let index):
                let known = (try? ProduceRecords.farmers(in: database, limit: Self.farmersShown)) ?? []
                if known.indices.contains(index) { _ = try counter.choose(known[index]) }
            case .payeeLogin(let login): _ = try counter.account(login)
            case .buy(let payoutName):
                guard let payout = ProducePayout.allCases.first(where: { $0.name == payoutName }) else {
                    return "cash or account"
                }
                if counter.draft.grossGrams == nil {
                    switch weighProduce(placingGrams: nil) {
                    case .success(let grams): _ = counter.weighed(grams: grams)
                    case .failure(let problem): return problem.description
                    }
                }
                _ = try counter.confirm(nowMs: nowMs)
                _ = try counter.pay(payout, nowMs: nowMs)
            }
            return nil
        } catch let refused as ProduceDeskCounter.StepRefused {
            return refused.description
        } catch {
            return "\(error)"
        }
    }

    private func purchasesToday(nowMs: Int64) -> [ProduceRecords.PurchaseRow] {
        let start = ProduceDeskService.dayStartMs(nowMs)
        return (try? ProduceRecords.purchases(in: database, fromMs: start, toMs: start + 86_400_000)) ?? []
    }

    private func handle(bill touch: ScreenAction.BillTouch, nowMs: Int64) {
        switch touch {
        case .lookUp(let biller, let account):
            engine.bills.lookUp(billerCode: biller, account: account, nowMs: nowMs)
        case .open(let amountFen):
            // The bill is a counter order now: the operator takes the money at the counter.
            if case .success = engine.bills.open(amountFen: amountFen, nowMs: nowMs) { show(.counter) }
        }
    }

    private func handle(day touch: ScreenAction.DayTouch, nowMs: Int64) {
        let day = DayCloseService(engine: engine, database: database)
        do {
            switch touch {
            case .open(let floatFen):
                let opening = try day.open(floatFen: floatFen, who: "screen", nowMs: nowMs)
                let float = Money.formatWithSign(fen: opening.floatFen)
                say("DAY_OPENED", "营业日已开始，备用金 \(float)", "the day is open, float \(float)", nowMs: nowMs)
            case .count(let pieces):
                let count = DrawerCount(Dictionary(uniqueKeysWithValues: zip(Denomination.allCases, pieces))) ?? DrawerCount()
                let counted = try day.count(count, explanation: nil, who: "screen", nowMs: nowMs)
                let notice = StationNotice.dayCounted(fen: counted.count.totalFen)
                engine.showService(code: notice.code, text: notice.text(in: engine.configuration.locale), nowMs: nowMs)
            case .close:
                // As at the keypad: a sale still being rung up or paid belongs to the day being closed.
                if let id = engine.machine.currentOrderID, let phase = engine.machine.order(id)?.phase, !phase.isFinal, !phase.isPaid {
                    let notice = StationNotice.dayCloseRefused(.saleOnCounter)
                    engine.showService(code: notice.code, text: notice.text(in: engine.configuration.locale), nowMs: nowMs)
                    return
                }
                let closing = try day.close(nowMs: nowMs)
                let notice = StationNotice.dayClosed(z: closing.z, varianceFen: closing.varianceFen)
                engine.showService(code: notice.code, text: notice.text(in: engine.configuration.locale), nowMs: nowMs)
            }
        } catch {
            say("DAY_REFUSED", "未办理：\(error)", "refused: \(error)", nowMs: nowMs)
        }
    }

    // MARK: What each page shows

    /// How many known farmers the produce page offers.
    static let farmersShown = 4
    /// How many parcels of the return list the parcels page lists.
    static let returnsShown = 12

    /// The desk's view for the page open now, into `state`. On the loop.
    func fillDeskView(_ state: inout ScreenState) {
        state.view = screenView.rawValue
        switch screenView {
        case .counter: break
        case .parcels: state.parcels = parcelsView()
        case .produce: state.produce = produceView()
        case .bills: state.bills = billsView()
        case .day: state.day = dayView()
        case .technician: state.technician = technicianView()
        }
    }

    private func parcelsView() -> ScreenState.ParcelsView {
        let desk = parcels
        let store = desk.store
        let returns = ((try? store.returnList()) ?? []).prefix(Self.returnsShown).map {
            ScreenState.ParcelLine(slot: $0.slot.text, waybill: $0.waybill, carrier: carrierName($0.carrier), confirmed: false)
        }
        let handOver = desk.handOver.map { handOver in
            handOver.candidates.map {
                ScreenState.ParcelLine(slot: $0.slot.text, waybill: $0.waybill, carrier: "",
                                       confirmed: handOver.confirmed.contains($0.parcelID))
            }
        } ?? []
        let dayStart = ProduceDeskService.dayStartMs(nowMs)
        let today = (try? store.tally(arrivedFromMs: dayStart, beforeMs: dayStart + 86_400_000)) ?? [:]
        let all = (try? store.tally()) ?? [:]
        return ScreenState.ParcelsView(
            mode: desk.mode.rawValue, phoneText: desk.pendingPhone.map(ParcelPhone.masked),
            waitingWaybill: desk.waitingForCarrier?.waybill,
            carriers: Carrier.allCases.map { ScreenState.Choice(number: $0.keypadDigit, text: carrierName($0)) },
            handOver: handOver, returns: Array(returns), onShelf: all.values.reduce(0) { $0 + $1.onShelf },
            arrivedToday: today.values.reduce(0) { $0 + $1.arrived })
    }

    private func carrierName(_ carrier: Carrier) -> String {
        zh ? carrier.chineseName : carrier.name.uppercased()
    }

    private func produceView() -> ScreenState.ProduceView? {
        if let desk = simulation?.produceDeskView, let tables = desk.tables {
            return produceView(
                ProducePageEntries(weighedGrams: desk.weighedGrams, steady: desk.steady, farmer: desk.farmer, payeeAccount: nil,
                                   produce: desk.produce, grade: desk.grade, container: desk.container, containerCount: desk.containerCount,
                                   scaleProblem: nil),
                tables: tables)
        }
        guard let weights = boardScaleWeights, let tables = try? produceTables()?.get() else { return nil }
        let draft = produceCounter(prices: tables.0, tares: tables.1).draft
        let scale = weights.current
        // The draft's weight once taken; until then the scale's stable weight waiting to be taken.
        let grams = draft.grossGrams ?? scale.grams
        return produceView(
            ProducePageEntries(weighedGrams: grams, steady: grams != nil, farmer: draft.farmer, payeeAccount: draft.payeeAccount,
                               produce: draft.produce, grade: draft.grade, container: draft.containers > 0 ? draft.container : nil,
                               containerCount: draft.containers,
                               scaleProblem: grams == nil ? scale.problem.map { "\($0)" } : nil),
            tables: (tables.0, tables.1))
    }

    /// What the produce page shows of a purchase being put together, on either desk.
    private struct ProducePageEntries {
        let weighedGrams: Int64?
        let steady: Bool
        let farmer: Farmer?
        /// The account the farmer is paid to by transfer, when one was given (hardware boards).
        let payeeAccount: PayeeAccount?
        let produce: String?
        let grade: String?
        let container: String?
        let containerCount: Int64
        /// What the board's scale last told of, when it has no weight to give.
        let scaleProblem: String?
    }

    private func produceView(_ desk: ProducePageEntries, tables: (prices: ProducePriceTable, tares: ContainerTares))
        -> ScreenState.ProduceView {
        let farmers = ((try? ProduceRecords.farmers(in: database, limit: Self.farmersShown)) ?? []).enumerated().map {
            ScreenState.Choice(number: $0.offset, text: "\($0.element.name) \($0.element.maskedPhone)")
        }
        var netText: String?, amountText: String?, problem = desk.scaleProblem
        if let grams = desk.weighedGrams, desk.steady, let produce = desk.produce, let grade = desk.grade {
            let request = PurchaseRequest(
                farmer: desk.farmer ?? Farmer(name: "", maskedPhone: "", village: ""), produce: produce, grade: grade,
                container: desk.container ?? "", containers: desk.containerCount, grossGrams: grams, payout: .account)
            switch ProduceDesk.decide(request, prices: tables.prices, tares: tables.tares, packedDate: "000101", dayNumber: 1, atMs: 0) {
            case .success(let lot):
                netText = WeighedGoods.kilograms(grams: lot.netGrams)
                amountText = Money.formatWithSign(fen: lot.amountFen)
            case .failure(let refusal):
                problem = refusal.description
            }
        }
        let nowMs = self.nowMs
        let bought = purchasesToday(nowMs: nowMs)
        let dayStart = ProduceDeskService.dayStartMs(nowMs)
        let paidOut = (try? ProduceRecords.cashPaidOutFen(in: database, fromMs: dayStart, toMs: dayStart + 86_400_000)) ?? 0
        return ScreenState.ProduceView(
            weightText: desk.steady ? desk.weighedGrams.map { WeighedGoods.kilograms(grams: $0) } : nil, steady: desk.steady,
            farmer: desk.farmer.map { farmer in
                "\(farmer.name) \(farmer.maskedPhone)" + (desk.payeeAccount.map { (zh ? " · 收款 " : " · paid to ") + $0.masked } ?? "")
            }, farmers: farmers, produce: desk.produce, grade: desk.grade,
            grades: tables.prices.entries.map {
                ScreenState.Grade(produce: $0.produce, grade: $0.grade, priceText: Money.formatWithSign(fen: $0.fenPerKg) + "/kg")
            },
            containers: tables.tares.gramsByContainer.keys.sorted(), container: desk.container, containerCount: desk.containerCount,
            netText: netText, amountText: amountText, problem: problem, purchasesToday: bought.count,
            paidOutTodayText: Money.formatWithSign(fen: paidOut))
    }

    private func billsView() -> ScreenState.BillsView {
        let bills = engine.bills
        let lookup = bills.lastLookup.map { last in
            ScreenState.Lookup(biller: last.biller.name, account: BillMasking.account(last.account, kind: last.biller.kind),
                               holder: last.lookup?.holderMasked, dueText: last.lookup.map { Money.formatWithSign(fen: $0.dueFen) })
        }
        return ScreenState.BillsView(
            billers: bills.billers.map { ScreenState.Biller(code: $0.code, name: $0.name) }, lookup: lookup,
            pending: bills.pendingBills().map {
                ScreenState.BillLine(id: $0.id, biller: bills.billerName($0.billerCode), account: $0.maskedAccount,
                                     amountText: Money.formatWithSign(fen: $0.amountFen), phase: $0.phase.name)
            })
    }

    private func dayView() -> ScreenState.DayView? {
        guard let day = try? DayCloseService(engine: engine, database: database).daySoFar() else { return nil }
        let date = day.opening?.businessDate ?? DayCloseService.businessDate(atMs: nowMs)
        return ScreenState.DayView(
            isOpen: day.opening != nil,
            businessDate: String(format: "%04d-%02d-%02d", Int(date / 10_000), Int(date / 100 % 100), Int(date % 100)),
            floatText: Money.formatWithSign(fen: day.floatFen),
            countedText: day.counted.map { Money.formatWithSign(fen: $0.count.totalFen) },
            denominations: Denomination.allCases.map { ScreenState.Denomination(fen: $0.fen, label: $0.label(chinese: zh)) },
            lastZ: day.lastZ > 0 ? Int(day.lastZ) : nil)
    }

    private func technicianView() -> ScreenState.TechnicianView {
        let journal = EventJournal(database: database)
        let uptimeS = Int(max(0, (Self.wallClockMs() - startedAtMs) / 1000))
        let rows: [(String, String, String, String)] = [
            ("board", "主板配置", "board", "\(board.name) · \(board.station.stationID)"),
            ("held-receipts", "待打小票", "receipts held",
             engine.hasHeldReceipts ? "\(engine.receiptsWaiting) (\(engine.printerHold?.rawValue ?? ""))" : "0"),
            ("print-queue", "打印队列", "print queue", (try? journal.unconfirmedPrintJobCount()).map(String.init) ?? "?"),
            ("outbox", "待发送（上传/支付/短信）", "outbox to send", (try? journal.pendingOutbox().count).map(String.init) ?? "?"),
            ("payments-waiting", "待确认扫码支付", "code payments waiting", String(engine.machine.pendingPaymentCount)),
            ("bills-pending", "待出账缴费", "bills waiting on the biller", String(engine.bills.pendingBills().count)),
            ("journal", "日志序号", "journal entries", String(engine.sequence)),
            ("recovered", "启动恢复事件", "events recovered at start", String(engine.recovery.eventsReplayed)),
            ("schema", "数据库版本", "database schema",
             "\(KioskSchema.migrationNames.count) · \(KioskSchema.migrationNames.last ?? "")"),
            ("uplink", "上传县中心", "upload to the county hub", uplinkShown.map { shown in
                [shown.text, shown.lastUploadText.map { (zh ? "上次 " : "last ") + $0 }, shown.problem].compactMap { $0 }
                    .joined(separator: " · ")
            } ?? (zh ? "未登记" : "not enrolled")),
            ("documents", "县中心文件", "county documents",
             ((try? StandaloneHost.countyDocumentLines(database)) ?? ["?"]).joined(separator: "; ").ifEmpty("-")),
            ("uptime", "运行时间", "up for", String(format: "%d:%02d:%02d", uptimeS / 3600, uptimeS / 60 % 60, uptimeS % 60)),
        ]
        return ScreenState.TechnicianView(rows: rows.map { ScreenState.Figure(key: $0.0, label: zh ? $0.1 : $0.2, value: $0.3) })
    }
}

private extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
