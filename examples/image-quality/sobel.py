"""Blur measure 2: the mean Sobel gradient magnitude of each image.

The Sobel filters approximate the intensity gradient in x and y; its magnitude
sqrt(gx^2 + gy^2) is large across edges. Blur spreads an edge over more pixels with a
smaller step each, so the mean magnitude falls.

Reads every image under /pfs/images and writes /pfs/out/<stem>.json:
    {"image": "img_000.png", "sobel_mean": 42.1}
"""
import numpy as np
from PIL import Image
from scipy import ndimage

from image_measure import measure_images


def sobel_mean(path):
    grey = np.asarray(Image.open(path).convert("L"), dtype=np.float64)
    gx = ndimage.sobel(grey, axis=1)
    gy = ndimage.sobel(grey, axis=0)
    return float(np.hypot(gx, gy).mean())


def main():
    measure_images("sobel_mean", sobel_mean, ".2f")


if __name__ == "__main__":
    main()
