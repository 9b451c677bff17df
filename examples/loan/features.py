"""Turns each applicant record into a feature row: the model's inputs and the label.

The input is the applicants repo split per applicant (`put file --split csv`): each file is a
CSV header and one record. With glob "/*/*" a datum holds one record; the script
reads every CSV file under /pfs/applicants, so it handles a datum of any size. For each
record it writes /pfs/out/<shard>/<applicant_id>.json:
    {"applicant_id": "A0001", "features": {"debt_to_income": 0.41, ...}, "repaid": 1}
The shard (shard-0 ... shard-<LOAN_SHARDS - 1>, default 4) is fixed by a hash of the applicant
id: the sharded training pipeline (SISA) fits one model per shard, so erasing an applicant
retrains only the shard that held them; the other pipelines read every shard.
What the model must not use stays behind: name and email (personal data it does not need)
and age (a protected characteristic in lending).
"""
import csv
import hashlib
import json
import math
import os
import sys

PFS = os.environ.get("PFS_ROOT", "/pfs")
SHARDS = int(os.environ.get("LOAN_SHARDS", "4"))
NUMERIC = ["income", "debt", "loan_amount", "employment_years", "credit_history_years", "late_payments"]


def features_of(record):
    """The model's inputs for one applicant record (a dict of CSV strings)."""
    try:
        v = {field: float(record[field]) for field in NUMERIC}
    except (KeyError, ValueError) as err:
        raise ValueError(f"applicant {record.get('applicant_id', '?')}: {err}") from err
    income = max(v["income"], 1.0)
    return {
        "log_income": round(math.log(income), 6),
        "debt_to_income": round(v["debt"] / income, 6),
        "loan_to_income": round(v["loan_amount"] / income, 6),
        "employment_years": v["employment_years"],
        "credit_history_years": v["credit_history_years"],
        "late_payments": v["late_payments"],
    }


def shard_of(applicant):
    """The applicant's shard: stable across runs and machines (not Python's salted hash)."""
    return f"shard-{int(hashlib.sha256(applicant.encode()).hexdigest(), 16) % SHARDS}"


def records(root):
    """Yields every record of every CSV file under root, in path order."""
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            with open(os.path.join(folder, name), newline="") as f:
                yield from csv.DictReader(f)


def main():
    written = 0
    for record in records(os.path.join(PFS, "applicants")):
        applicant = record["applicant_id"].strip()
        row = {"applicant_id": applicant, "features": features_of(record), "repaid": int(record["repaid"])}
        folder = os.path.join(PFS, "out", shard_of(applicant))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, applicant + ".json"), "w") as f:
            json.dump(row, f, sort_keys=True)
        written += 1
        print(f"{applicant}: {json.dumps(row['features'], sort_keys=True)}")
    if written == 0:
        sys.exit("no applicant record under /pfs/applicants")


if __name__ == "__main__":
    main()
