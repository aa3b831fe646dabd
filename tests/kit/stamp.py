"""Frame-index stamps: a block code burned into a picture, readable after lossy compression.

Test and benchmark clips carry their frame index in the pixels, so that a decoded picture
proves which frame it is. The code is a row of black/white blocks (20 bits of index and a
4-bit checksum) across the top, large enough to survive chroma subsampling and JPEG/H.264
quantisation; the digits below it are for people.
"""

from __future__ import annotations

import cv2
import numpy as np

BITS = 20
CHECK_BITS = 4
BLOCKS = BITS + CHECK_BITS


def block_size(width: int) -> int:
    return max(8, width // 32)


def _bits(index: int) -> list[int]:
    if not 0 <= index < 1 << BITS:
        raise ValueError(f"frame index {index} does not fit in {BITS} bits")
    value = [(index >> i) & 1 for i in range(BITS)]
    check = sum(value) % (1 << CHECK_BITS)
    return value + [(check >> i) & 1 for i in range(CHECK_BITS)]


def stamp(picture: np.ndarray, index: int) -> np.ndarray:
    """Burn ``index`` into an RGB ``uint8`` picture (in place) and return it."""
    h, w = picture.shape[:2]
    b = block_size(w)
    if BLOCKS * b > w or 2 * b > h:
        raise ValueError(f"a {w}x{h} picture is too small for a frame stamp")
    picture[: 2 * b, : (BLOCKS + 1) * b] = 0
    for i, bit in enumerate(_bits(index)):
        if bit:
            picture[: b, i * b:(i + 1) * b] = 255
    scale = b / 22
    cv2.putText(picture, str(index), (b // 4, 2 * b - b // 6), cv2.FONT_HERSHEY_SIMPLEX, scale,
                (255, 255, 255), max(1, int(2 * scale)), cv2.LINE_AA)
    return picture


def read_stamp(picture: np.ndarray) -> int | None:
    """The index stamped into ``picture`` (RGB or grey), or None if there is no valid stamp."""
    w = picture.shape[1]
    b = block_size(w)
    band = picture[:b, : BLOCKS * b]
    luma = band if band.ndim == 2 else band[..., :3].mean(axis=2)
    q = b // 4
    bits = [int(luma[q: b - q, i * b + q:(i + 1) * b - q].mean() > 128) for i in range(BLOCKS)]
    value = sum(bit << i for i, bit in enumerate(bits[:BITS]))
    check = sum(bit << i for i, bit in enumerate(bits[BITS:]))
    if check != sum(bits[:BITS]) % (1 << CHECK_BITS):
        return None
    return value
