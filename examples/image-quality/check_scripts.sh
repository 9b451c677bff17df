#!/usr/bin/env bash
# Runs every pipeline script of the example by hand, outside Stemma, the way the local
# runner's path rewrite does: a PFS_ROOT directory holding one symlink per input and out/.
# Each stage runs once over all the images (the scripts handle any number of files in a
# datum), and the feature scripts and the join once more on a single-image datum.
# Usage: bash examples/image-quality/check_scripts.sh   (runs setup.sh first)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/setup.sh" >/dev/null
py="$here/.venv/bin/python"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check_scripts: FAIL: $*" >&2; exit 1; }

# run STAGE SCRIPT INPUT=DIR... : runs SCRIPT with /pfs/<INPUT> -> DIR, outputs in $tmp/out/STAGE
run() {
  local stage="$1" script="$2"; shift 2
  local root="$tmp/pfs-$stage"
  mkdir -p "$root" "$tmp/out/$stage"
  for input in "$@"; do ln -s "${input#*=}" "$root/${input%%=*}"; done
  ln -s "$tmp/out/$stage" "$root/out"
  PFS_ROOT="$root" "$py" "$here/$script" >"$tmp/$stage.log" 2>&1 || { cat "$tmp/$stage.log" >&2; fail "$script exited non-zero"; }
}
count() { find "$1" -name "$2" | wc -l; }
expect_count() { local n; n=$(count "$1" "$2"); [ "$n" -eq "$3" ] || fail "$1 has $n files $2, expected $3"; }

"$py" "$here/make_images.py" "$tmp/data" >/dev/null
images="$tmp/data/images"
n=$(count "$images" '*.png')

run laplacian laplacian.py "images=$images"
run sobel sobel.py "images=$images"
run fft fft.py "images=$images"
for stage in laplacian sobel fft; do expect_count "$tmp/out/$stage" '*.json' "$n"; done
echo "ok   laplacian.py, sobel.py, fft.py: $n rows each"

run features features.py "laplacian=$tmp/out/laplacian" "sobel=$tmp/out/sobel" "fft=$tmp/out/fft"
expect_count "$tmp/out/features" '*.json' "$n"
echo "ok   features.py: $n joined rows"

run train train.py "features=$tmp/out/features" "labels=$tmp/data"
[ -s "$tmp/out/train/model.pkl" ] || fail "train.py wrote no model.pkl"
accuracy=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["accuracy"])' "$tmp/out/train/metrics.json")
echo "ok   train.py: model.pkl, held-out accuracy $accuracy"

run predict predict.py "features=$tmp/out/features" "train=$tmp/out/train"
expect_count "$tmp/out/predict" '*.json' "$n"
echo "ok   predict.py: $n predictions"

# What each row should say: every field present, and blur lowering all three measures.
"$py" - "$tmp/out/features" "$tmp/data/labels.csv" "$tmp/out/predict" <<'PY' || fail "feature rows or predictions are wrong"
import csv, json, os, statistics, sys
rows_dir, labels_path, predict_dir = sys.argv[1:]
labels = {r["image"]: r["label"] for r in csv.DictReader(open(labels_path))}
rows = {f[:-5]: json.load(open(os.path.join(rows_dir, f))) for f in os.listdir(rows_dir)}
for stem, row in rows.items():
    assert row["image"] == stem + ".png", row
    assert set(row) == {"image", "laplacian_var", "sobel_mean", "fft_hf_ratio"}, row
for field in ("laplacian_var", "sobel_mean", "fft_hf_ratio"):
    sharp = statistics.median(r[field] for s, r in rows.items() if labels[s] == "sharp")
    blurry = statistics.median(r[field] for s, r in rows.items() if labels[s] == "blurry")
    assert sharp > blurry, f"{field}: median sharp {sharp} <= median blurry {blurry}"
    print(f"ok   {field}: median sharp {sharp:.4g} > median blurry {blurry:.4g}")
right = sum(json.load(open(os.path.join(predict_dir, s + ".json")))["prediction"] == labels[s] for s in rows)
print(f"ok   predictions agree with the labels on {right}/{len(rows)} images (training and held-out)")
PY

# One datum as the pipelines cut them: glob /* gives one image, the join one stem.
one="$tmp/one"; mkdir -p "$one/images"; cp "$images/img_007.png" "$one/images/"
run one-laplacian laplacian.py "images=$one/images"
run one-sobel sobel.py "images=$one/images"
run one-fft fft.py "images=$one/images"
run one-features features.py "laplacian=$tmp/out/one-laplacian" "sobel=$tmp/out/one-sobel" "fft=$tmp/out/one-fft"
[ "$(ls "$tmp/out/one-features")" = "img_007.json" ] || fail "a one-image datum should give exactly img_007.json"
cmp -s "$tmp/out/one-features/img_007.json" "$tmp/out/features/img_007.json" || fail "img_007's row differs between a one-image datum and the full run"
echo "ok   a one-image datum gives the same row as the full run"

# The join refuses a stem that lacks one of its measures, and names what is missing.
partial="$tmp/pfs-partial"; mkdir -p "$partial/laplacian" "$partial/sobel" "$partial/fft" "$partial/out"
cp "$tmp/out/laplacian/img_001.json" "$partial/laplacian/"
if PFS_ROOT="$partial" "$py" "$here/features.py" >"$tmp/partial.log" 2>&1; then
  fail "features.py should exit non-zero when a stem lacks a measure"
fi
grep -q "img_001: no sobel, fft measure" "$tmp/partial.log" || { cat "$tmp/partial.log" >&2; fail "features.py should name what is missing"; }
echo "ok   features.py names a stem with a missing measure"
echo "check_scripts: all checks passed"
