"""Blur measure 3: the share of an image's spectral energy at high frequencies.

A Gaussian blur is a low-pass filter: it multiplies the image's 2-D Fourier spectrum by a
Gaussian, which leaves low frequencies nearly untouched and removes high ones. So the
fraction of the energy (the squared magnitude of the FFT, mean removed) above a cutoff
frequency is a direct measure of how much fine detail the image still has.

Reads every image under /pfs/images and writes /pfs/out/<stem>.json:
    {"image": "img_000.png", "fft_hf_ratio": 0.21}
"""
import json
import os

import numpy as np
from PIL import Image

PFS = os.environ.get("PFS_ROOT", "/pfs")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
# Frequencies above this radius, in cycles per pixel (0.5 is the Nyquist limit), count as high.
CUTOFF = 0.15


def input_images(root):
    """Yields (path relative to the input, absolute path) of every image under root."""
    for folder, _dirs, files in os.walk(root):
        for name in sorted(files):
            if name.lower().endswith(IMAGE_SUFFIXES):
                path = os.path.join(folder, name)
                yield os.path.relpath(path, root), path


def high_frequency_ratio(path, cutoff=CUTOFF):
    grey = np.asarray(Image.open(path).convert("L"), dtype=np.float64)
    power = np.abs(np.fft.fft2(grey - grey.mean())) ** 2
    fy = np.fft.fftfreq(grey.shape[0])[:, None]
    fx = np.fft.fftfreq(grey.shape[1])[None, :]
    radius = np.hypot(fx, fy)
    total = power.sum()
    return float(power[radius > cutoff].sum() / total) if total > 0 else 0.0


def main():
    images = os.path.join(PFS, "images")
    out = os.path.join(PFS, "out")
    for rel, path in input_images(images):
        stem = os.path.splitext(os.path.basename(rel))[0]
        row = {"image": rel, "fft_hf_ratio": high_frequency_ratio(path)}
        with open(os.path.join(out, stem + ".json"), "w") as f:
            json.dump(row, f)
        print(f"{rel}: fft_hf_ratio={row['fft_hf_ratio']:.4f}")


if __name__ == "__main__":
    main()
