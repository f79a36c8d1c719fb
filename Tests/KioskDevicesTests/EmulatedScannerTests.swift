import Testing

/// Scanners through real libusb, emulated by umockdev (see EmulatedDeviceProcess).
@Suite(.serialized, .enabled(if: EmulatedDeviceProcess.isAvailable, "umockdev is not installed (scripts/setup --test installs it)"))
struct EmulatedScannerTests {
    @Test func wedgeScannerReadsShiftedTextAndStripsTheSymbologyIdentifier() throws {
        let output = try EmulatedDeviceProcess.run(["wedge", "]E06901234567892", "AbC-123"])
        #expect(output.values("scan") == ["]E0 6901234567892", "- AbC-123"])
    }

    @Test func boundUsbhidDriverIsDetachedAndGivenBackOnClose() throws {
        let output = try EmulatedDeviceProcess.run(["wedge", "42"])
        #expect(output.value("kernel-driver-detached") == "1")
        #expect(output.value("kernel-driver-rebound") == "true")
        #expect(output.values("scan") == ["- 42"])
    }

    @Test func unterminatedReadEndsAfterTheGap() throws {
        let output = try EmulatedDeviceProcess.run(["wedge", "12345", "--terminator", "none"])
        #expect(output.values("scan") == ["- 12345"])
    }

    @Test func sameCodeTwiceWithinTheWindowIsOneScan() throws {
        let output = try EmulatedDeviceProcess.run(["wedge", "6901234567892", "6901234567892", "--debounce-ms", "5000"])
        #expect(output.values("scan") == ["- 6901234567892"])
        #expect(output.values("repeated") == ["- 6901234567892"])
    }

    @Test func hidPOSReportsCarryLengthAndContinueWhenFull() throws {
        // 16-byte reports: a full one (length 15) continues into the next, a short one ends the read.
        let first = "0f" + hex(Array("]C1010690123456".utf8))
        let second = "04" + hex(Array("7892".utf8)) + String(repeating: "00", count: 11)
        let output = try EmulatedDeviceProcess.run(["hidpos", first, second])
        #expect(output.values("scan") == ["]C1 0106901234567892"])
    }

    @Test func scannerPluggedInAtRuntimeIsFoundAndReads() throws {
        let output = try EmulatedDeviceProcess.run(["arrival", "Hello-42"])
        #expect(output.value("hotplug") == "libusb")
        #expect(output.values("arrived") == ["1-2 0c2e:0901"])
        #expect(output.values("left") == ["1-2 0c2e:0901"])
        #expect(output.values("scan") == ["- Hello-42"])
        #expect(output.values("connection").first?.hasPrefix("failed device not found") == true)
        #expect(output.values("connection").contains("connected 1-2"))
    }

    @Test func arrivalsAndDeparturesAreSeenByPollingWhereHotplugIsMissing() throws {
        let output = try EmulatedDeviceProcess.run(["arrival", "Poll-7", "--polling"])
        #expect(output.value("hotplug") == "polling")
        #expect(output.values("arrived") == ["1-2 0c2e:0901"])
        #expect(output.values("left") == ["1-2 0c2e:0901"])
        #expect(output.values("scan") == ["- Poll-7"])
    }

    @Test func inventoryShowsLocationIdentityAndClass() throws {
        let output = try EmulatedDeviceProcess.run(["inventory"])
        let devices = output.values("device")
        #expect(devices.contains("1-1 0416:5011 classes=7 serial=A1B2C3 ieee1284=MFG:Xprinter;CMD:ESC/POS;MDL:XP-58IIH;CLS:PRINTER;"))
        #expect(devices.contains("1-2 0c2e:0901 classes=3 serial=- ieee1284=-"))
    }
}

/// The keypad through real libusb, emulated by umockdev.
@Suite(.serialized, .enabled(if: EmulatedDeviceProcess.isAvailable, "umockdev is not installed (scripts/setup --test installs it)"))
struct EmulatedKeypadTests {
    @Test func keypadDigitsEnterAndMappedFunctionKeys() throws {
        // Keypad 1, keypad 0, keypad +, F1 (pay cash), F3 (unmapped), keypad Enter.
        let output = try EmulatedDeviceProcess.run(["keypad", "59", "62", "57", "3a", "3c", "58", "--expect", "5"])
        #expect(output.values("key") == ["digit(1)", "digit(0)", "plus", "command #PAY-CASH", "enter"])
    }
}
