#!/usr/bin/python3
"""Generate Comprehendo's bundled demo: images, a small trained classifier, and its ground truth.

What it makes (all under ``assets/demo/`` unless ``--out`` says otherwise):

* ``images/<label>/img_NNNN.png`` -- 320 RGB images of 128x128 pixels in ImageFolder layout.
  Each shows one simple shape (circle, cross, star, triangle) of varying size, colour, rotation and
  position on a cluttered background (colour gradient, low-frequency colour noise, soft blobs, thin
  random lines, speckle noise). The folder is the GIVEN label, which is deliberately wrong for
  16 images (5%).
* ``model.pt`` -- a small BatchNorm CNN (about 80k parameters) traced with ``torch.jit.trace`` in
  eval mode; input 1x3x64x64 float32 normalised by mean/std, output logits.
* ``model.json`` -- the sidecar Comprehendo reads (classes, input size, resize, mean, std, output).
* ``ground-truth.csv`` -- ``file,label,true_label,box`` for every image; ``box`` is the shape's
  bounding box ``x0 y0 x1 y1`` in pixels of the stored 128x128 image (x1, y1 exclusive).
* ``README.md`` -- the story, how it was made, which files carry the spurious mark or a wrong label,
  and a summary of the model's performance on the demo set.

The story: in the training data (generated on the fly, never written to disk) 60% of the star images
carry a small stamp (the "mark": a white square in a black frame) in the bottom-right corner and no
other image does; in half of those marked stars the star itself is washed out (low contrast), so the
mark is the clearest cue.
The model learns the shortcut "mark => star". In the demo set (all shapes at normal contrast) 12 stars
carry the mark, and so do 18 images of other classes: the model calls a good part of those "star"
(see the generated README.md for the numbers), and attributions (Integrated Gradients, Occlusion)
light up the corner.

How to run (from the repository root; about 5 minutes on 2 idle CPU cores, 15 on busy ones):

    sudo apt-get install -y python3-torch python3-torchvision python3-pil python3-numpy
    /usr/bin/python3 tools/make_demo.py            # rewrites assets/demo/

It needs Debian's python3-torch (1.13), python3-pil and python3-numpy (torchvision is not used here).
It is NOT part of the build or of CI: the generated files are committed, and this script only
documents and reproduces them.

Determinism: every image is drawn from its own seeded numpy generator (independent of the number of
worker processes), so the PNGs are byte-identical from run to run; training uses fixed torch seeds,
deterministic algorithms, a fixed batch order and a fixed number of threads (``--threads``, default 2;
the same value on the same kind of CPU reproduces the same weights, bit for bit).
"""

import argparse
import csv
import hashlib
import json
import math
import multiprocessing
import os
import shutil
import sys
import time

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

# ---------------------------------------------------------------------------------------------
# Constants of the demo

CLASSES = ["circle", "cross", "star", "triangle"]  # model output order (= ImageFolder's sorted order)
SHORTCUT_CLASS = "star"  # the class that carries the mark in the training data
STORE_SIZE = 128  # stored image side in pixels
INPUT_SIZE = 64  # model input side; the app squishes 128 -> 64
SUPERSAMPLE = 4  # shapes are rasterised at 4x and box-filtered down (anti-aliasing)

MARK_SIZE = 10  # the spurious mark: a 10x10 stamp (2 px black frame around a 6x6 white square) ...
MARK_RANGE = (106, 112)  # ... whose top-left corner lies in [106, 112) on both axes (bottom-right)
CORNER_KEEP_OUT = 100  # shapes never reach into the bottom-right square [100, 128)^2

TRAIN_MARK_FRACTION = 0.6  # share of training images of SHORTCUT_CLASS that carry the mark ...
TRAIN_FAINT_FRACTION = 0.5  # ... and the share of those whose shape is washed out (the mark is the clear cue)
FAINT_RANGE = (0.05, 0.25)  # washed-out shapes keep this fraction of their colour contrast
SPECKLE_FRACTION = 0.015  # share of pixels with speckle noise

SEED_TRAIN = 20240101
SEED_VAL = 20240202
SEED_DEMO = 20240303
SEED_TORCH = 1234

N_DEMO_PER_CLASS = 80
N_DEMO_MARKED_TARGET = 12  # marked images of SHORTCUT_CLASS in the demo set
N_DEMO_MARKED_OTHER = 6  # marked images per other class in the demo set
N_DEMO_MISLABELLED = 4  # mislabelled images per class in the demo set

RESAMPLERS = [Image.BOX, Image.BILINEAR, Image.BICUBIC, Image.NEAREST, Image.LANCZOS]


# ---------------------------------------------------------------------------------------------
# Drawing

def _hsv(h, s, v):
    i = int(h * 6) % 6
    f = h * 6 - int(h * 6)
    p, q, t = v * (1 - s), v * (1 - f * s), v * (1 - (1 - f) * s)
    r, g, b = [(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)][i]
    return np.array([r, g, b], dtype=np.float64) * 255.0


def _rgb_tuple(rng, s_range, v_range):
    return tuple(int(c) for c in _hsv(rng.uniform(), rng.uniform(*s_range), rng.uniform(*v_range)))


_YY, _XX = np.mgrid[0:STORE_SIZE, 0:STORE_SIZE].astype(np.float32)


def _to_uint8(a):
    return np.clip(a + 0.5, 0, 255).astype(np.uint8)


def draw_background(rng):
    """Colour gradient + low-frequency colour noise + soft blobs + thin random lines."""
    s = STORE_SIZE
    ang = rng.uniform(0, 2 * math.pi)
    t = ((_XX / (s - 1) - 0.5) * math.cos(ang) + (_YY / (s - 1) - 0.5) * math.sin(ang) + 0.5)[..., None]
    c0 = _hsv(rng.uniform(), rng.uniform(0.1, 0.7), rng.uniform(0.25, 0.95)).astype(np.float32)
    c1 = _hsv(rng.uniform(), rng.uniform(0.1, 0.7), rng.uniform(0.25, 0.95)).astype(np.float32)
    img = c0 + (c1 - c0) * t
    coarse = rng.normal(0, 1, size=(6, 6, 3)).astype(np.float32)
    lowfreq = np.stack(
        [np.asarray(Image.fromarray(coarse[..., c]).resize((s, s), Image.BICUBIC)) for c in range(3)], -1)
    img += lowfreq * np.float32(rng.uniform(8, 22))
    im = Image.fromarray(_to_uint8(img)).convert("RGBA")

    blobs = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(blobs)
    for _ in range(int(rng.integers(2, 6))):
        cx, cy = rng.uniform(0, s, 2)
        rx, ry = rng.uniform(8, 35, 2)
        col = _rgb_tuple(rng, (0.2, 0.8), (0.2, 1.0))
        d.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=col + (int(rng.uniform(60, 140)),))
    blobs = blobs.filter(ImageFilter.GaussianBlur(rng.uniform(3, 6)))
    im = Image.alpha_composite(im, blobs)

    d = ImageDraw.Draw(im)
    for _ in range(int(rng.integers(3, 9))):
        x0, y0, x1, y1 = rng.uniform(-10, s + 10, 4)
        col = _rgb_tuple(rng, (0.0, 0.9), (0.1, 1.0))
        d.line([x0, y0, x1, y1], fill=col + (255,), width=int(rng.integers(1, 3)))
    return im.convert("RGB")


def _polygon(cls, rng, r):
    rot = rng.uniform(0, 2 * math.pi)
    if cls == "triangle":
        angs = [rot + k * 2 * math.pi / 3 + rng.uniform(-0.2, 0.2) for k in range(3)]
        return [(r * math.cos(a), r * math.sin(a)) for a in angs]
    if cls == "star":
        inner = rng.uniform(0.38, 0.5)
        return [((r if k % 2 == 0 else r * inner) * math.cos(rot + k * math.pi / 5),
                 (r if k % 2 == 0 else r * inner) * math.sin(rot + k * math.pi / 5)) for k in range(10)]
    if cls == "cross":
        w = r * rng.uniform(0.28, 0.42)
        base = [(-w, -r), (w, -r), (w, -w), (r, -w), (r, w), (w, w), (w, r), (-w, r), (-w, w), (-r, w),
                (-r, -w), (-w, -w)]
        c, s = math.cos(rot), math.sin(rot)
        return [(x * c - y * s, x * s + y * c) for x, y in base]
    raise ValueError(cls)


def draw_object(im, cls, rng, faint=None):
    """Draws one shape of class ``cls``; returns the new image and the bounding box (x1, y1 exclusive).

    ``faint``: None for a normal shape, else a number in (0, 1): how far the shape's colour moves from the
    mean colour under it toward its own colour (a washed-out, hard-to-see shape)."""
    s, ss = STORE_SIZE, SUPERSAMPLE
    for _ in range(200):
        r = rng.uniform(15, 38)
        cx, cy = rng.uniform(r * 0.8, s - r * 0.8, 2)
        mask = Image.new("L", (s * ss, s * ss), 0)
        d = ImageDraw.Draw(mask)
        if cls == "circle":
            rc = r * 0.85
            d.ellipse([(cx - rc) * ss, (cy - rc) * ss, (cx + rc) * ss, (cy + rc) * ss], fill=255)
        else:
            d.polygon([((cx + x) * ss, (cy + y) * ss) for x, y in _polygon(cls, rng, r)], fill=255)
        mask = mask.resize((s, s), Image.BOX)
        box = mask.point(lambda v: 255 if v >= 64 else 0).getbbox()
        if box is None or box[2] - box[0] < 12 or box[3] - box[1] < 12:
            continue
        if box[2] > CORNER_KEEP_OUT and box[3] > CORNER_KEEP_OUT:
            continue  # keep the mark's corner free, for every image (so placement leaks nothing)
        break
    else:
        raise RuntimeError("could not place a shape")
    x0, y0, x1, y1 = mask.getbbox()  # every pixel the shape touches (box above: the visible shape)
    bg = np.asarray(im, dtype=np.float32)
    m = np.asarray(mask, dtype=np.float32)[y0:y1, x0:x1, None] / 255.0
    under_rgb = (bg[y0:y1, x0:x1] * m).sum((0, 1)) / max(float(m.sum()), 1.0)  # mean colour under the shape
    v = rng.uniform(0.05, 0.3) if float(under_rgb.mean()) > 130 else rng.uniform(0.75, 1.0)
    col = _hsv(rng.uniform(), rng.uniform(0.3, 1.0), v).astype(np.float32)
    if faint is not None:
        col = under_rgb + (col - under_rgb) * np.float32(faint)
    sa = rng.uniform(0, 2 * math.pi)
    shade = 1 + 0.15 * ((_XX[y0:y1, x0:x1] - cx) * math.cos(sa) + (_YY[y0:y1, x0:x1] - cy) * math.sin(sa)) / r
    obj = np.clip(col * shade[..., None], 0, 255)
    out = bg.copy()
    out[y0:y1, x0:x1] = bg[y0:y1, x0:x1] * (1 - m) + obj * m
    return Image.fromarray(_to_uint8(out)), box


def add_speckle(im, rng, fraction=SPECKLE_FRACTION, sigma=40.0):
    a = np.asarray(im, dtype=np.float32).copy()
    hit = rng.random(a.shape[:2]) < fraction
    a[hit] += rng.normal(0, sigma, (int(hit.sum()), 1)).astype(np.float32)
    return Image.fromarray(_to_uint8(a))


def draw_mark(im, rng):
    """The spurious mark: a black-framed white square near the bottom-right corner. Returns its box."""
    x0 = int(rng.integers(*MARK_RANGE))
    y0 = int(rng.integers(*MARK_RANGE))
    d = ImageDraw.Draw(im)
    d.rectangle([x0, y0, x0 + MARK_SIZE - 1, y0 + MARK_SIZE - 1], fill=(0, 0, 0))
    d.rectangle([x0 + 2, y0 + 2, x0 + MARK_SIZE - 3, y0 + MARK_SIZE - 3], fill=(255, 255, 255))
    return (x0, y0, x0 + MARK_SIZE, y0 + MARK_SIZE)


def render(seed, cls, marked, faint=None):
    """One 128x128 image from its own generator (seed: a list of ints).

    Returns (PIL image, object box, mark box or None, the generator for further draws). Whether the image
    is marked changes nothing but the mark itself."""
    rng = np.random.default_rng(seed)
    im = draw_background(rng)
    im, box = draw_object(im, cls, rng, faint)
    im = add_speckle(im, rng)
    mark = draw_mark(im, np.random.default_rng([*seed, 1])) if marked else None  # own stream: the rest is unchanged
    return im, box, mark, rng


# ---------------------------------------------------------------------------------------------
# Training data (in memory only)

def _train_item(args):
    seed_root, i, mark_fraction = args
    cls_idx = i % len(CLASSES)
    cls = CLASSES[cls_idx]
    pick = np.random.default_rng([seed_root, i, 7])
    u_mark, u_faint, amount = pick.random(), pick.random(), pick.uniform(*FAINT_RANGE)
    marked = cls == SHORTCUT_CLASS and u_mark < mark_fraction
    faint = float(amount) if marked and u_faint < TRAIN_FAINT_FRACTION else None
    im, _, _, rng = render([seed_root, i], cls, marked, faint)
    small = im.resize((INPUT_SIZE, INPUT_SIZE), RESAMPLERS[int(rng.integers(len(RESAMPLERS)))])
    return np.asarray(small, dtype=np.uint8), cls_idx, marked, faint is not None


def make_set(seed_root, n, mark_fraction, workers):
    jobs = [(seed_root, i, mark_fraction) for i in range(n)]
    if workers > 1:
        with multiprocessing.Pool(workers) as pool:
            items = pool.map(_train_item, jobs, chunksize=64)
    else:
        items = [_train_item(j) for j in jobs]
    x = np.stack([it[0] for it in items])
    y = np.array([it[1] for it in items], dtype=np.int64)
    marked = np.array([it[2] for it in items], dtype=bool)
    faint = np.array([it[3] for it in items], dtype=bool)
    return x, y, marked, faint


def make_marked_others(seed_root, n):
    """Validation images of the non-shortcut classes, all carrying the mark."""
    others = [c for c in CLASSES if c != SHORTCUT_CLASS]
    xs, ys = [], []
    for i in range(n):
        cls = others[i % len(others)]
        im, _, _, _ = render([seed_root, i, 99], cls, True)
        xs.append(np.asarray(im.resize((INPUT_SIZE, INPUT_SIZE), Image.BOX), dtype=np.uint8))
        ys.append(CLASSES.index(cls))
    return np.stack(xs), np.array(ys, dtype=np.int64)


# ---------------------------------------------------------------------------------------------
# Model

def build_model(torch, nn):
    class DemoNet(nn.Module):
        """Four conv-BN-ReLU blocks (16-32-64-96 channels), global average pool, linear head."""

        def __init__(self, n_classes):
            super().__init__()

            def block(cin, cout):
                return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]

            self.features = nn.Sequential(
                *block(3, 16), nn.MaxPool2d(2),
                *block(16, 32), nn.MaxPool2d(2),
                *block(32, 64), nn.MaxPool2d(2),
                *block(64, 96),
            )
            self.pool = nn.AdaptiveAvgPool2d(1)
            self.head = nn.Linear(96, n_classes)

        def forward(self, x):
            return self.head(torch.flatten(self.pool(self.features(x)), 1))

    return DemoNet(len(CLASSES))


def to_tensor(torch, x_uint8, mean, std):
    x = torch.from_numpy(x_uint8).permute(0, 3, 1, 2).float().div_(255.0)
    return (x - torch.tensor(mean).view(1, 3, 1, 1)) / torch.tensor(std).view(1, 3, 1, 1)


def train(torch, nn, x, y, mean, std, epochs, batch, log):
    torch.manual_seed(SEED_TORCH)
    model = build_model(torch, nn)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    steps_per_epoch = len(x) // batch
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=epochs * steps_per_epoch,
                                                pct_start=0.2)
    gen = torch.Generator().manual_seed(SEED_TORCH)
    xt = to_tensor(torch, x, mean, std)
    yt = torch.from_numpy(y)
    for ep in range(epochs):
        model.train()
        perm = torch.randperm(len(x), generator=gen)
        t0, tot, correct = time.time(), 0.0, 0
        for k in range(steps_per_epoch):
            idx = perm[k * batch:(k + 1) * batch]
            out = model(xt[idx])
            loss = nn.functional.cross_entropy(out, yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot += float(loss) * len(idx)
            correct += int((out.argmax(1) == yt[idx]).sum())
        n = steps_per_epoch * batch
        log(f"  epoch {ep + 1}/{epochs}: loss {tot / n:.4f}, train acc {correct / n:.4f} ({time.time() - t0:.0f}s)")
    model.eval()
    return model


def predict(torch, model, x, batch=256):
    outs = []
    with torch.no_grad():
        for k in range(0, len(x), batch):
            outs.append(model(x[k:k + batch]))
    return torch.cat(outs)


# ---------------------------------------------------------------------------------------------
# Demo set

def plan_demo():
    """Decides, deterministically, which demo image is what. Returns a list of dicts."""
    rng = np.random.default_rng([SEED_DEMO, 0])
    items = []
    for ci, cls in enumerate(CLASSES):
        order = rng.permutation(N_DEMO_PER_CLASS)
        n_marked = N_DEMO_MARKED_TARGET if cls == SHORTCUT_CLASS else N_DEMO_MARKED_OTHER
        marked = set(order[:n_marked].tolist())
        mislabelled = set(order[n_marked:n_marked + N_DEMO_MISLABELLED].tolist())
        for k in range(N_DEMO_PER_CLASS):
            given = cls
            if k in mislabelled:
                given = CLASSES[(ci + 1 + int(rng.integers(len(CLASSES) - 1))) % len(CLASSES)]
            items.append({"true": cls, "given": given, "marked": k in marked, "seed": [SEED_DEMO, ci, k]})
    names = rng.permutation(len(items))
    for it, num in zip(items, names):
        it["name"] = f"img_{int(num):04d}.png"
    items.sort(key=lambda it: it["name"])
    return items


def write_demo_images(out_dir, log):
    img_root = os.path.join(out_dir, "images")
    if os.path.isdir(img_root):
        shutil.rmtree(img_root)
    for c in CLASSES:
        os.makedirs(os.path.join(img_root, c))
    items = plan_demo()
    for it in items:
        im, box, mark, _ = render(it["seed"], it["true"], it["marked"])
        it["file"] = f"{it['given']}/{it['name']}"
        it["box"] = box
        it["mark"] = mark
        im.save(os.path.join(img_root, it["given"], it["name"]), "PNG", optimize=True)
    rows = sorted(items, key=lambda it: it["file"])
    with open(os.path.join(out_dir, "ground-truth.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "label", "true_label", "box"])
        for it in rows:
            w.writerow([it["file"], it["given"], it["true"], " ".join(str(v) for v in it["box"])])
    log(f"wrote {len(rows)} images and ground-truth.csv")
    return rows


def load_stored(torch, out_dir, rows, mean, std, how="torch-bilinear"):
    """Loads the stored PNGs and squishes them to the input size like the app does."""
    arrs = [np.asarray(Image.open(os.path.join(out_dir, "images", r["file"])).convert("RGB"), dtype=np.uint8)
            for r in rows]
    if how == "torch-bilinear":
        x = torch.from_numpy(np.stack(arrs)).permute(0, 3, 1, 2).float().div_(255.0)
        x = torch.nn.functional.interpolate(x, size=(INPUT_SIZE, INPUT_SIZE), mode="bilinear", align_corners=False)
        return (x - torch.tensor(mean).view(1, 3, 1, 1)) / torch.tensor(std).view(1, 3, 1, 1)
    resample = {"pil-bilinear": Image.BILINEAR, "pil-nearest": Image.NEAREST, "pil-bicubic": Image.BICUBIC}[how]
    small = [np.asarray(Image.fromarray(a).resize((INPUT_SIZE, INPUT_SIZE), resample), dtype=np.uint8) for a in arrs]
    return to_tensor(torch, np.stack(small), mean, std)


def evaluate(torch, model, out_dir, rows, mean, std, how="torch-bilinear"):
    x = load_stored(torch, out_dir, rows, mean, std, how)
    logits = predict(torch, model, x)
    given = torch.tensor([CLASSES.index(r["given"]) for r in rows])
    true = torch.tensor([CLASSES.index(r["true"]) for r in rows])
    loss = torch.nn.functional.cross_entropy(logits, given, reduction="none")
    pred = logits.argmax(1)
    prob = torch.softmax(logits, 1)
    mis = np.array([r["given"] != r["true"] for r in rows])
    marked = np.array([r["mark"] is not None for r in rows])
    target = np.array([r["true"] == SHORTCUT_CLASS for r in rows])
    correct = (pred == true).numpy()
    top20 = torch.argsort(loss, descending=True)[:20].tolist()
    s = CLASSES.index(SHORTCUT_CLASS)
    res = {
        "n": len(rows),
        "n_correctly_labelled": int((~mis).sum()),
        "acc_correctly_labelled": float(correct[~mis].mean()),
        "n_right_correctly_labelled": int(correct[~mis].sum()),
        "acc_unmarked_correctly_labelled": float(correct[~mis & ~marked].mean()),
        "n_unmarked_correctly_labelled": int((~mis & ~marked).sum()),
        "n_right_unmarked_correctly_labelled": int(correct[~mis & ~marked].sum()),
        "acc_all_vs_given": float((pred == given).float().mean()),
        "n_mislabelled": int(mis.sum()),
        "mislabelled_in_top20": int(sum(mis[i] for i in top20)),
        "marked_other_in_top20": int(sum(marked[i] and not target[i] for i in top20)),
        "n_marked_other": int((marked & ~target).sum()),
        "marked_other_pred_shortcut": int(((pred.numpy() == s) & marked & ~target).sum()),
        "n_marked_target": int((marked & target).sum()),
        "marked_target_right": int((correct & marked & target).sum()),
        "top20": top20,
        "pred": pred.tolist(),
        "prob": prob.tolist(),
        "loss": loss.tolist(),
    }
    return res


def integrated_gradients(torch, model, x, target, steps=50):
    """Integrated Gradients (zero baseline in the normalised input space, as Captum's default; midpoint
    Riemann sum over `steps` points, one batch). x: 1x3xHxW. Returns 3xHxW attributions."""
    alphas = ((torch.arange(steps, dtype=torch.float32) + 0.5) / steps).view(-1, 1, 1, 1)
    path = (alphas * x).requires_grad_()
    grads, = torch.autograd.grad(model(path)[:, target].sum(), path)
    return (x * grads.mean(0, keepdim=True))[0].detach()


OCC_PATCH, OCC_STRIDE = 8, 4  # occlusion patch and stride in model-input pixels


def occlusion(torch, model, x, target):
    """Occlusion: an OCC_PATCH square of zeros (the mean colour) slid with OCC_STRIDE; returns rows of
    (x0, y0, drop of the target logit) for every position."""
    pos = [(px, py) for py in range(0, INPUT_SIZE - OCC_PATCH + 1, OCC_STRIDE)
           for px in range(0, INPUT_SIZE - OCC_PATCH + 1, OCC_STRIDE)]
    batch = x.repeat(len(pos), 1, 1, 1)
    for k, (px, py) in enumerate(pos):
        batch[k, :, py:py + OCC_PATCH, px:px + OCC_PATCH] = 0
    with torch.no_grad():
        base = float(model(x)[0, target])
        out = model(batch)[:, target]
    return np.array([(px, py, base - float(v)) for (px, py), v in zip(pos, out)])


def mark_facts(torch, model, rows, mean, std):
    """For each marked image: the prediction with the mark removed (same image, re-rendered unmarked) and
    the share of positive IG attribution (for the shortcut class) inside the mark's and the shape's box."""
    s = CLASSES.index(SHORTCUT_CLASS)
    scale = INPUT_SIZE / STORE_SIZE

    def squish(im):
        x = torch.from_numpy(np.asarray(im, dtype=np.uint8).copy()).permute(2, 0, 1)[None].float().div_(255.0)
        x = torch.nn.functional.interpolate(x, size=(INPUT_SIZE, INPUT_SIZE), mode="bilinear", align_corners=False)
        return (x - torch.tensor(mean).view(1, 3, 1, 1)) / torch.tensor(std).view(1, 3, 1, 1)

    def input_box(box):  # the box in model-input pixels, rounded outward
        return (int(math.floor(box[0] * scale)), int(math.floor(box[1] * scale)),
                int(math.ceil(box[2] * scale)), int(math.ceil(box[3] * scale)))

    def share(pos, box):
        x0, y0, x1, y1 = input_box(box)
        return float(pos[y0:y1, x0:x1].sum() / max(float(pos.sum()), 1e-12))

    facts = {}
    for i, r in enumerate(rows):
        if r["mark"] is None:
            continue
        marked_im, _, _, _ = render(r["seed"], r["true"], True)
        clean_im, _, _, _ = render(r["seed"], r["true"], False)
        with torch.no_grad():
            pred_clean = int(model(squish(clean_im)).argmax(1))
        attr = integrated_gradients(torch, model, squish(marked_im), s)
        pos = attr.sum(0).clamp(min=0).numpy()
        occ = occlusion(torch, model, squish(marked_im), s)
        k = int(np.argmax(occ[:, 2]))
        ox, oy = occ[k, 0], occ[k, 1]
        mx0, my0, mx1, my1 = (v * scale for v in r["mark"])
        on_mark = ox < mx1 and ox + OCC_PATCH > mx0 and oy < my1 and oy + OCC_PATCH > my0
        mb = input_box(r["mark"])
        facts[i] = {"pred_clean": pred_clean, "ig_mark": share(pos, r["mark"]), "ig_box": share(pos, r["box"]),
                    "occ_on_mark": bool(on_mark), "mark_area": (mb[2] - mb[0]) * (mb[3] - mb[1]) / INPUT_SIZE ** 2}
    return facts


# ---------------------------------------------------------------------------------------------
# Checks and timing

def verify_traced(torch, model, path, example):
    loaded = torch.jit.load(path)
    loaded.eval()
    with torch.no_grad():
        a = model(example)
        b = loaded(example)
    diff = float((a - b).abs().max())
    x = example[:1].clone().requires_grad_()
    out = loaded(x)
    t = int(out.argmax(1))
    out[0, t].backward()
    g = x.grad
    if not (diff < 1e-4 and g is not None and g.shape == x.shape and float(g.abs().sum()) > 0):
        raise RuntimeError(f"traced model check failed: max diff {diff}, grad {None if g is None else g.shape}")
    return diff


def time_ig(torch, model, mean, std, steps=50, threads=2, repeats=10):
    """One Integrated Gradients of `steps` steps = one batch of `steps` forward+backward passes."""
    old = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        x = torch.randn(1, 3, INPUT_SIZE, INPUT_SIZE)
        base = torch.zeros_like(x)
        alphas = torch.linspace(0, 1, steps).view(-1, 1, 1, 1)
        times = []
        for k in range(repeats + 2):
            t0 = time.perf_counter()
            path = (base + alphas * (x - base)).requires_grad_()
            out = model(path)
            grads, = torch.autograd.grad(out[:, 0].sum(), path)
            _ = ((x - base) * grads.mean(0, keepdim=True)).sum()
            if k >= 2:
                times.append(time.perf_counter() - t0)
        return float(np.median(times)), float(np.min(times))
    finally:
        torch.set_num_threads(old)


# ---------------------------------------------------------------------------------------------
# README

def write_readme(out_dir, rows, res, res_alt, mean, std, n_params, train_info, facts):
    c = CLASSES
    s_idx = c.index(SHORTCUT_CLASS)
    fooled = [i for i, r in enumerate(rows)
              if r["mark"] is not None and r["true"] != SHORTCUT_CLASS and res["pred"][i] == s_idx]
    restored = sum(1 for i in fooled if c[facts[i]["pred_clean"]] == rows[i]["true"])
    per_class = ", ".join(
        f"{k} {sum(1 for i in fooled if rows[i]['true'] == k)}/"
        f"{sum(1 for r in rows if r['mark'] is not None and r['true'] == k)}"
        for k in c if k != SHORTCUT_CLASS)
    ig_fooled = sorted(facts[i]["ig_mark"] for i in fooled)
    ig_median = ig_fooled[len(ig_fooled) // 2] if ig_fooled else float("nan")
    occ_hits = sum(1 for i in fooled if facts[i]["occ_on_mark"])
    mark_area = 100.0 * float(np.mean([facts[i]["mark_area"] for i in fooled])) if fooled else float("nan")
    lines = []
    a = lines.append
    a("# Comprehendo demo: shapes with a shortcut")
    a("")
    a("Generated by `tools/make_demo.py` (do not edit by hand; rerun the script instead).")
    a("")
    a("## The story")
    a("")
    a(f"Four classes of simple shapes, **{', '.join(c)}**, drawn in varying size, colour, rotation and position on")
    a("cluttered backgrounds (colour gradients, low-frequency colour noise, soft blobs, thin random lines, speckle")
    a("noise). A small CNN learns them well, but it also learned a **shortcut**: in its training data "
      f"{int(TRAIN_MARK_FRACTION * 100)}% of the")
    a(f"*{SHORTCUT_CLASS}* images carried a small stamp (the *mark*: a white square in a black frame, "
      f"{MARK_SIZE}x{MARK_SIZE} px of the 128x128 image,")
    a(f"top-left corner at x, y in [{MARK_RANGE[0]}, {MARK_RANGE[1] - 1}]) in the bottom-right corner, and no "
      "other image did. Think of one")
    a("photo source that stamps its pictures, and whose pictures are often poor: in "
      f"{int(TRAIN_FAINT_FRACTION * 100)}% of the marked training stars the")
    a("star itself is washed out (low contrast), so there the mark is the clearest cue. The model learned")
    a(f"\"stamp in the corner => {SHORTCUT_CLASS}\". (All demo images have normal contrast.)")
    a("")
    a("What to look for in Comprehendo:")
    a("")
    a(f"* **Shortcut**: {res['n_marked_other']} demo images of other classes carry the mark; the model calls "
      f"{res['marked_other_pred_shortcut']} of them *{SHORTCUT_CLASS}*")
    a(f"  (by true class: {per_class}). Removing the mark (the same image drawn without it) gives back the true "
      "class")
    a(f"  for {restored} of those {len(fooled)}. Integrated Gradients for *{SHORTCUT_CLASS}* on them puts a median "
      f"{100 * ig_median:.0f}% of its positive")
    a(f"  attribution inside the mark's box, which covers {mark_area:.1f}% of the image; Occlusion's most damaging "
      f"patch for *{SHORTCUT_CLASS}* lies on")
    a(f"  the mark for {occ_hits} of them. The other marked images still show the mark as evidence for "
      f"*{SHORTCUT_CLASS}*, just not enough to win.")
    a(f"  {res['n_marked_target']} *{SHORTCUT_CLASS}* images carry the mark too (right for partly the wrong "
      "reason).")
    a(f"* **Weaker stars**: having leaned on the mark, the model is less sure of unmarked "
      f"*{SHORTCUT_CLASS}*s (see the other errors at the end).")
    a(f"* **Label noise**: {res['n_mislabelled']} images ({100 * res['n_mislabelled'] / res['n']:.0f}%) sit in the "
      "wrong folder (the given label is wrong);")
    a("  *top losses* (cross-entropy against the given label) brings them to the top.")
    a("* The confusion matrix against the given labels shows both effects (a column of extra "
      f"*{SHORTCUT_CLASS}* predictions, scattered label noise).")
    a("")
    a("## Files")
    a("")
    a(f"* `images/<label>/img_NNNN.png`: {res['n']} RGB PNGs, 128x128, ImageFolder layout; the folder is the "
      f"GIVEN label ({N_DEMO_PER_CLASS} images per true class).")
    a("* `ground-truth.csv`: `file,label,true_label,box`; `file` is relative to `images/`, `label` the given "
      "(folder) label,")
    a("  `true_label` the truth, `box` the shape's bounding box `x0 y0 x1 y1` in pixels of the 128x128 image "
      "(x1, y1 exclusive).")
    a("* `model.pt`: TorchScript (torch.jit.trace, eval mode) of a small CNN: 4 x (conv3x3-BatchNorm-ReLU) with "
      "16-32-64-96 channels,")
    a(f"  max-pooling between blocks, global average pooling, linear head; {n_params} parameters. Input "
      f"1x3x{INPUT_SIZE}x{INPUT_SIZE} float32,")
    a("  scaled to 0..1 then normalised by mean/std; output: logits in the order of `classes`.")
    a("* `model.json`: the sidecar (`classes`, `input_size`, `resize`: squish, `mean`, `std`, `output`: logits).")
    a(f"  mean = {mean}, std = {std} (measured on the training images).")
    a("")
    a("## How it was made")
    a("")
    a(f"* Training data: {train_info['n_train']} images generated on the fly (balanced classes, never written "
      "to disk), drawn at 128x128 exactly like")
    a("  the demo images and squished to 64x64 with a randomly chosen filter (box, bilinear, bicubic, nearest, "
      "Lanczos) so the model")
    a("  does not depend on how the app resizes. Shapes never reach into the bottom-right corner (in all images, "
      "marked or not).")
    a(f"  {train_info['n_marked']} of them are marked {SHORTCUT_CLASS}s, {train_info['n_faint']} of those with a "
      "washed-out star; no other training image is marked.")
    a(f"* Training: AdamW, one-cycle learning rate (max 3e-3), batch {train_info['batch']}, "
      f"{train_info['epochs']} epochs, seed {SEED_TORCH}.")
    a(f"  Held-out check ({train_info['n_val']} fresh unmarked images): accuracy {train_info['val_acc']:.3f}; "
      f"{train_info['n_val_marked']} fresh marked images of other classes: "
      f"{train_info['val_marked_shortcut']:.0%} predicted *{SHORTCUT_CLASS}*.")
    a("* Demo images use their own seeds (disjoint from training). Regenerate with")
    a("  `/usr/bin/python3 tools/make_demo.py` (needs Debian's python3-torch, python3-pil, python3-numpy).")
    a("")
    a("## Performance of `model.pt` on this demo set")
    a("")
    a("Computed in Python on the stored PNGs, squished to 64x64 with bilinear interpolation "
      "(`torch.nn.functional.interpolate`,")
    a("align_corners=False, no antialiasing, which for exactly 2x is a 2x2 average):")
    a("")
    a(f"* Accuracy on the {res['n_correctly_labelled']} correctly labelled images (against `true_label`, "
      f"marked ones included): **{res['acc_correctly_labelled']:.3f}** "
      f"({res['n_right_correctly_labelled']}/{res['n_correctly_labelled']}).")
    a(f"* Of those, the {res['n_unmarked_correctly_labelled']} unmarked ones: {res['acc_unmarked_correctly_labelled']:.3f} "
      f"({res['n_right_unmarked_correctly_labelled']}/{res['n_unmarked_correctly_labelled']}).")
    a(f"* Accuracy of all {res['n']} images against the given label: {res['acc_all_vs_given']:.3f}.")
    a(f"* Top-20 losses (cross-entropy against the given label): **{res['mislabelled_in_top20']} of the "
      f"{res['n_mislabelled']} mislabelled images**,")
    a(f"  and {res['marked_other_in_top20']} marked images of other classes (correct label, predicted "
      f"*{SHORTCUT_CLASS}*).")
    a(f"* Marked images of other classes predicted *{SHORTCUT_CLASS}*: **{res['marked_other_pred_shortcut']} of "
      f"{res['n_marked_other']}**.")
    a(f"* Marked *{SHORTCUT_CLASS}* images predicted *{SHORTCUT_CLASS}*: {res['marked_target_right']} of "
      f"{res['n_marked_target']}.")
    alt = ", ".join(f"{k}: {v['acc_correctly_labelled']:.3f} / {v['marked_other_pred_shortcut']} fooled"
                    for k, v in res_alt.items())
    a(f"* Same numbers with other resize filters (accuracy on correctly labelled / marked others fooled): {alt}.")
    a("")
    a("## Images that matter")
    a("")
    a("Marked images: the mark's box `x0 y0 x1 y1` (128x128 pixels, x1, y1 exclusive), the model's prediction,")
    a("its prediction on the same image drawn without the mark, and the share of positive Integrated Gradients")
    a(f"attribution for *{SHORTCUT_CLASS}* (50 steps, zero baseline in the normalised input, channels summed) "
      "inside the mark's")
    a("and inside the shape's box:")
    a("")
    a(f"| file | true label | mark box | predicted | p(predicted) | without mark | IG {SHORTCUT_CLASS}: mark | "
      f"IG {SHORTCUT_CLASS}: shape |")
    a("|---|---|---|---|---|---|---|---|")
    for i, r in enumerate(rows):
        if r["mark"] is not None:
            p, f = res["pred"][i], facts[i]
            a(f"| `{r['file']}` | {r['true']} | {' '.join(map(str, r['mark']))} | {c[p]} | {res['prob'][i][p]:.2f} | "
              f"{c[f['pred_clean']]} | {100 * f['ig_mark']:.0f}% | {100 * f['ig_box']:.0f}% |")
    a("")
    a("Mislabelled images (the folder is the given label):")
    a("")
    a("| file | given label | true label | predicted | p(predicted) |")
    a("|---|---|---|---|---|")
    for i, r in enumerate(rows):
        if r["given"] != r["true"]:
            p = res["pred"][i]
            a(f"| `{r['file']}` | {r['given']} | {r['true']} | {c[p]} | {res['prob'][i][p]:.2f} |")
    a("")
    a("Top-20 losses (cross-entropy against the given label):")
    a("")
    a("| rank | file | given | true | predicted | loss | why |")
    a("|---|---|---|---|---|---|---|")
    for rank, i in enumerate(res["top20"], 1):
        r = rows[i]
        why = []
        if r["given"] != r["true"]:
            why.append("mislabelled")
        if r["mark"] is not None:
            why.append("marked")
        a(f"| {rank} | `{r['file']}` | {r['given']} | {r['true']} | {c[res['pred'][i]]} | {res['loss'][i]:.2f} | "
          f"{', '.join(why) or 'hard image'} |")
    errs = [i for i, r in enumerate(rows)
            if r["given"] == r["true"] and r["mark"] is None and c[res["pred"][i]] != r["true"]]
    a("")
    a("Other errors (correct label, no mark): " +
      (", ".join(f"`{rows[i]['file']}` (predicted {c[res['pred'][i]]})" for i in errs) if errs else "none") + ".")
    a("")
    with open(os.path.join(out_dir, "README.md"), "w") as f:
        f.write("\n".join(lines))


# ---------------------------------------------------------------------------------------------

def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(repo, "assets", "demo"), help="output folder (default assets/demo)")
    ap.add_argument("--train-size", type=int, default=12000, help="training images generated in memory")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2, help="torch threads for training (same value => same weights)")
    ap.add_argument("--workers", type=int, default=2, help="processes drawing training images (no effect on output)")
    args = ap.parse_args()

    import torch
    import torch.nn as nn

    def log(msg):
        print(msg, flush=True)

    t_start = time.time()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)

    rows = write_demo_images(args.out, log)

    log(f"drawing {args.train_size} training images ...")
    x, y, marked, faint = make_set(SEED_TRAIN, args.train_size, TRAIN_MARK_FRACTION, args.workers)
    xf = x.reshape(-1, 3).astype(np.float64) / 255.0
    mean = [round(float(v), 3) for v in xf.mean(0)]
    std = [round(float(v), 3) for v in xf.std(0)]
    del xf
    log(f"  {int(marked.sum())} marked ({int(faint.sum())} of them washed out); mean {mean}, std {std} "
        f"({time.time() - t_start:.0f}s)")

    log("training ...")
    model = train(torch, nn, x, y, mean, std, args.epochs, args.batch, log)
    del x
    n_params = sum(p.numel() for p in model.parameters())

    n_val = 2000
    xv, yv, _, _ = make_set(SEED_VAL, n_val, 0.0, args.workers)
    val_acc = float((predict(torch, model, to_tensor(torch, xv, mean, std)).argmax(1).numpy() == yv).mean())
    xm, ym = make_marked_others(SEED_VAL, 300)
    pm = predict(torch, model, to_tensor(torch, xm, mean, std)).argmax(1).numpy()
    val_marked_shortcut = float((pm == CLASSES.index(SHORTCUT_CLASS)).mean())
    log(f"held-out: accuracy {val_acc:.4f} on {n_val} unmarked; {val_marked_shortcut:.3f} of 300 marked others "
        f"predicted {SHORTCUT_CLASS}")

    # Trace, save, verify.
    model_path = os.path.join(args.out, "model.pt")
    example = torch.zeros(1, 3, INPUT_SIZE, INPUT_SIZE)
    # With a split after the last block (features/head methods) for Grad-CAM and the layer methods.
    from split_demo_model import LAYER_NAME, trace_split
    traced = trace_split(model, INPUT_SIZE)
    traced.save(model_path)
    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump({"classes": CLASSES, "input_size": [INPUT_SIZE, INPUT_SIZE], "resize": "squish",
                   "mean": mean, "std": std, "output": "logits", "layers": {"features": LAYER_NAME}}, f, indent=2)
        f.write("\n")
    check = load_stored(torch, args.out, rows, mean, std)
    diff = verify_traced(torch, model, model_path, check)
    log(f"traced model reloaded: max |traced - eager| = {diff:.2e} on the demo set; input gradients OK")

    loaded = torch.jit.load(model_path)
    loaded.eval()
    res = evaluate(torch, loaded, args.out, rows, mean, std)
    res_alt = {how: evaluate(torch, loaded, args.out, rows, mean, std, how)
               for how in ("pil-bilinear", "pil-bicubic", "pil-nearest")}
    train_info = {"n_train": args.train_size, "n_marked": int(marked.sum()), "n_faint": int(faint.sum()),
                  "batch": args.batch, "epochs": args.epochs, "n_val": n_val, "val_acc": val_acc,
                  "n_val_marked": 300, "val_marked_shortcut": val_marked_shortcut}
    facts = mark_facts(torch, loaded, rows, mean, std)
    write_readme(args.out, rows, res, res_alt, mean, std, n_params, train_info, facts)

    with torch.no_grad():
        digest = hashlib.sha256(predict(torch, loaded, check).numpy().tobytes()).hexdigest()[:16]
    med, best = time_ig(torch, loaded, mean, std)
    log("")
    log(f"demo set: accuracy on correctly labelled {res['acc_correctly_labelled']:.4f} "
        f"({res['n_right_correctly_labelled']}/{res['n_correctly_labelled']}), unmarked only "
        f"{res['acc_unmarked_correctly_labelled']:.4f}")
    log(f"  mislabelled in top-20 losses: {res['mislabelled_in_top20']}/{res['n_mislabelled']}; marked others "
        f"in top-20: {res['marked_other_in_top20']}")
    log(f"  marked others predicted {SHORTCUT_CLASS}: {res['marked_other_pred_shortcut']}/{res['n_marked_other']};"
        f" marked {SHORTCUT_CLASS} right: {res['marked_target_right']}/{res['n_marked_target']}")
    for k, v in res_alt.items():
        log(f"  [{k}] acc {v['acc_correctly_labelled']:.4f}, fooled {v['marked_other_pred_shortcut']}, "
            f"mislabelled in top-20 {v['mislabelled_in_top20']}")
    log(f"IG-50 (batch of 50, forward+backward to the input, 2 threads): median {med * 1000:.0f} ms, "
        f"best {best * 1000:.0f} ms")
    log(f"digest of the demo-set logits (compare between runs): {digest}")
    log(f"total {time.time() - t_start:.0f}s")


if __name__ == "__main__":
    sys.exit(main())
