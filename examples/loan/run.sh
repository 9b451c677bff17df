#!/usr/bin/env bash
# The loan story, end to end, on a running Stemma (`npm run demo` brings it up and runs this):
#   applicants (split per applicant) -> features -> train (loan-model) -> score (decisions)
#                                               \-> train-sisa (loan-model-sisa, one model per
#                                                   shard) -> score-sisa (decisions)
# It loads 400 synthetic applicants, trains the model, scores every applicant, explains one
# rejection, then erases that applicant: a request by one compliance officer, approved by a
# second, executed (deletion commit, key shredding, reprocessing, retraining), verified, with
# a certificate and an auditor's lineage report.
#
# Usage: bash examples/loan/run.sh
#   LOAN_PROJECT   the project to use (default: loan, or loan-2, loan-3, ... when an earlier
#                  run's repos are still in it)
#   LOAN_COUNT     applicants to generate (default 400)
#   LOAN_TIMEOUT   seconds to wait for one job or the erasure (default 900)
#   LOAN_SISA      1 (default) to add the sharded training and its scoring; 0 to leave them out
#   STEMMA_BIN     the stemma command (default: bin/stemma of this checkout)
set -Eeuo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
py="$here/.venv/bin/python"
timeout="${LOAN_TIMEOUT:-900}"
count="${LOAN_COUNT:-400}"
section_number="${LOAN_FIRST_SECTION:-1}"
PIPELINES=(features train score)
sisa=true
if [ "${LOAN_SISA:-1}" = 0 ]; then sisa=false; else PIPELINES+=(train-sisa score-sisa); fi
work="$(mktemp -d)"
STEP="start"
TOKEN_IDS=()

# --- Output and failure -------------------------------------------------------------------
section() {
  STEP="$section_number. $*"
  printf '\n==== %s\n\n' "$STEP"
  section_number=$((section_number + 1))
}
die() { echo "loan: step \"$STEP\" failed: $*" >&2; exit 1; }
trap 'echo "loan: step \"$STEP\" failed (line $LINENO: $BASH_COMMAND)" >&2' ERR
cleanup() {
  local id
  for id in "${TOKEN_IDS[@]}"; do stemma auth revoke-token "$id" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

stemma() { "${STEMMA_BIN:-$root/bin/stemma}" "$@"; }
# Reads FIELD (a dotted path; numbers index lists) from the JSON on stdin.
json_field() { "$py" -c 'import json,sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."): value = value[int(key)] if isinstance(value, list) else value[key]
print(value if not isinstance(value, (dict, list)) else json.dumps(value))' "$1"; }
require_verb() {
  stemma $1 --help 2>/dev/null | grep -q "^Usage: stemma $1" ||
    die "this stemma has no '$1' command: rebuild (npm run build) and restart the API and workers (bash scripts/app.sh restart)"
}

# --- Jobs -----------------------------------------------------------------------------------
# Prints the id of PIPELINE's job in commit set SET, waiting for it to be created.
job_in_set() {
  local pipeline="$1" set="$2" deadline=$((SECONDS + timeout)) id
  while :; do
    id=$(stemma --json list job --project "$PROJECT" --pipeline "$pipeline" --limit 20 | "$py" -c 'import json,sys
print(next((j["id"] for j in json.load(sys.stdin) if j["commitSet"] == sys.argv[1]), ""))' "$set")
    [ -n "$id" ] && { echo "$id"; return; }
    [ "$SECONDS" -lt "$deadline" ] || die "no job of $pipeline in commit set $set after $timeout s"
    sleep 1
  done
}
# Waits for job ID to end; fails the step unless it succeeded.
wait_job() {
  stemma wait job "$1" --timeout "$timeout" >"$work/wait.log" 2>&1 || { cat "$work/wait.log" >&2; stemma inspect job "$1" >&2 || true; die "job $1 did not succeed"; }
}
# Waits, in the order of the DAG, for each pipeline's job in commit set SET and prints one line
# per job: the datums it processed and skipped.
report_commit_set() {
  local set="$1" name id
  printf '%-10s %-34s %6s %10s %8s %9s\n' PIPELINE JOB DATUMS PROCESSED SKIPPED DURATION
  for name in "${PIPELINES[@]}"; do
    id=$(job_in_set "$name" "$set")
    wait_job "$id"
    stemma --json inspect job "$id" | "$py" -c 'import json,sys
from datetime import datetime
job = json.load(sys.stdin); p = job["progress"]
took = (datetime.fromisoformat(job["finishedAt"].replace("Z", "+00:00")) - datetime.fromisoformat(job["createdAt"].replace("Z", "+00:00"))).total_seconds()
print("%-10s %-34s %6s %10s %8s %8.1fs" % (sys.argv[1], job["id"], p["total"], p["processed"], p["skipped"], took))' "$name"
  done
}

section "Python environment ($here/.venv)"
bash "$here/setup.sh"

section "Stemma"
cd "$root"
stemma status
stemma auth whoami
for verb in "create pipeline" "list job" "inspect job" "wait job" "inspect model" "auth create-token"; do require_verb "$verb"; done

# A project of its own: the first of loan, loan-2, ... that holds no repos.
used=$(stemma --json list repo | "$py" -c 'import json,sys; print(" ".join(sorted({r["project"] for r in json.load(sys.stdin)})))')
projects=$(stemma --json list project | "$py" -c 'import json,sys; print(" ".join(p["name"] for p in json.load(sys.stdin)))')
is_in() { [[ " $2 " == *" $1 "* ]]; }
PROJECT="${LOAN_PROJECT:-loan}" n=1
while is_in "$PROJECT" "$used"; do
  [ -z "${LOAN_PROJECT:-}" ] || die "project $PROJECT holds repos (an earlier run?): choose another LOAN_PROJECT"
  n=$((n + 1)); PROJECT="loan-$n"
done
# Subjects are global: each run's applicants get ids of their own, so that erasing one run's
# applicant leaves another run's alone.
TAG=$("$py" -c 'import secrets; print(secrets.token_hex(2))')
echo
echo "project: $PROJECT; applicant ids: a$TAG-0001 ... (a tag of this run: subjects are global)"

section "Repos and pipelines"
is_in "$PROJECT" "$projects" || stemma create project "$PROJECT" -d "Loan decisions: features, a logistic regression, decisions explained and erasable"
stemma create repo "$PROJECT/applicants"
for name in "${PIPELINES[@]}"; do
  sed -e "s|{{EXAMPLE_DIR}}|$here|g" -e "s|^pipeline:\$|pipeline:\n  project: $PROJECT|" "$here/$name.yaml" >"$work/$name.yaml"
  stemma create pipeline -f "$work/$name.yaml"
done

section "Applicants: $count records, split per applicant and tagged with their subject"
"$py" "$here/make_applicants.py" "$work/applicants.csv" --count "$count" --id-prefix "a$TAG-"
head -3 "$work/applicants.csv"
echo "..."
stemma put file "$PROJECT/applicants@master:/applicants" -f "$work/applicants.csv" --split csv --subject-field applicant_id -m "$count loan applicants"
LOAD_SET=$(stemma --json inspect commit "$PROJECT/applicants@master" | json_field commitSet)
echo
echo "each record is a file of its own, tagged with its applicant (stemma inspect file):"
stemma inspect file "$PROJECT/applicants@master:/applicants/0000000000000000"

section "The pipelines run, in the order of the DAG: ${PIPELINES[*]}"
report_commit_set "$LOAD_SET"
echo
echo "loan-model, trained on every applicant (stemma get file $PROJECT/train@master:/model/metrics.json):"
stemma get file "$PROJECT/train@master:/model/metrics.json"
echo
stemma inspect model loan-model --project "$PROJECT"
if $sisa; then
  echo
  echo "loan-model-sisa, one model per shard (stemma get file $PROJECT/train-sisa@master:/model/shard-<k>.metrics.json):"
  for k in 0 1 2 3; do
    stemma get file "$PROJECT/train-sisa@master:/model/shard-$k.metrics.json" >"$work/shard-$k.json"
  done
  "$py" - "$work"/shard-?.json <<'PY'
import json, os, sys
for path in sys.argv[1:]:
    m = json.load(open(path))
    print(f"  {os.path.basename(path)[:-5]}: {m['records']} applicants, cross-validated accuracy {m['cv_accuracy']}, ROC AUC {m['cv_roc_auc']}")
PY
fi
MODEL_V1="$PROJECT/loan-model@1"

section "A rejected applicant asks why"
stemma --json list decision --model-version "$MODEL_V1" --limit 100000 >"$work/decisions.json"
pick=$("$py" - "$work/decisions.json" "$count" <<'PY'
import json, sys
decisions = json.load(open(sys.argv[1]))
if len(decisions) != int(sys.argv[2]):
    sys.exit(f"expected {sys.argv[2]} decisions of the model, found {len(decisions)}")
rejected = sorted((d["subjectId"], d["decisionId"]) for d in decisions if not d["output"]["approved"])
if not rejected:
    sys.exit("no applicant was rejected")
print(*rejected[0])
PY
)
read -r APPLICANT DECISION <<<"$pick"
echo "$count decisions were recorded against $MODEL_V1; the first rejected applicant is $APPLICANT."
echo
echo "the decision as the score pipeline wrote it (stemma get file $PROJECT/score@master:/decisions/$APPLICANT.jsonl):"
stemma get file "$PROJECT/score@master:/decisions/$APPLICANT.jsonl"
echo
echo "stemma explain decision $DECISION:"
stemma explain decision "$DECISION"
echo
stemma --json explain decision "$DECISION" >"$work/explain.json"
"$py" - "$work/explain.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["decision"]
print("Why, in the model's terms: each feature's contribution to the log-odds of repayment,")
print("against an applicant with every feature at the average:")
for name, value in sorted(d["explanation"].items(), key=lambda kv: kv[1]):
    print(f"  {name:22} {value:+.3f}   ({name} = {d['input'][name]:g})")
print(f"score {d['output']['score']:.3f} < threshold {d['output']['threshold']}: rejected")
PY

section "Everything Stemma holds about $APPLICANT"
stemma footprint "$APPLICANT" --limit 5

section "Two compliance officers: one files the request, another approves it"
new_token() {
  stemma --json auth create-token --name "$1" --role compliance >"$work/token.json"
  TOKEN_IDS+=("$(json_field apiToken.id <"$work/token.json")")
  json_field token <"$work/token.json"
}
REQUESTER=$(new_token "loan-demo-requester-$TAG")
APPROVER=$(new_token "loan-demo-approver-$TAG")
echo "requester: $(STEMMA_TOKEN=$REQUESTER stemma --json auth whoami | json_field name) (compliance on every project)"
echo "approver:  $(STEMMA_TOKEN=$APPROVER stemma --json auth whoami | json_field name) (compliance on every project)"
as_requester() { STEMMA_TOKEN="$REQUESTER" stemma "$@"; }
as_approver() { STEMMA_TOKEN="$APPROVER" stemma "$@"; }

section "$APPLICANT asks to be forgotten: the request and its plan (a dry run)"
ERASURE=$(as_requester --json erasure request "$APPLICANT" --reason "GDPR art. 17: $APPLICANT asked to be forgotten after a rejected loan application" | json_field id)
echo "erasure $ERASURE requested for $APPLICANT"
echo
as_requester erasure plan "$ERASURE"
RECORD_PATH=$(as_requester --json erasure inspect "$ERASURE" | json_field plan.deletionCommits.0.paths.0)

section "Approval: the requester may not approve their own request"
if as_requester erasure approve "$ERASURE" >"$work/self-approve.log" 2>&1; then
  die "the requester could approve their own erasure request"
fi
echo "the requester tried: $(cat "$work/self-approve.log")"
echo
as_approver erasure approve "$ERASURE"

section "Execution: deletion commit, key shredding, reprocessing, retraining, flags"
as_requester erasure execute "$ERASURE" --wait --timeout "$timeout"

section "What was reprocessed and retrained"
DELETION_SET=$(as_requester --json erasure inspect "$ERASURE" | json_field execution.deletionCommits.0.commitSet)
echo "the jobs of the deletion commit's commit set ($DELETION_SET):"
echo
report_commit_set "$DELETION_SET" | tee "$work/erasure-jobs.txt"
"$py" - "$work/erasure-jobs.txt" "$count" <<'PY' || die "the erasure's jobs did not do what an erasure of one applicant should"
import sys
rows = {line.split()[0]: line.split() for line in open(sys.argv[1]) if not line.startswith("PIPELINE")}
others = int(sys.argv[2]) - 1
expected = {"features": ("0", str(others)), "train": ("1", "0"), "train-sisa": ("1", "3")}
wrong = [f"{name}: {rows[name][3]} processed, {rows[name][4]} skipped, expected {want[0]} and {want[1]}"
         for name, want in expected.items() if name in rows and (rows[name][3], rows[name][4]) != want]
if wrong:
    sys.exit("; ".join(wrong))
PY
echo
echo "features skipped every other applicant's datum: only $APPLICANT's record went, and its feature row with it."
echo "train reran on the $((count - 1)) remaining rows: a new version of loan-model; score rescored everyone with it."
if $sisa; then
  echo "train-sisa retrained only the shard that held $APPLICANT and carried the other shards' models forward."
fi
echo
stemma inspect model loan-model --project "$PROJECT"
if $sisa; then
  echo
  stemma inspect model loan-model-sisa --project "$PROJECT"
fi
echo
echo "stemma explain model $MODEL_V1:"
stemma explain model "$MODEL_V1"
echo
echo "$APPLICANT's decisions, flagged (stemma list decision --subject $APPLICANT):"
stemma list decision --subject "$APPLICANT"

section "Verification"
as_requester erasure verify "$ERASURE"
echo
echo "the record in the original commit $LOAD_SET, read again (stemma get file $PROJECT/applicants@$LOAD_SET:$RECORD_PATH):"
if stemma get file "$PROJECT/applicants@$LOAD_SET:$RECORD_PATH" >"$work/old-record.txt" 2>&1; then
  cat "$work/old-record.txt" >&2
  die "the erased record is still readable in its old commit"
fi
cat "$work/old-record.txt"
echo
stemma footprint "$APPLICANT" --limit 5

section "The certificate and the auditor's lineage report"
mkdir -p "$root/.stemma/loan"
certificate="$root/.stemma/loan/$PROJECT-erasure-$ERASURE.html"
report="$root/.stemma/loan/$PROJECT-loan-model-v1-lineage.html"
as_requester erasure certificate "$ERASURE" --format html -o "$certificate"
as_requester --json erasure inspect "$ERASURE" >"$work/erasure.json"
certificate_url=$("$py" - "$work/erasure.json" "${STEMMA_API_URL:-http://127.0.0.1:7070}" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["certificate"]
print(sys.argv[2].rstrip("/") + c["htmlPath"], f"(JSON: {c['jsonPath']}; the JSON's sha256 {c['sha256']} is audit event {c['auditEventSeq']})")
PY
)
stemma report lineage "model:$MODEL_V1" --format html -o "$report"
echo
echo "Certificate:    $certificate"
echo "                served at $certificate_url"
echo "Lineage report: $(stemma report lineage "model:$MODEL_V1" --url)"
echo "                (of $MODEL_V1, which the erasure superseded; with a token: add ?token=<token>; a copy: $report)"
echo
echo "Explore: stemma erasure inspect $ERASURE; stemma list job --project $PROJECT; stemma footprint $APPLICANT"
