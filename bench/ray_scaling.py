"""How render_sweep's layout phase scales with Ray worker nodes on this machine.

    python bench/ray_scaling.py --nm-render .build/release/nm-render [--runs 8] [--nodes 1,2]

For each node count it starts a fresh local Ray cluster (loopback only) whose head takes no
work and whose worker nodes have one CPU each, lays out the same sweep into an empty cache
with one CPU per task (so `nm-render layout ... --threads 1`), and prints work units (one
(run, block) layout) per minute over the layout phase: from the first task's start to the last
task's end. Efficiency is the rate on k nodes over k times the rate on one. The machine's other
load is printed too; on a shared machine it is part of the figure.
"""

import argparse
import os
import sys
import tempfile
import time

# Loopback only: Ray reads this when imported, and the nodes inherit it.
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")

import numpy as np  # noqa: E402
import ray  # noqa: E402
from ray.cluster_utils import Cluster  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python", "src"))
from nm_render import RunWriter  # noqa: E402
from nm_render.ray import render_sweep  # noqa: E402


def write_runs(folder, count, n, dims, epochs):
    paths = []
    for r in range(count):
        rng = np.random.default_rng(r)
        labels = np.arange(n) % 5
        centres = rng.normal(size=(5, dims)) * 3
        path = os.path.join(folder, f"run-{r:03d}")
        with RunWriter(path, labels=labels) as run:
            for e in range(epochs):
                h = centres[labels] * (e + 1) / epochs + rng.normal(size=(n, dims))
                run.write_epoch(e, {"block1": h.astype(np.float32), "block2": np.tanh(h[:, : dims // 2]).astype(np.float32)})
        paths.append(path)
    return paths


def measure(nodes, runs, nm_render, folder, options):
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 0, "include_dashboard": False})
    try:
        for _ in range(nodes):
            cluster.add_node(num_cpus=1)
        ray.init(address=cluster.address, log_to_driver=False)
        cluster.wait_for_nodes()
        cache = tempfile.mkdtemp(dir=folder, prefix=f"cache-{nodes}-")
        result = render_sweep(runs, [os.path.join(cache, "strip.png")], cache_dir=cache, nm_render=nm_render,
                              resources={"num_cpus": 1}, progress=lambda *a: None, **options)
        start = min(l["started"] for l in result.layouts)
        end = max(l["started"] + l["seconds"] for l in result.layouts)
        used = len({l["node"] for l in result.layouts})
        return len(result.layouts), end - start, used
    finally:
        ray.shutdown()
        cluster.shutdown()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nm-render", required=True)
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--nodes", default="1,2")
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--dims", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--layout-epochs", type=int, default=200)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="nm-ray-scaling-")
    runs = write_runs(folder, args.runs, args.samples, args.dims, args.epochs)
    options = {"layout_epochs": args.layout_epochs}
    print(f"sweep: {args.runs} runs x 2 blocks, {args.samples} samples, {args.epochs} epochs, "
          f"--layout-epochs {args.layout_epochs}, tasks --threads 1; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} before")
    rates = {}
    for nodes in [int(k) for k in args.nodes.split(",")]:
        units, seconds, used = measure(nodes, runs, os.path.abspath(args.nm_render), folder, options)
        rates[nodes] = units / seconds * 60
        line = (f"{nodes} worker node(s) of 1 CPU: {units} units in {seconds:.1f} s = {rates[nodes]:.1f} units/min"
                f" (tasks ran on {used} node(s); load average {os.getloadavg()[0]:.1f})")
        if nodes != 1 and 1 in rates:
            line += f"; efficiency {rates[nodes] / (nodes * rates[1]):.2f} of {nodes}x"
        print(line, flush=True)


if __name__ == "__main__":
    main()
