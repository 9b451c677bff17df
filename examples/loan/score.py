"""Decides on each applicant with the current loan model, and says why.

The input is a cross of the features repo (glob "/*/*": one applicant's row per datum) and a
training repo, named "train" (glob "/model": the model: model.json, or one file per shard
whose scores are averaged). For each row it writes one decision to
/pfs/out/decisions/<applicant_id>.jsonl, which Stemma records against the model version
(the spec's `decisions: {path: /decisions, model: loan-model}`):
    {"subjectId": "A0001",
     "input": {"debt_to_income": 0.41, ...},              the model's inputs
     "output": {"approved": false, "score": 0.31, "threshold": 0.5},
     "explanation": {"late_payments": -1.02, ...}}       each feature's contribution to the
                                                         log-odds of repayment
"""
import json
import os

from loan_model import load_models, read_feature_rows, score

PFS = os.environ.get("PFS_ROOT", "/pfs")


def main():
    models = load_models(os.path.join(PFS, "train", "model"))
    model = models[0]
    out = os.path.join(PFS, "out", "decisions")
    os.makedirs(out, exist_ok=True)
    for row in read_feature_rows(os.path.join(PFS, "features")):
        probability, parts = score(models, row["features"])
        decision = {
            "subjectId": row["applicant_id"],
            "input": {name: row["features"][name] for name in model["features"]},
            "output": {"approved": probability >= model["threshold"], "score": round(probability, 4), "threshold": model["threshold"]},
            "explanation": {name: round(value, 4) for name, value in parts.items()},
        }
        with open(os.path.join(out, row["applicant_id"] + ".jsonl"), "w") as f:
            f.write(json.dumps(decision) + "\n")
        verdict = "approved" if decision["output"]["approved"] else "rejected"
        print(f"{row['applicant_id']}: {verdict} (score {decision['output']['score']:.3f})")


if __name__ == "__main__":
    main()
