#!/usr/bin/env python3
"""Lift one block of a run to a wide block: a fixed random ReLU layer over its activations.

    python3 bench/lift_block.py RUN BLOCK DIMS OUT [--epochs E] [--seed 0]

Writes OUT/epoch_<EEE>/wide<DIMS>.npy, float16 [N, DIMS] = relu(X W), W ~ N(0, 1/d) of shape
d x DIMS (one W for all epochs), plus OUT's labels.npy and classes.txt copied from RUN. This is
the issue-14 wide benchmark: the same neighbourhoods as the narrow block, in many dimensions.
"""
import argparse
import glob
import os
import shutil

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("run")
ap.add_argument("block")
ap.add_argument("dims", type=int)
ap.add_argument("out")
ap.add_argument("--epochs", type=int, default=None, help="only the first E epochs")
ap.add_argument("--seed", type=int, default=0)
a = ap.parse_args()
dirs = sorted(glob.glob(os.path.join(a.run, "epoch_*")))[: a.epochs]
w = None
for d in dirs:
    x = np.load(os.path.join(d, f"{a.block}.npy")).astype(np.float32)
    if w is None:
        w = np.random.default_rng(a.seed).standard_normal((x.shape[1], a.dims)).astype(np.float32) / np.sqrt(x.shape[1])
    out = os.path.join(a.out, os.path.basename(d))
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, f"wide{a.dims}.npy"), np.maximum(x @ w, 0).astype(np.float16))
for f in ("labels.npy", "classes.txt"):
    if os.path.exists(os.path.join(a.run, f)):
        shutil.copy(os.path.join(a.run, f), os.path.join(a.out, f))
print(f"wrote {len(dirs)} epochs of wide{a.dims} to {a.out}")
