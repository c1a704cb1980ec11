"""Gives the demo model (assets/demo/model.pt) a split for layer methods, with identical predictions.

Comprehendo's layer methods (Grad-CAM, Layer IG, ...) need the model to export features(x) (the layer's
output) and head(f) (the rest), with head(features(x)) == forward(x) (README: "Split models for layer
methods"). The demo net is features (4 conv-BN-ReLU blocks) -> global average pool -> linear head; the
split is after the last block (96 channels, 8x8 for the 64x64 input). make_demo.py traces the split
directly; this script converts an already traced demo model without retraining:

    /usr/bin/python3 tools/split_demo_model.py assets/demo/model.pt

It writes the file in place only after checking that the split model's outputs equal the original's on
the demo images' tensor shape (max difference printed), and adds "layers" to the sidecar.
"""
import json
import os
import sys

import torch
from torch import nn

LAYER_NAME = "block4"


class SplitDemoNet(nn.Module):
    """The demo net's parts under names that leave `features` and `head` free for the methods."""

    def __init__(self, net):
        super().__init__()
        self.body = net.features
        self.pool = net.pool
        self.classifier = net.head

    def features(self, x):
        return self.body(x)

    def head(self, f):
        return self.classifier(torch.flatten(self.pool(f), 1))

    def forward(self, x):
        return self.head(self.features(x))


def trace_split(net, input_size):
    """The TorchScript module of `net` (eager or traced) with forward, features and head."""
    split = SplitDemoNet(net).eval()
    x = torch.zeros(1, 3, input_size, input_size)
    with torch.no_grad():
        f = split.features(x)
        return torch.jit.trace_module(split, {"forward": x, "features": x, "head": f})


def main(path):
    sidecar_path = os.path.splitext(path)[0] + ".json"
    with open(sidecar_path) as f:
        sidecar = json.load(f)
    size = sidecar["input_size"][0]
    original = torch.jit.load(path).eval()
    if hasattr(original, "features") and not isinstance(getattr(original, "features"), torch.nn.Module):
        print(f"{path} already has a split")
        return
    split = trace_split(original, size)
    torch.manual_seed(0)
    probe = torch.randn(16, 3, size, size)
    with torch.no_grad():
        difference = float((split(probe) - original(probe)).abs().max())
        head_of_features = float((split.head(split.features(probe)) - original(probe)).abs().max())
    if difference > 0 or head_of_features > 1e-5:
        raise SystemExit(f"split differs from the original: {difference} / {head_of_features}")
    split.save(path)
    sidecar["layers"] = {"features": LAYER_NAME}
    with open(sidecar_path, "w") as f:
        json.dump(sidecar, f, indent=2)
        f.write("\n")
    print(f"{path}: split after {LAYER_NAME}; forward identical (max |diff| {difference}), "
          f"head(features(x)) within {head_of_features:.1e}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "assets/demo/model.pt")
