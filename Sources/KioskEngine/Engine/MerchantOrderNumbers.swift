import KioskCore
import KioskStore

/// The number a code charge is sent to the acquirer under (WeChat Pay's and Alipay's `out_trade_no`):
/// `STATION_STOREID_ORDER_ATTEMPT`, unique across stations (the station id) and across database
/// incarnations (the store id, new with every database and every restore), and within the rules both
/// acquirers accept: at most 32 characters of letters, digits and `_` (Alipay refuses `-`).
public struct MerchantOrderNumbers: Sendable, Equatable {
    /// `STATION_STOREID`: at most 8 + 1 + 6 characters, leaving 17 for the order (10 digits) and attempt (5).
    public let prefix: String

    /// Numbers for station `stationID` (its letters and digits, up to 8) on the store `storeID`.
    public init(stationID: String, storeID: String) {
        let station = String(stationID.uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(8))
        prefix = (station.isEmpty ? "KIOSK" : station) + "_" + storeID
    }

    /// Numbers for station `stationID` on the database `database` (its store id).
    public init(stationID: String, database: KioskDatabase) throws(StoreError) {
        self.init(stationID: stationID, storeID: try StoreIdentity.storeID(of: database))
    }

    /// The number of charge `key`.
    public func number(for key: PaymentKey) -> String {
        let number = "\(prefix)_\(key.orderID)_\(key.attempt)"
        precondition(number.utf8.count <= 32, "merchant order number over 32 characters: \(number)")
        return number
    }
}
