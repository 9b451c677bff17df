"""Blurs one image in place: the "one changed file" of the demo.

Applies a Gaussian filter, then the same faint sensor noise (standard deviation 2 grey
levels, fixed seed) that make_images.py adds to every image, so that the result still looks
like a photograph rather than a perfectly smooth synthetic field.

    python blur_image.py PATH [--sigma 2.5]
"""
import argparse

import numpy as np
from PIL import Image
from scipy import ndimage


def main():
    parser = argparse.ArgumentParser(description="Blur one image in place.")
    parser.add_argument("path")
    parser.add_argument("--sigma", type=float, default=2.5, help="Gaussian sigma in pixels (default 2.5)")
    args = parser.parse_args()
    grey = np.asarray(Image.open(args.path).convert("L"), dtype=np.float64)
    blurred = ndimage.gaussian_filter(grey, sigma=args.sigma)
    blurred += np.random.default_rng(0).normal(0, 2.0, size=blurred.shape)
    Image.fromarray(np.clip(np.rint(blurred), 0, 255).astype(np.uint8)).save(args.path)
    print(f"blurred {args.path} (sigma {args.sigma})")


if __name__ == "__main__":
    main()
