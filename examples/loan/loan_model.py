"""What train.py and score.py share: reading feature rows, and the model as plain JSON.

A model file holds everything scoring needs, with no pickle: the feature names, the mean and
scale of each feature (standardisation), the logistic regression's coefficients and intercept,
and the approval threshold. A score is the probability of repayment,
    p = 1 / (1 + exp(-(intercept + sum_i coef_i * (x_i - mean_i) / scale_i)))
and each term coef_i * (x_i - mean_i) / scale_i is feature i's contribution to the log-odds,
measured from an applicant with every feature at the training mean.

A sharded model (SISA) is several such files, one per shard; the ensemble's log-odds are the
mean of the shards' log-odds, so its contributions are the means of theirs and still add up.

Python puts a script's own folder first on its import path, so both scripts import this
module whether the runner uses bubblewrap or the path rewrite.
"""
import json
import math
import os

MODEL_KEYS = ("features", "mean", "scale", "coefficients", "intercept", "threshold")


def read_feature_rows(root):
    """Every feature row (features.py's output) under root, sorted by applicant id."""
    rows = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith(".json"):
                with open(os.path.join(folder, name)) as f:
                    rows.append(json.load(f))
    return sorted(rows, key=lambda row: row["applicant_id"])


def load_models(folder):
    """The model files in folder (model.json, or one per shard), metrics files left out."""
    models = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json") or name.endswith("metrics.json"):
            continue
        with open(os.path.join(folder, name)) as f:
            model = json.load(f)
        missing = [key for key in MODEL_KEYS if key not in model]
        if missing:
            raise ValueError(f"{name}: the model has no {', '.join(missing)}")
        models.append(model)
    if not models:
        raise ValueError(f"no model file in {folder}")
    return models


def contributions(model, features):
    """Each feature's contribution to the log-odds of repayment, in the model's feature order."""
    missing = [name for name in model["features"] if name not in features]
    if missing:
        raise ValueError(f"the feature row lacks {', '.join(missing)}")
    return {
        name: coef * (features[name] - mean) / scale
        for name, mean, scale, coef in zip(model["features"], model["mean"], model["scale"], model["coefficients"])
    }


def score(models, features):
    """(probability of repayment, contributions) of the mean of the models' log-odds."""
    parts = [contributions(model, features) for model in models]
    mean_parts = {name: sum(p[name] for p in parts) / len(parts) for name in parts[0]}
    logit = sum(model["intercept"] for model in models) / len(models) + sum(mean_parts.values())
    return 1 / (1 + math.exp(-logit)), mean_parts
