#!/usr/bin/python3
"""Trace a randomly initialised torchvision ResNet-34 for Comprehendo's benchmarks.

Writes a TorchScript model (torch.jit.trace in eval mode, input 1x3x224x224 float32, output 1000
logits) and its sidecar json (classes "class_0".."class_999", 224x224, squish, ImageNet mean/std)
next to it. The weights are random (seeded, so reruns give the same model): this is a realistic
workload for timing, not a useful classifier, and it needs no download.

Usage (from the repository root; needs Debian's python3-torch and python3-torchvision):

    /usr/bin/python3 tools/make_resnet34.py                      # -> target/bench/resnet34.pt + .json
    /usr/bin/python3 tools/make_resnet34.py --out /tmp/r34.pt

Generated when needed, never committed (target/ is git-ignored). Not part of CI.
"""

import argparse
import json
import os
import sys

IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def sidecar_path(model_path):
    root, ext = os.path.splitext(model_path)
    return (root if ext == ".pt" else model_path) + ".json"


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description="Trace a seeded random ResNet-34 (1x3x224x224) plus sidecar json.")
    ap.add_argument("--out", default=os.path.join(repo, "target", "bench", "resnet34.pt"),
                    help="model path (default target/bench/resnet34.pt); the sidecar gets the same name with .json")
    ap.add_argument("--seed", type=int, default=34)
    args = ap.parse_args()

    import torch
    import torchvision

    torch.manual_seed(args.seed)
    model = torchvision.models.resnet34(num_classes=1000)  # random weights: no download
    model.eval()
    example = torch.rand(1, 3, 224, 224, generator=torch.Generator().manual_seed(args.seed))
    example = (example - torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)) / torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    with torch.no_grad():
        traced = torch.jit.trace(model, example)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    traced.save(args.out)
    meta = {"classes": [f"class_{i}" for i in range(1000)], "input_size": [224, 224], "resize": "squish",
            "mean": IMAGENET_MEAN, "std": IMAGENET_STD, "output": "logits"}
    with open(sidecar_path(args.out), "w") as f:
        json.dump(meta, f)
        f.write("\n")

    loaded = torch.jit.load(args.out)
    loaded.eval()
    with torch.no_grad():
        diff = float((loaded(example) - model(example)).abs().max())
    if diff > 1e-4:
        raise RuntimeError(f"traced output differs from eager by {diff}")
    print(f"wrote {args.out} ({os.path.getsize(args.out) / 1e6:.1f} MB) and {sidecar_path(args.out)}; "
          f"max |traced - eager| = {diff:.1e}")


if __name__ == "__main__":
    sys.exit(main())
