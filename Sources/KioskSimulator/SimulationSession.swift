import KioskEngine
import Foundation
import KioskBoard
import KioskCore
import KioskDevices
import KioskSimulation
import KioskStore
import Logging

/// A station with simulated devices, gateway and clock: the same engine as `kiosk run`, driven by
/// scenario steps or a generated day. A power cut drops the engine and the database connection
/// (all process state) and boots again from SQLite, as after a real power loss.
public final class SimulationSession {
    public let configuration: StationConfiguration
    public let dataDirectory: String
    let logger: Logger
    public private(set) var clockMs: Int64
    /// Midnight (Beijing time) of the simulated day; `at 08:30` is relative to it.
    public let dayStartMs: Int64
    public let gateway: SimulatedGatewayPort
    /// The billers' agent service (缴费): it keeps its answers across power cuts, as a real one would.
    public let biller: SimulatedBillerPort
    /// The payee that pays farmers' accounts for produce bought: it keeps its answers across power cuts.
    public let payee = SimulatedPayeePort()
    public let printer: SimulatedPrinterPort
    public let drawer: SimulatedDrawerPort
    public let display: SimulatedDisplayPort
    public private(set) var database: KioskDatabase
    public private(set) var engine: StationEngine
    /// The parcel desk (快递代收) beside the counter.
    public private(set) var parcels: ParcelDesk
    /// The simulated SMS network: what the parcel desk's messages reached.
    public let sms: SimulatedSMSPort
    public private(set) var faultsInjected: [String: Int] = [:]
    private var unplugged: Set<SimulatedDevice> = []
    private let scanner: SimulatedScanner
    private let receiptWriter: ReceiptWriter?
    /// Entropy for pickup codes, from the run's seed (the core has no randomness of its own).
    private var pickupSeeds: SplitMix64
    /// What the station's database is written to, and so what a power cut takes.
    public let disk: SimulatedDisk
    /// Entropy for torn writes at power cuts, from the run's seed.
    private var cutSeeds: SplitMix64
    /// The produce desk (收购) and its scale.
    let produceDesk: SimulatedProduceDesk

    /// 2026-11-23 00:00 in Beijing: the simulated day when a scenario names none.
    public static let defaultDayStartMs: Int64 = 1_795_363_200_000

    /// A real acquirer's adapter (`kiosk sim --acquirer`), in place of the simulated gateway; nil for the
    /// simulated one. Its calls run on the gateway worker's queue in real time; their reports wait in
    /// ``acquirerReports`` until the session's clock next moves.
    public let acquirer: (any PaymentGatewayPort)?
    private let acquirerReports = LoopMailbox()

    public init(board: Board, dataDirectory: String, receiptsDirectory: String?, keepsGatewayLedger: Bool,
                seed: UInt64 = 1, disk: SimulatedDisk = .plain, acquirer: (any PaymentGatewayPort)? = nil, logger: Logger,
                echo: ((String) -> Void)? = nil) throws {
        self.acquirer = acquirer
        pickupSeeds = SplitMix64(seed: seed)
        cutSeeds = SplitMix64(seed: seed ^ 0x5EED_C075)
        self.dataDirectory = dataDirectory
        self.disk = disk
        self.logger = logger
        database = try Self.openDatabase(dataDirectory, on: disk)
        let configuration = try StationConfiguration(board: board).applying(settings: try StoredSettings.read(database))
        self.configuration = configuration
        gateway = try SimulatedGatewayPort(
            ledgerPath: keepsGatewayLedger ? GatewayLedgerAudit.ledgerPath(dataDirectory: dataDirectory) : nil)
        biller = SimulatedBillerPort(billers: configuration.billers)
        printer = SimulatedPrinterPort(paperWidthDots: configuration.printer.paperWidthDots,
                                       automaticStatusBack: configuration.printer.hasAutomaticStatusBack)
        drawer = SimulatedDrawerPort()
        sms = SimulatedSMSPort()
        display = SimulatedDisplayPort(echo: echo)
        scanner = SimulatedScanner(configuration: BoardDevices.scannerConfiguration(board))
        produceDesk = SimulatedProduceDesk(board: board)
        receiptWriter = try receiptsDirectory.map {
            try ReceiptWriter(directory: $0, paperWidthDots: configuration.printer.paperWidthDots)
        }
        dayStartMs = Self.defaultDayStartMs
        let lastRecorded = try EventJournal(database: database).lastRecordedMs()
        clockMs = max(Self.defaultDayStartMs + 8 * 3_600_000, lastRecorded + 1_000)
        engine = try StationEngine(configuration: configuration, database: database, ports: Self.ports(
            gateway: Self.paymentWorker(gateway, acquirer, acquirerReports), biller: biller, payee: payee, printer: printer, drawer: drawer,
            display: display, sms: sms,
            orderNumbers: try MerchantOrderNumbers(stationID: configuration.stationID, database: database)),
            logger: logger, nowMs: clockMs)
        parcels = try ParcelDesk(engine: engine, database: database, settings: configuration.parcels, nowMs: clockMs)
        printer.onPrinted = { [receiptWriter] receipt, number in receiptWriter?.write(receipt, number: number) }
    }

    /// Imports `csvPath` into the catalog when the catalog is empty (a fresh simulation data dir).
    public func seedCatalogIfEmpty(from csvPath: String) throws {
        guard try CatalogRepository(database: database).count() == 0 else { return }
        _ = try CatalogImporter(database: database).importCSV(atPath: csvPath)
    }

    // MARK: Steps

    /// Carries out one scenario step; a failed `expect` throws with the step's line.
    public func perform(_ step: ScenarioStep, file: String) throws(ScenarioFailure) {
        switch step.action {
        case .at(let timeOfDayMs):
            advance(toMs: max(clockMs, dayStartMs + timeOfDayMs))
        case .wait(let durationMs):
            advance(toMs: clockMs + durationMs)
        case .scan(let data):
            scan(Array(data.utf8))
        case .key(let name):
            guard !unplugged.contains(.keypad) else { return }
            engine.handle(.key(name), nowMs: clockMs)
        case .cash(let fen):
            engine.handle(.cash(fen: fen), nowMs: clockMs)
        case .gateway(let answer):
            gateway.enqueue(answer)
        case .assistedOrder(let villager, let phone):
            guard let name = FixedBytes64(utf8: villager), let number = FixedBytes16(utf8: phone) else {
                throw ScenarioFailure(file: file, line: step.line, message: "villager name or phone too long")
            }
            let request = AssistedOrderRequest(villagerName: name, phone: number, pickupSeed: pickupSeeds.next())
            engine.handle(.action(.newAssistedOrder(request)), nowMs: clockMs)
        case .fulfilment(let order, let stage):
            let id = OrderID(order)
            engine.handle(.action(stage == .ordered ? .fulfilmentOrdered(id) : .fulfilmentArrived(id)), nowMs: clockMs)
        case .pickup(let order, let code):
            let stored = try? journal.order(Int64(order))?.pickupCode
            guard let text = code ?? stored ?? nil, let pickupCode = UInt32(text) else {
                throw ScenarioFailure(file: file, line: step.line, message: "order \(order) has no pickup code")
            }
            engine.handle(.action(.pickedUp(OrderID(order), pickupCode: pickupCode)), nowMs: clockMs)
        case .fault(let fault):
            do {
                try inject(fault)
            } catch {
                throw ScenarioFailure(file: file, line: step.line, message: "power cut recovery failed: \(error)")
            }
        case .scale, .farmer, .grade, .tare, .buy:
            if let problem = produceDesk.perform(step.action, session: self) {
                throw ScenarioFailure(file: file, line: step.line, message: problem)
            }
        case .expect(let expectation):
            if let problem = check(expectation) {
                throw ScenarioFailure(file: file, line: step.line, message: problem)
            }
        case .parcel(let parcelStep):
            if let problem = perform(parcelStep) {
                throw ScenarioFailure(file: file, line: step.line, message: problem)
            }
        case .day(let dayStep):
            do {
                try perform(dayStep)
            } catch {
                throw ScenarioFailure(file: file, line: step.line, message: "day: \(error)")
            }
        case .bill(let billerCode, let account, let fen):
            if let problem = payBill(billerCode, account, fen: fen) {
                throw ScenarioFailure(file: file, line: step.line, message: problem)
            }
        case .biller(let behaviour):
            biller.enqueue(behaviour)
        case .payee(let behaviour):
            payee.enqueue(behaviour)
        case .billerAnswer(let bill, let answer):
            engine.handle(.bill(.answered(billID: Int64(bill), answer)), nowMs: clockMs)
        }
    }

    /// The stable weight on the simulated scale for a purchase at the shell, after `placingGrams` (if any)
    /// is put on its pan and read as the board's scale would be; nil when there is none.
    public func takeProduceWeight(placingGrams grams: Int64?) -> Int64? {
        if let grams { _ = produceDesk.perform(.scale(.weight(grams: grams)), session: self) }
        return produceDesk.takeWeight()
    }

    /// The produce desk as the operator's screen shows it; nil when the board has no price list.
    public var produceDeskView: ProduceDeskSnapshot? {
        let snapshot = produceDesk.snapshot
        return snapshot.tables == nil ? nil : snapshot
    }

    /// The produce desk prices by `prices` and `tares` from now on (the county's price list).
    public func useProduceTables(_ prices: ProducePriceTable, _ tares: ContainerTares) {
        produceDesk.use(prices, tares)
    }

    /// The operator picked a farmer the station already knows.
    public func chooseProduceFarmer(_ farmer: Farmer) {
        produceDesk.choose(farmer)
    }

    /// Looks `account` up at `billerCode` and opens its bill on a new counter order (for `fen`, or the
    /// amount due); the message when it could not.
    @discardableResult
    public func payBill(_ billerCode: String, _ account: String, fen: Int64?) -> String? {
        if let refusal = engine.bills.lookUp(billerCode: billerCode, account: account, nowMs: clockMs) {
            return "bill refused: \(refusal.text(zh: false))"
        }
        switch engine.bills.open(amountFen: fen, nowMs: clockMs) {
        case .success: return nil
        case .failure(let refusal): return "bill refused: \(refusal.text(zh: false))"
        }
    }

    /// Runs every step of `scenario`, stopping at the first failed `expect`.
    public func run(_ scenario: Scenario) throws(ScenarioFailure) {
        for step in scenario.steps {
            try perform(step, file: scenario.fileName)
        }
    }

    /// The scanner reads `bytes` (unless it is unplugged: then nothing happens, as at a real counter):
    /// typed through the wedge decoder a USB scanner's reports go through, at least
    /// ``SimulatedScanner/operatorIntervalMs`` after the last read.
    public func scan(_ bytes: [UInt8]) {
        guard !unplugged.contains(.scanner) else { return }
        advance(toMs: scanner.nextReadAtMs(after: clockMs))
        for outcome in scanner.read(bytes, atMs: clockMs) {
            switch outcome {
            case .scan(let event): engine.handle(.scan(ScannedCode(event)), nowMs: clockMs)
            case .dropped(let reason): engine.handle(.scanDropped(reason: reason), nowMs: clockMs)
            case .repeated: break
            }
        }
    }

    /// Moves the simulated clock forward, delivering gateway answers and timeouts due by then.
    public func advance(toMs timeMs: Int64) {
        clockMs = max(clockMs, timeMs)
        for report in acquirerReports.drain() { report(clockMs) }
        engine.advance(toMs: clockMs)
    }

    public func inject(_ fault: SimulatedFault) throws {
        faultsInjected[Self.name(of: fault), default: 0] += 1
        switch fault {
        case .unplug(let device):
            unplugged.insert(device)
            if device == .printer { printer.update { $0.online = false } }
        case .plug(let device):
            unplugged.remove(device)
            if device == .printer {
                printer.update { $0.online = true }
                engine.handle(.printerReady, nowMs: clockMs)
            }
        case .paperOut:
            printer.update { $0.paperOut = true }
        case .paperIn:
            printer.update { $0.paperOut = false }
            engine.handle(.printerReady, nowMs: clockMs)
        case .coverOpen:
            printer.update { $0.coverOpen = true }
        case .coverClose:
            printer.update { $0.coverOpen = false }
            engine.handle(.printerReady, nowMs: clockMs)
        case .powerCut:
            try powerCut()
        }
    }

    /// Drops all process state and boots again from the data directory. On the ``SimulatedDisk/powerCut``
    /// disk what SQLite had not synced is lost too, and the last block written may reach the disk torn, as
    /// after a real power cut; on the plain disk it is kept, as after kill -9.
    public func powerCut() throws {
        if disk == .powerCut {
            let directory = URL(fileURLWithPath: dataDirectory).resolvingSymlinksInPath().path
            let cut = PowerCutDisk.cut(directory: directory, seed: cutSeeds.next())
            logger.info("power cut", metadata: ["unsynced_bytes_lost": "\(cut.droppedBytes)", "torn_bytes": "\(cut.tornBytes)"])
            // The files are dead: closing them writes nothing, and may say so.
            try? database.close()
        } else {
            try database.close()
        }
        database = try Self.openDatabase(dataDirectory, on: disk)
        clockMs += 5_000
        engine = try StationEngine(configuration: configuration, database: database, ports: Self.ports(
            gateway: Self.paymentWorker(gateway, acquirer, acquirerReports), biller: biller, payee: payee, printer: printer, drawer: drawer,
            display: display, sms: sms,
            orderNumbers: try MerchantOrderNumbers(stationID: configuration.stationID, database: database)),
            logger: logger, nowMs: clockMs)
        parcels = try ParcelDesk(engine: engine, database: database, settings: configuration.parcels, nowMs: clockMs)
    }

    /// The simulated gateway, answering on the loop at the simulated instant; or a real acquirer, called
    /// off the loop, its answers handed over at the session's next step.
    private static func paymentWorker(_ simulated: SimulatedGatewayPort, _ acquirer: (any PaymentGatewayPort)?,
                                      _ reports: LoopMailbox) -> PaymentWorkerChoice {
        guard let acquirer else { return PaymentWorkerChoice(gateway: simulated, placement: .inline) }
        return PaymentWorkerChoice(gateway: acquirer, placement: .offLoop(reports.hop))
    }

    /// The simulated devices behind the same workers a station has, answering at the simulated instant.
    static func ports(gateway: PaymentWorkerChoice, biller: SimulatedBillerPort, payee: SimulatedPayeePort,
                      printer: SimulatedPrinterPort,
                      drawer: SimulatedDrawerPort, display: SimulatedDisplayPort, sms: SimulatedSMSPort,
                      orderNumbers: MerchantOrderNumbers) -> StationPorts {
        let workers = StationWorkers(payments: GatewayWorker(gateway: gateway.gateway, placement: gateway.placement,
                                                             orderNumbers: orderNumbers),
                                     printer: ImmediatePrinterWorker(printer: printer, drawer: drawer),
                                     billers: BillerWorker(port: biller, placement: .inline))
        workers.messages = MessageWorker(port: sms, placement: .inline)
        workers.payees = PayeeWorker(port: payee, placement: .inline)
        workers.statements = StatementQueryWorker.answering(gateway.gateway, placement: gateway.placement)
        return StationPorts(workers: workers, display: display)
    }

    private static func openDatabase(_ dataDirectory: String, on disk: SimulatedDisk) throws -> KioskDatabase {
        switch disk {
        case .plain: try KioskDatabase.open(dataDirectory: dataDirectory)
        case .powerCut: try KioskDatabase.openOnPowerCutDisk(dataDirectory: dataDirectory)
        }
    }

    /// Puts every device right (the operator plugs cables back and loads paper).
    public func fixAllDevices() {
        unplugged.removeAll()
        printer.update { state in
            state.online = true
            state.paperOut = false
            state.coverOpen = false
        }
        engine.handle(.printerReady, nowMs: clockMs)
    }

    public func close() throws {
        try database.close()
    }

    var books: StationBooks { StationBooks(database: database) }
    var journal: EventJournal { EventJournal(database: database) }

    // MARK: Checks

    private func check(_ expectation: ScenarioExpectation) -> String? {
        do {
            switch expectation {
            case .orderState(let number, let state):
                let stored = try journal.order(Int64(number))?.state.storedName ?? "missing"
                return stored == state ? nil : "order \(number) is \(stored), expected \(state)"
            case .orderTotal(let number, let fen):
                let stored = try journal.order(Int64(number))?.totalFen
                return stored == fen ? nil
                    : "order \(number) totals \(stored.map(Money.formatWithSign(fen:)) ?? "nothing"), expected \(Money.formatWithSign(fen: fen))"
            case .receipts(let count):
                let printed = printer.printer.printedCount
                return printed == count ? nil : "\(printed) receipts printed, expected \(count)"
            case .drawer(let fen):
                let cash = try books.cashInDrawerFen()
                return cash == fen ? nil
                    : "drawer holds \(Money.formatWithSign(fen: cash)), expected \(Money.formatWithSign(fen: fen))"
            case .message(let text):
                let last = engine.lastMessage ?? ""
                return last.contains(text) ? nil : "last message is \"\(last)\", expected it to contain \"\(text)\""
            case .messageCode(let code):
                let last = engine.lastMessageCode ?? "NONE"
                return last == code ? nil : "last message code is \(last), expected \(code)"
            case .parcels(let count, let expected):
                let found = try parcelCount(count)
                return found == expected ? nil : "\(found) parcels \(count.rawValue), expected \(expected)"
            case .parcelState(let number, let state):
                let stored = try parcels.store.parcel(Int64(number))?.state.rawValue ?? "missing"
                return stored == state ? nil : "parcel \(number) is \(stored), expected \(state)"
            case .zFigure, .zCount:
                return try checkDay(expectation)
            case .producePurchases, .producePaidOut, .producePayouts, .produceGrams, .scaleWeight:
                return try produceDesk.check(expectation, session: self)
            case .billState(let number, let state):
                let stored = engine.bills.bill(Int64(number))?.phase.name ?? "missing"
                return stored == state ? nil : "bill \(number) is \(stored), expected \(state)"
            case .billsPending(let count):
                let pending = engine.bills.pendingBills().count
                return pending == count ? nil : "\(pending) bills pending, expected \(count)"
            }
        } catch {
            return "could not read the store: \(error)"
        }
    }

    static func name(of fault: SimulatedFault) -> String {
        switch fault {
        case .unplug(let device): "unplug-\(device.rawValue)"
        case .plug(let device): "plug-\(device.rawValue)"
        case .paperOut: "paper-out"
        case .paperIn: "paper-in"
        case .coverOpen: "cover-open"
        case .coverClose: "cover-close"
        case .powerCut: "power-cut"
        }
    }
}

/// What a simulated station's database is written to.
public enum SimulatedDisk: Sendable, Equatable {
    /// The real disk: a power cut loses only the process, as kill -9 does (the page cache stays).
    case plain
    /// The power-cut disk (``PowerCutDisk``): writes reach the file only when SQLite syncs them, so a
    /// power cut also loses what was not synced. Nothing is fsynced for real: for stations whose data
    /// need not outlive the machine (a scenario, a test, a crash harness).
    case powerCut
}

/// A failed `expect`, or a step that could not be carried out: `file:line: message`.
public struct ScenarioFailure: Error, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): \(message)" }
}

/// Saves each printed receipt as a PNG picture and a text transcript.
///
/// Numbering goes on from the files already there, so a station started again on the same data
/// directory (`kiosk run` on the sim board) adds receipts instead of overwriting the last run's.
final class ReceiptWriter {
    let directory: String
    let rasterizer: ReceiptRasterizer
    /// The highest receipt number in the directory when it was opened.
    let numberedBefore: Int

    init(directory: String, paperWidthDots: Int) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.directory = directory
        rasterizer = try ReceiptRasterizer(paperWidthDots: paperWidthDots)
        numberedBefore = Self.highestNumber(in: directory)
    }

    func write(_ receipt: ESCPOSReceipt, number: Int) {
        _ = try? ReceiptFiles.write(receipt, number: numberedBefore + number, directory: directory, rasterizer: rasterizer)
    }

    /// The largest N of the `receipt-N.png` files in `directory` (0 when there are none).
    static func highestNumber(in directory: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasPrefix("receipt-"), name.hasSuffix(".png") else { return nil }
            return Int(name.dropFirst("receipt-".count).dropLast(".png".count))
        }.max() ?? 0
    }
}

extension SimulationSession {
    /// How many orders the station has opened so far (a resumed generated day starts after them).
    public func ordersStarted() throws -> Int {
        try books.ordersByState().values.reduce(0, +)
    }
}

/// The gateway a session's payment worker calls, and where.
struct PaymentWorkerChoice {
    let gateway: any PaymentGatewayPort
    let placement: GatewayWorker.Placement
}

/// What a real acquirer's worker reported, held until the session's loop takes it (the session has no
/// queue of its own: its steps are the loop).
final class LoopMailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [@Sendable (Int64) -> Void] = []

    var hop: LoopHop {
        { [self] report in
            lock.lock()
            pending.append(report)
            lock.unlock()
        }
    }

    func drain() -> [@Sendable (Int64) -> Void] {
        lock.lock()
        defer { lock.unlock() }
        let reports = pending
        pending.removeAll()
        return reports
    }
}
