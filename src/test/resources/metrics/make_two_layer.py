"""Makes two-layer.pt (and its sidecar): a traced two-layer perceptron for the sanity-check tests.

Input 1x3x4x4, Flatten -> Linear(48, 8) -> ReLU -> Linear(8, 2); parameters named 1.weight, 1.bias,
3.weight, 3.bias (two parameter groups: the hidden layer "1" and the head "3"). Seeded, so rerunning
gives the same file. Run with Debian's torch: /usr/bin/python3 make_two_layer.py
"""
import json

import torch

torch.manual_seed(18)
model = torch.nn.Sequential(
    torch.nn.Flatten(), torch.nn.Linear(48, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2)).eval()
traced = torch.jit.trace(model, torch.zeros(1, 3, 4, 4))
traced.save("two-layer.pt")
with open("two-layer.json", "w") as sidecar:
    json.dump({"input_size": [4, 4], "mean": [0, 0, 0], "std": [1, 1, 1], "output": "logits",
               "classes": ["a", "b"]}, sidecar, indent=2)
