/// Image measures on an 8-bit luma plane, free of FFmpeg so they can be tested on plain arrays.
public enum PerceptualHash {
    /// The 64-bit difference hash: the plane averaged down to 9×8 cells, one bit per pair of
    /// horizontal neighbours (1 when the left cell is brighter). Robust to scaling and
    /// re-encoding; a uniform picture hashes to 0.
    public static func dHash(luma: [UInt8], width: Int, height: Int, stride: Int? = nil) -> UInt64 {
        let cells = areaAverage(luma: luma, width: width, height: height, stride: stride ?? width, columns: 9, rows: 8)
        var hash: UInt64 = 0
        for row in 0..<8 {
            for col in 0..<8 {
                hash <<= 1
                if cells[row * 9 + col] > cells[row * 9 + col + 1] { hash |= 1 }
            }
        }
        return hash
    }

    /// Mean of the plane averaged into `columns`×`rows` cells (each pixel counted in the cell
    /// its centre falls in).
    static func areaAverage(luma: [UInt8], width: Int, height: Int, stride: Int, columns: Int, rows: Int) -> [Double] {
        var sums = [Double](repeating: 0, count: columns * rows)
        var counts = [Int](repeating: 0, count: columns * rows)
        guard width > 0, height > 0 else { return sums }
        for y in 0..<height {
            let row = min(rows - 1, y * rows / height)
            for x in 0..<width {
                let col = min(columns - 1, x * columns / width)
                sums[row * columns + col] += Double(luma[y * stride + x])
                counts[row * columns + col] += 1
            }
        }
        // A picture smaller than the grid leaves cells empty: give them their left neighbour's value.
        for i in sums.indices {
            if counts[i] > 0 { sums[i] /= Double(counts[i]) } else if i > 0 { sums[i] = sums[i - 1] }
        }
        return sums
    }

    /// The per-pixel median of equally sized planes: what a video's pictures share (a slide
    /// template's header, footer and colours; a studio's wall).
    public static func median(_ planes: [[UInt8]]) -> [UInt8] {
        guard let first = planes.first else { return [] }
        return (0..<first.count).map { i in
            let values = planes.map { $0[i] }.sorted()
            return values[values.count / 2]
        }
    }

    /// The plane flipped left to right.
    public static func flipped(_ luma: [UInt8], width: Int, height: Int) -> [UInt8] {
        (0..<(width * height)).map { i in luma[i / width * width + width - 1 - i % width] }
    }

    /// Hamming distance between two hashes.
    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }
}

/// How much a picture shows: brightness, contrast and edges of its luma plane.
public struct LumaStats: Codable, Sendable, Equatable {
    /// Mean luma, 0–255 (full range).
    public var mean: Double
    /// Standard deviation of luma: near 0 for a uniform picture.
    public var spread: Double
    /// Mean absolute difference between horizontal and vertical neighbours: fine detail.
    public var detail: Double

    public init(mean: Double, spread: Double, detail: Double) {
        self.mean = mean
        self.spread = spread
        self.detail = detail
    }

    public init(luma: [UInt8], width: Int, height: Int, stride: Int? = nil) {
        let stride = stride ?? width
        var sum = 0.0, sumSquares = 0.0, edges = 0.0, edgeCount = 0
        for y in 0..<height {
            let base = y * stride
            for x in 0..<width {
                let v = Double(luma[base + x])
                sum += v
                sumSquares += v * v
                if x + 1 < width { edges += abs(v - Double(luma[base + x + 1])); edgeCount += 1 }
                if y + 1 < height { edges += abs(v - Double(luma[base + stride + x])); edgeCount += 1 }
            }
        }
        let n = Double(max(1, width * height))
        mean = sum / n
        spread = (max(0, sumSquares / n - mean * mean)).squareRoot()
        detail = edgeCount > 0 ? edges / Double(edgeCount) : 0
    }

    /// For the fingerprint's small area-averaged picture (32×32): uniform, black or white. A
    /// text slide averaged that small keeps a spread of 8–10 (its lines), more than a fade's.
    public var isUniform: Bool {
        if spread < 5 { return true }
        if mean < 28 && spread < 12 { return true }
        if mean > 235 && spread < 12 { return true }
        return false
    }

    /// Black, blank or near-uniform: no use as a poster, and its hash proves nothing.
    /// A picture whose luma barely varies, or a very dark one with little contrast (a fade,
    /// a black card with a small logo).
    public var isBlank: Bool {
        if spread < 10 { return true }
        if mean < 28 && spread < 22 { return true }
        if mean > 235 && spread < 22 { return true }
        return false
    }
}
