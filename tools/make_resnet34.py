#!/usr/bin/python3
"""Trace a randomly initialised torchvision ResNet-34 for Comprehendo's benchmarks.

Writes a TorchScript model (torch.jit.trace in eval mode, input 1x3x224x224 float32, output 1000
logits) and its sidecar json (classes "class_0".."class_999", 224x224, squish, ImageNet mean/std)
next to it. The weights are random (seeded, so reruns give the same model): this is a realistic
workload for timing, not a useful classifier, and it needs no download.

Usage (from the repository root; needs Debian's python3-torch and python3-torchvision):

    /usr/bin/python3 tools/make_resnet34.py                      # -> target/bench/resnet34.pt + .json
    /usr/bin/python3 tools/make_resnet34.py --out /tmp/r34.pt
    /usr/bin/python3 tools/make_resnet34.py --images 200          # also target/bench/images/*.jpg

The images (for `bench --dataset`) are seeded photo-like JPEGs of 500x375, the typical ImageNet
size, so that decoding and resizing cost what they cost on real photos.

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
    ap.add_argument("--images", type=int, default=0,
                    help="also write this many 500x375 JPEGs to an 'images' folder beside the model")
    args = ap.parse_args()
    if args.images:
        write_images(os.path.join(os.path.dirname(os.path.abspath(args.out)), "images"), args.images, args.seed)

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


def write_images(folder, count, seed):
    """Smooth colour fields with shapes and sensor-like noise: JPEG-compressible like photos."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    rng = np.random.default_rng(seed)
    os.makedirs(folder, exist_ok=True)
    height, width = 375, 500
    yy, xx = np.mgrid[0:height, 0:width] / max(height, width)
    for i in range(count):
        base = np.zeros((height, width, 3))
        for c in range(3):
            a, b, phase = rng.uniform(-1, 1, 3)
            base[..., c] = 0.5 + 0.35 * np.sin(3 * a * xx + 3 * b * yy + 6 * phase)
        image = Image.fromarray((np.clip(base, 0, 1) * 255).astype(np.uint8))
        draw = ImageDraw.Draw(image)
        for _ in range(6):
            x0, y0 = rng.integers(0, width - 40), rng.integers(0, height - 40)
            x1, y1 = x0 + rng.integers(30, 200), y0 + rng.integers(30, 150)
            draw.ellipse([x0, y0, x1, y1], fill=tuple(int(v) for v in rng.integers(0, 256, 3)))
        image = image.filter(ImageFilter.GaussianBlur(1.5))
        noisy = np.asarray(image, dtype=np.float64) + rng.normal(0, 6, (height, width, 3))
        Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(
            os.path.join(folder, f"photo_{i:04d}.jpg"), quality=90)
    print(f"wrote {count} JPEGs of {width}x{height} to {folder}")


if __name__ == "__main__":
    sys.exit(main())
