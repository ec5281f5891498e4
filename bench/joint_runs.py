#!/usr/bin/env python3
"""Joint layouts of several runs vs independent layouts plus orientation (issue 17).

    python3 bench/joint_runs.py [--exe .build-rel/release/nm-render] [RUN1 RUN2] [-- extra layout flags]

Runs `nm-render layout RUN1 RUN2 --out DIR` twice with the release executable: jointly (the
default for two runs of the same samples) and with --independent-runs, the second run then
oriented onto the first as `video`/`strip` orient independent runs (one orthogonal Procrustes
fit over all epochs, LayoutOrientation.orient). Prints, per block:

(a) first epoch: median over samples of |y_run1 - y_run2| / RMS radius (<= 0.01 to pass);
(b) every epoch: the same figure, joint vs independent (joint lower at every epoch to pass);
(c) trust@15 (layout_metrics.py's definition, all samples) per run, mean over epochs, joint vs
    independent (|difference| <= 0.01 to pass).

Positions are centred per epoch before distances are taken (a framed panel shows no
translation); the RMS radius is the mean of the two runs' radii at that epoch.
"""
import argparse
import glob
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, "/work/shared/bench")
from layout_metrics import load_block, rms_radius, trustworthiness_per_epoch  # noqa: E402

DATA = "/work/shared/data"


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run_layout(exe, runs, out, extra):
    cmd = [exe, "layout", *runs, "--out", out, "--no-cache", "--quiet", *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cmd, wall, cpu


def folders(out):
    return sorted(d for d in glob.glob(os.path.join(out, "*")) if os.path.isdir(d))


def orient_onto(stack, reference):
    """LayoutOrientation.orient: one orthogonal R over all epochs, fitted on centred layouts,
    applied about the origin."""
    c = np.zeros((2, 2))
    for s, t in zip(stack, reference):
        ok = np.isfinite(s).all(axis=1) & np.isfinite(t).all(axis=1)
        s0 = s[ok] - s[ok].mean(axis=0)
        t0 = t[ok] - t[ok].mean(axis=0)
        c += s0.T @ t0
    u, _, vt = np.linalg.svd(c)
    return stack @ (u @ vt)


def median_gap(a, b):
    """Per epoch: median_i |a_i - b_i| (each centred) / mean RMS radius."""
    out = []
    for x, y in zip(a, b):
        ok = np.isfinite(x).all(axis=1) & np.isfinite(y).all(axis=1)
        x, y = x[ok] - x[ok].mean(axis=0), y[ok] - y[ok].mean(axis=0)
        radius = 0.5 * (rms_radius(x) + rms_radius(y))
        out.append(float(np.median(np.linalg.norm(x - y, axis=1)) / radius))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--exe", default=".build-rel/release/nm-render")
    ap.add_argument("--work", default=None, help="folder for the layouts (default: a temporary one)")
    ap.add_argument("runs", nargs="*", default=[f"{DATA}/digits-wellfit-1k", f"{DATA}/digits-overfit-1k"])
    args, extra = ap.parse_known_args()
    extra = [e for e in extra if e != "--"]
    runs = args.runs
    assert len(runs) == 2, "give two runs"
    work = args.work or tempfile.mkdtemp(prefix="joint-runs-")
    os.makedirs(work, exist_ok=True)
    blocks = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(runs[0], "epoch_000", "*.npy")))
    first = sorted(glob.glob(os.path.join(runs[0], "epoch_*")))[0]
    same = {b: sha(os.path.join(first, b + ".npy")) ==
            sha(os.path.join(runs[1], os.path.basename(first), b + ".npy")) for b in blocks}
    print(f"runs: {runs[0]} | {runs[1]}")
    print(f"first epoch ({os.path.basename(first)}) bitwise identical per block: {same}")

    load = os.getloadavg()
    cmd_j, wall_j, cpu_j = run_layout(args.exe, runs, os.path.join(work, "joint"), extra)
    cmd_i, wall_i, cpu_i = run_layout(args.exe, runs, os.path.join(work, "independent"),
                                      extra + ["--independent-runs"])
    print(f"joint:       {' '.join(cmd_j)}\n             wall {wall_j:.1f} s, cpu {cpu_j:.1f} s")
    print(f"independent: {' '.join(cmd_i)}\n             wall {wall_i:.1f} s, cpu {cpu_i:.1f} s")
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; after: "
          + " ".join(f"{v:.2f}" for v in os.getloadavg()))

    joint = folders(os.path.join(work, "joint"))
    indep = folders(os.path.join(work, "independent"))
    order = [json.load(open(os.path.join(d, "layout.json")))["name"] for d in joint]
    print(f"layouts folders: {[os.path.basename(d) for d in joint]} (runs {order})")
    # Folders are named by run name; put them in the order of `runs`.
    by_name = {os.path.basename(os.path.normpath(r)): i for i, r in enumerate(runs)}
    joint.sort(key=lambda d: by_name.get(os.path.basename(d), 0))
    indep.sort(key=lambda d: by_name.get(os.path.basename(d), 0))

    ok_all = True
    summary = {}
    for b in blocks:
        j = [np.load(os.path.join(d, b + ".npy")).astype(np.float64) for d in joint]
        i = [np.load(os.path.join(d, b + ".npy")).astype(np.float64) for d in indep]
        i[1] = orient_onto(i[1], i[0])
        gap_j, gap_i = median_gap(j[0], j[1]), median_gap(i[0], i[1])
        ok_a = gap_j[0] <= 0.01
        ok_b = all(x < y for x, y in zip(gap_j, gap_i))
        trust = []
        for r, run in enumerate(runs):
            acts = load_block(run, b)
            tj, _ = trustworthiness_per_epoch(acts, j[r], k=15, n_sub=2000, seed=0)
            ti, _ = trustworthiness_per_epoch(acts, i[r], k=15, n_sub=2000, seed=0)
            trust.append((float(np.mean(tj)), float(np.mean(ti)), float(np.max(np.abs(np.subtract(tj, ti))))))
        ok_c = all(abs(a - c) <= 0.01 for a, c, _ in trust)
        ok_all &= ok_a and ok_b and ok_c
        print(f"\n{b}:")
        print(f"  (a) first epoch median gap / RMS radius: joint {gap_j[0]:.5f} (independent {gap_i[0]:.4f})"
              f"  {'PASS' if ok_a else 'FAIL'} (<= 0.01)")
        print(f"  (b) per epoch, joint:       " + " ".join(f"{v:.3f}" for v in gap_j))
        print(f"      per epoch, independent: " + " ".join(f"{v:.3f}" for v in gap_i))
        worst = max(x / y for x, y in zip(gap_j, gap_i))
        print(f"      joint lower at {sum(x < y for x, y in zip(gap_j, gap_i))}/{len(gap_j)} epochs, "
              f"largest ratio joint/independent {worst:.3f}  {'PASS' if ok_b else 'FAIL'}")
        for r, (tj, ti, dmax) in enumerate(trust):
            print(f"  (c) run {r + 1} trust@15 mean: joint {tj:.4f}, independent {ti:.4f}, diff {tj - ti:+.4f}"
                  f" (largest per-epoch |diff| {dmax:.4f})  {'PASS' if abs(tj - ti) <= 0.01 else 'FAIL'}")
        summary[b] = dict(a=gap_j[0], b_joint=gap_j, b_independent=gap_i, trust=trust)
    print(f"\nall acceptance lines: {'PASS' if ok_all else 'FAIL'}")
    with open(os.path.join(work, "joint_runs.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(f"figures in {os.path.join(work, 'joint_runs.json')}")


if __name__ == "__main__":
    main()
