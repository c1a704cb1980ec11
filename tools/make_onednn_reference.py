"""Writes src/test/resources/onednn/: a small CNN with 12-channel convolutions, an input, and Captum's
IntegratedGradients on it (16 steps, riemann_trapezoid, target 0), for OneDnnKernelsTest.

libtorch 2.7.1's oneDNN returns wrong input gradients on AVX-512/AVX2 CPUs for convolutions whose channel
counts are not multiples of its blocks; Comprehendo then limits oneDNN to SSE4.1 (model.ConvolutionKernels).
Run with Debian's torch 1.13 and Captum's source:

    PYTHONPATH=/path/to/captum /usr/bin/python3 tools/make_onednn_reference.py
"""
import json
import pathlib

import numpy as np
import torch
from captum.attr import IntegratedGradients

OUT = pathlib.Path(__file__).resolve().parent.parent / "src/test/resources/onednn"
OUT.mkdir(parents=True, exist_ok=True)
torch.manual_seed(1)
x = torch.rand(1, 3, 32, 32)
torch.manual_seed(12)
channels = 12
model = torch.nn.Sequential(
    torch.nn.Conv2d(3, channels, 3, padding=1), torch.nn.ReLU(), torch.nn.Conv2d(channels, channels, 3, padding=1),
    torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(channels, 2)).eval()
traced = torch.jit.trace(model, x)
traced.save(str(OUT / "twelve-channels.pt"))
(OUT / "twelve-channels.json").write_text(json.dumps(
    {"classes": ["a", "b"], "input_size": [32, 32], "resize": "squish", "mean": [0, 0, 0], "std": [1, 1, 1],
     "output": "logits"}))
np.save(OUT / "input.npy", x.numpy())
ig = IntegratedGradients(traced).attribute(x, target=0, n_steps=16, method="riemann_trapezoid")
np.save(OUT / "captum-ig16-trapezoid.npy", ig.detach().numpy())
print("wrote", OUT)
