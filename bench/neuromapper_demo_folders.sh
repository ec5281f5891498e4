#!/usr/bin/env bash
# Builds the two NeuroMapper demo folders the paper's Fig. 2 is drawn from, out of a snapshot
# of the public poloclub/NeuroMapper repository (its public/data/embedding folders):
#
#   OUT/WELL/layer<1-4>_pre_embeded_(20, 0.1)/<epoch>_{embedding,labels}.csv   (well fit)
#   OUT/OVER/layer<1-4>_overfit/<epoch>_{embedding,labels}.csv                 (over fit)
#   OUT/{WELL,OVER}/classes.txt                                                 (CIFAR-10 names)
#
# 10,000 points, epochs 5, 10, ..., 200, 4 layers, 2 variants: 640 CSV files per folder.
#
#   bench/neuromapper_demo_folders.sh GIT_DIR OUT
#
# GIT_DIR is a clone or bare mirror of poloclub/NeuroMapper (e.g. what `git clone --bare`
# makes). Only the eight folders are extracted (about 230 MB).
set -euo pipefail
git_dir=${1:?usage: $0 GIT_DIR OUT}
out=${2:?usage: $0 GIT_DIR OUT}
prefix=neuro-mapper/public/data/embedding
classes="airplane automobile bird cat deer dog frog horse ship truck"

mkdir -p "$out/WELL" "$out/OVER"
for layer in 1 2 3 4; do
    for pair in "WELL:layer${layer}_pre_embeded_(20, 0.1)" "OVER:layer${layer}_overfit"; do
        run=${pair%%:*} folder=${pair#*:}
        # git archive writes the folder under its full path; keep its last part only.
        git -C "$git_dir" archive HEAD "$prefix/$folder" | tar -x --strip-components=4 -C "$out/$run"
    done
done
for run in WELL OVER; do
    printf '%s\n' $classes > "$out/$run/classes.txt"
    echo "$out/$run: $(find "$out/$run" -name '*.csv' | wc -l) CSV files"
done
