#!/usr/bin/env python3
"""Generates the tiny image fixtures under src/test/resources/images/ (run once; the outputs are committed).

Needs Pillow (with WebP) and NumPy. Everything is deterministic, so re-running rewrites identical files
except where an encoder version changes its bytes. The reference/ images are Pillow's own results for
the operations the Java code reproduces (resize, fastai crop/pad, "L" conversion, exif_transpose) and are
compared pixel-for-pixel by the tests.

    python3 src/test/scripts/make_image_fixtures.py
"""
import io
import os
import struct
import zlib

import numpy as np
from PIL import Image, ImageOps

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "images")
REF = os.path.join(OUT, "reference")
os.makedirs(REF, exist_ok=True)

RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)
W, H = 32, 16  # wider than tall, so a rotation is visible in the size too


def path(name):
    return os.path.join(OUT, name)


def quadrants(tl=RED, tr=GREEN, bl=BLUE, br=WHITE, mode="RGB"):
    """Top-left red, top-right green, bottom-left blue, bottom-right white: every flip/rotation differs."""
    a = np.zeros((H, W, len(tl)), dtype=np.uint8)
    a[: H // 2, : W // 2] = tl
    a[: H // 2, W // 2 :] = tr
    a[H // 2 :, : W // 2] = bl
    a[H // 2 :, W // 2 :] = br
    return Image.fromarray(a[:, :, 0] if mode == "L" else a).convert(mode)


def exif_with_orientation(value):
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def raw_png(width, height, bit_depth, colour_type, rows, extra_chunks=()):
    """A PNG written by hand (Pillow cannot write 16-bit RGB, nor a header-only 'bomb')."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    body = chunk(b"IHDR", ihdr)
    for kind, data in extra_chunks:
        body += chunk(kind, data)
    if rows is not None:
        body += chunk(b"IDAT", zlib.compress(b"".join(b"\x00" + r for r in rows)))
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IEND", b"")


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


base = quadrants()

# --- colour models ------------------------------------------------------------------------------
base.save(path("rgb.png"))
quadrants((10,), (100,), (200,), (255,), mode="L").save(path("gray.png"))
palette = base.convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
# Index of red made fully transparent: converting to RGB must still give red (Pillow drops alpha).
red_index = palette.getpixel((0, 0))
palette.save(path("palette.png"), transparency=red_index)
rgba = np.array(base.convert("RGBA"))
rgba[: H // 2, : W // 2, 3] = 0  # transparent red
rgba[: H // 2, W // 2 :, 3] = 128  # half-transparent green
Image.fromarray(rgba).save(path("rgba.png"))
quadrants((10, 0), (100, 64), (200, 128), (255, 255), mode="LA").save(path("gray_alpha.png"))

# 16 bits per channel: 0x80FF has high byte 128 but rounds to 129 when scaled, so the tests can tell.
rgb16 = np.zeros((H, W, 3), dtype=">u2")
rgb16[: H // 2, : W // 2] = (0x80FF, 0x12FF, 0xFFFF)
rgb16[: H // 2, W // 2 :] = (0x0000, 0xFFFF, 0x0000)
rgb16[H // 2 :, : W // 2] = (0x0000, 0x0000, 0xFFFF)
rgb16[H // 2 :, W // 2 :] = (0xFFFF, 0xFFFF, 0xFFFF)
write("rgb16.png", raw_png(W, H, 16, 2, [rgb16[y].tobytes() for y in range(H)]))
assert Image.open(path("rgb16.png")).convert("RGB").getpixel((0, 0)) == (128, 18, 255)
gray16 = np.zeros((H, W), dtype=">u2")
gray16[: H // 2, : W // 2] = 0x80FF
gray16[: H // 2, W // 2 :] = 0x1234
gray16[H // 2 :, :] = 0xFFFF
write("gray16.png", raw_png(W, H, 16, 0, [gray16[y].tobytes() for y in range(H)]))

# --- formats ------------------------------------------------------------------------------------
base.save(path("rgb.jpg"), quality=95, subsampling=0)
base.save(path("rgb.bmp"))
base.save(path("rgb.gif"))
base.save(path("lossless.webp"), lossless=True)
base.save(path("lossy.webp"), quality=90)
base.save(path("rgb.tif"), compression="tiff_lzw")
base.convert("CMYK").save(path("cmyk.jpg"), quality=95)

# --- EXIF orientation ---------------------------------------------------------------------------
# Where the four colours end up after ImageOps.exif_transpose (TL, TR, BL, BR); the Java test holds
# the same table, and this checks it against Pillow.
EXPECTED = {
    1: (RED, GREEN, BLUE, WHITE),
    2: (GREEN, RED, WHITE, BLUE),
    3: (WHITE, BLUE, GREEN, RED),
    4: (BLUE, WHITE, RED, GREEN),
    5: (RED, BLUE, GREEN, WHITE),
    6: (BLUE, RED, WHITE, GREEN),
    7: (WHITE, GREEN, BLUE, RED),
    8: (GREEN, WHITE, RED, BLUE),
}
for orientation, corners in EXPECTED.items():
    name = f"orientation{orientation}.png"
    base.save(path(name), exif=exif_with_orientation(orientation))
    upright = ImageOps.exif_transpose(Image.open(path(name))).convert("RGB")
    w, h = upright.size
    got = tuple(upright.getpixel(p) for p in [(1, 1), (w - 2, 1), (1, h - 2), (w - 2, h - 2)])
    assert got == corners, (orientation, got)
for orientation in (3, 6, 8):
    base.save(path(f"orientation{orientation}.jpg"), quality=95, subsampling=0,
              exif=exif_with_orientation(orientation))
base.save(path("orientation6.tif"), tiffinfo={0x0112: 6})
base.save(path("orientation6.webp"), lossless=True, exif=exif_with_orientation(6))

# --- files that must be refused -----------------------------------------------------------------
write("empty.jpg", b"")
write("text.jpg", b"This is not a JPEG, just some text that happens to have the wrong name.\n")
png_bytes = open(path("rgb.png"), "rb").read()
write("truncated.png", png_bytes[: len(png_bytes) * 2 // 3])
noise_rng = np.random.default_rng(7)
noisy = Image.fromarray(noise_rng.integers(0, 256, (64, 64, 3), dtype=np.uint8))
jpeg = io.BytesIO()
noisy.save(jpeg, "JPEG", quality=90)
write("truncated.jpg", jpeg.getvalue()[: len(jpeg.getvalue()) // 2])
# A valid header declaring 50000 x 50000 pixels with no pixel data at all.
write("huge.png", raw_png(50000, 50000, 8, 2, None))

# --- resize references (Pillow's BILINEAR, and fastai's crop/pad geometry) ----------------------
rng = np.random.default_rng(42)
noise = Image.fromarray(rng.integers(0, 256, (29, 41, 3), dtype=np.uint8))
noise.save(path("noise.png"))


def fastai_resize(img, size, method):
    """fastai.vision.augment.Resize (validation: pcts 0.5) with pad_mode zeros, written out with PIL."""
    tw, th = size
    w, h = img.size
    if method == "squish":
        return img.resize((tw, th), Image.BILINEAR)
    lt = (lambda a, b: a < b) if method == "crop" else (lambda a, b: a > b)
    m = w / tw if lt(w / tw, h / th) else h / th
    cw, ch = int(m * tw), int(m * th)
    left, top = int(0.5 * (w - cw)), int(0.5 * (h - ch))
    if left >= 0 or top >= 0 or left + cw <= w or top + ch <= h:
        img = img.crop((max(left, 0), max(top, 0), min(left + cw, w), min(top + ch, h)))
    if left < 0 or top < 0 or left + cw >= w or top + ch >= h:
        pl, pt = max(-left, 0), max(-top, 0)
        pr, pb = max(cw - w + left, 0), max(ch - h + top, 0)
        padded = Image.new(img.mode, (img.size[0] + pl + pr, img.size[1] + pt + pb))
        padded.paste(img, (pl, pt))
        img = padded
    return img.resize((tw, th), Image.BILINEAR)


CASES = [
    ("squish", 10, 7),
    ("squish", 50, 40),  # upscaling
    ("squish", 41, 12),  # only one axis changes
    ("crop", 10, 10),
    ("crop", 12, 4),
    ("crop", 64, 64),
    ("pad", 10, 10),
    ("pad", 6, 12),
    ("pad", 64, 48),
]
for method, tw, th in CASES:
    fastai_resize(noise, (tw, th), method).save(os.path.join(REF, f"noise_{method}_{tw}x{th}.png"))
fastai_resize(noise.convert("L"), (10, 7), "squish").save(os.path.join(REF, "noise_gray_squish_10x7.png"))
fastai_resize(noise.convert("L"), (10, 10), "pad").save(os.path.join(REF, "noise_gray_pad_10x10.png"))

for name in sorted(os.listdir(OUT)) + ["reference/" + n for n in sorted(os.listdir(REF))]:
    full = os.path.join(OUT, name)
    if os.path.isfile(full):
        assert os.path.getsize(full) < 20_000, name
print("fixtures written to", os.path.abspath(OUT))
