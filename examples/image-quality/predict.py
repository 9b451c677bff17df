"""Scores images with the trained blur classifier.

The input is a cross of the features repo (glob "/*": one feature row per datum) and the
train repo (glob "/": the model). For each row under /pfs/features it writes
/pfs/out/<stem>.json:
    {"image": "img_000.png", "prediction": "blurry", "p_blurry": 0.98}
"""
import json
import os
import pickle

import numpy as np

PFS = os.environ.get("PFS_ROOT", "/pfs")


def main():
    with open(os.path.join(PFS, "train", "model.pkl"), "rb") as f:
        bundle = pickle.load(f)
    model, features = bundle["model"], bundle["features"]
    classes = list(model.classes_)
    for folder, _dirs, files in os.walk(os.path.join(PFS, "features")):
        for name in sorted(files):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(folder, name)) as f:
                row = json.load(f)
            x = np.array([[row[feature] for feature in features]], dtype=np.float64)
            probabilities = model.predict_proba(x)[0]
            result = {
                "image": row["image"],
                "prediction": str(classes[int(np.argmax(probabilities))]),
                "p_blurry": float(probabilities[classes.index("blurry")]) if "blurry" in classes else None,
            }
            with open(os.path.join(PFS, "out", name), "w") as f:
                json.dump(result, f)
            print(f"{name[: -len('.json')]}: {result['prediction']} (p_blurry={result['p_blurry']:.3f})")


if __name__ == "__main__":
    main()
