import Glibc

/// Writes what the simulated printer printed as files a developer can open: `receipt-0001.png`
/// (the picture) and `receipt-0001.txt` (the transcript) in a directory.
public enum ReceiptFiles {
    /// Why a receipt could not be saved.
    public enum WriteError: Error, Equatable, Sendable {
        case cannotWrite(path: String, errno: Int32)
        case png(PNGWriter.EncodingError)
    }

    /// The paths written for receipt number `number` (1-based, zero-padded to four digits).
    public static func write(
        _ receipt: ESCPOSReceipt, number: Int, directory: String, rasterizer: ReceiptRasterizer
    ) throws(WriteError) -> (png: String, transcript: String) {
        let digits = String(number)
        let stem = directory + "/receipt-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        let png: [UInt8]
        do {
            png = try PNGWriter.encode(rasterizer.render(receipt))
        } catch {
            throw .png(error)
        }
        try writeFile(stem + ".png", png)
        try writeFile(stem + ".txt", Array(ReceiptTranscript.text(of: receipt).utf8))
        return (stem + ".png", stem + ".txt")
    }

    private static func writeFile(_ path: String, _ bytes: [UInt8]) throws(WriteError) {
        guard let file = fopen(path, "wb") else { throw .cannotWrite(path: path, errno: errno) }
        let written = fwrite(bytes, 1, bytes.count, file)
        let closed = fclose(file)
        guard written == bytes.count, closed == 0 else { throw .cannotWrite(path: path, errno: errno) }
    }
}
