/// A record of an RFC 4180 CSV file: its raw field bytes and the line it starts on (1-based).
struct CSVRecord {
    let line: Int
    let fields: [[UInt8]]
}

/// A small RFC 4180 reader over bytes: quoted fields with doubled quotes, commas and line breaks
/// inside quotes, LF or CRLF line ends. Fields stay bytes so invalid UTF-8 can be reported per line.
enum CSVReader {
    enum Failure: Error, Equatable {
        /// A quoted field that is never closed, starting on `line`.
        case unterminatedQuote(line: Int)
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Splits `bytes` into records; a leading UTF-8 byte-order mark is skipped and blank lines are dropped.
    static func records(_ bytes: [UInt8]) throws(Failure) -> [CSVRecord] {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var records: [CSVRecord] = []
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var fieldWasQuoted = false

        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields = []
            field = []
            fieldWasQuoted = false
        }

        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inQuotes {
                if byte == quote {
                    if index < bytes.count, bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == newline { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
            case comma:
                fields.append(field)
                field = []
                fieldWasQuoted = false
            case carriageReturn where index < bytes.count && bytes[index] == newline:
                break
            case newline:
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(byte)
            }
        }
        if inQuotes { throw .unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}
