#!/usr/bin/env python3
"""Make a real wide-activation run: a small CNN trained on scikit-learn's digits.

    python3 bench/make_cnn_run.py OUT_PREFIX [--epochs 12] [--n-eval 10000 1000] [--seed 0]
        [--conv3] [--digits-csv .../sklearn/datasets/data/digits.csv.gz]   # needs torch; sklearn optional

Trains (PyTorch, CPU, one thread) a CNN on augmented 8x8 digits

    conv1 1->32 3x3 pad 1, ReLU -> conv2 32->64 3x3 pad 1, ReLU   (64 x 8 x 8)
    -> max-pool 2 -> dense 1024->128, ReLU -> logits 128->10

or, with --conv3, a third convolution between the pool and the dense layer, so the run also has
a wide block one step below the dense layer (the kind users flatten from a deeper network):

    ... conv2 -> max-pool 2 -> conv3 64->256 3x3 pad 1, ReLU   (256 x 4 x 4)
    -> max-pool 2 -> dense 1024->128, ReLU -> logits 128->10

and after every epoch writes the activations of a fixed evaluation set in the product's
input layout, one run folder per requested eval size (OUT_PREFIX-<N/1000>k):

    RUN/epoch_<EEE>/conv2.npy    float16 [N, 4096]  conv2 feature maps (post-ReLU), flattened C,H,W
    RUN/epoch_<EEE>/conv3.npy    float16 [N, 4096]  with --conv3: conv3 feature maps (post-ReLU)
    RUN/epoch_<EEE>/dense.npy    float32 [N, 128]   dense layer (post-ReLU)
    RUN/epoch_<EEE>/logits.npy   float32 [N, 10]
    RUN/labels.npy, RUN/classes.txt, RUN/metrics.csv (epoch,train_loss,train_acc,val_loss,val_acc)

The smaller runs are prefixes of the largest: their samples are its first N eval samples.
Configuration and timings go beside each run in RUN.json. Data follow the digits runs'
recipe (bench/make_digits_runs.py in the shared reference scripts): the 1,797 images are split
into training and evaluation base images (so no eval sample is a shifted copy of a training
image), and both sets are grown by a random shift of -1, 0 or +1 pixel per axis (zero fill)
plus Gaussian pixel noise, clipped to [0, 1]. Written here independently with torch.
"""
import argparse
import csv
import json
import os
import time

import numpy as np
import torch
from torch import nn


def load_digits(csv_path=None):
    """scikit-learn's bundled digits: (images [1797, 8, 8] in 0..16, labels). Through sklearn
    when it is importable, else from its digits.csv.gz (64 pixels and the label per line)."""
    if csv_path is None:
        from sklearn.datasets import load_digits as sk_load
        d = sk_load()
        return d.images, d.target
    table = np.loadtxt(csv_path, delimiter=",")
    return table[:, :64].reshape(-1, 8, 8), table[:, 64]


def augmented(images, labels, base, n, rng, noise_sigma):
    """n samples drawn from `base` images, each shifted by up to one pixel and noised."""
    pick = base[rng.integers(0, len(base), size=n)]
    shifts = rng.integers(-1, 2, size=(n, 2))
    padded = np.pad(images[pick], ((0, 0), (1, 1), (1, 1)))
    out = np.empty((n, 8, 8), np.float32)
    for i, (dy, dx) in enumerate(shifts):
        # A shift by (dy, dx) reads the padded image at offset (1 - dy, 1 - dx).
        out[i] = padded[i, 1 - dy:9 - dy, 1 - dx:9 - dx]
    out += rng.standard_normal(out.shape).astype(np.float32) * noise_sigma
    return np.clip(out, 0, 1), labels[pick]


class DigitsCNN(nn.Module):
    def __init__(self, conv3=False):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        # Created only when asked, so the two-convolution network draws the same initial weights.
        self.conv3 = nn.Conv2d(64, 256, 3, padding=1) if conv3 else None
        # What `forward` returns, in its order; the convolutions' maps are the wide blocks.
        self.block_names = ["conv2"] + (["conv3"] if conv3 else []) + ["dense", "logits"]
        self.dense = nn.Linear(1024, 128)
        self.logits = nn.Linear(128, 10)

    def forward(self, x):
        """The blocks a run records, in order (conv2, [conv3,] dense); the logits last."""
        c2 = torch.relu(self.conv2(torch.relu(self.conv1(x))))
        below_dense = nn.functional.max_pool2d(c2, 2)
        blocks = [torch.flatten(c2, 1)]
        if self.conv3 is not None:
            c3 = torch.relu(self.conv3(below_dense))
            blocks.append(torch.flatten(c3, 1))
            below_dense = nn.functional.max_pool2d(c3, 2)
        d = torch.relu(self.dense(torch.flatten(below_dense, 1)))
        return blocks + [d, self.logits(d)]


def evaluate(model, x, y, batch=2000):
    """Mean loss, accuracy and every recorded block's activations of x (the logits last)."""
    model.eval()
    loss, correct, blocks = 0.0, 0, None
    with torch.no_grad():
        for s in range(0, len(y), batch):
            outs = model(x[s:s + batch])
            z = outs[-1]
            loss += nn.functional.cross_entropy(z, y[s:s + batch], reduction="sum").item()
            correct += (z.argmax(1) == y[s:s + batch]).sum().item()
            blocks = blocks or [[] for _ in outs]
            for out, a in zip(blocks, outs):
                out.append(a.numpy())
    return loss / len(y), correct / len(y), [np.concatenate(b) for b in blocks]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_prefix", help="runs are written to OUT_PREFIX-<N/1000>k")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--n-eval", type=int, nargs="+", default=[10000, 1000])
    ap.add_argument("--n-train", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--noise-sigma", type=float, default=0.05)
    ap.add_argument("--conv3", action="store_true", help="add a 64->256 convolution below the dense layer")
    ap.add_argument("--digits-csv", help="sklearn's datasets/data/digits.csv.gz, for a python without sklearn")
    a = ap.parse_args()
    torch.set_num_threads(1)  # the machine is shared
    torch.manual_seed(a.seed)
    t0 = time.perf_counter()
    rng_split, rng_train, rng_eval, rng_order = (np.random.default_rng(s) for s in
                                                 np.random.SeedSequence(a.seed).spawn(4))
    raw_images, raw_labels = load_digits(a.digits_csv)
    images = (raw_images / 16.0).astype(np.float32)
    labels = raw_labels.astype(np.int64)
    perm = rng_split.permutation(len(labels))
    n_eval_base = round(len(labels) / 3)
    xtr, ytr = augmented(images, labels, perm[n_eval_base:], a.n_train, rng_train, a.noise_sigma)
    xev, yev = augmented(images, labels, perm[:n_eval_base], max(a.n_eval), rng_eval, a.noise_sigma)
    xtr, ytr = torch.from_numpy(xtr[:, None]), torch.from_numpy(ytr)
    xev, yev = torch.from_numpy(xev[:, None]), torch.from_numpy(yev)

    runs = {n: f"{a.out_prefix}-{n // 1000}k" if n % 1000 == 0 else f"{a.out_prefix}-{n}" for n in a.n_eval}
    for n, run in runs.items():
        os.makedirs(run, exist_ok=True)
        np.save(os.path.join(run, "labels.npy"), yev[:n].numpy())
        with open(os.path.join(run, "classes.txt"), "w") as f:
            f.write("".join(f"{c}\n" for c in range(10)))
    model = DigitsCNN(conv3=a.conv3)
    wide = {"conv2", "conv3"}  # float16, as users' capture of big maps would be
    opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=0.9, weight_decay=5e-4)
    rows, t_train = [], 0.0
    for epoch in range(1, a.epochs + 1):
        ta = time.perf_counter()
        model.train()
        order = torch.from_numpy(rng_order.permutation(a.n_train))
        for s in range(0, a.n_train, a.batch_size):
            idx = order[s:s + a.batch_size]
            opt.zero_grad()
            nn.functional.cross_entropy(model(xtr[idx])[-1], ytr[idx]).backward()
            opt.step()
        t_train += time.perf_counter() - ta
        tr_loss, tr_acc, _ = evaluate(model, xtr, ytr)
        ev_loss, ev_acc, outs = evaluate(model, xev, yev)
        rows.append((epoch, tr_loss, tr_acc, ev_loss, ev_acc))
        for n, run in runs.items():
            d = os.path.join(run, f"epoch_{epoch:03d}")
            os.makedirs(d, exist_ok=True)
            for name, values in zip(model.block_names, outs):
                np.save(os.path.join(d, f"{name}.npy"), values[:n].astype(np.float16 if name in wide else np.float32))
        print(f"epoch {epoch:3d} train loss {tr_loss:.4f} acc {tr_acc:.4f} | "
              f"val loss {ev_loss:.4f} acc {ev_acc:.4f}", flush=True)
    for n, run in runs.items():
        with open(os.path.join(run, "metrics.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["epoch", "train_loss", "train_acc", "val_loss", "val_acc"])
            for r in rows:
                w.writerow([r[0]] + [f"{v:.6f}" for v in r[1:]])
        meta = dict(n_eval=n, prefix_of=max(a.n_eval), n_train=a.n_train, epochs=a.epochs, seed=a.seed,
                    lr=a.lr, momentum=0.9, weight_decay=5e-4, batch_size=a.batch_size,
                    noise_sigma=a.noise_sigma,
                    architecture=("conv 1-32-64 3x3, pool 2, conv 64-256 3x3, pool 2, dense 128, logits 10" if a.conv3
                                  else "conv 1-32-64 3x3, pool 2, dense 128, logits 10"),
                    blocks=dict(conv2="float16 [N, 4096] (64x8x8)",
                                **(dict(conv3="float16 [N, 4096] (256x4x4)") if a.conv3 else {}),
                                dense="float32 [N, 128]", logits="float32 [N, 10]"),
                    torch=torch.__version__, seconds_total=round(time.perf_counter() - t0, 1),
                    seconds_train=round(t_train, 1),
                    final=dict(zip(("train_loss", "train_acc", "val_loss", "val_acc"), rows[-1][1:])))
        with open(run.rstrip("/") + ".json", "w") as f:
            json.dump(meta, f, indent=1)
    print(json.dumps({"runs": list(runs.values()), "seconds": round(time.perf_counter() - t0, 1)}))


if __name__ == "__main__":
    main()
