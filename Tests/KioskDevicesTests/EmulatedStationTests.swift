import Testing

/// `kiosk run`'s station on emulated hardware: the wedge scanner's reads become a sale, paid in cash (a
/// payment code is refused: no acquirer is configured), and the receipt goes to the USB printer through
/// real libusb.
@Suite(.serialized, .enabled(if: EmulatedDeviceProcess.isAvailable, "umockdev is not installed (scripts/setup --test installs it)"))
struct EmulatedStationTests {
    static let arguments = [
        // Two items; a customer's WeChat code, which a station with no acquirer refuses; then cash from the
        // command sheet (#PAY-CASH with nothing keyed: the amount due).
        "station-sale", "6931318609132", "6931318609132", "134567890123456789", "#PAY-CASH", "--catalog",
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
        #expect(output.values("payment") == ["cash approved 700"], "no code is charged without an acquirer")
    }
}
