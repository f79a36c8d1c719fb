import ArgumentParser
import Foundation

/// A failure the user can act on: printed as one line on standard error, then a non-zero exit.
/// Never a stack dump.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let exitCode: Int32

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    var description: String { message }
}

extension ParsableCommand {
    /// Runs `body`, turning a ``CommandFailure`` or any other error into `kiosk: message` and an exit code.
    func reportingFailures(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as CommandFailure {
            printError("kiosk: \(failure.message)")
            throw ExitCode(failure.exitCode)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("kiosk: \(error)")
            throw ExitCode.failure
        }
    }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
