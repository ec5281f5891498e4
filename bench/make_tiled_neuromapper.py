#!/usr/bin/env python3
"""A NeuroMapper-shaped folder with N x the samples of a real one, for video benchmarks.

Copy 0 of every sample is the sample itself; copy c >= 1 is offset by a fixed Gaussian jitter
(sigma = 1 % of the block's larger extent over all epochs), the same at every epoch, so each copy
moves exactly like its original: the clusters keep their real motion, only denser. This is the
construction encode-bench uses in memory (Benchmarks/encode-bench/TiledLayouts.swift), written
to disk so the nm-render CLI can read it.

    python3 bench/make_tiled_neuromapper.py ../shared/data/neuromapper-sample OUT --copies 10
"""
import argparse
import os
import re

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="a NeuroMapper folder (layer<B>_pre_embeded_(20, 0.1)/<epoch>_embedding.csv)")
    parser.add_argument("out", help="the folder to create (must not exist)")
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    os.makedirs(args.out)
    rng = np.random.default_rng(args.seed)
    for name in sorted(os.listdir(args.source)):
        path = os.path.join(args.source, name)
        if not os.path.isdir(path):
            with open(path, "rb") as f, open(os.path.join(args.out, name), "wb") as g:
                g.write(f.read())
            continue
        epochs = sorted(int(m.group(1)) for f in os.listdir(path) if (m := re.fullmatch(r"(\d+)_embedding\.csv", f)))
        xy = {e: np.loadtxt(os.path.join(path, f"{e}_embedding.csv"), delimiter=",", ndmin=2) for e in epochs}
        stacked = np.concatenate(list(xy.values()))
        finite = stacked[np.isfinite(stacked).all(axis=1)]
        sigma = 0.01 * float((finite.max(axis=0) - finite.min(axis=0)).max())
        n = next(iter(xy.values())).shape[0]
        offsets = np.concatenate([np.zeros((n, 2)), rng.normal(0, sigma, size=((args.copies - 1) * n, 2))])
        os.makedirs(os.path.join(args.out, name))
        for e in epochs:
            labels = np.loadtxt(os.path.join(path, f"{e}_labels.csv"), ndmin=1)
            np.savetxt(os.path.join(args.out, name, f"{e}_embedding.csv"), np.tile(xy[e], (args.copies, 1)) + offsets,
                       delimiter=",", fmt="%.7e")
            np.savetxt(os.path.join(args.out, name, f"{e}_labels.csv"), np.tile(labels, args.copies), fmt="%.1f")
    print(f"wrote {args.out}: {args.copies} copies of {n} samples per block")


if __name__ == "__main__":
    main()
