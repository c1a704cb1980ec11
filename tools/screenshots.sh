#!/usr/bin/env bash
# Captures the explorer's main screens into docs/screenshots/ for the documentation.
#
# Builds nothing: compile first (mvn -B -o -q compile). Asks Maven for the runtime class path, then
# starts the explorer under Xvfb with -Dcomprehendo.screenshot=<dir>; the app drives itself through
# its screens (ScreenshotDirector), snapshots each with scene.snapshot and exits.
#
# Model and images: assets/demo (model.pt + images/) when it exists, else the test model
# src/test/resources/captum-ref/tinycnn.pt with a sidecar and generated images in cat/ and dog/ label
# folders (plus one corrupt file, so the dataset summary lists an unreadable file).
#
# Screens: dataset.png, dataset-gallery-running.png (a gallery that lasts over a second), dataset-gallery.png, dataset-gallery-settings.png, dataset-confused.png (labelled
# folders only), explorer.png, explorer-signed.png, comparison.png, comparison-classes.png, empty.png, error.png.
#
# Usage: tools/screenshots.sh [output-dir]      (needs xvfb-run, xauth, libgtk-3-0, python3)
#        SCREEN=1078x737x24 tools/screenshots.sh DIR   a 1024×700 window (the app takes 95% of the screen)
#        JAVA_OPTS=-Dcomprehendo.screenshot.gallery-method=ig tools/screenshots.sh DIR   the gallery with IG,
#          long enough on the demo for dataset-gallery-running.png (its time left)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mkdir -p "${1:-$ROOT/docs/screenshots}" && cd "${1:-$ROOT/docs/screenshots}" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"

[ -d target/classes/com/comprehendo/ui ] || { echo "compile first: mvn -B -o -q compile" >&2; exit 1; }
mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$WORK/classpath" -Dmdep.includeScope=runtime
CLASSPATH_ALL="$ROOT/target/classes:$(cat "$WORK/classpath")"

if [ -f assets/demo/model.pt ] && [ -d assets/demo/images ]; then
  MODEL="$ROOT/assets/demo/model.pt"
  IMAGES="$ROOT/assets/demo/images"
else
  MODEL="$WORK/demo/tinycnn.pt"
  IMAGES="$WORK/demo/images"
  mkdir -p "$WORK/demo"
  cp src/test/resources/captum-ref/tinycnn.pt "$MODEL"
  cat > "$WORK/demo/tinycnn.json" <<'JSON'
{"classes":["cat","dog"],"input_size":[64,64],"resize":"squish","mean":[0.5,0.5,0.5],"std":[0.25,0.25,0.25],"output":"logits"}
JSON
  # Synthetic pictures (a soft background with a few shapes), written with the standard library only.
  python3 - "$IMAGES" <<'PY'
import math, os, random, struct, sys, zlib

def png(path, w, h, pixel):
    rows = bytearray()
    for y in range(h):
        rows.append(0)
        for x in range(w):
            rows.extend(pixel(x, y))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))

root = sys.argv[1]
rng = random.Random(7)
for label, hue in (("cat", (230, 150, 60)), ("dog", (70, 120, 210))):
    os.makedirs(os.path.join(root, label), exist_ok=True)
    for i in range(1, 16):
        w = h = 192
        shapes = [(rng.uniform(40, 150), rng.uniform(40, 150), rng.uniform(18, 42), rng.random() < 0.5) for _ in range(3)]
        top = [rng.randint(150, 230) for _ in range(3)]
        def pixel(x, y, shapes=shapes, top=top, hue=hue):
            t = y / h
            c = [int(top[k] * (1 - t) + 40 * t) for k in range(3)]
            for cx, cy, r, square in shapes:
                inside = max(abs(x - cx), abs(y - cy)) < r if square else math.hypot(x - cx, y - cy) < r
                if inside:
                    shade = 0.6 + 0.4 * math.cos((x + y) / 9.0)
                    c = [int(hue[k] * shade) for k in range(3)]
            return bytes(max(0, min(255, v)) for v in c)
        png(os.path.join(root, label, f"{label}_{i:02d}.png"), w, h, pixel)
PY
  printf 'not really a JPEG' > "$IMAGES/dog/snapshot_corrupt.jpg"
fi

run_app() {
  # Fresh preferences per run (no recent files from elsewhere); software rendering under Xvfb.
  xvfb-run -a -s "-screen 0 ${SCREEN:-1600x1000x24}" java -cp "$CLASSPATH_ALL" \
    -Djava.util.prefs.userRoot="$WORK/prefs" -Dprism.order=sw -Dcomprehendo.screenshot="$OUT" \
    -Dcomprehendo.demo.dir="$WORK/no-demo" -Dai.djl.pytorch.num_threads=2 ${JAVA_OPTS:-} \
    com.comprehendo.Launcher "$@"
}

echo "explorer on $MODEL and $IMAGES"
run_app "$MODEL" "$IMAGES"
echo "empty window"
rm -rf "$WORK/prefs"
run_app
echo "a file that is not a model"
echo "this is not a TorchScript file" > "$WORK/bad.pt"
run_app "$WORK/bad.pt"
ls -l "$OUT"
