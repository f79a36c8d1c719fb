/// `devices`, `printer`, `scanner`: contributed by a running station, against its ``DeviceControls``.
public enum DeviceCommands {
    /// The commands, each calling `controls`.
    public static func nodes(_ controls: any DeviceControls) -> [CommandNode] {
        [
            CommandNode("devices", summary: "attached devices 设备", access: .stationOperator, children: [
                CommandNode("list", summary: "list devices 列出设备", access: .stationOperator) { context, _ in
                    for device in try controls.devices() {
                        context.print("\(device.name)  \(device.kind)  \(device.state)")
                    }
                },
                CommandNode("test", summary: "test every device 测试设备", access: .technician) { context, _ in
                    let results = try controls.testDevices()
                    for result in results {
                        context.print("\(result.passed ? "PASS" : "FAIL")  \(result.name)  \(result.detail)")
                    }
                    if results.contains(where: { !$0.passed }) { throw CommandFailure("devices test: failures 有设备未通过") }
                },
            ]),
            CommandNode("printer", summary: "receipt printer 打印机", access: .stationOperator, children: [
                CommandNode("status", summary: "printer status 打印机状态", access: .stationOperator) { context, _ in
                    for line in try controls.printerStatus() { context.print(line) }
                },
                CommandNode("test", summary: "print a test page 打印测试页", access: .technician) { context, _ in
                    context.print(try controls.printTestPage())
                },
                CommandNode(
                    "reprint", usage: "N", summary: "reprint order N's receipt 补打小票", access: .technician, arguments: 1...1
                ) { context, arguments in
                    context.print(try controls.reprintReceipt(orderID: try ShellFormat.positiveNumber(arguments[0], "N")))
                },
            ]),
            CommandNode("scanner", summary: "barcode scanner 扫码枪", access: .stationOperator, children: [
                CommandNode("last", summary: "last code read 最近一次扫码", access: .stationOperator) { context, _ in
                    guard let code = try controls.lastScan() else {
                        context.say("尚无扫码", "nothing scanned yet")
                        return
                    }
                    context.print(code)
                },
            ]),
        ]
    }
}
