#!/bin/sh
# The watch benchmarks of issue 16, in one go, on a release build:
#   1. latency, one 10,000 x 128 block (block2 of the 10k run), 40 epochs, and the 1080p video render;
#   2. quality of that run's live layouts against the batch layout (computes the batch layout
#      unless the layout cache holds it: minutes of CPU);
#   3. latency, four blocks of 10,000 x 512 (block1-4 lifted to 512), WIDE_EPOCHS epochs (default 40).
#   bench/watch_bench.sh [OUT_DIR]     (default /tmp/nm-watch-bench; SOURCE=... for another run)
# Run it on a quiet machine: the figures are wall seconds (CPU seconds and load are printed too).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp/nm-watch-bench}
source=${SOURCE:-/work/bench-data/digits-wellfit-10k}
cd "$here"
swift build -c release --scratch-path .build-rel --product nm-render
python3 bench/watch_latency.py --source "$source" --work "$out/block2"
python3 bench/watch_quality.py --run "$source" --watch-layouts "$out/block2/layouts"
python3 bench/watch_latency.py --source "$source" --work "$out/wide512" --blocks block1,block2,block3,block4 \
    --lift 512 --epochs "${WIDE_EPOCHS:-40}" --no-video
