extension KioskMachine {
    /// The keys of every charge in flight, in table order. For recovery at boot, not the hot path
    /// (it builds an array).
    public var pendingPaymentKeys: [PaymentKey] {
        payments.compactMap { $0?.key }
    }
}
