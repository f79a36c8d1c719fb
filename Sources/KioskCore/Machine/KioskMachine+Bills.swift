/// Bills (缴费) on counter orders: the machine takes the money, the bills service pays the biller.
extension KioskMachine {
    /// Puts bill `line` on the current order, which must be open and empty: a bill is an order of its
    /// own, so its money can go back whole if the biller refuses it.
    func addBillLine(_ line: BillLine) throws(Refusal) {
        let slot = try requireEditable()
        var order = orders[slot]
        guard order.lineCount == 0 else { throw Refusal(.billOnItsOwnOrder) }
        guard line.billID > 0 else { throw Refusal(.billOnItsOwnOrder) }
        guard line.amountFen > 0 else { throw Refusal(.invalidAmount, detail: line.amountFen) }
        guard Int(order.lineCount) < limits.maxLinesPerOrder else {
            throw Refusal(.orderFull, detail: Int64(limits.maxLinesPerOrder))
        }
        var record = OrderLine()
        record.barcode = line.barcode
        record.catalogRef = line.catalogRef
        record.unitPriceFen = line.amountFen
        record.quantity = 1
        record.amountFen = line.amountFen
        lineBase(slot)[0] = record
        order.lineCount = 1
        order.totalFen = line.amountFen
        order.phase = .open
        orders[slot] = order
        entry = KeypadEntry()
        touch(slot)
        notice(.linesChanged, order.totalFen, 1)
    }

    /// Whether the order in `slot` is a bill's: its first line holds a bill's number.
    func isBillOrder(_ slot: Int) -> Bool {
        orders[slot].lineCount > 0 && lineBase(slot)[0].catalogRef < 0
    }

    /// The bill paid by order `id`, when it is a bill's order still in the table.
    public func billID(ofOrder id: OrderID) -> UInt32? {
        guard let slot = slotIndex(of: id), isBillOrder(slot) else { return nil }
        return UInt32(truncatingIfNeeded: -lineBase(slot)[0].catalogRef)
    }
}
