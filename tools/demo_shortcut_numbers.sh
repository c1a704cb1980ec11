#!/usr/bin/env bash
# The demo's shortcut in numbers, for docs/metrics.md and docs/dataset-explain.md (not part of CI):
#  1. Deletion AUC (comprehendo evaluate's defaults) of IG, Occlusion, Grad-CAM and random maps on the 7 marked
#     non-star images the model calls "star" (assets/demo/README.md), target = the prediction (star).
#     Random: 10 uniform maps per image (numpy, seeds 0..9), their mean AUC.
#  2. Where those 7 come in the explain results ordered by energy_in_box ascending ("looks outside the object").
# Needs target/comprehendo.jar and python3 with numpy. Writes only under a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-target/comprehendo.jar}
MODEL=assets/demo/model.pt
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
FOOLED="cross/img_0261.png triangle/img_0062.png triangle/img_0093.png triangle/img_0128.png triangle/img_0142.png triangle/img_0216.png triangle/img_0296.png"
run() { java -jar "$JAR" "$@" 2>/dev/null; }
auc() { run evaluate --model "$MODEL" --input "$1" --attr "$2" --metric deletion | python3 -c 'import json,sys; print(json.load(sys.stdin)["auc"])'; }

echo "| image | IG (50 steps) | Occlusion (3,6,6)/3 | Grad-CAM (block4) | random (mean of 10) |"
echo "|---|---|---|---|---|"
for f in $FOOLED; do
  img=assets/demo/images/$f
  run attribute --model "$MODEL" --input "$img" --method ig --out "$T/ig.npy" >/dev/null
  run attribute --model "$MODEL" --input "$img" --method occlusion --sliding-window-shapes 3,6,6 --strides 3 --out "$T/occ.npy" >/dev/null
  run attribute --model "$MODEL" --input "$img" --method grad-cam --out "$T/cam.npy" >/dev/null
  random=0
  for seed in 0 1 2 3 4 5 6 7 8 9; do
    python3 -c "import numpy as np; np.save('$T/rnd.npy', np.random.default_rng($seed).random((1, 3, 64, 64), dtype=np.float32))"
    random=$(python3 -c "print($random + $(auc "$img" "$T/rnd.npy") / 10)")
  done
  printf '| `%s` | %.3f | %.3f | %.3f | %.3f |\n' "$f" "$(auc "$img" "$T/ig.npy")" "$(auc "$img" "$T/occ.npy")" \
    "$(auc "$img" "$T/cam.npy")" "$random"
done

echo
for method in grad-cam saliency; do
  run explain --model "$MODEL" --data assets/demo/images --boxes assets/demo/ground-truth.csv --method "$method" \
    --out "$T/results-$method" >/dev/null
  python3 - "$T/results-$method/index.csv" "$method" "$FOOLED" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["energy_in_box"]]
rows.sort(key=lambda r: float(r["energy_in_box"]))
fooled = sys.argv[3].split()
ranks = [i + 1 for i, r in enumerate(rows) if r["path"] in fooled]
print(f"{sys.argv[2]}: the 7 fooled images rank {ranks} of {len(rows)} by energy_in_box ascending; "
      f"{sum(r <= 20 for r in ranks)} in the first 20, {sum(r <= 40 for r in ranks)} in the first 40")
PY
done
