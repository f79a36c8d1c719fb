import Foundation
import KioskCore
import KioskUplinkWire

/// Each county document kind's check of its content, before a station takes a version.
public enum CountyDocumentCheck {
    /// What makes a document of `kind` unusable, or nil: every line must load as the station's own
    /// import of that file would load it.
    @Sendable public static func problem(_ kind: DownlinkKind, _ body: Data) -> String? {
        switch kind {
        case .catalog:
            let outcome = CatalogImporter.validate(bytes: [UInt8](body))
            if let first = outcome.problems.first {
                return "\(outcome.problems.count) bad line(s); line \(first.line): \(first.message)"
            }
            return outcome.products.isEmpty ? "no products" : nil
        case .producePrices:
            guard let text = String(data: body, encoding: .utf8) else { return "not UTF-8 text" }
            switch ProduceTableFile.parse(text) {
            case .success: return nil
            case .failure(let problem): return problem.description
            }
        case .billers:
            guard let text = String(data: body, encoding: .utf8) else { return "not UTF-8 text" }
            switch BillerListFile.parse(text) {
            case .success: return nil
            case .failure(let problem): return problem.description
            }
        case .carriers:
            guard let text = String(data: body, encoding: .utf8) else { return "not UTF-8 text" }
            switch CarrierSettingsFile.parse(text) {
            case .success: return nil
            case .failure(let problem): return problem.description
            }
        }
    }
}
