import KioskEngine
import Foundation
import KioskBoard
import KioskCore
import KioskDevices
import KioskStore
import Logging

/// A station's counter on real USB devices: the engine with the USB printer (and the drawer on its
/// port), the scanner, keypad and scale read on their own tasks.
///
/// Code payments go through `gateway`, the acquirer adapter the station was given; its calls run on the
/// gateway worker's own queue. With none, payment codes are refused at the counter with a message.
public final class HardwareCounter {
    public let database: KioskDatabase
    public let engine: StationEngine
    /// The parcel desk beside the counter; its messages go through the board's USB 4G modem, if any.
    public let parcels: ParcelDesk
    public let printer: USBPrinterWorker?
    public let devices: CounterDevices
    let context: USBContext

    /// Boots the counter; `hop` brings the workers' reports back onto the station's loop. Called on that
    /// loop, so reports of work that recovery starts are handled only once the engine is in place.
    public init(board: Board, dataDirectory: String, gateway: (any PaymentGatewayPort)?, biller: (any BillerPort)? = nil,
                payee: (any PayeePort)? = nil, logger: Logger, nowMs: Int64, hop: @escaping LoopHop) throws {
        let context: USBContext
        do {
            context = try USBContext()
        } catch {
            throw HardwareError.usbUnavailable("\(error)")
        }
        self.context = context
        database = try KioskDatabase.open(dataDirectory: dataDirectory)
        var configuration = try StationConfiguration(board: board).applying(settings: try StoredSettings.read(database))
        configuration.acceptsCodePayments = gateway != nil
        // With no agent service to pay billers through, no bill is opened: its money would wait for nothing.
        configuration.paysBills = biller != nil
        // With no payee, produce is paid in cash, never queued to an account nobody pays. A real payee pays
        // the Alipay login the farmer gives at the desk.
        configuration.paysFarmerAccounts = payee != nil
        configuration.payoutNeedsFarmerAccount = true
        let gateway = gateway ?? UnconfiguredAcquirer()
        printer = BoardDevices.printerMatch(board).map {
            USBPrinterWorker(context: context, match: $0, configuration: configuration.printer, logger: logger, hop: hop)
        }
        let printerWorker: any EffectWorker = printer ?? ImmediatePrinterWorker(printer: NoPrinter(), drawer: NoPrinter())
        let workers = StationWorkers(payments: GatewayWorker(
            gateway: gateway, placement: .offLoop(hop),
            orderNumbers: try MerchantOrderNumbers(stationID: configuration.stationID, database: database)),
                                     printer: printerWorker,
                                     billers: biller.map { BillerWorker(port: $0, placement: .offLoop(hop)) })
        workers.payees = payee.map { PayeeWorker(port: $0, placement: .offLoop(hop)) }
        workers.statements = StatementQueryWorker.answering(gateway, placement: .offLoop(hop))
        if board.parcels.notification == .modem, let tty = board.parcels.modemTTY {
            workers.messages = MessageWorker(port: ATModemSMSPort(path: tty, logger: logger), placement: .offLoop(hop))
        }
        let ports = StationPorts(workers: workers, display: LoggedDisplay(logger: logger))
        engine = try StationEngine(configuration: configuration, database: database, ports: ports, logger: logger,
                                   nowMs: nowMs)
        parcels = try ParcelDesk(engine: engine, database: database, settings: configuration.parcels, nowMs: nowMs)
        devices = CounterDevices(context: context, logger: logger)
    }

    /// Stops in dependency order: the device tasks (the scale's port thread among them) end and close
    /// their devices, the printer is closed,
    /// and only then the USB context (closing libusb under a task still reading crashed the station
    /// now and then at shutdown).
    public func stop(logger: Logger) throws {
        if !devices.stop() {
            logger.warning("a device task did not stop within 5 s; its device is left to the kernel")
        }
        printer?.close()
        context.shutdown()
        try database.close()
    }
}

/// The operator display of a hardware counter: messages go to the log (the station's screen shows it).
final class LoggedDisplay: OperatorDisplayPort {
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func show(_ text: String, nowMs: Int64) {
        logger.notice("\(text)", metadata: ["display": "operator"])
    }
}

/// A board without a printer: every job waits (the operator sees "printer offline").
final class NoPrinter: ReceiptPrinterPort, CashDrawerPort {
    func print(_ bytes: [UInt8], nowMs: Int64) -> PrintOutcome { .held(.offline) }
    func kick(nowMs: Int64) {}
}

/// Why the hardware counter could not start.
public enum HardwareError: Error, CustomStringConvertible {
    case usbUnavailable(String)

    public var description: String {
        switch self {
        case .usbUnavailable(let reason): "USB is not available (\(reason)); is libusb installed and /dev/bus/usb readable?"
        }
    }
}

/// The gateway of a station with no acquirer: it is never sent a charge (the counter refuses payment
/// codes and payment QRs), and cannot answer for one made before (a query goes unanswered and is tried again).
final class UnconfiguredAcquirer: PaymentGatewayPort {
    func charge(key: String, code: PaymentCode, amountFen: Int64, nowMs: Int64) -> ChargeReply { .noAnswer }
    func query(key: String, nowMs: Int64) -> PaymentQueryAnswer? { nil }
    func reverse(key: String, nowMs: Int64) -> Bool { false }
    func refund(key: String, amountFen: Int64, nowMs: Int64) -> Bool { false }
    func presentQR(key: String, scheme: PaymentScheme, amountFen: Int64, nowMs: Int64) -> QRPresentation? { .refused }
    func pollQR(key: String, scheme: PaymentScheme, nowMs: Int64) -> QRPaymentState? { nil }
    func closeQR(key: String, scheme: PaymentScheme, nowMs: Int64) -> QRPaymentState? { nil }
}
