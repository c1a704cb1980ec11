"""Captum's Occlusion where parts of the input already equal the baseline (test fixtures).

Writes src/test/resources/captum-ref/occlusion-skip/: inputs (.npy), Captum 0.8's attributions (.npy) and
cases.json, for OcclusionSkipReferenceTest. Comprehendo runs no pass for a window whose patch equals the
baseline and one pass for windows that occlude the same input; these cases check that the result is
still Captum's, which runs every window. Not part of the build:

    PYTHONPATH=/path/to/captum /usr/bin/python3 tools/make_occlusion_skip_reference.py
"""
import json
import pathlib

import captum
import numpy as np
import torch
from captum.attr import Occlusion

ROOT = pathlib.Path(__file__).resolve().parent.parent / "src/test/resources/captum-ref"
OUT = ROOT / "occlusion-skip"


def main():
    torch.set_num_threads(1)
    model = torch.jit.load(str(ROOT / "tinycnn.pt")).eval()
    model64 = torch.jit.load(str(ROOT / "tinycnn.pt")).eval().double()
    base = torch.from_numpy(np.load(ROOT / "tinycnn_input.npy"))  # 1x3x64x64
    black = torch.tensor([-2.0, -1.5, -1.0]).reshape(1, 3, 1, 1)

    # A: a per-channel ("black") baseline; the top rows and the right columns are black, so every window
    # there needs no pass; inside the black area a 2x2 island differs, so the windows around it that
    # differ only there occlude the same input.
    a = base.clone()
    a[:, :, :20, :] = black
    a[:, :, :, 40:] = black
    a[:, :, 6:8, 50:52] = base[:, :, 6:8, 50:52]

    # B: baseline 0 with one channel and a band entirely 0: channel windows of one channel skip there.
    b = base.clone()
    b[:, 1] = 0
    b[:, :, 30:45, :] = 0

    # C: two examples with different black areas and targets (rows of one pass come from both).
    c = torch.cat([a, base.clone()], dim=0)
    c[1, :, :, :24] = black[0]

    cases = []
    for name, inputs, baselines, baseline_json, window, strides, per_eval, target in [
        ("black_3x15x15", a, black, {"per_channel": [-2.0, -1.5, -1.0]}, (3, 15, 15), (3, 8, 8), 8, 1),
        ("zero_1x8x8", b, 0.0, {"constant": 0.0}, (1, 8, 8), (1, 4, 4), 16, 0),
        ("two_examples_3x9x9", c, black, {"per_channel": [-2.0, -1.5, -1.0]}, (3, 9, 9), (3, 5, 5), 4, [1, 0]),
    ]:
        attribution = Occlusion(model).attribute(
            inputs, sliding_window_shapes=window, strides=strides, baselines=baselines, target=target,
            perturbations_per_eval=per_eval)
        # The same in float64: what float32 approximates. Where the logits are small, each Δ is a
        # difference of nearly equal numbers and Captum's float32 result carries the rounding of the
        # batch each window's pass ran in (1e-5 to 1e-4 relative), including windows whose exact Δ is 0.
        exact = Occlusion(model64).attribute(
            inputs.double(), sliding_window_shapes=window, strides=strides,
            baselines=baselines if isinstance(baselines, float) else baselines.double(), target=target,
            perturbations_per_eval=per_eval)
        captum_error = float((attribution.double() - exact).norm() / exact.norm())
        np.save(OUT / f"{name}_input.npy", inputs.numpy().astype(np.float32))
        np.save(OUT / f"{name}_attr.npy", attribution.detach().numpy().astype(np.float32))
        np.save(OUT / f"{name}_attr_float64.npy", exact.detach().numpy().astype(np.float32))
        cases.append({
            "name": name, "input": f"{name}_input.npy", "attribution": f"{name}_attr.npy",
            "baselines": baseline_json, "sliding_window_shapes": list(window), "strides": list(strides),
            "perturbations_per_eval": per_eval, "target": target if isinstance(target, list) else [target],
            "attribution_float64": f"{name}_attr_float64.npy", "captum_float32_relative_l2": captum_error,
        })
    (OUT / "cases.json").write_text(json.dumps(
        {"captum": captum.__version__, "torch": torch.__version__, "model": "../tinycnn.pt", "cases": cases}, indent=1)
        + "\n")


if __name__ == "__main__":
    main()
