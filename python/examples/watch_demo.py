"""Writes a run epoch by epoch with RunWriter, as a training loop would, for `nm-render watch`.

The "model" is synthetic (classes drifting apart in D dimensions as epochs pass), so the demo
needs nothing but NumPy; replace the activations with your model's to watch a real run.

    python watch_demo.py runs/live --epochs 20 --interval 2 &
    nm-render watch runs/live -o live.png --json-lines

--handshake DIR makes it wait, before each epoch after the first, for a file DIR/go-<epoch>
(the nm-render tests use this to check one update per epoch without racing the writer).
"""
import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))
from nm_render import RunWriter  # noqa: E402


def activations(rng_seed, epoch, epochs, labels, dim, classes):
    """Per block, [N, dim] activations: class centres that separate more with every epoch."""
    rng = np.random.default_rng(rng_seed + epoch)
    centres = np.random.default_rng(rng_seed).normal(size=(classes, dim)) * 4
    progress = (epoch + 1) / epochs
    out = {}
    for b, name in enumerate(["block1", "block2"]):
        spread = progress * (1 + b)
        out[name] = (centres[labels] * spread + rng.normal(size=(len(labels), dim))).astype(np.float32)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run", help="run folder to write")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--samples", type=int, default=600)
    parser.add_argument("--dim", type=int, default=16)
    parser.add_argument("--classes", type=int, default=4)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds of 'training' per epoch")
    parser.add_argument("--handshake", help="wait for DIR/go-<epoch> before each epoch after the first")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()

    labels = np.arange(args.samples) % args.classes
    names = [f"class {c}" for c in range(args.classes)]
    with RunWriter(args.run, labels=labels, class_names=names, overwrite=True) as writer:
        for epoch in range(args.epochs):
            if args.handshake and epoch > 0:
                go = os.path.join(args.handshake, f"go-{epoch}")
                while not os.path.exists(go):
                    time.sleep(0.05)
            elif epoch > 0:
                time.sleep(args.interval)
            acc = min(1.0, 0.3 + 0.7 * (epoch + 1) / args.epochs)
            writer.write_epoch(epoch, activations(args.seed, epoch, args.epochs, labels, args.dim, args.classes),
                               metrics={"val_acc": acc})
            print(f"wrote epoch {epoch}", flush=True)
        # Leaving the `with` block closes the writer: run.json gets "complete": true and
        # `nm-render watch` renders a last time and exits 0.


if __name__ == "__main__":
    main()
