#!/usr/bin/env bash
# Renders assets/icons/comprehendo.svg to the PNG sizes, the Windows .ico and the macOS .icns.
# Needs rsvg-convert (Debian: librsvg2-bin) and python3; the results are committed, so builds don't.
set -euo pipefail
cd "$(dirname "$0")/../../assets/icons"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for size in 16 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" comprehendo.svg -o "comprehendo-$size.png"
done
rsvg-convert -w 1024 -h 1024 comprehendo.svg -o "$tmp/comprehendo-1024.png"
python3 - "$tmp/comprehendo-1024.png" <<'PY'
import struct, sys

def png(size):
    path = sys.argv[1] if size == 1024 else f"comprehendo-{size}.png"
    with open(path, "rb") as f:
        return f.read()

# Windows .ico: PNG-compressed entries (Vista and later), 256 px is stored as size byte 0.
sizes = [16, 32, 48, 64, 128, 256]
images = [png(s) for s in sizes]
header = struct.pack("<HHH", 0, 1, len(sizes))
offset = 6 + 16 * len(sizes)
entries = b""
for s, data in zip(sizes, images):
    entries += struct.pack("<BBBBHHII", s % 256, s % 256, 0, 0, 1, 32, len(data), offset)
    offset += len(data)
with open("comprehendo.ico", "wb") as f:
    f.write(header + entries + b"".join(images))

# macOS .icns: PNG entries (10.7 and later).
types = [(b"icp4", 16), (b"icp5", 32), (b"ic11", 32), (b"icp6", 64), (b"ic12", 64), (b"ic07", 128),
         (b"ic08", 256), (b"ic13", 256), (b"ic09", 512), (b"ic14", 512), (b"ic10", 1024)]
body = b"".join(t + struct.pack(">I", 8 + len(png(s))) + png(s) for t, s in types)
with open("comprehendo.icns", "wb") as f:
    f.write(b"icns" + struct.pack(">I", 8 + len(body)) + body)
PY
ls -l
