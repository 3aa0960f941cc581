import LecternCore

/// A decoded picture in full-range YUV 4:2:0, tightly packed, owned by Swift: what the frame
/// code scales into, rotates, measures, tiles into a contact sheet and hands to the JPEG encoder.
struct YUVImage: Equatable {
    var width: Int
    var height: Int
    var y: [UInt8]
    var u: [UInt8]
    var v: [UInt8]

    var chromaWidth: Int { (width + 1) / 2 }
    var chromaHeight: Int { (height + 1) / 2 }

    /// A picture of one colour (the contact sheet's background).
    init(width: Int, height: Int, luma: UInt8 = 16, chroma: UInt8 = 128) {
        self.width = width
        self.height = height
        y = [UInt8](repeating: luma, count: width * height)
        u = [UInt8](repeating: chroma, count: ((width + 1) / 2) * ((height + 1) / 2))
        v = u
    }

    init(width: Int, height: Int, y: [UInt8], u: [UInt8], v: [UInt8]) {
        self.width = width
        self.height = height
        self.y = y
        self.u = u
        self.v = v
    }

    var lumaStats: LumaStats { LumaStats(luma: y, width: width, height: height) }
    var dHash: UInt64 { PerceptualHash.dHash(luma: y, width: width, height: height) }

    // MARK: - Rotation

    /// The picture turned as a viewer should see it, given ffprobe's rotation
    /// (counter-clockwise degrees of the display matrix: -90 means turn clockwise by 90).
    func rotated(byDisplayMatrix degrees: Int) -> YUVImage {
        // FFmpeg's autorotate: theta = -rotation, normalised into [0, 360).
        let theta = ((-degrees % 360) + 360) % 360
        switch theta {
        case 90: return transformed(clockwiseQuarterTurns: 1)
        case 180: return transformed(clockwiseQuarterTurns: 2)
        case 270: return transformed(clockwiseQuarterTurns: 3)
        default: return self
        }
    }

    func transformed(clockwiseQuarterTurns turns: Int) -> YUVImage {
        let (ny, nw, nh) = Self.rotate(y, width, height, turns)
        let (nu, _, _) = Self.rotate(u, chromaWidth, chromaHeight, turns)
        let (nv, _, _) = Self.rotate(v, chromaWidth, chromaHeight, turns)
        return YUVImage(width: nw, height: nh, y: ny, u: nu, v: nv)
    }

    static func rotate(_ plane: [UInt8], _ w: Int, _ h: Int, _ turns: Int) -> ([UInt8], Int, Int) {
        var out = [UInt8](repeating: 0, count: w * h)
        switch turns % 4 {
        case 1:  // clockwise: (x, y) -> (h-1-y, x), new width h
            for yy in 0..<h { for xx in 0..<w { out[xx * h + (h - 1 - yy)] = plane[yy * w + xx] } }
            return (out, h, w)
        case 2:
            for i in 0..<(w * h) { out[w * h - 1 - i] = plane[i] }
            return (out, w, h)
        case 3:  // counter-clockwise: (x, y) -> (y, w-1-x)
            for yy in 0..<h { for xx in 0..<w { out[(w - 1 - xx) * h + yy] = plane[yy * w + xx] } }
            return (out, h, w)
        default:
            return (plane, w, h)
        }
    }

    // MARK: - Contact sheet

    /// Pastes `tile` with its top-left corner at (x, y); both even so chroma lines up.
    mutating func paste(_ tile: YUVImage, x: Int, y top: Int) {
        for row in 0..<tile.height where top + row < height {
            let n = min(tile.width, width - x)
            if n <= 0 { break }
            let dst = (top + row) * width + x
            y.replaceSubrange(dst..<(dst + n), with: tile.y[(row * tile.width)..<(row * tile.width + n)])
        }
        let cx = x / 2, cy = top / 2
        for row in 0..<tile.chromaHeight where cy + row < chromaHeight {
            let n = min(tile.chromaWidth, chromaWidth - cx)
            if n <= 0 { break }
            let dst = (cy + row) * chromaWidth + cx
            let src = row * tile.chromaWidth
            u.replaceSubrange(dst..<(dst + n), with: tile.u[src..<(src + n)])
            v.replaceSubrange(dst..<(dst + n), with: tile.v[src..<(src + n)])
        }
    }

    /// The tiles laid out in a grid of `columns`, separated and framed by `gap` pixels.
    static func contactSheet(_ tiles: [YUVImage], columns: Int, gap: Int = 4) -> YUVImage {
        let tw = tiles.map(\.width).max() ?? 2, th = tiles.map(\.height).max() ?? 2
        let cols = max(1, min(columns, tiles.count)), rows = (tiles.count + cols - 1) / cols
        let even = { (n: Int) in n + (n & 1) }
        var sheet = YUVImage(width: even(cols * tw + (cols + 1) * gap), height: even(rows * th + (rows + 1) * gap))
        for (i, tile) in tiles.enumerated() {
            let x = gap + (i % cols) * (tw + gap), y = gap + (i / cols) * (th + gap)
            sheet.paste(tile, x: x & ~1, y: y & ~1)
        }
        return sheet
    }
}
