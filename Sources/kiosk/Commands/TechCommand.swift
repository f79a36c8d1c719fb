import ArgumentParser
import Glibc
import KioskShell
import KioskStore

/// `kiosk tech …`: maintenance shell accounts, managed on the device itself.
struct TechCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tech",
        abstract: "Manage maintenance shell accounts (维护账户).",
        subcommands: [Add.self, Unlock.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account; the PIN (4–8 digits) is asked twice without echo.",
            discussion: "When standard input is not a terminal, the PIN and its confirmation are read as two lines."
        )

        @OptionGroup var storage: DataDirectoryOptions

        @Argument(help: "Account name: letters, digits, '.', '_' or '-', up to 32.")
        var name: String

        @Option(help: "technician (everything) or operator (read-only status).")
        var role: String = Role.technician.rawValue

        func run() throws {
            try reportingFailures {
                guard let role = Role(rawValue: role) else {
                    throw CommandFailure("--role must be technician or operator")
                }
                guard TechnicianAccount.isValidName(name) else {
                    throw CommandFailure("invalid name \(name): letters, digits, '.', '_' or '-', up to 32")
                }
                let pin = try readSecret(prompt: "PIN (4–8 digits 位数字): ")
                let confirmation = try readSecret(prompt: "PIN again 再输一次: ")
                let database = try storage.openDatabase()
                defer { try? database.close() }
                do {
                    _ = try TechnicianEnrolment.add(
                        name: name, role: role, pin: pin, confirmation: confirmation,
                        into: SQLiteShellStore(database: database), now_ms: SystemShellClock().wallTime_ms()
                    )
                } catch TechnicianEnrolment.Failure.pin(.invalidFormat) {
                    throw CommandFailure("the PIN must be 4 to 8 digits (PIN 须为 4–8 位数字)")
                } catch TechnicianEnrolment.Failure.pin(.mismatch) {
                    throw CommandFailure("the two PINs differ (两次输入不一致)")
                } catch TechnicianEnrolment.Failure.duplicate(let taken) {
                    throw CommandFailure("an account named \(taken) exists already")
                }
                print("added \(name) (\(role.rawValue))")
            }
        }
    }

    struct Unlock: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Clear an account's failed logins and lockout.")

        @OptionGroup var storage: DataDirectoryOptions

        @Argument(help: "Account name.")
        var name: String

        func run() throws {
            try reportingFailures {
                let database = try storage.openDatabase()
                defer { try? database.close() }
                let store = SQLiteShellStore(database: database)
                guard try store.account(named: name) != nil else { throw CommandFailure("no account named \(name)") }
                try store.recordSuccessfulLogin(named: name)
                print("unlocked \(name)")
            }
        }
    }
}

/// Reads one line: from the terminal with echo off, or from piped standard input.
private func readSecret(prompt: String) throws -> String {
    guard isatty(0) == 1 else {
        guard let line = readLine() else { throw CommandFailure("expected the PIN on standard input") }
        return line
    }
    writeToStandardError(prompt)
    var settings = termios()
    tcgetattr(0, &settings)
    let saved = settings
    settings.c_lflag &= ~tcflag_t(ECHO)
    tcsetattr(0, TCSANOW, &settings)
    defer {
        var restored = saved
        tcsetattr(0, TCSANOW, &restored)
        writeToStandardError("\n")
    }
    return readLine() ?? ""
}

/// Writes `text` to file descriptor 2 (the PIN prompts go there so standard output stays clean).
private func writeToStandardError(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
