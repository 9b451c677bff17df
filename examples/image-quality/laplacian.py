"""Blur measure 1: the variance of the Laplacian of each image.

The Laplacian responds to rapid changes of intensity (edges, fine detail). A sharp image
has many strong responses, so their variance is high; blur smooths the edges away and the
variance drops. The 3x3 kernel [[0,1,0],[1,-4,1],[0,1,0]] is OpenCV's cv2.Laplacian default.

Reads every image under /pfs/images and writes /pfs/out/<stem>.json:
    {"image": "img_000.png", "laplacian_var": 1234.5}
"""
import numpy as np
from PIL import Image
from scipy import ndimage

from image_measure import measure_images


def laplacian_variance(path):
    grey = np.asarray(Image.open(path).convert("L"), dtype=np.float64)
    return float(ndimage.laplace(grey).var())


def main():
    measure_images("laplacian_var", laplacian_variance, ".2f")


if __name__ == "__main__":
    main()
