import Foundation

/// A child process run to its end on a thread of its own, so a test that waits for it never holds one of
/// Swift concurrency's few threads: the hub a test serves answers on those threads.
enum ChildProcess {
    struct Finished: Sendable {
        let output: String
        let status: Int32
    }

    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                    directory: URL? = nil) async throws -> Finished {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reader = output.fileHandleForReading
        return await withCheckedContinuation { (finished: CheckedContinuation<Finished, Never>) in
            Thread {
                let text = String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                finished.resume(returning: Finished(output: text, status: process.terminationStatus))
            }.start()
        }
    }
}
