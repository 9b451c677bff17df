#!/usr/bin/env bash
# The image-quality example, end to end, on the local stack:
#   images -> laplacian, sobel, fft -> features (join) -> train (x labels) -> predict
# It builds the Python venv, generates the images, creates the repos and pipelines in a
# project of their own, loads the data, waits for the model and prints its metrics; then it
# re-blurs one image and shows that each feature pipeline reprocessed one datum of 40.
#
# Usage: bash examples/image-quality/run.sh
#   IQ_PROJECT   the project to use (default: image-quality, or image-quality-2, -3, ...
#                when an earlier run's repos are still in it)
#   IQ_TIMEOUT   seconds to wait for one job (default 600)
#   STEMMA_BIN   the stemma command (default: bin/stemma of this checkout)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
py="$here/.venv/bin/python"
timeout="${IQ_TIMEOUT:-600}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
PIPELINES=(laplacian sobel fft features train predict)
declare -A INPUT_REPOS=([laplacian]=images [sobel]=images [fft]=images [features]="laplacian sobel fft" [train]="features labels" [predict]="features train")

stemma() { "${STEMMA_BIN:-$root/bin/stemma}" "$@"; }
step() { printf '\n== %s\n' "$*"; }
die() { echo "run.sh: $*" >&2; exit 1; }

# --- The few places that depend on the shape of the pipeline verbs -----------------------
# The spec as Stemma gets it: this directory's path in place of {{EXAMPLE_DIR}}, and the
# pipeline in $PROJECT (its inputs follow it there).
render_spec() {
  sed -e "s|{{EXAMPLE_DIR}}|$here|g" -e "s|^pipeline:\$|pipeline:\n  project: $PROJECT|" "$here/$1.yaml"
}
# Every job of a pipeline, as JSON.
jobs_json() { stemma --json list job --project "$PROJECT" --pipeline "$1"; }
# One job, as JSON: {id, state, commitSet, progress: {total, processed, skipped, failed, ...}}.
job_json() { stemma --json inspect job "$1"; }
# Reads FIELD (a dotted path) from the JSON on stdin.
json_field() { "$py" -c 'import json,sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."): value = value[key]
print(value)' "$1"; }

# Prints the id of REPO's head commit on master.
head_of() { stemma --json inspect commit "$PROJECT/$1@master" | json_field id; }

# Waits for PIPELINE's job on the current heads of its inputs (call it once the upstream
# pipelines are done) to exist, then for it to end; prints the job's id.
wait_for_job() {
  local pipeline="$1" deadline=$((SECONDS + timeout)) id="" heads repo
  while :; do
    heads=""
    for repo in ${INPUT_REPOS[$pipeline]}; do heads="$heads $repo=$(head_of "$repo")"; done
    id=$(jobs_json "$pipeline" | "$py" -c 'import json,sys
heads = dict(h.split("=") for h in sys.argv[1:])
print(next((j["id"] for j in json.load(sys.stdin) if j["inputs"] and all(heads.get(i["repo"].split("/")[-1]) == i["commit"] for i in j["inputs"])), ""))' $heads)
    [ -n "$id" ] && break
    [ "$SECONDS" -lt "$deadline" ] || die "no job of $pipeline on the heads of its inputs ($heads ) after $timeout s"
    sleep 2
  done
  stemma wait job "$id" >/dev/null
  local state; state=$(job_json "$id" | json_field state)
  [ "$state" = success ] || { stemma inspect job "$id" >&2; die "job $id of $pipeline ended in state $state"; }
  echo "$id"
}

# Puts the files named on stdin (one path a line) into REPO's master, as one commit
# described by DESCRIPTION.
put_files() {
  local repo="$1" path
  stemma start commit "$PROJECT/$repo@master" -m "$2" >/dev/null
  while read -r path; do stemma put file "$PROJECT/$repo@master:/$(basename "$path")" -f "$path" >/dev/null; done
  stemma finish commit "$PROJECT/$repo@master"
}

# Waits for every pipeline, in the order of the DAG, and prints one line per pipeline: the
# datums its latest job processed and skipped.
report_jobs() {
  local name id
  printf '%-10s %-34s %6s %10s %8s\n' PIPELINE JOB DATUMS PROCESSED SKIPPED
  for name in "${PIPELINES[@]}"; do
    id=$(wait_for_job "$name")
    job_json "$id" | "$py" -c 'import json,sys
job = json.load(sys.stdin); counts = job["progress"]
print("%-10s %-34s %6s %10s %8s" % (sys.argv[1], job["id"], counts["total"], counts["processed"], counts["skipped"]))' "$name"
  done
}

step "1. Python environment ($here/.venv)"
bash "$here/setup.sh"

step "2. Stemma"
cd "$root"
if ! stemma status >/dev/null 2>&1; then
  echo "the API or a service is down: starting the local stack, the API and the workers (scripts/demo.sh --up-only)"
  bash scripts/demo.sh --up-only
fi
stemma status
for verb in "create pipeline" "list job" "inspect job" "wait job" "list datum"; do
  stemma $verb --help 2>/dev/null | grep -q "^Usage: stemma $verb " || die "this stemma has no '$verb' command: rebuild it (npm run build, then bash scripts/app.sh restart)"
done

# A project of its own: the first of image-quality, image-quality-2, ... that holds no repos.
projects=$(stemma --json list project | "$py" -c 'import json,sys; print(" ".join(p["name"] for p in json.load(sys.stdin)))')
used=$(stemma --json list repo | "$py" -c 'import json,sys; print(" ".join(sorted({r["project"] for r in json.load(sys.stdin)})))')
is_in() { [[ " $2 " == *" $1 "* ]]; }
PROJECT="${IQ_PROJECT:-image-quality}" n=1
while is_in "$PROJECT" "$used"; do
  [ -z "${IQ_PROJECT:-}" ] || die "project $PROJECT holds repos (an earlier run?): choose another IQ_PROJECT"
  n=$((n + 1)); PROJECT="image-quality-$n"
done
echo "project: $PROJECT"

step "3. Data: 40 synthetic images, half of them blurred, and their labels"
"$py" "$here/make_images.py" "$work/data"

step "4. Repos and pipelines"
is_in "$PROJECT" "$projects" || stemma create project "$PROJECT" -d "Blur detection: Laplacian, Sobel and FFT features, a Naive Bayes classifier"
stemma create repo "$PROJECT/images"
stemma create repo "$PROJECT/labels"
stemma put file "$PROJECT/labels@master:/labels.csv" -f "$work/data/labels.csv"
mkdir -p "$work/specs"
for name in "${PIPELINES[@]}"; do
  render_spec "$name" >"$work/specs/$name.yaml"
  stemma create pipeline -f "$work/specs/$name.yaml"
done

step "5. Put the images in one commit; the pipelines run, in the order of the DAG"
find "$work/data/images" -name '*.png' | sort | put_files images "40 synthetic images"
report_jobs
echo
echo "model metrics (stemma get file $PROJECT/train@master:/metrics.json):"
stemma get file "$PROJECT/train@master:/metrics.json"
echo

step "6. Re-blur one blurry image and put it back"
stem=$(awk -F, '$2 == "blurry" { print $1; exit }' "$work/data/labels.csv")
"$py" "$here/blur_image.py" "$work/data/images/$stem.png" --sigma 3
echo "$work/data/images/$stem.png" | put_files images "re-blur $stem"
report_jobs | tee "$work/changed-jobs.txt"

step "7. What ran again"
features_job=$(awk '$1 == "features" { print $2 }' "$work/changed-jobs.txt")
echo "the datums of the features job that ran (stemma list datum $features_job, skipped ones left out):"
stemma list datum "$features_job" | grep -vw skipped || true
echo
echo "prediction for $stem: $(stemma get file "$PROJECT/predict@master:/$stem.json")"
"$py" - "$work/changed-jobs.txt" "$stem" <<'PY'
import sys
rows = {line.split()[0]: line.split() for line in open(sys.argv[1]) if not line.startswith("PIPELINE")}
stem = sys.argv[2]
bad = [name for name in ("laplacian", "sobel", "fft", "features") if (rows[name][3], rows[name][4]) != ("1", "39")]
if bad:
    sys.exit(f"expected 1 datum processed and 39 skipped in {', '.join(bad)}")
print(f"\nlaplacian, sobel, fft and features each reprocessed the 1 datum of {stem} and carried 39 forward.")
print("train reran its single datum (the whole features repo with the labels).")
if rows["predict"][3] == "1":
    print(f"The model came out identical ({stem} is in the held-out split, not in the fit), so predict")
    print(f"rescored only {stem}, whose feature row changed.")
else:
    print(f"The model changed, so predict rescored {rows['predict'][3]} images with the new model version.")
PY
echo
echo "Explore: stemma list job --project $PROJECT; stemma list file $PROJECT/features@master;"
echo "         stemma get file $PROJECT/train@master:/metrics.json"
