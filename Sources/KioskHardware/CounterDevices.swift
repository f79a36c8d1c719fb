import KioskEngine
import Foundation
import KioskBoard
import KioskCore
import KioskDevices
import Logging

/// The scanner, keypad and scale of a hardware board, read on their own tasks; every scan or key
/// becomes a ``StationInput`` handed to `submit`, and the scale's weights and problems are kept in
/// ``scaleWeights`` for the produce desk. Unplugged devices are retried; a printer arriving on the bus
/// wakes the print queue.
public final class CounterDevices: @unchecked Sendable {
    let context: USBContext
    private var tasks: [Task<Void, Never>] = []
    let logger: Logger
    /// What the board's scale last said; stays empty on a board without one.
    public let scaleWeights = LatestScaleWeight()

    init(context: USBContext, logger: Logger) {
        self.context = context
        self.logger = logger
    }

    public func start(board: Board, submit: @escaping @Sendable (StationInput) -> Void) {
        let logger = self.logger
        let scannerConfiguration = BoardDevices.scannerConfiguration(board)
        let onScan: @Sendable (ScanOutcome) -> Void = { outcome in
            switch outcome {
            case .scan(let event): submit(.scan(ScannedCode(event)))
            case .dropped(let reason): submit(.scanDropped(reason: reason))
            case .repeated: break
            }
        }
        if case .serial(let path) = board.device(.scanner)?.connection {
            let scanner = SerialScanner(path: path, configuration: scannerConfiguration, logger: logger)
            tasks.append(Task {
                while !Task.isCancelled {
                    do { try await scanner.run(onOutcome: onScan) } catch {
                        logger.warning("scanner \(path): \(error); retrying")
                        try? await Task.sleep(for: .seconds(2))
                    }
                }
            })
        } else if let match = BoardDevices.hidMatch(board, .scanner) {
            let scanner = USBScanner(context: context, match: match, configuration: scannerConfiguration, logger: logger)
            tasks.append(Task {
                await scanner.run(onConnection: { Self.log(logger, "scanner", $0) }, onOutput: onScan)
            })
        }
        if let match = BoardDevices.hidMatch(board, .keypad) {
            let keypad = USBKeypad(context: context, match: match,
                                   handler: KeypadDecoder(keyMap: BoardDevices.keypadMap(board)))
            tasks.append(Task {
                await keypad.run(onConnection: { Self.log(logger, "keypad", $0) }, onOutput: { input in
                    submit(Self.stationInput(input))
                })
            })
        }
        startScale(board: board)
        let events = context.deviceEvents()
        tasks.append(Task {
            for await event in events {
                if case .arrived = event { submit(.printerReady) }
            }
        })
    }

    /// Reads the board's scale, if it has one: a serial scale on its own port thread, a USB HID scale
    /// like the keypad. Neither ever waits on the station's loop.
    private func startScale(board: Board) {
        guard let device = board.device(.scale) else { return }
        let logger = self.logger
        let latest = scaleWeights
        let configuration = BoardDevices.scaleConfiguration(board)
        if case .serial(let path) = device.connection, let scaleProtocol = BoardDevices.serialScaleProtocol(board) {
            let scale = SerialScale(path: path, scaleProtocol: scaleProtocol, baud: device.scale?.baud ?? 9600,
                                    configuration: configuration)
            tasks.append(Task { await LatestScaleWeight.read(scale, into: latest, logger: logger) })
        } else if let match = BoardDevices.hidMatch(board, .scale) {
            let scale = USBScale(context: context, match: match, configuration: configuration)
            tasks.append(Task {
                await scale.run(onConnection: { result in
                    Self.log(logger, "scale", result)
                    if case .failure = result { latest.record(.problem(.silent)) }
                }, onOutput: { latest.record($0) })
            })
        }
    }

    /// Cancels the device tasks and waits, up to `timeoutSeconds`, until each has finished and closed its
    /// device; false when one has not. The USB context must outlive them: their cancelled transfers
    /// complete on its event thread, and a handle closed after the context is gone is leaked.
    @discardableResult
    func stop(timeoutSeconds: Double = 5) -> Bool {
        let running = tasks
        tasks.removeAll()
        for task in running { task.cancel() }
        let finished = DispatchSemaphore(value: 0)
        Task {
            for task in running { await task.value }
            finished.signal()
        }
        return finished.wait(timeout: .now() + timeoutSeconds) == .success
    }

    /// A keypad key as the engine's key names (the board maps Enter, + and − like any other key).
    static func stationInput(_ input: KeypadInput) -> StationInput {
        switch input {
        case .digit(let digit): .key(String(digit))
        case .decimalPoint: .key("point")
        case .backspace: .key("backspace")
        case .enter: .key("KP_Enter")
        case .plus: .key("KP_Add")
        case .minus: .key("KP_Subtract")
        case .command(let command): .action(.command(command))
        }
    }

    private static func log(_ logger: Logger, _ role: String, _ result: Result<USBDeviceInfo, USBError>) {
        switch result {
        case .success(let device): logger.info("\(role) connected", metadata: ["device": "\(device)"])
        case .failure(let error): logger.warning("\(role) not available: \(error)")
        }
    }
}
