"""Blur measure 3: the share of an image's spectral energy at high frequencies.

A Gaussian blur is a low-pass filter: it multiplies the image's 2-D Fourier spectrum by a
Gaussian, which leaves low frequencies nearly untouched and removes high ones. So the
fraction of the energy (the squared magnitude of the FFT, mean removed) above a cutoff
frequency is a direct measure of how much fine detail the image still has.

Reads every image under /pfs/images and writes /pfs/out/<stem>.json:
    {"image": "img_000.png", "fft_hf_ratio": 0.21}
"""
import numpy as np
from PIL import Image

from image_measure import measure_images

# Frequencies above this radius, in cycles per pixel (0.5 is the Nyquist limit), count as high.
CUTOFF = 0.15


def high_frequency_ratio(path, cutoff=CUTOFF):
    grey = np.asarray(Image.open(path).convert("L"), dtype=np.float64)
    power = np.abs(np.fft.fft2(grey - grey.mean())) ** 2
    fy = np.fft.fftfreq(grey.shape[0])[:, None]
    fx = np.fft.fftfreq(grey.shape[1])[None, :]
    radius = np.hypot(fx, fy)
    total = power.sum()
    return float(power[radius > cutoff].sum() / total) if total > 0 else 0.0


def main():
    measure_images("fft_hf_ratio", high_frequency_ratio, ".4f")


if __name__ == "__main__":
    main()
