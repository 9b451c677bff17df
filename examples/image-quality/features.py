"""Joins the three blur measures of one image into one feature row.

The pipeline's input is a join of the laplacian, sobel and fft repos on the image stem
(glob "/(*).json", join_on "$1"), so each datum holds the three JSON files of one image:
    /pfs/laplacian/<stem>.json  /pfs/sobel/<stem>.json  /pfs/fft/<stem>.json
and this script writes /pfs/out/<stem>.json:
    {"image": "img_000.png", "laplacian_var": ..., "sobel_mean": ..., "fft_hf_ratio": ...}
It reads every stem it is given, so it also works on a datum holding many images.
"""
import json
import os
import sys

PFS = os.environ.get("PFS_ROOT", "/pfs")
# Input name -> the field that input contributes to the row.
MEASURES = {"laplacian": "laplacian_var", "sobel": "sobel_mean", "fft": "fft_hf_ratio"}


def read_measures(input_name):
    """Returns {stem: row} for every JSON file under /pfs/<input_name>."""
    rows = {}
    for folder, _dirs, files in os.walk(os.path.join(PFS, input_name)):
        for name in files:
            if name.endswith(".json"):
                with open(os.path.join(folder, name)) as f:
                    rows[name[: -len(".json")]] = json.load(f)
    return rows


def main():
    measures = {name: read_measures(name) for name in MEASURES}
    stems = set().union(*measures.values())
    incomplete = False
    for stem in sorted(stems):
        missing = [name for name in MEASURES if stem not in measures[name]]
        if missing:
            print(f"{stem}: no {', '.join(missing)} measure in this datum", file=sys.stderr)
            incomplete = True
            continue
        row = {"image": measures["laplacian"][stem]["image"]}
        for name, field in MEASURES.items():
            row[field] = measures[name][stem][field]
        with open(os.path.join(PFS, "out", stem + ".json"), "w") as f:
            json.dump(row, f)
        print(f"{stem}: {row}")
    if incomplete:
        sys.exit(1)


if __name__ == "__main__":
    main()
