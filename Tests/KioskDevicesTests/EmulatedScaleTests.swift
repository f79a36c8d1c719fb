import Testing

/// The USB HID scale through real libusb, emulated by umockdev (see EmulatedDeviceProcess).
@Suite(.serialized, .enabled(if: EmulatedDeviceProcess.isAvailable, "umockdev is not installed (scripts/setup --test installs it)"))
struct EmulatedScaleTests {
    /// A scale data report: id 3, status, unit, exponent, weight (little-endian).
    static func report(status: UInt8, unit: UInt8 = 2, exponent: Int8 = 0, value: UInt16) -> String {
        hex([0x03, status, unit, UInt8(bitPattern: exponent), UInt8(value & 0xFF), UInt8(value >> 8)])
    }

    @Test func stableWeightIsTakenWhenThreeReportsAgree() throws {
        let moving = Self.report(status: 3, value: 2100)
        let settled = Self.report(status: 4, unit: 3, exponent: -3, value: 2350)
        let output = try EmulatedDeviceProcess.run(["hidscale", moving, settled, settled, settled, "--agree", "3", "--expect", "2"])
        #expect(output.values("problem") == ["scale not steady (秤未稳定): wait, keep hands off the pan"])
        #expect(output.values("weighed") == ["2350"])
        #expect(output.value("kernel-driver-rebound") == "true")
    }

    @Test func overCapacityAndBelowZeroAreToldNotWeighed() throws {
        let output = try EmulatedDeviceProcess.run([
            "hidscale", Self.report(status: 6, value: 0), Self.report(status: 5, value: 0),
            Self.report(status: 4, value: 800), "--agree", "1", "--expect", "3",
        ])
        #expect(output.values("problem") == [
            "over capacity (超出量程): weigh in smaller lots", "below zero (负重): empty the pan and zero the scale",
        ])
        #expect(output.values("weighed") == ["800"])
    }

    @Test func scaleThatSendsNothingIsSilentNotZero() throws {
        let output = try EmulatedDeviceProcess.run(["hidscale", "--silence-ms", "300", "--expect", "1"])
        #expect(output.values("problem") == ["scale does not answer (秤无响应): check cable and power"])
        #expect(output.values("weighed").isEmpty)
    }

    @Test func zeroGoesThroughTheControlFeatureReport() throws {
        let output = try EmulatedDeviceProcess.run(["scale-zero"])
        // SET_REPORT (0x21 0x09), feature report 2 (wValue 0x0302), interface 0, two bytes: id 2, zero bit.
        #expect(output.value("control-out") == "2109020300000200" + "0201")
    }
}
