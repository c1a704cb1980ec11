#!/usr/bin/env python3
"""Export a PyTorch or fastai image classifier for Comprehendo.

Comprehendo (Java, libtorch) loads a TorchScript file plus a small json sidecar next to it:

    model.pt    TorchScript, traced in eval mode on CPU; input 1x3xHxW float32 (pixels scaled to 0..1,
                then normalised by mean/std), output logits (N x classes)
    model.json  {"classes": [...], "input_size": [H, W], "resize": "squish", "mean": [...], "std": [...],
                 "output": "logits"}

Run this in YOUR training environment (any recent torch; fastai optional), not in Comprehendo's.

fastai users: ``learn.export()`` writes ``export.pkl``, a Python pickle of the whole Learner. Comprehendo
cannot load pickles (they need Python and your code to unpickle). Convert it once, in your fastai
environment:

    from fastai.vision.all import load_learner
    from export_for_comprehendo import export
    learn = load_learner("export.pkl", cpu=True)
    export(learn, "model.pt")                 # classes, mean/std, input size and resize read from learn.dls

or from the shell: ``python3 export_for_comprehendo.py --fastai-pkl export.pkl --out model.pt``.
For a Learner, classes come from ``learn.dls.vocab``, mean/std from the ``Normalize`` transform in
``learn.dls.after_batch`` (none => 0 and 1: the model sees plain 0..1 pixels), the input size from the
batch transforms' ``size`` (e.g. ``aug_transforms(size=224)``) or else the item ``Resize``, and the resize
method from the item ``Resize`` (squish, crop or pad; Comprehendo pads with zeros, fastai by default
with reflection). Anything you pass explicitly wins.

Plain PyTorch:

    from export_for_comprehendo import export
    export(my_model, "model.pt", classes=["cat", "dog"], input_size=(224, 224),
           mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225], resize="squish")

(``input_size`` is required for a plain module; ``classes`` defaults to class_0..class_{N-1}; mean/std
default to ImageNet's.) The model must return logits (no softmax) as one tensor.

Command line, for a torchvision architecture (random weights unless --state-dict or --weights):

    python3 export_for_comprehendo.py --torchvision resnet18 --out /tmp/r18.pt
    python3 export_for_comprehendo.py --torchvision resnet50 --state-dict my_finetuned.pth \\
        --num-classes 3 --classes-file labels.txt --out model.pt
    python3 export_for_comprehendo.py --torchvision resnet18 --weights DEFAULT --out r18.pt  # downloads

``--weights`` takes torchvision's ImageNet categories and transforms (resize 256 + centre crop 224 becomes
``"resize": "crop"`` at 224, which scales the shorter side to 224 rather than 256 before cropping).

After saving, the file is loaded back and its output compared with the eager model's (and an input
gradient is taken); a mismatch raises an error.

Split models, for Grad-CAM and the layer methods (README, "Split models for layer methods"): ``split=``
(``--split-at`` on the command line) also exports ``features(x)`` (the layer's output) and ``head(f)`` (the
rest of the network), checked to give ``head(features(x)) == forward(x)``, and names the layer in the
sidecar (``"layers": {"features": NAME}``):

    export(model, "model.pt", ..., split="auto")          # the last convolutional stage, for any of these:
    export(resnet, "model.pt", ..., split="layer4")       # torchvision ResNets: layer1 .. layer4
    export(vgg, "model.pt", ..., split="features")        # torchvision VGG, AlexNet, DenseNet, MobileNet v2/v3,
                                                          # EfficientNet, ConvNeXt ("trunk_output": RegNet)
    export(learn, "model.pt", split="body")                # fastai: the Learner's body / head
    export(timm_model, "model.pt", ..., split="features")  # timm: forward_features / forward_head
    export(model, "model.pt", ..., split=("block3", features_module, head_module))   # any model

    python3 export_for_comprehendo.py --torchvision resnet18 --split-at layer4 --out r18.pt
"""

import argparse
import json
import os
import sys

import torch

IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]
RESIZE_METHODS = ("squish", "crop", "pad")

__all__ = ["export", "sidecar_path"]


def sidecar_path(model_path):
    """``model.pt`` -> ``model.json`` (any other name: name + ``.json``)."""
    root, ext = os.path.splitext(str(model_path))
    return (root if ext == ".pt" else str(model_path)) + ".json"


def _pair(size):
    if isinstance(size, int):
        return [size, size]
    size = [int(v) for v in size]
    if len(size) == 1:
        return [size[0], size[0]]
    if len(size) != 2:
        raise ValueError(f"input size must be an int or (height, width), got {size}")
    return size


def _floats(values):
    """Flat list of Python floats; float32 tensors are rounded to 7 significant digits (0.485, not 0.48500001)."""
    if isinstance(values, torch.Tensor):
        return [float(f"{v:.7g}") for v in values.detach().cpu().double().flatten().tolist()]
    return [float(v) for v in torch.as_tensor(values, dtype=torch.float64).flatten().tolist()]


def _transforms(pipeline):
    """The transforms of a fastai Pipeline (or any iterable of them)."""
    if pipeline is None:
        return []
    fs = getattr(pipeline, "fs", pipeline)
    try:
        return list(fs)
    except TypeError:
        return []


def _class_names(obj):
    return {c.__name__ for c in type(obj).__mro__}


def _from_learner(learn):
    """Reads classes, mean/std, input size and resize method from a fastai Learner's DataLoaders."""
    dls = learn.dls
    found = {}
    vocab = getattr(dls, "vocab", None)
    if vocab is not None:
        found["classes"] = [str(c) for c in vocab]
    after_batch = _transforms(getattr(dls, "after_batch", None))
    after_item = _transforms(getattr(dls, "after_item", None))
    for t in after_batch:
        if "Normalize" in _class_names(t) and getattr(t, "mean", None) is not None:
            found["mean"], found["std"] = _floats(t.mean), _floats(t.std)
    if "mean" not in found:
        n_channels = 3
        found["mean"], found["std"] = [0.0] * n_channels, [1.0] * n_channels  # model sees plain 0..1 pixels
    # Input size: a batch transform that resizes (aug_transforms(size=...), RandomResizedCropGPU) wins,
    # since it runs last; its size is (h, w). Item transforms store size as (w, h) (fastai's _process_sz).
    for t in after_batch:
        names = _class_names(t)
        if ("AffineCoordTfm" in names or "RandomResizedCropGPU" in names) and getattr(t, "size", None) is not None:
            found["input_size"] = _pair(t.size)
    for t in after_item:
        names = _class_names(t)
        if names & {"Resize", "RandomResizedCrop", "CropPad", "RandomCrop"} and getattr(t, "size", None) is not None:
            if "input_size" not in found:
                w, h = _pair(t.size)
                found["input_size"] = [h, w]
            method = getattr(t, "method", None)
            found["resize"] = str(method) if "Resize" in names and method is not None else "crop"
    if "input_size" not in found:
        try:
            xb = dls.one_batch()[0]
            found["input_size"] = [int(xb.shape[-2]), int(xb.shape[-1])]
        except Exception:  # noqa: BLE001 - no data at hand (e.g. an exported Learner): ask the caller
            pass
    return found


class _Calls(torch.nn.Module):
    """A module whose forward calls one method of another (timm's forward_features / forward_head)."""

    def __init__(self, owner, method):
        super().__init__()
        self.owner = owner
        self.method = method

    def forward(self, x):
        return getattr(self.owner, self.method)(x)


class _Split(torch.nn.Module):
    """The model's forward, plus features(x) and head(f) for Comprehendo's layer methods."""

    def __init__(self, model, features, head):
        super().__init__()
        self.model = model
        self.feature_part = features
        self.head_part = head

    def features(self, x):
        return self.feature_part(x)

    def head(self, f):
        return self.head_part(f)

    def forward(self, x):
        return self.model(x)


def _torchvision_last_stage(model):
    """(name, features, head) at the last convolutional stage of torchvision's VGG, AlexNet, DenseNet,
    MobileNet v2/v3, EfficientNet, ConvNeXt and RegNet, rebuilt from their forward() (torchvision 0.14 and
    later); None for other models. export() checks head(features(x)) == forward(x) on a real input."""
    nn = torch.nn
    kind = type(model).__name__
    if kind in ("VGG", "AlexNet", "MobileNetV3", "EfficientNet"):
        # features -> avgpool -> flatten -> classifier
        return "features", model.features, nn.Sequential(model.avgpool, nn.Flatten(1), model.classifier)
    if kind == "DenseNet":
        # features -> relu -> adaptive_avg_pool2d(1) -> flatten -> classifier
        return "features", model.features, nn.Sequential(nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(1),
                                                         model.classifier)
    if kind == "MobileNetV2":
        # features -> adaptive_avg_pool2d(1) -> flatten -> classifier
        return "features", model.features, nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(1), model.classifier)
    if kind == "ConvNeXt":
        # features -> avgpool -> classifier (its LayerNorm2d, Flatten, Linear)
        return "features", model.features, nn.Sequential(model.avgpool, model.classifier)
    if kind == "RegNet":
        # stem -> trunk_output -> avgpool -> flatten -> fc
        return ("trunk_output", nn.Sequential(model.stem, model.trunk_output),
                nn.Sequential(model.avgpool, nn.Flatten(1), model.fc))
    return None


def _automatic_split(model, is_resnet):
    """The layer split="auto" picks: the last convolutional stage, Grad-CAM's usual layer."""
    if is_resnet:
        return "layer4"
    stage = _torchvision_last_stage(model)
    if stage is not None:
        return stage[0]
    if hasattr(model, "forward_features") and hasattr(model, "forward_head"):
        return "features"
    if isinstance(model, torch.nn.Sequential) and len(model) == 2:
        return "body"
    raise ValueError(f"no automatic split for a {type(model).__name__}: pass "
                     "split=(name, features_module, head_module) with head(features(x)) == model(x)")


def _split_parts(model, split):
    """(layer name, features module, head module) for ``split``; see export()."""
    nn = torch.nn
    if isinstance(split, tuple):
        if len(split) != 3:
            raise ValueError("split=(name, features_module, head_module)")
        return split
    name = str(split)
    resnet_stages = ["layer1", "layer2", "layer3", "layer4"]
    is_resnet = all(hasattr(model, a) for a in ["conv1", "bn1", "relu", "maxpool", "avgpool", "fc"] + resnet_stages)
    if name == "auto":
        name = _automatic_split(model, is_resnet)
    torchvision_split = _torchvision_last_stage(model)
    if torchvision_split is not None and not is_resnet:
        stage, features, head = torchvision_split
        if name != stage:
            raise ValueError(f"a torchvision {type(model).__name__} splits after its last convolutional stage "
                             f"{stage!r} (or pass split=(name, features_module, head_module)), not {name!r}")
        return name, features, head
    if is_resnet:
        if name not in resnet_stages:
            raise ValueError(f"a ResNet splits after one of {resnet_stages}, not {name!r}")
        k = resnet_stages.index(name) + 1
        features = nn.Sequential(model.conv1, model.bn1, model.relu, model.maxpool,
                                 *[getattr(model, s) for s in resnet_stages[:k]])
        head = nn.Sequential(*[getattr(model, s) for s in resnet_stages[k:]], model.avgpool, nn.Flatten(1), model.fc)
        return name, features, head
    if hasattr(model, "forward_features") and hasattr(model, "forward_head"):  # timm
        if name != "features":
            raise ValueError(f"a timm model splits at 'features' (forward_features / forward_head), not {name!r}")
        return name, _Calls(model, "forward_features"), _Calls(model, "forward_head")
    if isinstance(model, nn.Sequential) and len(model) == 2:  # fastai's cnn_learner / vision_learner: body, head
        if name != "body":
            raise ValueError(f"a fastai body/head model splits at 'body', not {name!r}")
        return name, model[0], model[1]
    raise ValueError(f"cannot find the layer {name!r} in a {type(model).__name__}: pass "
                     "split=(name, features_module, head_module) with head(features(x)) == model(x)")


def export(model_or_learner, path, classes=None, input_size=None, mean=None, std=None, resize=None,
           check=True, quiet=False, split=None):
    """Traces ``model_or_learner`` to TorchScript at ``path`` and writes the sidecar json beside it.

    model_or_learner: a ``torch.nn.Module`` or a fastai ``Learner`` (its ``.model`` is exported).
    path: the ``.pt`` file to write; the sidecar gets the same name with ``.json``.
    classes: class names in output order (default: the Learner's vocab, else class_0..class_{N-1}).
    input_size: ``(height, width)`` or an int (default: from the Learner's transforms; required otherwise).
    mean, std: per-channel statistics applied after scaling pixels to 0..1 (default: the Learner's
        Normalize; ImageNet's for a plain module).
    resize: "squish", "crop" or "pad" (default: the Learner's item Resize method, else "squish").
    split: also export features(x) and head(f) at this layer, for Grad-CAM and the layer methods: "auto"
        (the last convolutional stage), "layer1" .. "layer4" (torchvision ResNets), "features" (torchvision
        VGG, AlexNet, DenseNet, MobileNet, EfficientNet, ConvNeXt; timm), "trunk_output" (torchvision RegNet),
        "body" (fastai), or (name, features_module, head_module) for any model whose head(features(x))
        equals its forward(x).
    Returns the sidecar as a dict. The model is traced on CPU in eval mode and put back where it was.
    """
    say = (lambda *a: None) if quiet else print
    learner_info = {}
    model = model_or_learner
    if not isinstance(model_or_learner, torch.nn.Module) and hasattr(model_or_learner, "model") \
            and hasattr(model_or_learner, "dls"):
        learner_info = _from_learner(model_or_learner)
        model = model_or_learner.model
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"expected a torch.nn.Module or a fastai Learner, got {type(model_or_learner).__name__}")

    if input_size is None:
        input_size = learner_info.get("input_size")
        if input_size is None:
            raise ValueError("input_size=(height, width) is needed: it cannot be read from a plain nn.Module")
    h, w = _pair(input_size)
    if mean is None and std is None and "mean" in learner_info:
        mean, std = learner_info["mean"], learner_info["std"]
    if mean is None or std is None:
        if (mean is None) != (std is None):
            raise ValueError("give both mean and std, or neither")
        say("note: no mean/std given, using ImageNet's")
        mean, std = IMAGENET_MEAN, IMAGENET_STD
    mean, std = _floats(mean), _floats(std)
    if len(mean) != len(std) or len(mean) not in (1, 3) or any(not s > 0 for s in std):
        raise ValueError(f"mean/std need 1 or 3 entries each, std > 0; got {mean}, {std}")
    if resize is None:
        resize = learner_info.get("resize", "squish")
    resize = str(resize).lower()
    if resize not in RESIZE_METHODS:
        raise ValueError(f"resize must be one of {RESIZE_METHODS}, got {resize!r}")

    was_training = model.training
    params = list(model.parameters()) + list(model.buffers())
    device = params[0].device if params else torch.device("cpu")
    gen = torch.Generator().manual_seed(0)
    example = torch.rand(1, len(mean), h, w, generator=gen)
    example = (example - torch.tensor(mean).view(1, -1, 1, 1)) / torch.tensor(std).view(1, -1, 1, 1)
    try:
        model.to("cpu").eval()
        with torch.no_grad():
            eager = model(example)
            if not isinstance(eager, torch.Tensor) or eager.dim() != 2 or eager.shape[0] != 1:
                got = tuple(eager.shape) if isinstance(eager, torch.Tensor) else type(eager).__name__
                raise ValueError(f"the model must return one tensor of shape (batch, classes), got {got}")
            if split is None:
                traced = torch.jit.trace(model, example)
                layer_name = None
            else:
                layer_name, features, head = _split_parts(model, split)
                feature_map = features(example)
                if not isinstance(feature_map, torch.Tensor) or feature_map.dim() != 4:
                    got = tuple(feature_map.shape) if isinstance(feature_map, torch.Tensor) else type(feature_map).__name__
                    raise ValueError(f"features(x) must be one N x C x h x w tensor, got {got}")
                if not torch.allclose(head(feature_map), eager, rtol=1e-4, atol=1e-4):
                    raise ValueError(f"head(features(x)) differs from the model's output at {layer_name!r}")
                traced = torch.jit.trace_module(_Split(model, features, head).eval(),
                                                {"forward": example, "features": example, "head": feature_map})
        n_classes = int(eager.shape[1])
        if classes is None:
            classes = learner_info.get("classes") or [f"class_{i}" for i in range(n_classes)]
        classes = [str(c) for c in classes]
        if len(classes) != n_classes:
            raise ValueError(f"{len(classes)} class names for {n_classes} model outputs")

        out_dir = os.path.dirname(os.path.abspath(str(path)))
        os.makedirs(out_dir, exist_ok=True)
        traced.save(str(path))
        meta = {"classes": classes, "input_size": [h, w], "resize": resize, "mean": mean, "std": std,
                "output": "logits"}
        if layer_name is not None:
            meta["layers"] = {"features": layer_name}
        with open(sidecar_path(path), "w", encoding="utf-8") as f:
            json.dump(meta, f, indent=2, ensure_ascii=False)
            f.write("\n")

        if check:
            x = torch.rand(2, len(mean), h, w, generator=gen)
            x = (x - torch.tensor(mean).view(1, -1, 1, 1)) / torch.tensor(std).view(1, -1, 1, 1)
            loaded = torch.jit.load(str(path), map_location="cpu")
            loaded.eval()
            with torch.no_grad():
                a, b = model(x), loaded(x)
            diff = float((a - b).abs().max())
            if not torch.allclose(a, b, rtol=1e-4, atol=1e-4):
                raise RuntimeError(f"traced model differs from the eager one (max abs diff {diff:.3g}); "
                                   "data-dependent control flow in forward() cannot be traced")
            xg = x[:1].clone().requires_grad_()
            loaded(xg)[0, int(a[0].argmax())].backward()
            if xg.grad is None or not torch.isfinite(xg.grad).all():
                raise RuntimeError("no usable input gradient through the traced model")
            if layer_name is not None:
                split_diff = float((loaded.head(loaded.features(x)) - b).abs().max())
                if split_diff > 1e-4 * max(1.0, float(b.abs().max())):
                    raise RuntimeError(f"the saved head(features(x)) differs from forward(x) by {split_diff:.3g}")
                say(f"checked: split at {layer_name!r}, max |head(features(x)) - forward(x)| = {split_diff:.2e}")
            say(f"checked: max |traced - eager| = {diff:.2e}, input gradient OK")
    finally:
        model.to(device)
        model.train(was_training)
    say(f"wrote {path} and {sidecar_path(path)}: {len(classes)} classes, input {h}x{w}, resize {resize}, "
        f"mean {mean}, std {std}")
    return meta


def _torchvision_model(name, num_classes, weights, seed):
    import torchvision.models as tvm

    torch.manual_seed(seed)
    meta = {}
    if weights:
        w = tvm.get_model_weights(name)[weights] if weights != "DEFAULT" else tvm.get_model_weights(name).DEFAULT
        t = w.transforms()
        meta = {"classes": list(w.meta["categories"]), "input_size": _pair(list(t.crop_size)),
                "mean": list(t.mean), "std": list(t.std), "resize": "crop"}
        model = tvm.get_model(name, weights=w)
    else:
        factory = tvm.get_model if hasattr(tvm, "get_model") else (lambda n, **kw: getattr(tvm, n)(**kw))
        kwargs = {"weights": None}
        if num_classes is not None:
            kwargs["num_classes"] = num_classes
        model = factory(name, **kwargs)
    return model, meta


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Export a torchvision model or a fastai export.pkl as TorchScript + json for Comprehendo.",
        epilog="From Python: from export_for_comprehendo import export; export(model_or_learner, 'model.pt', ...)")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--torchvision", metavar="NAME", help="torchvision architecture, e.g. resnet18")
    src.add_argument("--fastai-pkl", metavar="FILE", help="a fastai learn.export() pickle (needs fastai installed)")
    ap.add_argument("--out", required=True, help="output .pt path; the sidecar gets the same name with .json")
    ap.add_argument("--state-dict", metavar="FILE", help="(torchvision) load these trained weights")
    ap.add_argument("--weights", metavar="ENUM", help="(torchvision) pretrained weights, e.g. DEFAULT (downloads)")
    ap.add_argument("--num-classes", type=int, help="(torchvision) size of the classifier head")
    ap.add_argument("--classes-file", metavar="FILE", help="class names, one per line, in output order")
    ap.add_argument("--input-size", type=int, nargs="+", metavar="N", help="H [W] (torchvision default 224)")
    ap.add_argument("--mean", type=float, nargs="+")
    ap.add_argument("--std", type=float, nargs="+")
    ap.add_argument("--resize", choices=RESIZE_METHODS)
    ap.add_argument("--seed", type=int, default=0, help="(torchvision) seed for random weights")
    ap.add_argument("--split-at", metavar="LAYER", help="also export features/head at this layer for Grad-CAM and "
                    "the layer methods: auto (the last convolutional stage), layer1..layer4 (torchvision "
                    "ResNets), features (VGG, DenseNet, MobileNet, EfficientNet, ConvNeXt), trunk_output "
                    "(RegNet), body (fastai)")
    args = ap.parse_args(argv)

    classes = None
    if args.classes_file:
        with open(args.classes_file, encoding="utf-8") as f:
            classes = [line.strip() for line in f if line.strip()]
    num_classes = args.num_classes if args.num_classes is not None else (len(classes) if classes else None)

    if args.torchvision:
        model, meta = _torchvision_model(args.torchvision, num_classes, args.weights, args.seed)
        if args.state_dict:
            state = torch.load(args.state_dict, map_location="cpu")
            model.load_state_dict(state.get("state_dict", state) if isinstance(state, dict) else state)
        target = model
        classes = classes or meta.get("classes")
        input_size = args.input_size or meta.get("input_size") or [224, 224]
        mean = args.mean or meta.get("mean") or IMAGENET_MEAN
        std = args.std or meta.get("std") or IMAGENET_STD
        resize = args.resize or meta.get("resize") or "squish"
    else:
        from fastai.learner import load_learner  # only in the user's fastai environment

        target = load_learner(args.fastai_pkl, cpu=True)
        input_size, mean, std, resize = args.input_size, args.mean, args.std, args.resize
    export(target, args.out, classes=classes, input_size=input_size, mean=mean, std=std, resize=resize,
           split=args.split_at)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (ValueError, TypeError, RuntimeError, OSError) as error:  # bad input: one line, not a traceback
        print(f"export_for_comprehendo: {error}", file=sys.stderr)
        sys.exit(2)
