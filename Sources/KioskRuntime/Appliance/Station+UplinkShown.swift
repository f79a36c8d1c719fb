import Foundation
import KioskScreen
import KioskStore

/// The upload to the county hub as the operator's screen shows it: the backlog, the last upload and why
/// the last attempt failed, worded in the board's language.
extension Station {
    /// Reads the upload's progress from the store into ``uplinkShown``. On the loop, every few seconds.
    func refreshUplinkShown() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let progress = try? UplinkStore(database: database).progress() else { return }
        uplinkShown = Self.uplinkView(progress, zh: engine.configuration.locale == .zhHans)
    }

    /// What the screen shows of `progress`; nil when the station is not enrolled with a hub.
    static func uplinkView(_ progress: UplinkProgress, zh: Bool) -> ScreenState.UplinkView? {
        guard progress.enrolment != nil else { return nil }
        let backlog = progress.backlog
        let text = backlog == 0 ? (zh ? "已全部上传" : "all uploaded") : (zh ? "待上传 \(backlog) 条" : "\(backlog) to upload")
        return ScreenState.UplinkView(backlog: backlog, text: text, lastUploadText: progress.lastUploadMs.map(Self.beijingTime),
                                      problem: progress.lastProblem)
    }

    /// `12-02 14:05`, China Standard Time (UTC+8 all year).
    static func beijingTime(_ wallMs: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = "MM-dd HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: Double(wallMs) / 1000))
    }
}
