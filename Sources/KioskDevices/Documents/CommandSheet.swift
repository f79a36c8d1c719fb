import KioskCore

/// The sheet `kiosk printer command-sheet` prints: one Code 128 barcode per operator action, so a
/// station without a keypad can scan its commands.
public enum CommandSheet {
    /// The bytes of the command sheet on a printer configured so; captions in Chinese, or in
    /// English when `english` is set.
    public static func bytes(configuration: PrinterConfiguration, english: Bool = false) -> [UInt8] {
        var sheet = ReceiptBuilder(configuration: configuration)
        sheet.align(.center)
        sheet.bold(true)
        sheet.line(english ? "Command barcodes" : "操作指令条码")
        sheet.bold(false)
        for command in CommandCode.allCases {
            sheet.rule()
            sheet.align(.center)
            sheet.line(english ? command.caption.english : command.caption.zhHans)
            // Command barcodes are short printable ASCII: encoding them cannot fail.
            try? sheet.code128(command.barcodeText)
            sheet.feed(lines: 1)
        }
        sheet.cut()
        return sheet.bytes
    }
}
