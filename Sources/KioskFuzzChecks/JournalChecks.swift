import KioskCore

/// The journal's event format and the machine's snapshots: what the kiosk reads back at boot from a
/// disk that may have been damaged.
enum JournalChecks {
    /// An entry that decodes encodes within the format's size, and decoding that gives the same
    /// event and encodes to the same bytes; a parcel desk entry that decodes encodes to its own bytes.
    static func event(_ bytes: [UInt8]) {
        if let entry = ParcelEntry(decoding: bytes) {
            // The parcel desk's entries are canonical: what decodes is exactly what encoding writes.
            require(entry.encoded() == bytes, "parcel entry \(entry) encodes to other bytes than it was read from")
        }
        guard let event = try? CoreEvent(decoding: bytes) else { return }
        let encoded = event.encoded
        require(encoded.count <= CoreEvent.maximumEncodedBytes, "an event encodes to \(encoded.count) bytes")
        let again = try? CoreEvent(decoding: encoded)
        require(again == event, "\(event) encodes to \(encoded), which decodes as \(String(describing: again))")
        require(again?.encoded == encoded, "\(event) does not encode the same twice")
    }

    static let limits = try! CoreLimits(maxOpenOrders: 3, maxLinesPerOrder: 4, maxPendingPayments: 2, maxCreditAccounts: 2)

    /// With the first byte even, the rest is a snapshot: one that restores snapshots to the same
    /// bytes and holds the machine's invariants. With it odd, the rest is journal entries (a length
    /// byte, then the entry) replayed into a machine that must keep its invariants after each, whose
    /// snapshot restores to the same state; then that snapshot, with one byte changed as the last
    /// two input bytes say, must restore to itself or not at all.
    static func snapshot(_ bytes: [UInt8]) {
        var reader = ByteReader(bytes)
        if reader.byte() & 1 == 0 {
            checkRestored(reader.rest())
            return
        }
        let machine = KioskMachine(limits: limits)
        var tail: [UInt8] = []
        while !reader.isAtEnd {
            let length = Int(reader.byte())
            let entry = reader.take(length)
            tail = entry
            guard let event = try? CoreEvent(decoding: entry) else { continue }
            machine.apply(event)
            require(machine.invariantViolation() == nil,
                    "\(event) broke an invariant: \(machine.invariantViolation() ?? "")")
        }
        let snapshot = machine.snapshot()
        let restored = KioskMachine.restoring(limits: limits, snapshot: snapshot)
        require(restored?.stateDigest() == machine.stateDigest(), "a snapshot does not restore its machine")
        require(restored?.snapshot() == snapshot, "a restored snapshot snapshots differently")
        guard tail.count >= 2 else { return }
        var damaged = snapshot
        let position = (Int(tail[tail.count - 2]) << 8 | Int(tail[tail.count - 1])) % damaged.count
        damaged[position] ^= tail[tail.count - 1] | 1
        checkRestored(damaged)
    }

    private static func checkRestored(_ bytes: [UInt8]) {
        guard let machine = KioskMachine.restoring(limits: limits, snapshot: bytes) else { return }
        require(machine.invariantViolation() == nil, "a restored snapshot breaks \(machine.invariantViolation() ?? "")")
        if bytes.first == KioskMachine.snapshotVersion {
            require(machine.snapshot() == bytes, "a snapshot restores to a machine that snapshots differently")
        } else {
            // An older format is written again in the current one, and restores to the same machine.
            let again = KioskMachine.restoring(limits: limits, snapshot: machine.snapshot())
            require(again?.hasSameState(as: machine) == true, "an older snapshot does not survive being written again")
        }
    }
}
