/// Splits a scenario line into words: separated by spaces or tabs, `"…"` quotes a word that
/// holds spaces or `#` (with `\"` and `\\` inside), and `#` outside quotes starts a comment.
enum ScenarioLexer {
    static func words(of line: Substring) throws(ScenarioSyntaxError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            switch character {
            case "#":
                if inWord {
                    current.append(character)
                } else {
                    return words
                }
            case " ", "\t", "\r":
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            case "\"":
                guard !inWord else { throw ScenarioSyntaxError("unexpected quote inside \"\(current)\"") }
                words.append(try quoted(&iterator))
            default:
                current.append(character)
                inWord = true
            }
        }
        if inWord {
            words.append(current)
        }
        return words
    }

    private static func quoted(_ iterator: inout Substring.Iterator) throws(ScenarioSyntaxError) -> String {
        var text = ""
        while let character = iterator.next() {
            switch character {
            case "\"":
                return text
            case "\\":
                guard let escaped = iterator.next(), escaped == "\"" || escaped == "\\" else {
                    throw ScenarioSyntaxError("expected \\\" or \\\\ after a backslash in quotes")
                }
                text.append(escaped)
            default:
                text.append(character)
            }
        }
        throw ScenarioSyntaxError("expected a closing quote")
    }
}
