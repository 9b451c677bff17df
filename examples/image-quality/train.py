"""Trains the blur classifier: Gaussian Naive Bayes on the joined feature rows.

The input is a cross of the features repo (glob "/": all rows in one datum) and the labels
repo (glob "/": /labels.csv with columns image,label, label sharp or blurry). It holds out
30% of the labelled images (stratified, fixed seed), fits on the rest, and writes
    /pfs/out/model.pkl     {"features": [...], "classes": [...], "model": sklearn pipeline}
    /pfs/out/metrics.json  held-out accuracy, confusion matrix, misclassified images
The features are log-scaled first (log1p): the Laplacian variance spans orders of magnitude,
and Naive Bayes models each feature per class as a Gaussian.
"""
import csv
import json
import os
import pickle
import sys

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

PFS = os.environ.get("PFS_ROOT", "/pfs")
FEATURES = ["laplacian_var", "sobel_mean", "fft_hf_ratio"]
TEST_SIZE = 0.3
SEED = 0


def read_feature_rows(root):
    """Returns {stem: row} for every feature row under root."""
    rows = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith(".json"):
                with open(os.path.join(folder, name)) as f:
                    rows[name[: -len(".json")]] = json.load(f)
    return rows


def read_labels(path):
    with open(path, newline="") as f:
        return {row["image"]: row["label"] for row in csv.DictReader(f)}


def main():
    rows = read_feature_rows(os.path.join(PFS, "features"))
    labels = read_labels(os.path.join(PFS, "labels", "labels.csv"))
    stems = sorted(stem for stem in rows if stem in labels)
    unlabelled = sorted(stem for stem in rows if stem not in labels)
    if unlabelled:
        print(f"no label for {len(unlabelled)} images, left out: {', '.join(unlabelled)}", file=sys.stderr)
    y = np.array([labels[stem] for stem in stems])
    if len(stems) < 6 or len(set(y)) < 2:
        sys.exit(f"need at least 6 labelled images of both classes, have {len(stems)} ({sorted(set(y))})")
    x = np.array([[rows[stem][f] for f in FEATURES] for stem in stems], dtype=np.float64)

    idx_train, idx_test = train_test_split(np.arange(len(stems)), test_size=TEST_SIZE, random_state=SEED, stratify=y)
    model = make_pipeline(FunctionTransformer(np.log1p), GaussianNB())
    model.fit(x[idx_train], y[idx_train])
    predicted = model.predict(x[idx_test])
    classes = sorted(set(y))
    metrics = {
        "model": "GaussianNB on log1p(features)",
        "features": FEATURES,
        "images": len(stems),
        "train": len(idx_train),
        "test": len(idx_test),
        "accuracy": float(accuracy_score(y[idx_test], predicted)),
        "confusion_matrix": {"labels": classes, "rows_true_columns_predicted": confusion_matrix(y[idx_test], predicted, labels=classes).tolist()},
        "misclassified": [
            {"image": stems[i], "label": str(y[i]), "predicted": str(p)} for i, p in zip(idx_test, predicted) if p != y[i]
        ],
    }
    out = os.path.join(PFS, "out")
    with open(os.path.join(out, "model.pkl"), "wb") as f:
        pickle.dump({"features": FEATURES, "classes": classes, "model": model}, f)
    with open(os.path.join(out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)
    print(json.dumps(metrics, indent=2))


if __name__ == "__main__":
    main()
