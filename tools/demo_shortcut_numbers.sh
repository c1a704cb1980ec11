#!/usr/bin/env bash
# The demo's shortcut in numbers, for docs/metrics.md and docs/dataset-explain.md (not part of CI):
#  1. Deletion AUC for "star" (comprehendo evaluate's defaults) of IG, Occlusion, Grad-CAM and random maps on
#     the marked images of other classes that Comprehendo predicts "star" (the 18 marked non-star images are
#     listed in assets/demo/README.md; which of them are called star is read from `comprehendo predict`).
#     Random: 10 uniform maps per image (numpy, seeds 0..9), their mean AUC.
#  2. Grad-CAM's ranks of those images by energy in box, lowest first (tools/rank_outside_box.py).
# Needs target/comprehendo.jar (do not rebuild it during the run) and python3 with numpy. Writes only under a
# temporary folder. About 5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-target/comprehendo.jar}
MODEL=assets/demo/model.pt
STAR=2  # the class index of "star" in assets/demo/model.json
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
MARKED="circle/img_0060.png circle/img_0130.png circle/img_0145.png circle/img_0150.png circle/img_0194.png
circle/img_0267.png cross/img_0001.png cross/img_0031.png cross/img_0205.png cross/img_0254.png cross/img_0261.png
cross/img_0303.png triangle/img_0062.png triangle/img_0093.png triangle/img_0128.png triangle/img_0142.png
triangle/img_0216.png triangle/img_0296.png"
run() { java -jar "$JAR" "$@" 2>/dev/null; }

run predict --model "$MODEL" --data assets/demo/images --out "$T/predictions.csv" >/dev/null
FOOLED=$(python3 - "$T/predictions.csv" $MARKED <<'PY'
import csv, sys
rows = {r["path"]: r for r in csv.DictReader(open(sys.argv[1]))}
print(" ".join(f for f in sys.argv[2:] if rows[f]["predicted"] == "star"))
PY
)
echo "marked images of other classes predicted star: $(wc -w <<< "$FOOLED") of 18"
echo

# The deletion AUC to 3 decimals, or "failed" (a failed run must not read as a number).
auc() {
  local out
  out=$(run evaluate --model "$MODEL" --input "$1" --attr "$2" --metric deletion --target "$STAR") || { echo failed; return; }
  python3 -c 'import json,sys; print(json.loads(sys.argv[1])["auc"])' "$out"
}
three() { python3 -c 'import sys; v = sys.argv[1]; print(v if v == "failed" else f"{float(v):.3f}")' "$1"; }

echo "| image | IG (50 steps) | Occlusion (3,6,6)/3 | Grad-CAM (block4) | random (mean of 10) |"
echo "|---|---|---|---|---|"
for f in $FOOLED; do
  img=assets/demo/images/$f
  run attribute --model "$MODEL" --input "$img" --target "$STAR" --method ig --out "$T/ig.npy" >/dev/null
  run attribute --model "$MODEL" --input "$img" --target "$STAR" --method occlusion --sliding-window-shapes 3,6,6 \
    --strides 3 --out "$T/occ.npy" >/dev/null
  run attribute --model "$MODEL" --input "$img" --target "$STAR" --method grad-cam --out "$T/cam.npy" >/dev/null
  random=0
  for seed in 0 1 2 3 4 5 6 7 8 9; do
    python3 -c "import numpy as np; np.save('$T/rnd.npy', np.random.default_rng($seed).random((1, 3, 64, 64), dtype=np.float32))"
    random=$(python3 -c "print($random + $(auc "$img" "$T/rnd.npy") / 10)")  # a failure stops the script here
  done
  printf '| `%s` | %s | %s | %s | %s |\n' "$f" "$(three "$(auc "$img" "$T/ig.npy")")" \
    "$(three "$(auc "$img" "$T/occ.npy")")" "$(three "$(auc "$img" "$T/cam.npy")")" "$(three "$random")"
done

echo
run explain --model "$MODEL" --data assets/demo/images --boxes assets/demo/ground-truth.csv --method grad-cam \
  --out "$T/results" >/dev/null
echo "Grad-CAM, all 320 images:"
python3 tools/rank_outside_box.py "$T/results/index.csv" $FOOLED | tail -2
echo "Grad-CAM, the mispredicted images:"
python3 tools/rank_outside_box.py --mispredicted "$T/results/index.csv" $FOOLED | tail -2
