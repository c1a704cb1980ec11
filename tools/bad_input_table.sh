#!/usr/bin/env bash
# Runs Comprehendo's command line on bad inputs and prints a Markdown table of what each gets: the exit
# status and the one line it prints. docs/bad-input.md is this script's output (regenerate it after
# changing a message). Needs target/comprehendo.jar (./mvnw -B package -DskipTests) and python3 with numpy
# for the crafted .npy files; it writes only under a temporary folder.
#
#   tools/bad_input_table.sh > docs/bad-input.md
set -u
cd "$(dirname "$0")/.."
JAR=${JAR:-target/comprehendo.jar}
MODEL=assets/demo/model.pt
IMAGE=$(find assets/demo/images -name '*.png' | sort | head -1)
BAD=src/test/resources/bad-input
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

python3 - "$T" <<'EOF'
import sys, numpy as np
t = sys.argv[1]
x = np.zeros((1, 3, 64, 64), np.float32); x[0, 1, 2, 5] = np.nan; np.save(t + "/nan-input.npy", x)
b = np.zeros((3, 64, 64), np.float32); b[0, 0, 0] = np.inf; np.save(t + "/inf-baseline.npy", b)
np.save(t + "/wrong-shape.npy", np.zeros((5, 5), np.float32))
np.save(t + "/ones8.npy", np.ones((1, 3, 8, 8), np.float32))
EOF
printf 'not a model' > "$T/text.pt"
printf 'not a png' > "$T/broken.png"
mkfifo "$T/fifo"
ln -s "$T/target.npy" "$T/link.npy"
mkdir -p "$T/folder.npy"
cp "$MODEL" "$T/huge.pt" && cp "$BAD/sidecar/input-size-huge.json" "$T/huge.json"
cp "$MODEL" "$T/nan-mean.pt" && printf '{"classes":["circle","cross","star"],"input_size":64,"mean":[NaN,0,0],"std":[1,1,1]}' > "$T/nan-mean.json"

run() { # description, then the arguments
  local what=$1; shift
  local err status
  java -jar "$JAR" "$@" >/dev/null 2>"$T/stderr" </dev/null
  status=$?
  err=$(grep -v -e 'NNPACK' -e ': note: ' "$T/stderr" | head -1)
  err=${err//|/\\|}
  err=${err//$T/\$TMP}
  printf '| %s | `%s` | %s | %s |\n' "$what" "$(echo "$*" | sed "s#$T#\$TMP#g")" "$status" "$err"
}

A=(attribute --model "$MODEL" --input "$IMAGE")
echo '# What each bad input gets'
echo
echo 'Made by `tools/bad_input_table.sh` (it runs each case and records what the command printed; regenerate'
echo 'it after changing a message). Exit 2: the command line is wrong; exit 1: a file or the model cannot be'
echo 'used. Never a stack trace (the trace, if any, goes to the debug log: `-Dorg.slf4j.simpleLogger.defaultLogLevel=debug`),'
echo 'and nothing is left at the output path after a refusal.'
echo
echo '| case | command | exit | what it prints (first line) |'
echo '|---|---|---|---|'
run 'misspelt subcommand' atribute --model "$MODEL"
run 'unknown method' "${A[@]}" --out "$T/a.npy" --method igg
run 'n_steps 0' "${A[@]}" --out "$T/a.npy" --method ig --n-steps 0
run 'n_steps −1' "${A[@]}" --out "$T/a.npy" --method ig --n-steps -1
run 'n_steps 2^31' "${A[@]}" --out "$T/a.npy" --method ig --n-steps 2147483648
run 'n_steps above the bound' "${A[@]}" --out "$T/a.npy" --method ig --n-steps 2147483647
run 'NaN baseline' "${A[@]}" --out "$T/a.npy" --method ig --baselines NaN
run 'blur σ absurd' "${A[@]}" --out "$T/a.npy" --method ig --baselines blur:1e9
run 'baseline .npy with Infinity' "${A[@]}" --out "$T/a.npy" --method ig --baselines "$T/inf-baseline.npy"
run 'input .npy with NaN' attribute --model "$MODEL" --input "$T/nan-input.npy" --method saliency --out "$T/a.npy"
run 'input .npy of the wrong rank' attribute --model "$MODEL" --input "$T/wrong-shape.npy" --method saliency --out "$T/a.npy"
run 'unreadable image' attribute --model "$MODEL" --input "$T/broken.png" --method saliency --out "$T/a.npy"
run 'target out of range' "${A[@]}" --out "$T/a.npy" --method saliency --target 7
run 'target not a number' "${A[@]}" --out "$T/a.npy" --method saliency --target cat
run 'model that is text' attribute --model "$T/text.pt" --input "$IMAGE" --method saliency --out "$T/a.npy"
run 'model: a state dict' attribute --model "$BAD/model/state-dict.pt" --input "$IMAGE" --method saliency --out "$T/a.npy"
run 'model: a tuple output' attribute --model "$BAD/model/tuple-output.pt" --input "$T/ones8.npy" --method saliency --out "$T/a.npy"
run 'model: raises' attribute --model "$BAD/model/raises.pt" --input "$T/ones8.npy" --method saliency --out "$T/a.npy"
run 'model: detaches its input' attribute --model "$BAD/model/detaches-input.pt" --input "$T/ones8.npy" --method saliency --out "$T/a.npy"
run 'model: NaN outputs' attribute --model "$BAD/model/nan-output.pt" --input "$T/ones8.npy" --method saliency --out "$T/a.npy"
run 'sidecar input_size huge' attribute --model "$T/huge.pt" --input "$IMAGE" --method saliency --out "$T/a.npy"
run 'sidecar mean NaN' attribute --model "$T/nan-mean.pt" --input "$IMAGE" --method saliency --out "$T/a.npy"
run '--out a FIFO' "${A[@]}" --method saliency --out "$T/fifo"
run '--out a symbolic link' "${A[@]}" --method saliency --out "$T/link.npy"
run '--out a folder' "${A[@]}" --method saliency --out "$T/folder.npy"
run '--out a device' "${A[@]}" --method saliency --out /dev/null
run '--out equal to --input' attribute --model "$MODEL" --input "$T/ones8.npy" --method saliency --out "$T/ones8.npy"
run 'memory budget NaN' "${A[@]}" --out "$T/a.npy" --method saliency --memory-budget NaN
run 'memory budget −1' "${A[@]}" --out "$T/a.npy" --method saliency --memory-budget -1
run 'device unknown' "${A[@]}" --out "$T/a.npy" --method saliency --device tpu
run 'predict --batch-size 0' predict --model "$MODEL" --data assets/demo/images --out "$T/p.csv" --batch-size 0
run 'predict --data not a folder' predict --model "$MODEL" --data "$IMAGE" --out "$T/p.csv"
run 'render --scale 0' render --image "$IMAGE" --attr "$T/ones8.npy" --out "$T/r.png" --scale 0
run 'render --size absurd' render --image "$IMAGE" --attr "$T/ones8.npy" --out "$T/r.png" --size 100000x100000
run 'bench --input-shape absurd' bench --model "$MODEL" --input-shape 1,3,100000,100000
run 'explain --limit −1' explain --model "$MODEL" --data assets/demo/images --method saliency --out "$T/results" --limit -1
run 'evaluate --step 0' evaluate --model "$MODEL" --input "$IMAGE" --attr "$T/ones8.npy" --metric deletion --step 0
