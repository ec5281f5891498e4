#!/usr/bin/env python3
"""Speed of our AlignedUMAP (Benchmarks/umap-bench, release) against umap-learn's
AlignedUMAP.fit on the same slices, timed back to back on this machine.

    python3 bench/time_reference.py SLICES_DIR [--bench .build/release/umap-bench] [--seed 42]
                                    [--bench-args ARGS] [--skip-reference] [--save DIR]

SLICES_DIR is written by bench/export_run.py (slices.json + float32 slice files).
umap-learn runs first: a warm-up fit on tiny data (3 slices x 300 points, the same
nearest-neighbour path as the real fit) compiles numba, then AlignedUMAP(n_neighbors=15,
min_dist=0.1, transform_seed=SEED).fit(slices, relations=identity) is timed. Then
umap-bench runs on the same directory. Prints wall and CPU seconds, peak memory
(resource ru_maxrss: the Python process's includes the loaded slices), the 1-minute load
average around each run (the 2 cores are shared), and the ratios.

With --save DIR both layouts are kept (DIR/umaplearn.npy, DIR/ours.npy, float32
[E, N, 2]) and the quality of each is printed, so the speed-up is read at equal
quality: trustworthiness@15 and kNN preservation@15 on a fixed random subsample
of 2,000 samples in four slices (first, two middle, last), and alignment
stability and Procrustes disparity over every consecutive pair of slices (the
metrics of compare_quality.py, aligned-umap.md section 5).
"""
import argparse
import json
import os
import re
import resource
import subprocess
import time
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def load(slices_dir):
    with open(os.path.join(slices_dir, "slices.json")) as f:
        meta = json.load(f)
    shape = (meta["rows"], meta["cols"])
    return [np.fromfile(os.path.join(slices_dir, name), dtype="<f4").reshape(shape) for name in meta["files"]]


def fit(slices, seed, force_approx):
    import umap
    n = slices[0].shape[0]
    relations = [{i: i for i in range(n)} for _ in range(len(slices) - 1)]
    model = umap.AlignedUMAP(n_neighbors=15, min_dist=0.1, transform_seed=seed,
                             force_approximation_algorithm=force_approx)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(slices, relations=relations)
    return model


def quality(slices, layouts, seed=0, sample=2000):
    from compare_quality import alignment_metrics, local_metrics
    e, n = len(slices), slices[0].shape[0]
    rows = np.sort(np.random.default_rng(seed).choice(n, size=min(sample, n), replace=False))
    picks = sorted({0, e // 3, (2 * e) // 3, e - 1})
    return {**local_metrics([slices[i][rows] for i in picks], [layouts[i][rows] for i in picks]),
            **alignment_metrics(layouts)}


def print_quality(name, q):
    print(f"{name:10s} trust@15 {q['trust']:.4f}  kNN@15 {q['knn']:.4f}  "
          f"stability {q['stab_mean']:.4f}  Procrustes {q['proc_mean']:.4f}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("slices_dir")
    ap.add_argument("--bench", default=os.path.join(HERE, "..", ".build", "release", "umap-bench"))
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--bench-args", default="", help="more arguments for umap-bench, e.g. '--schedule chained'")
    ap.add_argument("--skip-reference", action="store_true")
    ap.add_argument("--save", metavar="DIR", help="keep both layouts in DIR and print their quality")
    a = ap.parse_args()
    slices = load(a.slices_dir)
    n, d, e = slices[0].shape[0], slices[0].shape[1], len(slices)
    print(f"input: {e} slices x {n} samples x {d} dims ({a.slices_dir})", flush=True)

    ref_wall = ref_cpu = None
    if not a.skip_reference:
        force = n >= 4096
        t = time.perf_counter()
        fit([s[:300] for s in slices[:3]], a.seed, force)
        print(f"umap-learn warm-up (numba compile): {time.perf_counter() - t:.1f} s", flush=True)
        load0 = os.getloadavg()[0]
        t, c = time.perf_counter(), time.process_time()
        model = fit(slices, a.seed, False)
        ref_wall, ref_cpu = time.perf_counter() - t, time.process_time() - c
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"umap-learn AlignedUMAP.fit: {ref_wall:.1f} s wall, {ref_cpu:.1f} s CPU, "
              f"peak memory {rss:.0f} MiB (process), load {load0:.2f} -> {os.getloadavg()[0]:.2f}", flush=True)
        if a.save:
            os.makedirs(a.save, exist_ok=True)
            np.save(os.path.join(a.save, "umaplearn.npy"), np.stack(model.embeddings_).astype(np.float32))
        del model

    load0 = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    command = [a.bench, a.slices_dir, "--seed", str(a.seed)] + a.bench_args.split()
    if a.save:
        os.makedirs(a.save, exist_ok=True)
        command += ["--out", os.path.join(a.save, "ours.npy")]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(out.rstrip())
    print(f"ours: {wall:.1f} s wall, {cpu:.1f} s CPU, load {load0:.2f} -> {os.getloadavg()[0]:.2f}")
    if ref_wall is not None:
        print(f"speed-up: {ref_wall / wall:.1f}x wall, {ref_cpu / cpu:.1f}x CPU", flush=True)
    if a.save:
        for name in ("umaplearn", "ours"):
            path = os.path.join(a.save, f"{name}.npy")
            if os.path.exists(path):
                print_quality("umap-learn" if name == "umaplearn" else "ours", quality(slices, np.load(path)))


if __name__ == "__main__":
    main()
