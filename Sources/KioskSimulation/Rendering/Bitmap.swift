/// An 8-bit grayscale picture, 0 = black, 255 = white, rows top to bottom.
public struct Bitmap: Sendable, Equatable {
    public let width: Int
    public private(set) var height: Int
    /// `width × height` gray levels, row-major.
    public private(set) var pixels: [UInt8]

    /// A white bitmap.
    public init(width: Int, height: Int = 0) {
        self.width = width
        self.height = height
        self.pixels = [UInt8](repeating: 255, count: width * height)
    }

    /// Adds `count` white rows at the bottom; returns the index of the first one.
    @discardableResult
    public mutating func appendWhiteRows(_ count: Int) -> Int {
        let first = height
        pixels += [UInt8](repeating: 255, count: width * max(0, count))
        height += max(0, count)
        return first
    }

    /// Blackens one pixel; pixels outside the bitmap are ignored (content wider than the paper is cut off).
    public mutating func setBlack(x: Int, y: Int) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        pixels[y * width + x] = 0
    }

    /// Blackens a rectangle, clipped to the bitmap.
    public mutating func fillBlack(x: Int, y: Int, width rectangleWidth: Int, height rectangleHeight: Int) {
        for row in max(0, y)..<min(height, y + rectangleHeight) {
            for column in max(0, x)..<max(max(0, x), min(width, x + rectangleWidth)) {
                pixels[row * width + column] = 0
            }
        }
    }

    /// Whether the pixel is black (darker than mid-gray).
    public func isBlack(x: Int, y: Int) -> Bool {
        pixels[y * width + x] < 128
    }

    /// Black pixels inside a rectangle (clipped), for checking that something was drawn.
    public func blackPixelCount(x: Int = 0, y: Int = 0, width rectangleWidth: Int? = nil, height rectangleHeight: Int? = nil) -> Int {
        let right = min(width, x + (rectangleWidth ?? width))
        let bottom = min(height, y + (rectangleHeight ?? height))
        var count = 0
        for row in max(0, y)..<max(max(0, y), bottom) {
            for column in max(0, x)..<max(max(0, x), right) where pixels[row * width + column] < 128 {
                count += 1
            }
        }
        return count
    }
}
