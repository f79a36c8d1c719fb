import Foundation
import Testing

/// `kiosk run`'s station on emulated hardware: the wedge scanner's reads become a sale, the payment
/// code is charged, and the receipt goes to the USB printer through real libusb.
@Suite(.serialized, .enabled(if: EmulatedDeviceProcess.isAvailable, "umockdev is not installed (scripts/setup --test installs it)"))
struct EmulatedStationTests {
    static let arguments = [
        "station-sale", "6931318609132", "6931318609132", "134567890123456789", "--catalog",
        "barcode,name,unit,price_fen,category,stock\n6931318609132,中盐加碘精制盐400g,袋,350,粮油,160\n",
    ]

    /// Runs the sale; on a machine saturated by the rest of the suite one run in several has been seen
    /// to fail without a reason we could reproduce alone, so a failed first run is shown on standard
    /// error and run once more (the second must pass).
    static func sale() throws -> [EmulatedDeviceProcess.Line] {
        let first: String
        do {
            let output = try EmulatedDeviceProcess.run(arguments, timeoutSeconds: 150)
            if output.value("printed") == "yes" { return output }
            first = output.map(\.description).joined(separator: "\n")
        } catch {
            first = "\(error)"
        }
        FileHandle.standardError.write(Data("EmulatedStationTests: first run failed, retrying once:\n\(first)\n".utf8))
        return try EmulatedDeviceProcess.run(arguments, timeoutSeconds: 150)
    }

    @Test func scannedSaleIsPaidAndItsReceiptPrintsOnTheUSBPrinter() throws {
        let output = try Self.sale()
        #expect(output.value("scanner-open") == "yes")
        #expect(output.value("printed") == "yes")
        #expect(output.value("usblp-detached") == "1")
        #expect(output.value("receipt-has-header") == "yes")
        #expect(output.value("receipt-has-total") == "yes")
        #expect(output.values("order") == ["1 closed 700 printed=true"])
        #expect(output.values("payment") == ["wechat approved 700"])
    }
}
