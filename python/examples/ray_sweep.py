"""A learning-rate sweep rendered on Ray: twelve runs, one strip row each.

    python examples/ray_sweep.py --nm-render ../.build/release/nm-render --out /tmp/nm-sweep

Writes twelve small runs (a 3-class problem whose classes separate faster at a higher learning
rate) with RunWriter, then lays out each (run, block) as a Ray task and renders one strip with
a row per run. Without --address it starts Ray on this machine; with --address it joins your
cluster (then --out must be on storage every node sees).
"""

import argparse
import os

import numpy as np

from nm_render import RunWriter
from nm_render.ray import render_sweep


def write_sweep(folder, rates, epochs=5, n=300):
    """One run per learning rate: three classes in 16-d whose centres move apart at that pace."""
    paths = []
    for i, lr in enumerate(rates):
        rng = np.random.default_rng(i)
        labels = np.arange(n) % 3
        centres = rng.normal(size=(3, 16))
        mix = rng.normal(size=(16, 8))
        path = os.path.join(folder, f"lr-{lr:g}")
        with RunWriter(path, labels=labels, class_names=["cat", "dog", "fox"], name=f"lr {lr:g}",
                       overwrite=True) as run:
            for epoch in range(epochs):
                spread = 6 * (1 - np.exp(-lr * 40 * (epoch + 1)))
                hidden = centres[labels] * spread + rng.normal(size=(n, 16))
                run.write_epoch(epoch, {"hidden": hidden.astype(np.float32),
                                        "features": np.tanh(hidden @ mix).astype(np.float32)})
        paths.append(path)
    return paths


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nm-render", default="nm-render", help="the executable (the same path on every node)")
    parser.add_argument("--out", default="nm-sweep", help="folder for runs, cache and strip")
    parser.add_argument("--address", default=None, help="a Ray cluster to join (default: start one here)")
    args = parser.parse_args()

    import ray

    ray.init(address=args.address)
    out = os.path.abspath(args.out)
    rates = [0.001, 0.002, 0.003, 0.005, 0.007, 0.01, 0.015, 0.02, 0.03, 0.05, 0.07, 0.1]
    runs = write_sweep(os.path.join(out, "runs"), rates)
    strip = os.path.join(out, "sweep.png")
    result = render_sweep(runs, [strip], blocks=["features"], cache_dir=os.path.join(out, "cache"),
                          nm_render=args.nm_render, resources={"num_cpus": 1}, n_neighbors=10)
    print(f"{len(result.layouts)} layouts computed, {result.cached} cached; wrote {strip}")


if __name__ == "__main__":
    main()
