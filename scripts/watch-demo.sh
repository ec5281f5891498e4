#!/bin/sh
# Writes a run epoch by epoch with the Python RunWriter (python/examples/watch_demo.py) while
# `nm-render watch` keeps a strip, a GIF and a layouts folder of it up to date; watch prints one
# JSON line per epoch and exits 0 when the writer closes the run (run.json "complete": true).
#   scripts/watch-demo.sh [OUT_DIR]     (nm-render from PATH, or NM_RENDER=path/to/nm-render)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-watch-demo}
nm=${NM_RENDER:-nm-render}
mkdir -p "$out"
rm -rf "$out/run"
python3 "$here/python/examples/watch_demo.py" "$out/run" --epochs 12 --interval 2 > "$out/writer.log" &
writer=$!
"$nm" watch "$out/run" -o "$out/live.png" -o "$out/live.gif" --layouts "$out/layouts" \
    --json-lines --idle-exit 120 --layout-epochs 60 --poll 0.5
wait "$writer"
echo "strip: $out/live.png  video: $out/live.gif  layouts: $out/layouts"
