"""Blur measure 2: the mean Sobel gradient magnitude of each image.

The Sobel filters approximate the intensity gradient in x and y; its magnitude
sqrt(gx^2 + gy^2) is large across edges. Blur spreads an edge over more pixels with a
smaller step each, so the mean magnitude falls.

Reads every image under /pfs/images and writes /pfs/out/<stem>.json:
    {"image": "img_000.png", "sobel_mean": 42.1}
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


def sobel_mean(path):
    grey = np.asarray(Image.open(path).convert("L"), dtype=np.float64)
    gx = ndimage.sobel(grey, axis=1)
    gy = ndimage.sobel(grey, axis=0)
    return float(np.hypot(gx, gy).mean())


def main():
    images = os.path.join(PFS, "images")
    out = os.path.join(PFS, "out")
    for rel, path in input_images(images):
        stem = os.path.splitext(os.path.basename(rel))[0]
        row = {"image": rel, "sobel_mean": sobel_mean(path)}
        with open(os.path.join(out, stem + ".json"), "w") as f:
            json.dump(row, f)
        print(f"{rel}: sobel_mean={row['sobel_mean']:.2f}")


if __name__ == "__main__":
    main()
