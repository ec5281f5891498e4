#!/usr/bin/env python3
"""Latency of `nm-render watch`: from an epoch appearing in a run to its updated strip PNG.

    python3 bench/watch_latency.py [--source RUN] [--blocks block2] [--lift DIMS] [--epochs 40]
                                   [--nm-render .build-rel/release/nm-render] [--work DIR]
                                   [--video-size 1920x1080 | --no-video]

Writes the epochs of --source (default /work/bench-data/digits-wellfit-10k) one by one into a
new run folder with the Python RunWriter while `nm-render watch RUN -o strip.png --layouts L
--json-lines` runs on it, as a training loop would: each epoch is written once the update of the
previous one has arrived (a training epoch takes longer than a layout), so every epoch is its own
update. Per epoch it takes the time from `write_epoch` returning (the epoch folder renamed into
place) to watch's JSON line for that epoch (written after the strip PNG was renamed into place),
and prints the median and the maximum, watch's own figure ("seconds"), watch's CPU seconds and
the load average.

--blocks picks the source blocks (default block2: 10,000 x 128). --lift DIMS replaces each one by
a fixed random ReLU layer over it, DIMS wide (W ~ N(0, 1/d), as bench/lift_block.py), stored as
float16: `--blocks block1,block2,block3,block4 --lift 512` is four blocks of 10,000 x 512.

Afterwards (unless --no-video) it times the video render of the watched epochs:
`nm-render video L -o video.mp4 --size 1920x1080`, the render watch runs in the background for a
video output (from the same layouts folder).

Targets (issue 16, 2 cores, release build): one 10,000 x 128 block, median <= 3 s and max <= 6 s;
four blocks of 10,000 x 512, median <= 10 s. The layouts folder L stays in --work for
bench/watch_quality.py.
"""
import argparse
import glob
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "python", "src"))
from nm_render import RunWriter  # noqa: E402


def source_epochs(source, epochs):
    folders = sorted(glob.glob(os.path.join(source, "epoch_*")))
    if not folders:
        raise SystemExit(f"no epoch_* folders in {source}")
    return folders[:epochs] if epochs else folders


def lifted(blocks, dims, seed=0):
    """The --lift transform: per block a fixed W (made at the first epoch), relu(X W) as float16."""
    weights = {}

    def lift(name, x):
        if name not in weights:
            rng = np.random.default_rng(seed + sum(map(ord, name)))
            weights[name] = rng.standard_normal((x.shape[1], dims)).astype(np.float32) / np.sqrt(x.shape[1])
        return np.maximum(x @ weights[name], 0).astype(np.float16)

    return lift


def child_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", default="/work/bench-data/digits-wellfit-10k")
    ap.add_argument("--blocks", default="block2", help="comma-separated source blocks")
    ap.add_argument("--lift", type=int, default=None, help="lift each block to this many dimensions (float16)")
    ap.add_argument("--epochs", type=int, default=40, help="first E epochs of the source (0: all)")
    ap.add_argument("--nm-render", default=os.path.join(REPO, ".build-rel", "release", "nm-render"))
    ap.add_argument("--work", default=None, help="folder for the run, strip and layouts (default: a new one under /tmp)")
    ap.add_argument("--video-size", default="1920x1080")
    ap.add_argument("--no-video", action="store_true")
    ap.add_argument("--timeout", type=float, default=600, help="seconds to wait for one update")
    ap.add_argument("--median-target", type=float, default=None, help="default: 3 s, or 10 s with --lift")
    ap.add_argument("--max-target", type=float, default=None, help="default: 6 s for one block, none with --lift")
    a = ap.parse_args()

    if not os.access(a.nm_render, os.X_OK):
        raise SystemExit(f"{a.nm_render} is not an executable; build it with "
                         "swift build -c release --scratch-path .build-rel --product nm-render")
    blocks = a.blocks.split(",")
    folders = source_epochs(a.source, a.epochs)
    labels = np.load(os.path.join(a.source, "labels.npy"))
    classes_file = os.path.join(a.source, "classes.txt")
    classes = open(classes_file).read().split("\n")[:-1] if os.path.exists(classes_file) else None
    work = a.work or f"/tmp/nm-watch-bench-{os.getpid()}"
    os.makedirs(work, exist_ok=True)
    run_dir, strip, layouts = (os.path.join(work, name) for name in ("run", "strip.png", "layouts"))
    for path in (run_dir, layouts):
        shutil.rmtree(path, ignore_errors=True)
    lift = lifted(blocks, a.lift) if a.lift else None
    median_target = a.median_target or (10.0 if a.lift else 3.0)
    max_target = a.max_target if a.max_target is not None else (None if a.lift else 6.0)

    # The blocks are read ahead of time, so the writer's pace is the file system's, not NumPy's.
    def epoch_arrays(folder):
        arrays = {}
        for name in blocks:
            x = np.load(os.path.join(folder, name + ".npy"))
            arrays[(name + f"_{a.lift}") if lift else name] = lift(name, x.astype(np.float32)) if lift else x
        return arrays

    load_before = os.getloadavg()
    cpu_before = child_cpu_seconds()
    log = open(os.path.join(work, "watch.log"), "w")
    started = time.time()
    watch = subprocess.Popen([a.nm_render, "watch", run_dir, "-o", strip, "--layouts", layouts, "--json-lines",
                              "--idle-exit", str(int(a.timeout))], stdout=subprocess.PIPE, stderr=log, text=True)
    updates = []
    arrived = threading.Condition()

    def read_updates():
        for line in watch.stdout:
            with arrived:
                updates.append((time.time(), json.loads(line)))
                arrived.notify_all()

    reader = threading.Thread(target=read_updates, daemon=True)
    reader.start()

    rows = []
    dtype = "float16" if lift else "float32"
    writer = RunWriter(run_dir, labels=labels, class_names=classes, dtype=dtype, name="watch-bench")
    try:
        for index, folder in enumerate(folders):
            epoch = int(os.path.basename(folder).split("_")[1])
            arrays = epoch_arrays(folder)
            writer.write_epoch(epoch, arrays)
            appeared = time.time()
            with arrived:
                if not arrived.wait_for(lambda: len(updates) > index or watch.poll() is not None, timeout=a.timeout):
                    raise SystemExit(f"no update for epoch {epoch} within {a.timeout} s; see {log.name}")
                if len(updates) <= index:
                    raise SystemExit(f"watch ended (exit {watch.returncode}) before epoch {epoch}; see {log.name}")
                at, update = updates[index]
            if update["epochs"] != [epoch]:
                raise SystemExit(f"update {index} covers epochs {update['epochs']}, expected [{epoch}]")
            rows.append(dict(epoch=epoch, latency=at - appeared, watch_seconds=update["seconds"],
                             layout=update["stage_seconds"].get("layout", 0), strip=update["stage_seconds"].get("strip", 0)))
            print(f"epoch {epoch:3d}: {rows[-1]['latency']:6.2f} s (watch: {update['seconds']:.2f} s; layout "
                  f"{rows[-1]['layout']:.2f} s, strip {rows[-1]['strip']:.2f} s)", flush=True)
    finally:
        writer.close()
        try:
            watch.wait(timeout=a.timeout)
        except subprocess.TimeoutExpired:
            watch.terminate()
            watch.wait()
        log.close()
    wall = time.time() - started
    watch_cpu = child_cpu_seconds() - cpu_before
    load_after = os.getloadavg()
    latencies = [r["latency"] for r in rows]
    shape = f"{len(blocks)} block{'s' if len(blocks) > 1 else ''} of 10,000 x " + \
        (str(a.lift) if a.lift else ",".join(str(np.load(os.path.join(folders[0], b + '.npy'), mmap_mode='r').shape[1]) for b in blocks))
    print()
    print(f"watch latency, {shape}, {len(rows)} epochs ({a.nm_render}):")
    median, worst = statistics.median(latencies), max(latencies)
    print(f"  median {median:.2f} s (target <= {median_target:g} s: {'holds' if median <= median_target else 'MISSED'})")
    print(f"  max    {worst:.2f} s at epoch {rows[latencies.index(worst)]['epoch']}"
          + (f" (target <= {max_target:g} s: {'holds' if worst <= max_target else 'MISSED'})" if max_target else ""))
    later = latencies[1:] or latencies
    print(f"  max after the first epoch {max(later):.2f} s; watch's own median {statistics.median(r['watch_seconds'] for r in rows):.2f} s; "
          f"median layout {statistics.median(r['layout'] for r in rows):.2f} s, strip {statistics.median(r['strip'] for r in rows):.2f} s")
    print(f"  watch: {wall:.1f} s wall, {watch_cpu:.1f} s CPU ({watch_cpu / len(rows):.2f} s CPU per epoch), exit {watch.returncode}")
    print(f"  load average {load_before[0]:.2f} before, {load_after[0]:.2f} after (1 min); {os.cpu_count()} cores")

    if not a.no_video:
        video = os.path.join(work, "video.mp4")
        cpu_before = child_cpu_seconds()
        t0 = time.time()
        result = subprocess.run([a.nm_render, "video", layouts, "-o", video, "--size", a.video_size, "--quiet"],
                                capture_output=True, text=True)
        seconds, cpu = time.time() - t0, child_cpu_seconds() - cpu_before
        if result.returncode != 0:
            raise SystemExit(f"video render failed: {result.stderr.strip()}")
        print(f"video output of {len(rows)} epochs at {a.video_size}: {seconds:.1f} s wall, {cpu:.1f} s CPU "
              f"(load average {os.getloadavg()[0]:.2f})")
    print(f"run, strip, layouts and log in {work}")


if __name__ == "__main__":
    main()
