"""Generates the example's data set: synthetic greyscale PNGs, half of them blurred.

There is no photo collection to download, so the images are drawn from a seeded random
generator: the same seed gives byte-identical files. Each image is one of four patterns
(shapes, text, stripes, texture); a random half of them is blurred with a Gaussian filter of
random strength, and every image gets a little sensor noise, so that blur is not the only
thing that differs. labels.csv names each image stem as sharp or blurry.

    python make_images.py OUT_DIR [--count 40] [--seed 7]

writes OUT_DIR/images/<stem>.png and OUT_DIR/labels.csv.
"""
import argparse
import csv
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage

SIZE = 128
PATTERNS = ("shapes", "text", "stripes", "texture")


def draw_shapes(rng):
    img = Image.new("L", (SIZE, SIZE), int(rng.integers(0, 256)))
    draw = ImageDraw.Draw(img)
    for _ in range(int(rng.integers(4, 10))):
        x0, y0 = rng.integers(-20, SIZE, size=2)
        w, h = rng.integers(10, 60, size=2)
        box = [int(x0), int(y0), int(x0 + w), int(y0 + h)]
        fill = int(rng.integers(0, 256))
        if rng.random() < 0.5:
            draw.rectangle(box, fill=fill)
        else:
            draw.ellipse(box, fill=fill)
    return np.asarray(img, dtype=np.float64)


def draw_text(rng):
    img = Image.new("L", (SIZE, SIZE), int(rng.integers(180, 256)))
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default()
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    for row in range(int(rng.integers(5, 10))):
        text = "".join(rng.choice(list(letters), size=int(rng.integers(6, 16))))
        draw.text((int(rng.integers(0, 20)), 4 + row * 13), text, fill=int(rng.integers(0, 80)), font=font)
    return np.asarray(img, dtype=np.float64)


def draw_stripes(rng):
    y, x = np.mgrid[0:SIZE, 0:SIZE]
    angle = rng.uniform(0, np.pi)
    period = rng.uniform(6, 20)
    wave = np.sin(2 * np.pi * (x * np.cos(angle) + y * np.sin(angle)) / period)
    if rng.random() < 0.5:
        wave = np.sign(wave)  # hard-edged bars instead of a smooth wave
    return 128 + 100 * wave


def draw_texture(rng):
    noise = rng.normal(0, 1, size=(SIZE, SIZE))
    grain = ndimage.gaussian_filter(noise, sigma=rng.uniform(0.6, 1.5))
    return 128 + 60 * grain / grain.std()


DRAW = {"shapes": draw_shapes, "text": draw_text, "stripes": draw_stripes, "texture": draw_texture}


def make_image(rng, pattern, blurry):
    pixels = DRAW[pattern](rng)
    if blurry:
        pixels = ndimage.gaussian_filter(pixels, sigma=rng.uniform(1.2, 3.0))
    pixels = pixels + rng.normal(0, 2.0, size=pixels.shape)
    return Image.fromarray(np.clip(np.rint(pixels), 0, 255).astype(np.uint8))


def main():
    parser = argparse.ArgumentParser(description="Generate the synthetic sharp/blurry image set.")
    parser.add_argument("out_dir", help="directory to write images/ and labels.csv into")
    parser.add_argument("--count", type=int, default=40, help="number of images (default 40)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    image_dir = os.path.join(args.out_dir, "images")
    os.makedirs(image_dir, exist_ok=True)
    blurry = set(rng.permutation(args.count)[: args.count // 2].tolist())
    rows = []
    for i in range(args.count):
        stem = f"img_{i:03d}"
        pattern = PATTERNS[i % len(PATTERNS)]
        label = "blurry" if i in blurry else "sharp"
        make_image(rng, pattern, i in blurry).save(os.path.join(image_dir, stem + ".png"))
        rows.append((stem, label))
    with open(os.path.join(args.out_dir, "labels.csv"), "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["image", "label"])
        writer.writerows(rows)
    print(f"wrote {args.count} images ({len(blurry)} blurry) to {image_dir} and labels.csv")


if __name__ == "__main__":
    main()
