import Testing

/// `kiosk run`'s station on emulated hardware: the wedge scanner's reads become a sale, the payment
/// code is charged, and the receipt goes to the USB printer through real libusb.
@Suite(.serialized, .enabled(if: EmulatedDeviceProcess.isAvailable, "umockdev is not installed (scripts/setup --test installs it)"))
struct EmulatedStationTests {
    static let arguments = [
        "station-sale", "6931318609132", "6931318609132", "134567890123456789", "--catalog",
        "barcode,name,unit,price_fen,category,stock\n6931318609132,中盐加碘精制盐400g,袋,350,粮油,160\n",
    ]

    @Test func scannedSaleIsPaidAndItsReceiptPrintsOnTheUSBPrinter() throws {
        // Generous: on a machine saturated by the rest of the suite the station takes seconds to start.
        let output = try EmulatedDeviceProcess.run(Self.arguments, timeoutSeconds: 150)
        #expect(output.value("scanner-open") == "yes")
        #expect(output.value("printed") == "yes")
        #expect(output.value("usblp-detached") == "1")
        #expect(output.value("receipt-has-header") == "yes")
        #expect(output.value("receipt-has-total") == "yes")
        #expect(output.values("order") == ["1 closed 700 printed=true"])
        #expect(output.values("payment") == ["wechat approved 700"])
    }
}
