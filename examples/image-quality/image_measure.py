"""What the three blur-measure pipelines share: find the datum's images under
/pfs/images and write one JSON row per image to /pfs/out/<stem>.json.

Python puts a script's own folder first on its import path, so laplacian.py, sobel.py and
fft.py import this module whether the runner uses bubblewrap or the path rewrite.
"""
import json
import os

PFS = os.environ.get("PFS_ROOT", "/pfs")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def input_images(root):
    """Yields (path relative to the input, absolute path) of every image under root."""
    for folder, _dirs, files in os.walk(root):
        for name in sorted(files):
            if name.lower().endswith(IMAGE_SUFFIXES):
                path = os.path.join(folder, name)
                yield os.path.relpath(path, root), path


def measure_images(field, measure, fmt):
    """Writes {"image": ..., field: measure(path)} for every input image."""
    images = os.path.join(PFS, "images")
    out = os.path.join(PFS, "out")
    for rel, path in input_images(images):
        stem = os.path.splitext(os.path.basename(rel))[0]
        row = {"image": rel, field: measure(path)}
        with open(os.path.join(out, stem + ".json"), "w") as f:
            json.dump(row, f)
        print(f"{rel}: {field}={row[field]:{fmt}}")
