"""Pictures painted at the size they are drawn (``video.painting``)."""

from __future__ import annotations

import av
import numpy as np

from reviewtool.video.painting import i420_painted, painted_rgb, reformatter

TOP, BOTTOM = (81, 90, 240), (41, 240, 110)  # Y, U, V: a red band over a blue one (BT.601)


def _two_bands(width: int, height: int) -> np.ndarray:
    """A 4:2:0 picture, red above blue, as one H*3/2 x W array."""
    y = np.empty((height, width), np.uint8)
    u = np.empty((height // 2, width // 2), np.uint8)
    v = np.empty_like(u)
    for plane, (top, bottom), rows in ((y, (TOP[0], BOTTOM[0]), height),
                                       (u, (TOP[1], BOTTOM[1]), height // 2),
                                       (v, (TOP[2], BOTTOM[2]), height // 2)):
        plane[: rows // 2], plane[rows // 2:] = top, bottom
    return np.concatenate((y.ravel(), u.ravel(), v.ravel())).reshape(height * 3 // 2, width)


def test_a_quarter_size_picture_keeps_every_row_and_its_colours_in_place() -> None:
    """1080 / 4 = 270 rows: PyAV reads a 4:2:0 buffer of 270 rows as 268, so the picture lost
    rows and its colour planes slid against the brightness (the bands' colours bled). The
    reduction keeps a height of whole 4:2:0 blocks; every row matches the reference."""
    planes = _two_bands(1920, 1080)
    colour = ("yuv420p", 1, 1)
    frame = av.VideoFrame.from_numpy_buffer(planes, format="yuv420p")
    frame.colorspace, frame.color_range = 1, 1
    rgb = reformatter().reformat(frame, format="rgb24").to_ndarray()
    for size in ((480, 270), (640, 360), (700, 394)):
        got = i420_painted(planes, 1920, 1080, colour, size).astype(int)
        want = painted_rgb(rgb, size).astype(int)
        assert got.shape == want.shape == (size[1], size[0], 4)
        rows = np.abs(got - want)[..., :3].mean(axis=(1, 2))
        assert rows.max() < 8, (size, np.argmax(rows), rows.max())
