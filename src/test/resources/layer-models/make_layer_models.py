"""Makes the split TorchScript models of this folder (run with Debian's torch: /usr/bin/python3 make_layer_models.py).

Each has forward(x), features(x) and head(f) (some several layers), input 1x3x8x8, two classes:
- linear-head.pt: features(x) = x, head(f) = W · mean_hw(f) with W known, so Grad-CAM and Layer IG
  have closed forms (LayerMethodsTest);
- two-layers.pt: features/head and features_early/head_early, named by its sidecar;
- bad splits that must be refused on load: features returning a tuple, features returning a flat
  2-D tensor, and a head that does not continue the features (head(features(x)) != forward(x)).
"""
import json

import torch
from torch import nn

x = torch.rand(1, 3, 8, 8)
W = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])


class LinearHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2, bias=False)
        with torch.no_grad():
            self.fc.weight.copy_(W)

    def features(self, x):
        return x * 1.0

    def head(self, f):
        return self.fc(f.mean(dim=(2, 3)))

    def forward(self, x):
        return self.head(self.features(x))


class TwoLayers(nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(1)
        self.conv1 = nn.Conv2d(3, 4, 3, padding=1)
        self.conv2 = nn.Conv2d(4, 5, 3, padding=1)
        self.fc = nn.Linear(5, 2)

    def features_early(self, x):
        return torch.relu(self.conv1(x))

    def head_early(self, f):
        return self.head(self.features_from_early(f))

    def features_from_early(self, f):
        return torch.relu(self.conv2(f))

    def features(self, x):
        return self.features_from_early(self.features_early(x))

    def head(self, f):
        return self.fc(f.mean(dim=(2, 3)))

    def forward(self, x):
        return self.head(self.features(x))


class TupleFeatures(LinearHead):
    def features(self, x):
        return x * 1.0, x * 2.0

    def head(self, f):
        return self.fc(f.mean(dim=(2, 3)))

    def forward(self, x):
        return self.head(x * 1.0)


class FlatFeatures(LinearHead):
    def features(self, x):
        return x.mean(dim=(2, 3))

    def head(self, f):
        return self.fc(f)

    def forward(self, x):
        return self.head(self.features(x))


class WrongHead(LinearHead):
    def head(self, f):
        return self.fc(f.mean(dim=(2, 3))) * 2.0

    def forward(self, x):
        return self.fc(self.features(x).mean(dim=(2, 3)))


def sidecar(name, extra=None):
    spec = {"classes": ["a", "b"], "input_size": 8, "mean": [0, 0, 0], "std": [1, 1, 1]}
    spec.update(extra or {})
    with open(name + ".json", "w") as out:
        json.dump(spec, out)


def save(module, name, methods, extra=None):
    module.eval()
    inputs = {"forward": x}
    for method, example in methods.items():
        inputs[method] = example
    torch.jit.trace_module(module, inputs).save(name + ".pt")
    sidecar(name, extra)


linear = LinearHead()
save(linear, "linear-head", {"features": x, "head": linear.features(x)})
two = TwoLayers()
save(two, "two-layers", {"features": x, "head": two.features(x), "features_early": x,
                         "head_early": two.features_early(x)},
     {"layers": {"features": "conv2", "features_early": "conv1"}})
tuple_features = TupleFeatures()
save(tuple_features, "split-tuple-features", {"features": x, "head": x})
flat = FlatFeatures()
save(flat, "split-flat-features", {"features": x, "head": flat.features(x)})
wrong = WrongHead()
save(wrong, "split-wrong-head", {"features": x, "head": wrong.features(x)})
