#!/bin/sh
# Size and quality of 1080p30 videos of a dense run (issue 15, acceptance 3): a 30 s video at the
# default settings and with --max-size 10MB, each with its bytes, bit rate, ffprobe's frame count
# and SSIM against the tool's own PNG frames of the same video (a frames-folder output), both in
# yuv420p, measured with ffmpeg's ssim filter. The PNGs are converted with the BT.709 matrix and
# limited range, the tags the MP4s carry (ffmpeg's default for RGB -> yuv420p is BT.601, which
# would score the colour matrix instead of the encoder).
#
#   bench/video-size-quality.sh [RUN] [OUT_DIR] [NM_RENDER]
#
# RUN defaults to /work/bench-out/nm-tiled-10k, a NeuroMapper-shaped folder of 4 blocks x 10,000
# points (bench/make_tiled_neuromapper.py makes it from ../shared/data/neuromapper-sample).
# Extra nm-render flags for every video may be given in NM_FLAGS (e.g. NM_FLAGS="--crf 23").
set -eu
RUN=${1:-/work/bench-out/nm-tiled-10k}
OUT=${2:-$(mktemp -d /tmp/video-size-quality.XXXXXX)}
NM=${3:-.build-release/release/nm-render}
COMMON="--size 1920x1080 --fps 30 --duration 30 --quiet ${NM_FLAGS:-}"
mkdir -p "$OUT"
echo "video-size-quality: $RUN -> $OUT; uptime: $(uptime)"

timed() {  # label, command...: runs it and prints wall and CPU seconds
    label=$1; shift
    /usr/bin/time -f "$label: %e s wall, %U s user + %S s sys CPU" "$@"
}

[ -d "$OUT/frames" ] || timed "frames (PNG)" $NM video "$RUN" -o "$OUT/frames" $COMMON
timed "default settings" $NM video "$RUN" -o "$OUT/default.mp4" $COMMON --json > "$OUT/default.json"
timed "--max-size 10MB" $NM video "$RUN" -o "$OUT/max-10MB.mp4" $COMMON --max-size 10MB --json > "$OUT/max-10MB.json"

for name in default max-10MB; do
    file="$OUT/$name.mp4"
    bytes=$(stat -c %s "$file")
    frames=$(ffprobe -v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$file")
    seconds=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$file")
    ssim=$(ffmpeg -hide_banner -nostats -i "$file" -framerate 30 -i "$OUT/frames/frame_%06d.png" -lavfi \
        "[0:v]format=yuv420p[a];[1:v]scale=out_color_matrix=bt709:out_range=tv,format=yuv420p[b];[a][b]ssim" \
        -f null - 2>&1 | sed -n 's/.*SSIM \(Y:.*\)$/\1/p')
    reported=$(python3 -c "import json,sys; q=json.load(open(sys.argv[1]))['quality']; print('none' if q is None else 'ssim %.4f, ssim_y %.4f, psnr %.2f dB' % (q['ssim'], q['ssim_y'], q['psnr']))" "$OUT/$name.json")
    python3 - "$name" "$bytes" "$seconds" "$frames" <<'PY'
import sys
name, b, s, f = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
print(f"{name}: {b} bytes ({b / 1e6:.2f} MB), {s:.2f} s, {f} frames decoded by ffprobe, {b * 8 / s / 1e6:.2f} Mbit/s")
PY
    echo "$name: ffmpeg ssim against the PNG frames: $ssim"
    echo "$name: nm-render --json quality: $reported"
done
echo "uptime: $(uptime)"
