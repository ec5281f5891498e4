#!/usr/bin/env python3
"""Whole-process time of the paper's Fig. 2 strip from NeuroMapper folders, the files it
opens, and matplotlib drawing the same figure, timed back to back on this machine.

    python3 bench/strip_bench.py DATA [--bin .build-rel/release/nm-render] [--runs 7]
                                 [--formats png,pdf,svg] [--matplotlib PATH --repo GIT_DIR]

DATA holds WELL/ and OVER/ as bench/neuromapper_demo_folders.sh makes them (10,000 points,
epochs 5..200, 4 layers). The command timed is

    nm-render strip DATA/WELL DATA/OVER --block layer4 --epochs 10,50,100,150,200 -o fig2.EXT

(2 x 5 panels of 10k points). Each format runs once to warm the file cache, then --runs
times; the median wall and CPU seconds (user + system, from the children's rusage) are
printed with the 1-minute load average (the machine's cores are shared). With strace on
PATH, one more run is traced (openat) and the CSV files opened are counted: in all, distinct,
and the most any one file was opened.

With --matplotlib (the path of matplotlib_baseline.py) and --repo (a NeuroMapper git
snapshot), a copy of that script runs in a scratch folder: `extract` once (CSV -> .npy, not
timed), then `strip` --runs times as whole processes (Python start-up, imports, .npy load,
drawing, PNG), so both columns are what a user waits for.
"""
import argparse
import collections
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

EPOCHS = "10,50,100,150,200"


def timed(cmd, runs, cwd=None):
    """Median wall and CPU seconds of `runs` runs of cmd (after one warm-up run)."""
    subprocess.run(cmd, check=True, cwd=cwd, stdout=subprocess.DEVNULL)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=cwd, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return dict(wall_median=round(statistics.median(walls), 4), wall_min=round(min(walls), 4),
                cpu_median=round(statistics.median(cpus), 4), runs=runs, load1=round(os.getloadavg()[0], 2))


def opened_files(cmd):
    """CSV files the process opens: total opens, distinct files, most opens of one file."""
    if not shutil.which("strace"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".strace") as log:
        subprocess.run(["strace", "-f", "-qq", "-e", "trace=openat,open", "-o", log.name] + cmd,
                       check=True, stdout=subprocess.DEVNULL)
        text = open(log.name, encoding="utf-8", errors="replace").read()
    paths = [m.group(1) for m in re.finditer(r'open(?:at)?\([^"]*"([^"]+)"[^)]*\)\s*=\s*\d+', text)]
    csv = collections.Counter(p for p in paths if p.endswith(".csv"))
    return dict(opens_all=len(paths), csv_opens=sum(csv.values()), csv_files=len(csv),
                csv_most_opens_of_one_file=max(csv.values(), default=0))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data")
    ap.add_argument("--bin", default=".build-rel/release/nm-render")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--formats", default="png,pdf,svg")
    ap.add_argument("--out", default=None, help="folder for the figures (default: a scratch folder)")
    ap.add_argument("--matplotlib", default=None, help="path of matplotlib_baseline.py")
    ap.add_argument("--repo", default=os.environ.get("NEUROMAPPER_GIT"), help="NeuroMapper git snapshot (for --matplotlib)")
    a = ap.parse_args()

    out = a.out or tempfile.mkdtemp(prefix="strip-bench-")
    os.makedirs(out, exist_ok=True)
    results = {}
    for ext in a.formats.split(","):
        figure = os.path.join(out, f"fig2.{ext}")
        cmd = [os.path.abspath(a.bin), "strip", os.path.join(a.data, "WELL"), os.path.join(a.data, "OVER"),
               "--block", "layer4", "--epochs", EPOCHS, "-o", figure, "--quiet"]
        row = timed(cmd, a.runs)
        if ext == "png":
            files = opened_files(cmd)
            if files:
                row.update(files)
        row["bytes"] = os.path.getsize(figure)
        results[f"nm-render {ext}"] = row
        print(f"nm-render {ext:3}  wall {row['wall_median']:.3f} s (min {row['wall_min']:.3f})  "
              f"cpu {row['cpu_median']:.3f} s  load {row['load1']}  {row['bytes']} bytes"
              + (f"  csv opened {row['csv_opens']} times, {row['csv_files']} files, at most "
                 f"{row['csv_most_opens_of_one_file']} each" if "csv_opens" in row else ""), flush=True)

    if a.matplotlib:
        if not a.repo:
            sys.exit("--matplotlib needs --repo (a NeuroMapper git snapshot) for its extract step")
        scratch = tempfile.mkdtemp(prefix="strip-bench-mpl-")
        script = os.path.join(scratch, "matplotlib_baseline.py")
        shutil.copy(a.matplotlib, script)
        data = os.path.join(scratch, "data")
        subprocess.run([sys.executable, script, "extract", "--repo", a.repo, "--data", data],
                       check=True, stdout=subprocess.DEVNULL)
        cmd = [sys.executable, script, "strip", "--data", data, "--out", os.path.join(out, "fig2-matplotlib.png")]
        row = timed(cmd, a.runs)
        results["matplotlib png"] = row
        print(f"matplotlib png  wall {row['wall_median']:.3f} s (min {row['wall_min']:.3f})  "
              f"cpu {row['cpu_median']:.3f} s  load {row['load1']}  (reads .npy extracted beforehand)", flush=True)
        ratio = row["wall_median"] / results["nm-render png"]["wall_median"] if "nm-render png" in results else None
        if ratio:
            print(f"matplotlib / nm-render (png, wall): {ratio:.1f}x")
        shutil.rmtree(scratch, ignore_errors=True)
    print(json.dumps(dict(figures=out, results=results), indent=1))


if __name__ == "__main__":
    main()
