"""Time Captum and Comprehendo alternately on the same model and input: paired ratios per method.

This machine's speed drifts by 10-20 % within minutes, so only measurements taken side by side compare.
For every round and method, Captum runs, then Comprehendo (A B A B ...; the order flips every round so
neither always follows the other), each in a fresh process, each timing the method alone with one forward
pass of the input (Comprehendo's `attribute` predicts the class first; Captum's side does the same pass).
The paired ratio of a round is Comprehendo's seconds / Captum's; the report gives medians of both and the
median paired ratio, and the 1-minute load average before each run (other work on the machine shows there).

    /usr/bin/python3 tools/make_resnet34.py                      # target/bench/resnet34.pt
    ./mvnw -B -q package -DskipTests                             # target/comprehendo.jar
    PYTHONPATH=/path/to/captum /usr/bin/python3 tools/captum_pairs.py --rounds 3 --out captum-timings.json
    java -jar target/comprehendo.jar bench --model target/bench/resnet34.pt --captum-timings captum-timings.json

Settings are bench's (`comprehendo bench`) for each method, at Captum's best-tuned batch options where
Captum has them (its defaults put all 200 IG steps in one 6.9 GB batch): IG 200 steps with
internal_batch_size 25, Occlusion (C,15,15)/(C,8,8) with perturbations_per_eval 16, NoiseTunnel smoothgrad
over IG (50 steps, 10 samples, internal_batch_size 25), GradientSHAP with 5 samples over the black, mean
and white images, Saliency (abs); Grad-CAM and Layer IG (50 steps) on the same network split at layer4
(--layer-model). Target 0, 2 threads and the same OpenMP wait policy on both sides. Not part of the build
or of CI.
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
METHODS = ["ig", "occlusion", "saliency", "noise-tunnel", "gradient-shap", "grad-cam", "layer-ig"]
# Need a split model (features/head, tools/export_for_comprehendo.py --split-at layer4): --layer-model.
LAYER_METHODS = {"grad-cam", "layer-ig"}


def captum_settings(method, options):
    return {
        "ig": f"IntegratedGradients n_steps=200 internal_batch_size={options.ig_batch}",
        "occlusion": f"Occlusion (C,15,15)/(C,8,8) perturbations_per_eval={options.occlusion_per_eval}",
        "saliency": "Saliency abs=True",
        "noise-tunnel": f"NoiseTunnel(IG n_steps=50 internal_batch_size={options.ig_batch}) smoothgrad nt_samples=10",
        "gradient-shap": "GradientShap n_samples=5 over black, mean, white",
        "grad-cam": "LayerGradCam on the split's layer (features), relu_attributions=False, no interpolation",
        "layer-ig": f"LayerIntegratedGradients on the split's layer, n_steps=50, internal_batch_size={options.ig_batch}",
    }[method]


def comprehendo_arguments(method, channels, files):
    return {
        "ig": ["--method", "ig", "--n-steps", "200"],
        "occlusion": ["--method", "occlusion", "--sliding-window-shapes", f"{channels},15,15",
                      "--strides", f"{channels},8,8"],
        "saliency": ["--method", "saliency"],
        "noise-tunnel": ["--method", "noise-tunnel", "--nt-inner", "ig", "--nt-samples", "10"],
        "gradient-shap": ["--method", "gradient-shap", "--baselines", "black-mean-white"],
        "grad-cam": ["--method", "grad-cam"],
        "layer-ig": ["--method", "layer-ig", "--n-steps", "50"],
    }[method]


def split_module(model):
    """The split TorchScript model as a Python module whose layer Captum can hook: forward is
    head(features(x)), with features a submodule of its own (hooks on the scripted module itself are not
    supported). Captum's layer classes then run features and head as they would any network."""
    import torch

    class Features(torch.nn.Module):
        def __init__(self):
            super().__init__()

        def forward(self, x):
            return model.features(x)

    class Split(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.features = Features()

        def forward(self, x):
            return model.head(self.features(x))

    return Split().eval()


def child(options):
    """Runs one Captum method in this process and prints its seconds (the --captum-child side)."""
    import numpy as np
    import torch
    from captum.attr import GradientShap, IntegratedGradients, LayerGradCam, LayerIntegratedGradients, NoiseTunnel
    from captum.attr import Occlusion, Saliency

    torch.set_num_threads(options.threads)
    model = torch.jit.load(options.model).eval()
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    x = torch.from_numpy(np.load(options.input))
    channels = x.shape[1]
    spec = json.loads(pathlib.Path(options.model).with_suffix(".json").read_text())
    mean = torch.tensor(spec["mean"]).reshape(1, -1, 1, 1)
    std = torch.tensor(spec["std"]).reshape(1, -1, 1, 1)
    black = ((0 - mean) / std).expand_as(x)
    white = ((1 - mean) / std).expand_as(x)
    distribution = torch.cat([black, torch.zeros_like(x), white])
    start = time.perf_counter()
    with torch.no_grad():
        model(x)  # as Comprehendo's attribute predicts first
    method = options.captum_child
    if method == "ig":
        result = IntegratedGradients(model).attribute(x, target=0, n_steps=200, internal_batch_size=options.ig_batch)
    elif method == "occlusion":
        with torch.no_grad():
            result = Occlusion(model).attribute(
                x, sliding_window_shapes=(channels, 15, 15), strides=(channels, 8, 8), target=0,
                perturbations_per_eval=options.occlusion_per_eval)
    elif method == "saliency":
        result = Saliency(model).attribute(x, target=0, abs=True)
    elif method == "noise-tunnel":
        result = NoiseTunnel(IntegratedGradients(model)).attribute(
            x, nt_type="smoothgrad", nt_samples=10, target=0, n_steps=50, internal_batch_size=options.ig_batch)
    elif method == "gradient-shap":
        result = GradientShap(model).attribute(x, baselines=distribution, n_samples=5, target=0)
    elif method == "grad-cam":
        split = split_module(model)
        result = LayerGradCam(split, split.features).attribute(x, target=0)
    elif method == "layer-ig":
        split = split_module(model)
        result = LayerIntegratedGradients(split, split.features).attribute(
            x, target=0, n_steps=50, internal_batch_size=options.ig_batch)
    else:
        raise SystemExit(f"unknown method {method}")
    result.detach().numpy()
    print(json.dumps({"seconds": time.perf_counter() - start}))


def load():
    return os.getloadavg()[0]


def model_for(options, method):
    return options.layer_model if method in LAYER_METHODS else options.model


def run_captum(options, method, input_file):
    command = [sys.executable, __file__, "--captum-child", method, "--model", model_for(options, method),
               "--input", input_file,
               "--threads", str(options.threads), "--ig-batch", str(options.ig_batch),
               "--occlusion-per-eval", str(options.occlusion_per_eval)]
    out = subprocess.run(command, check=True, capture_output=True, text=True,
                         env=dict(os.environ, OMP_NUM_THREADS=str(options.threads),
                                  OMP_WAIT_POLICY=options.omp_wait_policy)).stdout
    return json.loads(out.strip().splitlines()[-1])["seconds"]


def run_comprehendo(options, method, input_file, channels, work):
    command = ["java", f"-Dai.djl.pytorch.num_threads={options.threads}", "-Dai.djl.offline=true", "-jar", options.jar,
               "attribute", "--model", model_for(options, method), "--input", input_file, "--target", "0",
               "--out", str(pathlib.Path(work) / f"{method}.npy")] + comprehendo_arguments(method, channels, work)
    out = subprocess.run(command, check=True, capture_output=True, text=True,
                         env=dict(os.environ, OPT_OUT_TRACKING="true", DJL_OFFLINE="true",
                                  OMP_WAIT_POLICY=options.omp_wait_policy)).stdout
    return json.loads(out.strip().splitlines()[-1])["seconds"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(ROOT / "target/bench/resnet34.pt"))
    parser.add_argument("--layer-model", default=str(ROOT / "target/bench/resnet34-layer4.pt"),
                        help="the same network split at a layer, for grad-cam and layer-ig "
                             "(tools/export_for_comprehendo.py --torchvision resnet34 --split-at layer4)")
    parser.add_argument("--jar", default=str(ROOT / "target/comprehendo.jar"))
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--ig-batch", type=int, default=25, help="Captum's internal_batch_size for IG (default 25)")
    parser.add_argument("--occlusion-per-eval", type=int, default=16, help="Captum's perturbations_per_eval (16)")
    parser.add_argument("--omp-wait-policy", default="PASSIVE", choices=["PASSIVE", "ACTIVE"],
                        help="OpenMP's wait policy on both sides (default PASSIVE, Comprehendo's own default: "
                             "spinning threads slow both sides down several times on a busy machine)")
    parser.add_argument("--out", help="write the timings here as JSON (what bench --captum-timings reads)")
    parser.add_argument("--captum-child", help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.captum_child:
        child(options)
        return
    import numpy as np

    if options.rounds < 1 or options.threads < 1:
        parser.error("--rounds and --threads must be at least 1")
    methods = [m.strip() for m in options.methods.split(",")]
    for method in methods:
        if method not in METHODS:
            parser.error(f"unknown method {method} (allowed: {', '.join(METHODS)})")
    spec = json.loads(pathlib.Path(options.model).with_suffix(".json").read_text())
    height, width = spec["input_size"]
    channels = len(spec["mean"])
    report = {"model": options.model, "threads": options.threads, "rounds": options.rounds,
              "input": f"1x{channels}x{height}x{width} standard normal, seed 2017", "target": 0,
              "started": time.strftime("%Y-%m-%d %H:%M:%S"), "methods": {}}
    with tempfile.TemporaryDirectory() as work:
        input_file = str(pathlib.Path(work) / "input.npy")
        rng = np.random.default_rng(2017)
        np.save(input_file, rng.standard_normal((1, channels, height, width)).astype(np.float32))
        for method in methods:
            entry = {"captum_settings": captum_settings(method, options),
                     "comprehendo_arguments": " ".join(comprehendo_arguments(method, channels, work)),
                     "captum_seconds": [], "comprehendo_seconds": [], "paired_ratios": [], "load_before": []}
            for round_ in range(options.rounds):
                order = ["captum", "comprehendo"] if round_ % 2 == 0 else ["comprehendo", "captum"]
                seconds = {}
                for side in order:
                    entry["load_before"].append(round(load(), 2))
                    seconds[side] = (run_captum(options, method, input_file) if side == "captum"
                                     else run_comprehendo(options, method, input_file, channels, work))
                entry["captum_seconds"].append(seconds["captum"])
                entry["comprehendo_seconds"].append(seconds["comprehendo"])
                entry["paired_ratios"].append(seconds["comprehendo"] / seconds["captum"])
                print(f"{method} round {round_ + 1}: Captum {seconds['captum']:.2f} s, Comprehendo "
                      f"{seconds['comprehendo']:.2f} s, ratio {entry['paired_ratios'][-1]:.2f} "
                      f"(load {entry['load_before'][-2]:.2f}, {entry['load_before'][-1]:.2f})", flush=True)
            entry["captum_median"] = statistics.median(entry["captum_seconds"])
            entry["comprehendo_median"] = statistics.median(entry["comprehendo_seconds"])
            entry["paired_ratio"] = statistics.median(entry["paired_ratios"])
            report["methods"][method] = entry
    report["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    print("\n| method | Captum s (median) | Comprehendo s (median) | paired ratio (median) | load |")
    print("|---|---:|---:|---:|---|")
    for method, entry in report["methods"].items():
        print(f"| {method} | {entry['captum_median']:.2f} | {entry['comprehendo_median']:.2f} | "
              f"{entry['paired_ratio']:.2f} | {min(entry['load_before']):.1f}–{max(entry['load_before']):.1f} |")
    if options.out:
        pathlib.Path(options.out).write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
