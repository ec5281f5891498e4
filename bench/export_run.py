#!/usr/bin/env python3
"""Export slices for Benchmarks/umap-bench: raw float32 files plus a small JSON of shapes.

    python3 bench/export_run.py RUN BLOCK OUT_DIR
        one block of a run folder (RUN/epoch_<EEE>/<BLOCK>.npy, any float dtype)
    python3 bench/export_run.py --synthetic N EPOCHS DIMS OUT_DIR [--seed 0]
        a synthetic "training run": 10 classes whose centres separate and drift
        over the epochs, each sample a noisy point of its class in a 16-D latent
        space, lifted to DIMS dimensions by a fixed random matrix and a ReLU.

OUT_DIR gets slice_<EEE>.f32 (row-major float32 [N, D], little-endian) per
slice and slices.json: {"slices": E, "rows": N, "cols": D, "files": [...],
"labels": [...]}. The benchmark reads one slice at a time.
"""
import argparse
import glob
import json
import os

import numpy as np


def write(out, slices, labels):
    os.makedirs(out, exist_ok=True)
    files = []
    for e, x in enumerate(slices):
        name = f"slice_{e:03d}.f32"
        np.ascontiguousarray(x, dtype="<f4").tofile(os.path.join(out, name))
        files.append(name)
    meta = dict(slices=len(files), rows=int(slices[0].shape[0]), cols=int(slices[0].shape[1]),
                files=files, labels=[int(v) for v in labels])
    with open(os.path.join(out, "slices.json"), "w") as f:
        json.dump(meta, f)
    print(f"wrote {len(files)} slices of {slices[0].shape} to {out}")


def synthetic(n, epochs, dims, seed):
    """Yields E float32 [n, dims] slices (generated lazily so memory stays small)."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, size=n)
    latent_dim = 16
    centres0 = rng.normal(size=(10, latent_dim))
    drift = rng.normal(size=(10, latent_dim))
    offsets = rng.normal(size=(n, latent_dim))
    lift = rng.normal(size=(latent_dim, dims)).astype(np.float32) / np.sqrt(latent_dim)
    for e in range(epochs):
        t = e / max(1, epochs - 1)
        centres = (0.5 + 2.5 * t) * centres0 + 0.5 * t * drift
        noise = rng.normal(size=(n, latent_dim)) * 0.1
        z = centres[labels] + offsets * (1.0 - 0.5 * t) + noise
        yield np.maximum(z.astype(np.float32) @ lift, 0).astype(np.float32), labels


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("args", nargs="+")
    ap.add_argument("--synthetic", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    if a.synthetic:
        n, epochs, dims, out = int(a.args[0]), int(a.args[1]), int(a.args[2]), a.args[3]
        os.makedirs(out, exist_ok=True)
        files, labels = [], None
        for e, (x, labels) in enumerate(synthetic(n, epochs, dims, a.seed)):
            name = f"slice_{e:03d}.f32"
            x.astype("<f4").tofile(os.path.join(out, name))
            files.append(name)
        with open(os.path.join(out, "slices.json"), "w") as f:
            json.dump(dict(slices=epochs, rows=n, cols=dims, files=files,
                           labels=[int(v) for v in labels]), f)
        print(f"wrote {epochs} synthetic slices of ({n}, {dims}) to {out}")
    else:
        run, block, out = a.args
        dirs = sorted(glob.glob(os.path.join(run, "epoch_*")))
        slices = [np.load(os.path.join(d, f"{block}.npy")).astype(np.float32) for d in dirs]
        labels_path = os.path.join(run, "labels.npy")
        labels = np.load(labels_path) if os.path.exists(labels_path) else np.zeros(slices[0].shape[0], int)
        write(out, slices, labels)


if __name__ == "__main__":
    main()
