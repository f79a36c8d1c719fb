import KioskCore

/// The day's close from the counter's keypad, for an operator with no technician: the close-day key
/// (`#DAY-CLOSE`) starts a blind count, then for each note and coin from 100 yuan down to 1 jiao the
/// operator keys how many pieces there are and presses it again; after the last, the count is recorded
/// and only its total shown; one more press closes the day and prints the Z. The cancel key leaves the
/// sequence with nothing recorded (a count already recorded stays, as in the shell). `0` then the
/// close-day key prints the X report instead (the day so far, marked X, closing nothing).
struct DayCloseKeypad {
    private enum Step: Equatable {
        case idle
        case counting(next: Int, pieces: [Int32])
        case counted
    }

    private var step = Step.idle

    /// Whether a sequence is under way (the cancel key belongs to it).
    var isActive: Bool { step != .idle }

    /// The close-day key was pressed, with `entry` the pieces keyed (nil: none).
    mutating func press(entry: Int64?, engine: StationEngine, service: DayCloseService, nowMs: Int64) {
        let denominations = Denomination.allCases
        switch step {
        case .idle where entry == 0:
            do {
                try service.printX(nowMs: nowMs)
                engine.show(.dayXPrinted, nowMs: nowMs)
            } catch {
                engine.show(.dayCloseRefused(.notRecorded), nowMs: nowMs)
            }
        case .idle:
            if let id = engine.machine.currentOrderID, let phase = engine.machine.order(id)?.phase,
               !phase.isFinal, !phase.isPaid {
                engine.show(.dayCloseRefused(.saleOnCounter), nowMs: nowMs)
                return
            }
            step = .counting(next: 0, pieces: [])
            engine.show(.dayCountNext(denominations[0]), nowMs: nowMs)
        case .counting(let next, var pieces):
            let keyed = entry ?? 0
            guard keyed <= Int64(DrawerCount.maximumPieces) else {
                engine.show(.dayCountNext(denominations[next]), nowMs: nowMs)
                return
            }
            pieces.append(Int32(keyed))
            if next + 1 < denominations.count {
                step = .counting(next: next + 1, pieces: pieces)
                engine.show(.dayCountNext(denominations[next + 1]), nowMs: nowMs)
                return
            }
            let count = DrawerCount(Dictionary(uniqueKeysWithValues: zip(denominations, pieces))) ?? DrawerCount()
            do {
                try service.count(count, explanation: nil, who: "counter", nowMs: nowMs)
                step = .counted
                engine.show(.dayCounted(fen: count.totalFen), nowMs: nowMs)
            } catch {
                step = .idle
                engine.show(.dayCloseRefused(.notRecorded), nowMs: nowMs)
            }
        case .counted:
            step = .idle
            do {
                let closing = try service.close(nowMs: nowMs)
                engine.show(.dayClosed(z: closing.z, varianceFen: closing.varianceFen), nowMs: nowMs)
            } catch DayCloseError.refused(.alreadyClosed) {
                engine.show(.dayCloseRefused(.alreadyClosed), nowMs: nowMs)
            } catch {
                engine.show(.dayCloseRefused(.notRecorded), nowMs: nowMs)
            }
        }
    }

    /// The cancel key during the sequence.
    mutating func cancel(engine: StationEngine, nowMs: Int64) {
        step = .idle
        engine.show(.dayCloseRefused(.cancelled), nowMs: nowMs)
    }
}

extension StationEngine {
    /// The close-day key or, during its sequence, the cancel key: the keypad entry is the pieces keyed.
    func dayCloseKey(_ action: CoreAction, nowMs: Int64) {
        if action == .command(.cancel) {
            dayCloseKeypad.cancel(engine: self, nowMs: nowMs)
            return
        }
        let keyed = machine.entry.isEmpty ? nil : machine.entry.wholeNumber ?? Int64.max
        if !machine.entry.isEmpty { submit(.command(.clearEntry), nowMs: nowMs) }
        var keypad = dayCloseKeypad
        keypad.press(entry: keyed, engine: self, service: DayCloseService(engine: self, database: database), nowMs: nowMs)
        dayCloseKeypad = keypad
    }
}
