"""Blur measure 1: the variance of the Laplacian of each image.

The Laplacian responds to rapid changes of intensity (edges, fine detail). A sharp image
has many strong responses, so their variance is high; blur smooths the edges away and the
variance drops. The 3x3 kernel [[0,1,0],[1,-4,1],[0,1,0]] is OpenCV's cv2.Laplacian default.

Reads every image under /pfs/images and writes /pfs/out/<stem>.json:
    {"image": "img_000.png", "laplacian_var": 1234.5}
"""
import json
import os

import numpy as np
from PIL import Image
from scipy import ndimage

PFS = os.environ.get("PFS_ROOT", "/pfs")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def input_images(root):
    """Yields (path relative to the input, absolute path) of every image under root."""
    for folder, _dirs, files in os.walk(root):
        for name in sorted(files):
            if name.lower().endswith(IMAGE_SUFFIXES):
                path = os.path.join(folder, name)
                yield os.path.relpath(path, root), path


def laplacian_variance(path):
    grey = np.asarray(Image.open(path).convert("L"), dtype=np.float64)
    return float(ndimage.laplace(grey).var())


def main():
    images = os.path.join(PFS, "images")
    out = os.path.join(PFS, "out")
    for rel, path in input_images(images):
        stem = os.path.splitext(os.path.basename(rel))[0]
        row = {"image": rel, "laplacian_var": laplacian_variance(path)}
        with open(os.path.join(out, stem + ".json"), "w") as f:
            json.dump(row, f)
        print(f"{rel}: laplacian_var={row['laplacian_var']:.2f}")


if __name__ == "__main__":
    main()
