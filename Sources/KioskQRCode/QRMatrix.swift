/// The module grid while a QR symbol is being built: which modules are dark, and which belong
/// to function patterns (finders, timing, alignment, format and version areas) that masks skip.
struct QRMatrix {
    let version: Int
    let size: Int
    var modules: [Bool]
    private var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        self.size = version * 4 + 17
        self.modules = [Bool](repeating: false, count: size * size)
        self.isFunction = [Bool](repeating: false, count: size * size)
    }

    private mutating func setFunction(x: Int, y: Int, dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    mutating func drawFunctionPatterns() {
        for index in 0..<size {
            setFunction(x: 6, y: index, dark: index % 2 == 0)
            setFunction(x: index, y: 6, dark: index % 2 == 0)
        }
        drawFinder(centerX: 3, centerY: 3)
        drawFinder(centerX: size - 4, centerY: 3)
        drawFinder(centerX: 3, centerY: size - 4)
        let positions = QRTables.alignmentPositions(version: version)
        let last = positions.count - 1
        for (row, centerY) in positions.enumerated() {
            for (column, centerX) in positions.enumerated() {
                let overlapsFinder = (row == 0 && column == 0) || (row == 0 && column == last)
                    || (row == last && column == 0)
                if !overlapsFinder {
                    drawAlignment(centerX: centerX, centerY: centerY)
                }
            }
        }
        // Reserve the format areas now so codewords flow around them; real bits come after masking.
        drawFormatBits(level: .medium, mask: 0)
        drawVersionBits()
    }

    private mutating func drawFinder(centerX: Int, centerY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centerX + dx
                let y = centerY + dy
                guard x >= 0, x < size, y >= 0, y < size else { continue }
                let distance = max(abs(dx), abs(dy))
                setFunction(x: x, y: y, dark: distance != 2 && distance != 4)
            }
        }
    }

    private mutating func drawAlignment(centerX: Int, centerY: Int) {
        for dy in -2...2 {
            for dx in -2...2 {
                setFunction(x: centerX + dx, y: centerY + dy, dark: max(abs(dx), abs(dy)) != 1)
            }
        }
    }

    /// The 15 format bits (level, mask, BCH(15,5) remainder, XOR 0x5412), drawn twice.
    mutating func drawFormatBits(level: QRErrorCorrection, mask: Int) {
        let data = level.formatBits << 3 | mask
        var remainder = data
        for _ in 0..<10 {
            remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537)
        }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        for index in 0...5 {
            setFunction(x: 8, y: index, dark: bit(index))
        }
        setFunction(x: 8, y: 7, dark: bit(6))
        setFunction(x: 8, y: 8, dark: bit(7))
        setFunction(x: 7, y: 8, dark: bit(8))
        for index in 9..<15 {
            setFunction(x: 14 - index, y: 8, dark: bit(index))
        }
        for index in 0..<8 {
            setFunction(x: size - 1 - index, y: 8, dark: bit(index))
        }
        for index in 8..<15 {
            setFunction(x: 8, y: size - 15 + index, dark: bit(index))
        }
        setFunction(x: 8, y: size - 8, dark: true)
    }

    /// The 18 version bits (BCH(18,6)) of versions 7 and up, next to two finders.
    private mutating func drawVersionBits() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 {
            remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25)
        }
        let bits = version << 12 | remainder
        for index in 0..<18 {
            let dark = (bits >> index) & 1 == 1
            let a = size - 11 + index % 3
            let b = index / 3
            setFunction(x: a, y: b, dark: dark)
            setFunction(x: b, y: a, dark: dark)
        }
    }

    /// Places codeword bits in the two-column zigzag from the bottom-right corner.
    mutating func drawCodewords(_ codewords: [UInt8]) {
        var bitIndex = 0
        let totalBits = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 {
                right = 5
            }
            for vertical in 0..<size {
                for offset in 0..<2 {
                    let x = right - offset
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    if !isFunction[y * size + x] && bitIndex < totalBits {
                        let byte = codewords[bitIndex >> 3]
                        modules[y * size + x] = (byte >> UInt8(7 - (bitIndex & 7))) & 1 == 1
                        bitIndex += 1
                    }
                }
            }
            right -= 2
        }
    }

    /// XORs mask pattern `mask` over every non-function module.
    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                let invert: Bool
                switch mask {
                case 0: invert = (x + y) % 2 == 0
                case 1: invert = y % 2 == 0
                case 2: invert = x % 3 == 0
                case 3: invert = (x + y) % 3 == 0
                case 4: invert = (x / 3 + y / 2) % 2 == 0
                case 5: invert = x * y % 2 + x * y % 3 == 0
                case 6: invert = (x * y % 2 + x * y % 3) % 2 == 0
                default: invert = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if invert {
                    modules[y * size + x].toggle()
                }
            }
        }
    }

    /// The four penalty rules of ISO/IEC 18004 §7.8.3: runs, 2×2 blocks, finder look-alikes, balance.
    func penaltyScore() -> Int {
        var penalty = 0
        for line in 0..<size {
            penalty += linePenalty { modules[line * size + $0] }
            penalty += linePenalty { modules[$0 * size + line] }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let color = modules[y * size + x]
                if color == modules[y * size + x + 1] && color == modules[(y + 1) * size + x]
                    && color == modules[(y + 1) * size + x + 1] {
                    penalty += 3
                }
            }
        }
        let dark = modules.reduce(0) { $0 + ($1 ? 1 : 0) }
        let total = size * size
        penalty += ((abs(dark * 20 - total * 10) + total - 1) / total - 1) * 10
        return penalty
    }

    private static let finderLikePatterns: [[Bool]] = [
        [true, false, true, true, true, false, true, false, false, false, false],
        [false, false, false, false, true, false, true, true, true, false, true],
    ]

    /// Rule 1 (runs of five or more) and rule 3 (1:1:3:1:1 with four light modules) along one line.
    private func linePenalty(_ module: (Int) -> Bool) -> Int {
        var penalty = 0
        var runColor = module(0)
        var runLength = 1
        for index in 1..<size {
            if module(index) == runColor {
                runLength += 1
                if runLength == 5 {
                    penalty += 3
                } else if runLength > 5 {
                    penalty += 1
                }
            } else {
                runColor = module(index)
                runLength = 1
            }
        }
        for start in 0...(size - 11) {
            for pattern in Self.finderLikePatterns
            where (0..<11).allSatisfy({ module(start + $0) == pattern[$0] }) {
                penalty += 40
            }
        }
        return penalty
    }
}
