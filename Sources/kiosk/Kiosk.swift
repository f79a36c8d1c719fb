import ArgumentParser

/// The `kiosk` executable: one binary for the station, the developer and the field technician.
@main
struct Kiosk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk",
        abstract: "The village station kiosk runtime (村级服务站终端).",
        subcommands: [
            RunCommand.self,
            SimCommand.self,
            BoardsCommand.self,
            CatalogCommand.self,
            DatabaseCommand.self,
            ShellCommand.self,
            TechCommand.self,
            USBCommand.self,
            ScannerCommand.self,
            PrinterCommand.self,
            ScaleCommand.self,
            EnrolCommand.self,
            UplinkCommand.self,
        ]
    )
}
