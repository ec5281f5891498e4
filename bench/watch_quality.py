#!/usr/bin/env python3
"""Quality of the layouts `nm-render watch` draws against the batch layout of the same run.

    python3 bench/watch_quality.py [--watch-layouts /tmp/nm-watch-bench/layouts] [--run RUN]
                                   [--block block2] [--batch-layouts DIR] [--nm-render BIN]

--watch-layouts is the layouts folder `watch --layouts DIR` left at the end of a run (e.g. the one
bench/watch_latency.py writes: its --work folder's `layouts`); --run the activations of that run
(default /work/bench-data/digits-wellfit-10k, the data watch_latency.py writes). The batch
layout is `nm-render layout RUN --block BLOCK --out DIR` (computed unless --batch-layouts holds
it already; minutes of CPU for 10,000 x 40 epochs; the layout cache may already hold it).

Both are measured with the layout-metrics protocol (/work/shared/bench/layout_metrics.py:
trustworthiness@15 on a fixed 2,000-sample subsample, per epoch, and the median alignment
stability). Acceptance (issue 16): watch's mean trust@15 >= batch's - 0.01, and watch's
stability <= 1.2 x batch's.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def metrics(script, run, block, layouts):
    result = subprocess.run([sys.executable, script, run, block, layouts], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{script} failed on {layouts}: {result.stderr.strip()}")
    return json.loads(result.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--watch-layouts", default="/tmp/nm-watch-bench/layouts")
    ap.add_argument("--run", default="/work/bench-data/digits-wellfit-10k")
    ap.add_argument("--block", default="block2", help="the block in --run (watch's layouts hold it under the same name)")
    ap.add_argument("--batch-layouts", default=None, help="default: batch-layouts beside --watch-layouts")
    ap.add_argument("--nm-render", default=os.path.join(REPO, ".build-rel", "release", "nm-render"))
    ap.add_argument("--metrics", default="/work/shared/bench/layout_metrics.py")
    a = ap.parse_args()

    watch_npy = os.path.join(a.watch_layouts, a.block + ".npy")
    if not os.path.exists(watch_npy):
        raise SystemExit(f"{watch_npy} does not exist; run bench/watch_latency.py first (its layouts folder)")
    batch = a.batch_layouts or os.path.join(os.path.dirname(os.path.abspath(a.watch_layouts)), "batch-layouts")
    batch_npy = os.path.join(batch, a.block + ".npy")
    if not os.path.exists(batch_npy):
        print(f"computing the batch layout: {a.nm_render} layout {a.run} --block {a.block} --out {batch}", flush=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.time()
        result = subprocess.run([a.nm_render, "layout", a.run, "--block", a.block, "--out", batch, "--json"],
                                capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if result.returncode != 0:
            raise SystemExit(f"nm-render layout failed: {result.stderr.strip()}")
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        report = json.loads(result.stdout)
        print(f"  {time.time() - t0:.1f} s wall, {cpu:.1f} s CPU, load average {os.getloadavg()[0]:.2f}; "
              f"cache hits {report.get('cache_hits')}, misses {report.get('cache_misses')}")

    results = {}
    for name, npy in (("watch", watch_npy), ("batch", batch_npy)):
        results[name] = metrics(a.metrics, a.run, a.block, npy)
    key = "trustworthiness@15_mean"
    print(f"\n{a.block} of {a.run}, {results['watch']['n_epochs']} epochs x {results['watch']['n_points']} samples:")
    print(f"  {'':6} {'trust@15 mean':>14} {'min':>7} {'last':>7} {'stability':>10} {'p90':>7}")
    for name in ("watch", "batch"):
        r = results[name]
        print(f"  {name:6} {r[key]:14.4f} {r['trustworthiness@15_min']:7.4f} {r['trustworthiness@15_last']:7.4f} "
              f"{r['stability_median']:10.4f} {r['stability_p90']:7.4f}")
    trust_ok = results["watch"][key] >= results["batch"][key] - 0.01
    ratio = results["watch"]["stability_median"] / results["batch"]["stability_median"]
    print(f"  trust@15: watch - batch = {results['watch'][key] - results['batch'][key]:+.4f} "
          f"(target >= -0.01: {'holds' if trust_ok else 'MISSED'})")
    print(f"  stability: watch / batch = {ratio:.3f} (target <= 1.2: {'holds' if ratio <= 1.2 else 'MISSED'})")


if __name__ == "__main__":
    main()
