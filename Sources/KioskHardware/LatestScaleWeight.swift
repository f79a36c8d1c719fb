import Foundation
import KioskDevices
import Logging

/// What the board's scale last said, kept for the station's loop: the newest stable weight taken and
/// not yet used for a purchase, and the newest problem. The scale's own task writes it; the loop only
/// reads and takes, so weighing never waits on the scale.
public final class LatestScaleWeight: @unchecked Sendable {
    /// Why no weight could be taken.
    public enum Absence: Error, Equatable, CustomStringConvertible {
        /// The scale told of this problem after the last weight was used.
        case problem(ScaleProblem)
        /// The scale has taken no new stable weight since the last one was used (or since the start).
        case nothingWeighed

        public var description: String {
            switch self {
            case .problem(let problem): "\(problem)"
            case .nothingWeighed: "no new stable weight on the scale (秤上没有新的稳定重量): place the goods, or empty the pan and weigh the next lot"
            }
        }
    }

    /// Guards `grams` and `problem`, and wakes those waiting for a change.
    private let changed = NSCondition()
    private var grams: Int64?
    private var problem: ScaleProblem?

    public init() {}

    /// Keeps what the scale's driver reported. A problem after a weight leaves the weight: the filter
    /// takes goods once, so goods that moved and settled again at the same weight are not taken anew.
    public func record(_ event: ScaleEvent) {
        changed.lock()
        defer { changed.unlock() }
        switch event {
        case .weighed(let taken):
            precondition(taken > 0, "the stable weight filter takes only weights above zero")
            grams = taken
            problem = nil
        case .problem(let told):
            problem = told
        }
        changed.broadcast()
    }

    /// The weight taken and not yet used, and the problem the scale last told of, for display.
    public var current: (grams: Int64?, problem: ScaleProblem?) {
        changed.lock()
        defer { changed.unlock() }
        return (grams, problem)
    }

    /// Blocks up to `timeoutSeconds` until `condition` holds of ``current``; whether it does. For a
    /// caller off the station's loop that must know the scale has spoken (a check, a test).
    public func wait(timeoutSeconds: Double, until condition: (_ grams: Int64?, _ problem: ScaleProblem?) -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeoutSeconds)
        changed.lock()
        defer { changed.unlock() }
        while !condition(grams, problem) {
            guard changed.wait(until: deadline) else { return condition(grams, problem) }
        }
        return true
    }

    /// Takes the weight for one purchase: it is used once, so one lot is never bought twice.
    public func take() -> Result<Int64, Absence> {
        changed.lock()
        defer { changed.unlock() }
        guard let taken = grams else {
            return .failure(problem.map(Absence.problem) ?? .nothingWeighed)
        }
        grams = nil
        problem = nil
        return .success(taken)
    }

    /// Reads `scale` into `latest` until the calling task is cancelled. A port that cannot be opened or
    /// that closes (the adapter unplugged) is a silent scale, logged once and tried again every
    /// `retrySeconds`.
    public static func read(_ scale: SerialScale, into latest: LatestScaleWeight, logger: Logger,
                            retrySeconds: Int = 2) async {
        var lastError: SerialScanner.PortError?
        while !Task.isCancelled {
            do {
                try await scale.run { latest.record($0) }
                lastError = nil
            } catch {
                if error != lastError { logger.warning("scale \(scale.path): \(error); retrying") }
                lastError = error
            }
            guard !Task.isCancelled else { return }
            latest.record(.problem(.silent))
            try? await Task.sleep(for: .seconds(retrySeconds))
        }
    }
}
