import ArgumentParser
import KioskStore

/// The `--data-dir` option of the storage commands, which need a database but no board.
struct DataDirectoryOptions: ParsableArguments {
    @Option(name: .long, help: "Where the station's database lives (default: $KIOSK_DATA_DIR, else ./kiosk-data).")
    var dataDir: String = DataDirectory.defaultPath()

    /// Opens and migrates the database in the chosen directory, after the damage check: no command
    /// writes into a damaged file, or starts a new database where a station's was lost.
    func openDatabase() throws -> KioskDatabase {
        try DamagedDatabaseGate.refuseDamaged(dataDirectory: dataDir)
        return try KioskDatabase.open(dataDirectory: dataDir)
    }
}

/// Runs storage work; a rejected catalog prints every bad row before the summary line that
/// `reportingFailures` prints for any ``StoreError``.
func reportingBadCatalogRows(_ work: () throws(StoreError) -> Void) throws(StoreError) {
    do {
        try work()
    } catch {
        if case .catalogRejected(let problems) = error {
            problems.forEach { printError("kiosk: \($0)") }
        }
        throw error
    }
}
