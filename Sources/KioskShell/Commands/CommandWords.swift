/// Splits a command line into words: runs of spaces separate words, double quotes keep spaces.
public enum CommandWords {
    /// The words of `line`, or nil when a quote is left open.
    public static func split(_ line: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quoted = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
                inWord = true
            } else if character == " " && !quoted {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        guard !quoted else { return nil }
        if inWord { words.append(current) }
        return words
    }
}
