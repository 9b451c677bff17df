"""Trains the loan model: a logistic regression on the applicants' feature rows.

The input is the features repo (/pfs/features/<shard>/<applicant>.json). The features are
standardised and the model is fit on every row it is given; its quality is estimated by
stratified cross-validation (5 folds, fewer when a class is rarer; fixed seed). It writes JSON
rather than pickle, so that any reader can score with it and a reviewer can read it:

    python train.py              one model of every row (glob "/"), the model "loan-model":
                                 /pfs/out/model/model.json, /pfs/out/model/metrics.json
    python train.py --per-shard  one model per shard directory in the datum (glob "/*": one
                                 shard per datum), the sharded model "loan-model-sisa":
                                 /pfs/out/model/<shard>.json, /pfs/out/model/<shard>.metrics.json

Sharded training follows SISA (Bourtoule et al., "Machine Unlearning", 2021): each shard's
model sees only its shard, scoring averages the shards, and forgetting an applicant retrains
only their shard — Stemma skips the datums of the shards that did not change.
"""
import argparse
import json
import os
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from loan_model import read_feature_rows

PFS = os.environ.get("PFS_ROOT", "/pfs")
THRESHOLD = 0.5
SEED = 0


def fit(rows, what):
    """(model, metrics) of a logistic regression fit on rows; `what` names them in errors."""
    names = sorted(rows[0]["features"])
    x = np.array([[row["features"][name] for name in names] for row in rows], dtype=np.float64)
    y = np.array([row["repaid"] for row in rows])
    counts = np.bincount(y, minlength=2)
    if counts.min() < 2:
        sys.exit(f"{what}: need at least 2 applicants who repaid and 2 who defaulted, have {counts[1]} and {counts[0]}")
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))
    folds = StratifiedKFold(n_splits=int(min(5, counts.min())), shuffle=True, random_state=SEED)
    cv = cross_validate(pipeline, x, y, cv=folds, scoring=("accuracy", "roc_auc"))
    pipeline.fit(x, y)
    scaler, regression = pipeline[0], pipeline[1]
    model = {
        "model": "logistic regression on standardised features",
        "label": "repaid",
        "features": names,
        "mean": scaler.mean_.tolist(),
        "scale": scaler.scale_.tolist(),
        "coefficients": regression.coef_[0].tolist(),
        "intercept": float(regression.intercept_[0]),
        "threshold": THRESHOLD,
        "records": len(rows),
    }
    metrics = {
        "records": len(rows),
        "repaid": int(y.sum()),
        "cv_folds": folds.n_splits,
        "cv_accuracy": round(float(np.mean(cv["test_accuracy"])), 4),
        "cv_roc_auc": round(float(np.mean(cv["test_roc_auc"])), 4),
        "approval_rate": round(float((pipeline.predict_proba(x)[:, 1] >= THRESHOLD).mean()), 4),
        "coefficients": {name: round(c, 4) for name, c in zip(names, model["coefficients"])},
    }
    return model, metrics


def write(out, name, model, metrics):
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump(model, f, indent=2)
    with open(os.path.join(out, ("" if name == "model" else name + ".") + "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)
    print(f"{name}: {json.dumps(metrics)}")


def main():
    parser = argparse.ArgumentParser(description="Trains the loan model.")
    parser.add_argument("--per-shard", action="store_true", help="one model per shard directory (SISA)")
    args = parser.parse_args()
    root = os.path.join(PFS, "features")
    out = os.path.join(PFS, "out", "model")
    os.makedirs(out, exist_ok=True)
    if not args.per_shard:
        rows = read_feature_rows(root)
        if not rows:
            sys.exit("no feature rows under /pfs/features")
        write(out, "model", *fit(rows, "the model"))
        return
    shards = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    if not shards:
        sys.exit("no shard directory under /pfs/features (expected /pfs/features/shard-<k>/)")
    for shard in shards:
        write(out, shard, *fit(read_feature_rows(os.path.join(root, shard)), shard))


if __name__ == "__main__":
    main()
