#!/usr/bin/env python3
"""umap-learn's AlignedUMAP.fit on one block of a run, saved as float32 [E, N, 2] .npy, timed.

    python3 bench/umaplearn_layouts.py RUN BLOCK OUT.npy [--seed 42]

Defaults as in compare_quality.py (n_neighbors 15, min_dist 0.1, identity relations); the
seed is transform_seed (for n >= 4096 NN-descent also draws from random_state=None, so two
fits differ). Prints wall and CPU seconds and the load average, for the quality anchor of
runs the issue's figures were not measured on.
"""
import argparse
import glob
import os
import resource
import time
import warnings

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("run")
ap.add_argument("block")
ap.add_argument("out")
ap.add_argument("--seed", type=int, default=42)
a = ap.parse_args()
X = [np.load(os.path.join(d, f"{a.block}.npy")).astype(np.float32)
     for d in sorted(glob.glob(os.path.join(a.run, "epoch_*")))]
n = X[0].shape[0]
rel = [{i: i for i in range(n)} for _ in range(len(X) - 1)]
warnings.filterwarnings("ignore")
import umap  # noqa: E402
load0 = os.getloadavg()[0]
t0, c0 = time.time(), time.process_time()
m = umap.AlignedUMAP(n_neighbors=15, min_dist=0.1, transform_seed=a.seed).fit(X, relations=rel)
wall, cpu = time.time() - t0, time.process_time() - c0
np.save(a.out, np.stack([np.asarray(e, dtype=np.float32) for e in m.embeddings_]))
print(f"umap-learn AlignedUMAP.fit {len(X)} x {n} x {X[0].shape[1]} seed {a.seed}: {wall:.1f} s wall, "
      f"{cpu:.1f} s CPU, peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB, "
      f"load {load0:.2f} -> {os.getloadavg()[0]:.2f}")
