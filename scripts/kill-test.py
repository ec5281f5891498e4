#!/usr/bin/env python3
"""SIGKILL nm-render at random moments and check what it leaves (issue 13, "Trust").

For each of `video` (MP4), `video` (PNG frames), `strip` and `layout --out`: render once to
get the reference output and its duration T, then --rounds times kill -9 a fresh render over
that output at a random moment in [0, 1.2 T] (half the rounds with an empty layout cache, so
kills also land while cache entries are written). After every kill:

  * the destination is byte-for-byte the complete output (never half-written, never removed);
  * the next, uninterrupted run leaves no `.partial-*` of a dead process beside the output or
    in the cache.

Prints one line per round and a summary; exits 1 on any breach.

    python3 scripts/kill-test.py --bin .build/debug/nm-render --rounds 20 --seed 3
"""

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fuzz  # noqa: E402  (the run writers)

PARTIAL = re.compile(r"\.partial-(.+)-(\d+)-(\d+)(\.old)?$")


def tree(path):
    """Relative path -> bytes of every file below path (or the file itself)."""
    if os.path.isfile(path):
        return {"": open(path, "rb").read()}
    out = {}
    for folder, _, files in os.walk(path):
        for name in files:
            full = os.path.join(folder, name)
            out[os.path.relpath(full, path)] = open(full, "rb").read()
    return out


def dead_partials(folder):
    """`.partial-*` entries in folder whose process is gone."""
    found = []
    if not os.path.isdir(folder):
        return found
    for name in os.listdir(folder):
        m = PARTIAL.search(name)
        if not m:
            continue
        pid = int(m.group(2))
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            found.append(name)
        except PermissionError:
            pass
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=os.environ.get("NM_RENDER_BIN", ".build/debug/nm-render"))
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    rnd = random.Random(args.seed)

    root = tempfile.mkdtemp(prefix="nm-kill-")
    fuzz.N, fuzz.D, fuzz.EPOCHS = 150, 8, [0, 1, 2, 3, 4]
    run = os.path.join(root, "run")
    fuzz.base_activations(run)
    os.unlink(os.path.join(run, "run.json"))
    cache = os.path.join(root, "cache")
    out = os.path.join(root, "out")
    os.makedirs(out)
    common = ["--cache", cache, "--quiet", "--layout-epochs", "20", "--n-neighbors", "8"]
    video = ["--size", "640x360", "--fps", "15", "--seconds-per-epoch", "0.6", "--hold", "0"]
    cases = [
        ("video-mp4", os.path.join(out, "v.mp4"), ["video", run, "-o", os.path.join(out, "v.mp4")] + video + common),
        ("video-frames", os.path.join(out, "frames"), ["video", run, "-o", os.path.join(out, "frames")] + video + common),
        ("strip", os.path.join(out, "s.png"), ["strip", run, "-o", os.path.join(out, "s.png")] + common),
        ("layout-out", os.path.join(out, "layouts"), ["layout", run, "--out", os.path.join(out, "layouts")] + common),
    ]
    breaches = 0
    for name, dest, command in cases:
        # Durations with an empty cache (layouts computed) and a full one (only rendering).
        durations = {}
        for cold in (True, False):
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
            start = time.monotonic()
            subprocess.run([binary] + command, check=True)
            durations[cold] = time.monotonic() - start
        reference = tree(dest)
        kills = writing = 0
        for i in range(args.rounds):
            cold = i % 2 == 0
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
            duration = durations[cold]
            delay = rnd.uniform(0, 1.2 * duration)
            proc = subprocess.Popen([binary] + command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            finished = proc.poll() is not None
            if not finished:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait()
            intact = tree(dest) == reference
            left = dead_partials(out) + dead_partials(cache)
            writing += bool(left)
            # The next, uninterrupted run tidies the debris of the killed one.
            subprocess.run([binary] + command, check=True)
            after = dead_partials(out) + dead_partials(cache)
            ok = intact and not after and tree(dest) == reference
            breaches += not ok
            print("%-13s round %2d (%s cache): %s at %.2f s of %.2f s; destination %s; dead partials %d before the next run, %d after"
                  % (name, i + 1, "empty" if cold else "full", "finished" if finished else "SIGKILL", delay, duration,
                     "complete" if intact else "DAMAGED", len(left), len(after)))
        print("%-13s %d rounds, %d killed mid-run (%d while writing an output or cache entry), destination always complete: %s"
              % (name, args.rounds, kills, writing, "yes" if breaches == 0 else "NO"))
    shutil.rmtree(root, ignore_errors=True)
    print("kill-test: %d breach(es)" % breaches)
    sys.exit(1 if breaches else 0)


if __name__ == "__main__":
    main()
