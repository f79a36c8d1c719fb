import KioskEngine
import Foundation
import KioskSimulation

/// One line typed at a simulated counter: a barcode (digits, `#COMMAND` or an AIM-prefixed read) is
/// a scan; anything else is a scenario step (`key F1`, `cash 20`, `paper out`, `expect …`).
public enum CounterLine {
    public static let help = "type a barcode and Enter to scan it, or a step: key F1 · cash 20 · paper out · power-cut · expect receipts 1"

    /// The steps of `line` (none for a blank line); a syntax error throws with the line number.
    public static func steps(_ line: String, number: Int) throws -> [ScenarioStep] {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard let first = trimmed.first else { return [] }
        let isCode = first.isNumber || first == "#" || first == "]"
        // Quoted: in a step `#` starts a comment, and a command barcode starts with it.
        let quoted = "\"" + trimmed.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        return try ScenarioParser.parse(isCode ? "scan \(quoted)" : trimmed, fileName: "counter").steps
            .map { ScenarioStep(line: number, action: $0.action) }
    }
}
