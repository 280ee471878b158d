#!/usr/bin/env python3
"""make_data.py OUT_DIR IMAGES_DIR - calibration and held-out evaluation sets for the quantization
quality table (docs/QUANTIZATION.md). Needs Debian's python3-numpy and python3-pil.

Image models (vww_96: 96x96 RGB in [0, 1]; pretrainedResnet: 32x32 RGB in [0, 255]): random crops
(50-100% of the shorter side) and horizontal flips of the photos in ../shared/images. Calibration
crops come from three photos (bird, cat, grace_hopper); evaluation crops are new crops of all five,
so two photos (cat_720p, parrot) are never seen in calibration.

Audio models have no recordings here, so their sets are synthetic with the structure of their
features, drawn with different seeds for calibration and evaluation:
  ad01 (640 = 5 frames x 128 log-mel bins, dB): a per-clip level, a smooth spectral envelope, a few
    tonal peaks (machine hum), frame-to-frame jitter; clipped to [-85, 15].
  kws (49 frames x 10 MFCCs): c0 (energy) in [-120, -20] following a speech-like envelope, c1..c9
    smooth in time with decreasing variance.
"""
import os
import sys

import numpy as np
from PIL import Image

CALIB_PHOTOS = ["bird.bmp", "cat.bmp", "grace_hopper.bmp"]
ALL_PHOTOS = CALIB_PHOTOS + ["cat_720p.jpg", "parrot.jpg"]


def crops(images_dir, photos, count, size, scale, seed):
    rng = np.random.default_rng(seed)
    out = []
    for i in range(count):
        img = Image.open(os.path.join(images_dir, photos[i % len(photos)])).convert("RGB")
        w, h = img.size
        side = int(min(w, h) * rng.uniform(0.5, 1.0))
        x0 = int(rng.integers(0, w - side + 1))
        y0 = int(rng.integers(0, h - side + 1))
        c = img.crop((x0, y0, x0 + side, y0 + side)).resize((size, size), Image.BILINEAR)
        a = np.asarray(c, dtype=np.float32)
        if rng.random() < 0.5:
            a = a[:, ::-1, :]
        out.append((a * scale)[None].astype(np.float32))
    return out


def ad01(count, seed):
    rng = np.random.default_rng(seed)
    out = []
    bins = np.arange(128)
    for _ in range(count):
        level = rng.uniform(-60, -15)
        envelope = -25 * (bins / 127.0) ** rng.uniform(0.5, 2.0)
        peaks = np.zeros(128)
        for _ in range(rng.integers(1, 5)):
            peaks += rng.uniform(5, 25) * np.exp(-0.5 * ((bins - rng.uniform(0, 127)) / rng.uniform(1, 4)) ** 2)
        frames = [level + envelope + peaks + rng.normal(0, 3, 128) + rng.normal(0, 1.5) for _ in range(5)]
        out.append(np.clip(np.concatenate(frames), -85, 15)[None].astype(np.float32))
    return out


def kws(count, seed):
    rng = np.random.default_rng(seed)
    out = []
    t = np.arange(49)
    for _ in range(count):
        center, width = rng.uniform(10, 40), rng.uniform(5, 15)
        energy = -110 + rng.uniform(20, 85) * np.exp(-0.5 * ((t - center) / width) ** 2)
        feats = np.zeros((49, 10))
        feats[:, 0] = energy + rng.normal(0, 2, 49)
        for k in range(1, 10):
            walk = np.cumsum(rng.normal(0, 1, 49))
            walk = (walk - walk.mean()) / (walk.std() + 1e-6)
            feats[:, k] = walk * 18.0 / k + rng.normal(0, 1.0, 49)
        out.append(np.clip(feats, -123, 25)[None, :, :, None].astype(np.float32))
    return out


def save(arrays, folder):
    os.makedirs(folder, exist_ok=True)
    for i, a in enumerate(arrays):
        np.save(os.path.join(folder, "sample_%03d.npy" % i), a)


def main():
    out, images = sys.argv[1], sys.argv[2]
    save(crops(images, CALIB_PHOTOS, 48, 96, 1 / 255.0, 1), os.path.join(out, "vww", "calib"))
    save(crops(images, ALL_PHOTOS, 40, 96, 1 / 255.0, 2), os.path.join(out, "vww", "eval"))
    save(crops(images, CALIB_PHOTOS, 48, 32, 1.0, 3), os.path.join(out, "resnet", "calib"))
    save(crops(images, ALL_PHOTOS, 40, 32, 1.0, 4), os.path.join(out, "resnet", "eval"))
    save(ad01(64, 5), os.path.join(out, "ad01", "calib"))
    save(ad01(40, 6), os.path.join(out, "ad01", "eval"))
    save(kws(64, 7), os.path.join(out, "kws", "calib"))
    save(kws(40, 8), os.path.join(out, "kws", "eval"))


if __name__ == "__main__":
    main()
