"""Reference maps for Grad-CAM++, HiResCAM, LayerCAM and Score-CAM as pytorch-grad-cam computes them.

    /usr/bin/python3 tools/make_cam_reference.py                       # -> src/test/resources/cam-ref/
    /usr/bin/python3 tools/make_cam_reference.py --pytorch-grad-cam SRC  # also runs the library itself

Writes a small split TorchScript model (`camsplit.pt`: forward, features, head; input 1x3x13x11, a 16x7x6
layer after a stride-2 convolution, a nonlinear head, three classes), its sidecar, inputs, and for each
case the map pytorch-grad-cam draws before its display steps: the layer-resolution map
`np.maximum(cam, 0)` of `BaseCAM.compute_cam_per_layer` (ReLU, `relu_attributions` true) or the signed
`get_cam_image` output (false). pytorch-grad-cam then min-max scales each map to [0, 1] and resizes it
with OpenCV (`utils/image.py: scale_cam_image`); Comprehendo leaves both to the display, so they are not
part of the reference. The target is the raw class output (`utils/model_targets.py:
ClassifierOutputTarget`).

pytorch-grad-cam is not installable here (no PyPI), so its formulas are written out below in NumPy/torch,
each citing the file it follows (github.com/jacobgil/pytorch-grad-cam, checked at commit 084273b). With
`--pytorch-grad-cam SRC` (a checkout's root, the folder holding `pytorch_grad_cam/`) the library's own code
computes every case too (its `ActivationsAndGradients` hooks, `get_cam_image`, `get_cam_weights`), and
the script fails unless both agree within 1e-6 relative L2; OpenCV, ttach and scikit-learn, which those
code paths import but do not use, are stubbed.

Run with Debian's torch (1.13); the model loads in Comprehendo's libtorch 2.7.1. Not part of the build.

Why 16 channels: with a channel count that is not a multiple of 16, libtorch 2.7.1's oneDNN convolution
backward (taken for batches of two or more) returned wrong input gradients, some NaN, on this AVX-512
machine, and right ones with ONEDNN_MAX_CPU_ISA=SSE41; see tools/README.md.
"""
import argparse
import json
import pathlib
import sys
import types

import numpy as np
import torch
from torch import nn

ROOT = pathlib.Path(__file__).resolve().parent.parent
METHODS = ["grad-cam-plus-plus", "hires-cam", "layer-cam", "score-cam"]


class CamSplit(nn.Module):
    """features: stride-2 convolution + LeakyReLU (the layer, signed, so the signed maps differ from the ReLU ones);
    head: convolution, LeakyReLU, mean, linear."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(13)
        self.block = nn.Sequential(nn.Conv2d(3, 16, 3, stride=2, padding=1), nn.LeakyReLU(0.2))
        self.conv = nn.Conv2d(16, 16, 3, padding=1)
        self.fc = nn.Linear(16, 3)

    def features(self, x):
        return self.block(x)

    def head(self, f):
        return self.fc(nn.functional.leaky_relu(self.conv(f), 0.1).mean(dim=(2, 3)))

    def forward(self, x):
        return self.head(self.features(x))


def activations_and_gradients(model, x, targets):
    """The layer's output A and dA/dy_t summed over the batch, as ActivationsAndGradients records them
    (activations_and_gradients.py) after BaseCAM.forward's backward of sum(target(output)) (base_cam.py)."""
    activations = model.features(x).detach().requires_grad_(True)
    outputs = model.head(activations)
    loss = sum(outputs[n, t] for n, t in enumerate(targets))
    loss.backward()
    return activations.detach().numpy(), activations.grad.numpy()


def grad_cam_plus_plus(a, g):
    """grad_cam_plusplus.py: get_cam_weights (equation 19 of Chattopadhay et al. 2018), then
    base_cam.py: get_cam_image, the weighted activations summed over channels."""
    g2 = g ** 2
    g3 = g2 * g
    sum_activations = np.sum(a, axis=(2, 3))
    aij = g2 / (2 * g2 + sum_activations[:, :, None, None] * g3 + 0.000001)
    aij = np.where(g != 0, aij, 0)
    weights = np.sum(np.maximum(g, 0) * aij, axis=(2, 3))
    return (weights[:, :, None, None] * a).sum(axis=1)


def hires_cam(a, g):
    """hirescam.py: get_cam_image, (grads * activations).sum(axis=1)."""
    return (g * a).sum(axis=1)


def layer_cam(a, g):
    """layer_cam.py: get_cam_image, (np.maximum(grads, 0) * activations).sum(axis=1)."""
    return (np.maximum(g, 0) * a).sum(axis=1)


def score_cam(model, x, a, targets, batch_size=16):
    """score_cam.py: get_cam_weights. Each channel upsampled to the input's size by
    UpsamplingBilinear2d (aligned corners), min-max scaled (+1e-8), multiplying the input; the target
    output of each masked input, softmax over the channels; then base_cam.py's weighted sum."""
    with torch.no_grad():
        upsampled = nn.UpsamplingBilinear2d(size=x.shape[-2:])(torch.from_numpy(a))
        flat = upsampled.view(upsampled.size(0), upsampled.size(1), -1)
        maxs = flat.max(dim=-1)[0][:, :, None, None]
        mins = flat.min(dim=-1)[0][:, :, None, None]
        upsampled = (upsampled - mins) / (maxs - mins + 1e-8)
        masked = x[:, None, :, :] * upsampled[:, :, None, :, :]
        scores = []
        for target, tensor in zip(targets, masked):
            for i in range(0, tensor.size(0), batch_size):
                scores.extend(o[target].item() for o in model(tensor[i:i + batch_size]))
        weights = torch.nn.Softmax(dim=-1)(torch.Tensor(scores).view(a.shape[0], a.shape[1])).numpy()
    return (weights[:, :, None, None] * a).sum(axis=1)


def reimplemented(method, model, x, targets):
    """The signed map (N, h, w) before pytorch-grad-cam's ReLU."""
    a, g = activations_and_gradients(model, x, targets)
    if method == "score-cam":
        return score_cam(model, x, a, targets)
    return {"grad-cam-plus-plus": grad_cam_plus_plus, "hires-cam": hires_cam, "layer-cam": layer_cam}[method](a, g)


def library(source):
    """pytorch-grad-cam's classes from a checkout, without its package __init__ (which imports every
    method and their dependencies) and with stubs for the imports these code paths never call."""
    sys.path.insert(0, str(source))
    for name in ["cv2", "ttach", "sklearn", "sklearn.decomposition"]:
        sys.modules.setdefault(name, types.ModuleType(name))
    sys.modules["cv2"].__getattr__ = lambda name: 0  # constants in default arguments (utils/image.py)
    sys.modules["ttach"].Compose = lambda transforms: transforms
    sys.modules["ttach"].HorizontalFlip = lambda: None
    sys.modules["ttach"].Multiply = lambda factors: None
    sys.modules["sklearn.decomposition"].KernelPCA = None
    for package in ["pytorch_grad_cam", "pytorch_grad_cam.utils"]:
        stub = types.ModuleType(package)
        stub.__path__ = [str(pathlib.Path(source, *package.split(".")))]
        sys.modules[package] = stub
    from pytorch_grad_cam.grad_cam_plusplus import GradCAMPlusPlus
    from pytorch_grad_cam.hirescam import HiResCAM
    from pytorch_grad_cam.layer_cam import LayerCAM
    from pytorch_grad_cam.score_cam import ScoreCAM
    from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget
    classes = {"grad-cam-plus-plus": GradCAMPlusPlus, "hires-cam": HiResCAM, "layer-cam": LayerCAM,
               "score-cam": ScoreCAM}

    def run(method, model, x, targets):
        cam = classes[method](model=model, target_layers=[model.block])
        try:
            target_objects = [ClassifierOutputTarget(t) for t in targets]
            # BaseCAM.forward up to compute_cam_per_layer, which would then ReLU, scale and resize.
            outputs = cam.activations_and_grads(x)
            if cam.uses_gradients:
                model.zero_grad()
                sum(t(o) for t, o in zip(target_objects, outputs)).backward(retain_graph=True)
            a = cam.activations_and_grads.activations[0].numpy()
            g = cam.activations_and_grads.gradients[0].numpy() if cam.uses_gradients else None
            return cam.get_cam_image(x, model.block, target_objects, a, g, False)
        finally:
            cam.activations_and_grads.release()

    return run


def relative_l2(a, b):
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-30))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "src/test/resources/cam-ref")
    parser.add_argument("--pytorch-grad-cam", type=pathlib.Path, default=None,
                        help="a pytorch-grad-cam checkout to check the formulas against")
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)

    model = CamSplit().eval()
    generator = torch.Generator().manual_seed(5)
    x = torch.randn(2, 3, 13, 11, generator=generator)
    traced = torch.jit.trace_module(model, {"forward": x[:1], "features": x[:1], "head": model.features(x[:1])})
    traced.save(str(options.out / "camsplit.pt"))
    assert torch.allclose(traced(x), model(x), atol=1e-6), "the traced model differs from the eager one"
    with open(options.out / "camsplit.json", "w") as out:
        json.dump({"classes": ["a", "b", "c"], "input_size": [13, 11], "mean": [0, 0, 0], "std": [1, 1, 1],
                   "layers": {"features": "block"}}, out)
    np.save(options.out / "input_pair.npy", x.numpy().astype(np.float32))
    np.save(options.out / "input_one.npy", x[:1].numpy().astype(np.float32))

    check = library(options.pytorch_grad_cam) if options.pytorch_grad_cam else None
    cases = []
    for method in METHODS:
        for relu in (True, False):
            for input_name, inputs, targets in (("input_one.npy", x[:1], [2]), ("input_pair.npy", x, [0, 1])):
                signed = reimplemented(method, model, inputs, targets)
                if check is not None:
                    error = relative_l2(signed, check(method, model, inputs, targets))
                    assert error < 1e-6, f"{method}: the reimplementation is {error} from pytorch-grad-cam"
                expected = np.maximum(signed, 0) if relu else signed
                name = f"{method}_{'relu' if relu else 'signed'}_{len(targets)}"
                np.save(options.out / f"{name}.npy", expected[:, None].astype(np.float32))
                cases.append({"name": name, "method": method, "input": input_name, "targets": targets,
                              "params": {"relu_attributions": str(relu).lower()}, "attribution": f"{name}.npy"})
    with open(options.out / "cases.json", "w") as out:
        json.dump({"source": "pytorch-grad-cam 084273b formulas (tools/make_cam_reference.py)",
                   "checked_against_library": check is not None, "model": "camsplit.pt",
                   "layer_shape": list(model.features(x[:1]).shape), "cases": cases}, out, indent=1)
    print(f"{len(cases)} cases in {options.out}" + (" (each equal to pytorch-grad-cam's own)" if check else ""))


if __name__ == "__main__":
    main()
