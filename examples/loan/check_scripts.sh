#!/usr/bin/env bash
# Runs the loan pipeline scripts by hand, outside Stemma, the way the local runner's path
# rewrite does: a PFS_ROOT directory holding one symlink per input and out/. The applicants
# CSV is split as `put file --split csv` splits it (a header and one record per file, named
# by 16 hex digits). Checks: the data is deterministic; one feature row and one decision per
# applicant, with every field; a one-record datum gives the same row and decision as the full
# run; the contributions add up to the score; erasing one applicant changes the model, and
# only their shard's model in the sharded (SISA) training.
# Usage: bash examples/loan/check_scripts.sh [COUNT]   (default 120 applicants; runs setup.sh)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/setup.sh" >/dev/null
py="$here/.venv/bin/python"
count="${1:-120}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check_scripts: FAIL: $*" >&2; exit 1; }

# run STAGE SCRIPT INPUT=DIR... [--flag]: runs SCRIPT with /pfs/<INPUT> -> DIR (arguments
# starting with -- go to the script), outputs in $tmp/out/STAGE
run() {
  local stage="$1" script="$2" flags=() input; shift 2
  local root="$tmp/pfs-$stage"
  mkdir -p "$root" "$tmp/out/$stage"
  for input in "$@"; do
    case "$input" in --*) flags+=("$input") ;; *) ln -s "${input#*=}" "$root/${input%%=*}" ;; esac
  done
  ln -s "$tmp/out/$stage" "$root/out"
  PFS_ROOT="$root" "$py" "$here/$script" "${flags[@]}" >"$tmp/$stage.log" 2>&1 || { cat "$tmp/$stage.log" >&2; fail "$script exited non-zero"; }
}
# split CSV DIR [SKIP_ID]: one file per record under DIR/applicants/, as --split csv writes them
split_csv() {
  "$py" - "$@" <<'PY'
import csv, os, sys
source, target = sys.argv[1], os.path.join(sys.argv[2], "applicants")
skip = sys.argv[3] if len(sys.argv) > 3 else None
os.makedirs(target)
with open(source, newline="") as f:
    rows = list(csv.reader(f))
kept = [r for r in rows[1:] if r[0] != skip]
for i, row in enumerate(kept):
    with open(os.path.join(target, f"{i:016x}"), "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(rows[0])
        writer.writerow(row)
PY
}
files() { find "$1" -type f -name "$2" | wc -l; }

"$py" "$here/make_applicants.py" "$tmp/a.csv" --count "$count" >/dev/null
"$py" "$here/make_applicants.py" "$tmp/b.csv" --count "$count" >/dev/null
cmp -s "$tmp/a.csv" "$tmp/b.csv" || fail "make_applicants.py gave different bytes for the same count and seed"
echo "ok   make_applicants.py: $count applicants, the same bytes on every run"

split_csv "$tmp/a.csv" "$tmp/split"
run features features.py "applicants=$tmp/split"
[ "$(files "$tmp/out/features" '*.json')" -eq "$count" ] || fail "features.py wrote $(files "$tmp/out/features" '*.json') rows, expected $count"
shards=$(find "$tmp/out/features" -mindepth 1 -maxdepth 1 -type d -name 'shard-*' | wc -l)
[ "$shards" -eq 4 ] || fail "features.py wrote $shards shard directories, expected 4"
echo "ok   features.py: $count feature rows in $shards shards"

run train train.py "features=$tmp/out/features"
for f in model.json metrics.json; do [ -s "$tmp/out/train/model/$f" ] || fail "train.py wrote no model/$f"; done
echo "ok   train.py: model/model.json, model/metrics.json"

run score score.py "features=$tmp/out/features" "train=$tmp/out/train"
[ "$(files "$tmp/out/score/decisions" '*.jsonl')" -eq "$count" ] || fail "score.py wrote $(files "$tmp/out/score/decisions" '*.jsonl') decision files, expected $count"
echo "ok   score.py: $count decision files"

# What the files say: every field, contributions that add up to the score, both verdicts.
"$py" - "$tmp/out" <<'PY' || fail "feature rows, model or decisions are wrong"
import glob, json, math, os, sys
out = sys.argv[1]
model = json.load(open(os.path.join(out, "train/model/model.json")))
metrics = json.load(open(os.path.join(out, "train/model/metrics.json")))
assert len(model["features"]) == len(model["coefficients"]) == len(model["mean"]) == len(model["scale"]), model
assert metrics["cv_accuracy"] > 0.6, f"cross-validated accuracy {metrics['cv_accuracy']} is too low"
print(f"ok   model: {len(model['features'])} features, cross-validated accuracy {metrics['cv_accuracy']}, ROC AUC {metrics['cv_roc_auc']}")
verdicts = []
for path in sorted(glob.glob(os.path.join(out, "score/decisions/*.jsonl"))):
    lines = open(path).read().splitlines()
    assert len(lines) == 1, f"{path}: {len(lines)} lines"
    d = json.loads(lines[0])
    assert set(d) == {"subjectId", "input", "output", "explanation"}, d
    assert os.path.basename(path) == d["subjectId"] + ".jsonl", path
    assert set(d["input"]) == set(model["features"]) == set(d["explanation"]), d
    logit = model["intercept"] + sum(d["explanation"].values())
    assert abs(1 / (1 + math.exp(-logit)) - d["output"]["score"]) < 1e-3, f"{d['subjectId']}: contributions do not add up to the score"
    assert d["output"]["approved"] == (d["output"]["score"] >= model["threshold"]), d
    verdicts.append(d["output"]["approved"])
assert any(verdicts) and not all(verdicts), "expected both approvals and rejections"
print(f"ok   decisions: {sum(verdicts)} approved, {len(verdicts) - sum(verdicts)} rejected; contributions add up to each score")
PY

# One datum as the pipelines cut them: glob /*/* gives one record, and one feature row.
one="$tmp/one/applicants"; mkdir -p "$one"; cp "$tmp/split/applicants/0000000000000004" "$one/"
run one-features features.py "applicants=$tmp/one"
row=$(cd "$tmp/out/one-features" && find . -type f | sed 's|^\./||')
case "$row" in shard-[0-3]/A0005.json) ;; *) fail "a one-record datum should give exactly shard-<k>/A0005.json, gave: $row" ;; esac
cmp -s "$tmp/out/one-features/$row" "$tmp/out/features/$row" || fail "A0005's row differs between a one-record datum and the full run"
run one-score score.py "features=$tmp/out/one-features" "train=$tmp/out/train"
cmp -s "$tmp/out/one-score/decisions/A0005.jsonl" "$tmp/out/score/decisions/A0005.jsonl" || fail "A0005's decision differs between a one-row datum and the full run"
echo "ok   a one-record datum gives the same feature row and decision as the full run"

# Erasing one applicant: the model is fit on every record, so it changes.
split_csv "$tmp/a.csv" "$tmp/erased" A0005
run erased-features features.py "applicants=$tmp/erased"
[ ! -e "$tmp/out/erased-features/$row" ] || fail "A0005 was erased but still has a feature row"
run erased-train train.py "features=$tmp/out/erased-features"
cmp -s "$tmp/out/erased-train/model/model.json" "$tmp/out/train/model/model.json" && fail "the model did not change when A0005 was erased"
echo "ok   without A0005: $((count - 1)) rows, and a different model"

# Sharded training (SISA): one model per shard, in one datum per shard as glob /* cuts them.
for shard in "$tmp"/out/features/shard-*; do
  name=$(basename "$shard")
  mkdir -p "$tmp/shard-datum-$name" && ln -s "$shard" "$tmp/shard-datum-$name/$name"
  run "sisa-$name" train.py "features=$tmp/shard-datum-$name" --per-shard
done
mkdir -p "$tmp/out/sisa/model" && cp "$tmp"/out/sisa-shard-*/model/* "$tmp/out/sisa/model/"
[ "$(files "$tmp/out/sisa/model" 'shard-?.json')" -eq 4 ] || fail "train.py --per-shard should write one model per shard"
run sisa-all train.py "features=$tmp/out/features" --per-shard
diff -r "$tmp/out/sisa-all/model" "$tmp/out/sisa/model" >/dev/null || fail "a shard's model differs between one datum per shard and one datum of every shard"
run sisa-score score.py "features=$tmp/out/features" "train=$tmp/out/sisa"
[ "$(files "$tmp/out/sisa-score/decisions" '*.jsonl')" -eq "$count" ] || fail "score.py with the shard models wrote $(files "$tmp/out/sisa-score/decisions" '*.jsonl') decisions, expected $count"
"$py" - "$tmp/out/sisa/model" "$tmp/out/sisa-score/decisions" <<'PY' || fail "the sharded model's decisions do not add up"
import glob, json, math, os, sys
models = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(sys.argv[1], "shard-?.json")))]
intercept = sum(m["intercept"] for m in models) / len(models)
for path in glob.glob(os.path.join(sys.argv[2], "*.jsonl")):
    d = json.loads(open(path).read())
    logit = intercept + sum(d["explanation"].values())
    assert abs(1 / (1 + math.exp(-logit)) - d["output"]["score"]) < 1e-3, d["subjectId"]
PY
run sisa-erased train.py "features=$tmp/out/erased-features" --per-shard
changed=$(for f in "$tmp"/out/sisa-all/model/shard-?.json; do cmp -s "$f" "$tmp/out/sisa-erased/model/$(basename "$f")" || basename "$f" .json; done)
[ "$changed" = "${row%%/*}" ] || fail "erasing A0005 (in ${row%%/*}) should change only that shard's model, changed: $changed"
echo "ok   train.py --per-shard: 4 shard models, the same in one datum or four; erasing A0005 changes only ${row%%/*}"

# A record that is not a number is refused, naming the applicant.
bad="$tmp/bad/applicants"; mkdir -p "$bad"
printf 'applicant_id,name,email,age,income,debt,loan_amount,employment_years,credit_history_years,late_payments,repaid\nA9999,X,x@example.org,30,lots,0,1000,1,1,0,1\n' >"$bad/0000000000000000"
mkdir -p "$tmp/pfs-bad/out"; ln -s "$tmp/bad" "$tmp/pfs-bad/applicants"
if PFS_ROOT="$tmp/pfs-bad" "$py" "$here/features.py" >"$tmp/bad.log" 2>&1; then fail "features.py should refuse a record whose income is not a number"; fi
grep -q "applicant A9999" "$tmp/bad.log" || { cat "$tmp/bad.log" >&2; fail "features.py should name the applicant whose record is wrong"; }
echo "ok   features.py names an applicant whose record is not numeric"
echo "check_scripts: all checks passed"
