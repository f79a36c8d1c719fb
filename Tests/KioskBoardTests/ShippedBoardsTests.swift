import Foundation
import KioskBoard
import Testing

/// The boards folder of this repository, found from this file's path.
let repositoryBoards = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("boards")

@Suite("Shipped boards")
struct ShippedBoardsTests {
    let loader = BoardLoader(boardsDirectory: repositoryBoards)

    @Test("every board folder loads and validates")
    func everyBoardLoads() throws {
        let names = loader.boardNames()
        #expect(names.contains("sim"))
        #expect(names.contains("generic-58mm"))
        #expect(names.contains("epson-tm-t20-80mm"))
        for name in names {
            let board = try loader.load(name)
            #expect(board.name == name)
            #expect(board.device(.printer) != nil)
            #expect(board.device(.scanner) != nil)
        }
    }

    @Test("the sim board simulates every device")
    func simIsSimulated() throws {
        let board = try loader.load("sim")
        #expect(board.isFullySimulated)
        #expect(board.shell == .pty)
        #expect(board.station.locale == .zhHans)
    }

    @Test("generic-58mm is the POS-58 printer on 384 dots with GB18030 and FS &")
    func generic58() throws {
        let board = try loader.load("generic-58mm")
        let printer = try #require(board.device(.printer))
        #expect(printer.connection == .usb(USBIdentifier(vendorID: 0x0416, productID: 0x5011), interface: 0))
        #expect(printer.printer?.paperWidthDots == 384)
        #expect(printer.printer?.columns == 32)
        #expect(printer.printer?.codePage == .gb18030)
        #expect(printer.printer?.chineseModeCommands == true)
        #expect(board.device(.scanner)?.deviceProtocol == .hidKeyboard)
        #expect(board.device(.keypad)?.keyMap["KP_Enter"] == .total)
        #expect(board.shell == .serial(path: "/dev/ttyUSB0", baud: 115_200))
    }

    @Test("scales: a Toledo 8217 on a serial port, a HID scale on USB, a simulated one")
    func scales() throws {
        let serial = try #require(try loader.load("generic-58mm").device(.scale))
        #expect(serial.deviceProtocol == .toledo8217)
        #expect(serial.connection == .serial(path: "/dev/ttyUSB1"))
        #expect(serial.scale == ScaleSettings(baud: 9600, readingsToAgree: 3, pollIntervalMs: 200, silenceMs: 2000))
        let usb = try #require(try loader.load("epson-tm-t20-80mm").device(.scale))
        #expect(usb.deviceProtocol == .hidScale)
        #expect(usb.connection == .usb(USBIdentifier(vendorID: 0x0922, productID: 0x8003), interface: 0))
        #expect(try loader.load("sim").device(.scale)?.scale?.readingsToAgree == 2)
    }

    @Test("the 80 mm board has 576 dots and 48 columns")
    func eightyMillimetres() throws {
        let printer = try #require(try loader.load("epson-tm-t20-80mm").device(.printer)?.printer)
        #expect(printer.paperWidthDots == 576)
        #expect(printer.columns == 48)
        #expect(printer.hasCutter)
    }

    @Test("an unknown board name lists the known ones")
    func unknownBoard() {
        #expect {
            try loader.load("no-such-board")
        } throws: { error in
            let text = String(describing: error)
            return text.contains("boards/no-such-board/board.yaml") && text.contains("generic-58mm")
        }
    }
}
