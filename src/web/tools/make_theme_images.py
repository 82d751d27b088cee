#!/usr/bin/env python3
# Draws the themes' logo.png and favicon.png (web/themes/<theme>/) with signed distances; stdlib only.
#
# Run from anywhere: python3 src/web/tools/make_theme_images.py
# The mark is a small federation graph (one hub, three linked nodes) on a rounded tile; the logo adds
# the word "dexcc" drawn from strokes, so no font is needed and the output is the same everywhere.
import math
import os
import struct
import zlib

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "web", "themes"))

THEMES = {
    "light": {"tile": (52, 87, 213), "tile2": (86, 118, 234), "text": (28, 35, 48)},
    "dark": {"tile": (91, 124, 250), "tile2": (124, 152, 255), "text": (229, 233, 240)},
}


# --- signed distance functions (negative inside) ---

def capsule(px, py, ax, ay, bx, by, r):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy) - r


def disc(px, py, cx, cy, r):
    return math.hypot(px - cx, py - cy) - r


def rounded_box(px, py, x0, y0, x1, y1, r):
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    hx, hy = (x1 - x0) / 2 - r, (y1 - y0) / 2 - r
    qx, qy = abs(px - cx) - hx, abs(py - cy) - hy
    return math.hypot(max(qx, 0.0), max(qy, 0.0)) + min(max(qx, qy), 0.0) - r


def arc(px, py, cx, cy, r, width, start, end):
    """A stroked circular arc covering angles start..end (degrees, y down), with round caps."""
    a = math.degrees(math.atan2(py - cy, px - cx)) % 360
    s, e = start % 360, end % 360
    within = (s <= a <= e) if s <= e else (a >= s or a <= e)
    if within:
        return abs(math.hypot(px - cx, py - cy) - r) - width / 2
    caps = []
    for ang in (start, end):
        rad = math.radians(ang)
        caps.append(math.hypot(px - cx - r * math.cos(rad), py - cy - r * math.sin(rad)))
    return min(caps) - width / 2


def coverage(d):
    return max(0.0, min(1.0, 0.5 - d))


# --- shapes ---

def mark_tile(x0, y0, size):
    return lambda px, py: rounded_box(px, py, x0, y0, x0 + size, y0 + size, size * 0.24)


def mark_graph(x0, y0, size):
    s = size / 80.0
    cx, cy = x0 + 40 * s, y0 + 42 * s
    nodes = [(cx + 23 * s * math.cos(math.radians(a)), cy + 23 * s * math.sin(math.radians(a))) for a in (-90, 30, 150)]

    def d(px, py):
        best = disc(px, py, cx, cy, 9.5 * s)
        for nx, ny in nodes:
            best = min(best, disc(px, py, nx, ny, 7.5 * s), capsule(px, py, cx, cy, nx, ny, 2.6 * s))
        return best

    return d


def wordmark(x0, baseline):
    sw, r = 9.0, 15.5
    mid = baseline - 20.0
    shapes = []
    # d: a bowl and a tall stem
    cx = x0 + 20
    shapes.append(lambda px, py, cx=cx: arc(px, py, cx, mid, r, sw, 0, 359.9))
    shapes.append(lambda px, py, cx=cx: capsule(px, py, cx + r, baseline - 60 + 4.5, cx + r, baseline - 4.5, sw / 2))
    # e: a bowl open at the lower right, and its bar
    cx = x0 + 70
    shapes.append(lambda px, py, cx=cx: arc(px, py, cx, mid, r, sw, 42, 360))
    shapes.append(lambda px, py, cx=cx: capsule(px, py, cx - r, mid, cx + r, mid, sw / 2))
    # x
    xl = x0 + 104.5
    shapes.append(lambda px, py: capsule(px, py, xl, baseline - 35.5, xl + 30, baseline - 4.5, sw / 2))
    shapes.append(lambda px, py: capsule(px, py, xl + 30, baseline - 35.5, xl, baseline - 4.5, sw / 2))
    # c, c: bowls open to the right
    for cx in (x0 + 169, x0 + 219):
        shapes.append(lambda px, py, cx=cx: arc(px, py, cx, mid, r, sw, 48, 312))
    return lambda px, py: min(f(px, py) for f in shapes)


# --- raster and PNG ---

def blend(dst, color, alpha):
    if alpha <= 0:
        return dst
    r, g, b, a = dst
    out_a = alpha + a * (1 - alpha)
    mix = lambda c, d: (c * alpha + d * a * (1 - alpha)) / out_a
    return (mix(color[0], r), mix(color[1], g), mix(color[2], b), out_a)


def render(width, height, layers):
    rows = []
    for y in range(height):
        row = bytearray([0])  # PNG filter type 0
        for x in range(width):
            px, py = x + 0.5, y + 0.5
            pixel = (0.0, 0.0, 0.0, 0.0)
            for shape, color, clip in layers:
                a = coverage(shape(px, py))
                if clip is not None:
                    a *= coverage(clip(px, py))
                col = color(px, py) if callable(color) else color
                pixel = blend(pixel, col, a)
            row += bytes([round(pixel[0]), round(pixel[1]), round(pixel[2]), round(pixel[3] * 255)])
        rows.append(bytes(row))
    return b"".join(rows)


def png(width, height, raw):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def tile_color(theme, y0, size):
    top, bottom = THEMES[theme]["tile2"], THEMES[theme]["tile"]

    def color(px, py):
        t = max(0.0, min(1.0, (py - y0) / size))
        return tuple(top[i] + (bottom[i] - top[i]) * t for i in range(3))

    return color


def mark_layers(theme, x0, y0, size):
    tile = mark_tile(x0, y0, size)
    return [(tile, tile_color(theme, y0, size), None), (mark_graph(x0, y0, size), (255, 255, 255), tile)]


def write(path, width, height, layers):
    with open(path, "wb") as f:
        f.write(png(width, height, render(width, height, layers)))
    print(f"{path}: {os.path.getsize(path)} bytes")


def main():
    for theme, colors in THEMES.items():
        folder = os.path.join(ROOT, theme)
        os.makedirs(folder, exist_ok=True)
        # The logo is drawn at twice its CSS size (44px high) for sharp high-density screens.
        layers = mark_layers(theme, 4, 4, 80) + [(wordmark(104, 70), colors["text"], None)]
        write(os.path.join(folder, "logo.png"), 352, 88, layers)
        write(os.path.join(folder, "favicon.png"), 64, 64, mark_layers(theme, 0, 0, 64))


if __name__ == "__main__":
    main()
