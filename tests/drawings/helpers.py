"""A camera above the pitch whose homography is known exactly: the truth drawings are
checked against."""

from __future__ import annotations

import numpy as np

from reviewtool.drawings.model import Drawing, Style
from reviewtool.geometry.camera import PinholeCamera

CAMERA = PinholeCamera(position=(52.5, -30.0, 18.0), target=(60.0, 30.0, 0.0), focal=1400.0,
                       width=1280, height=720)


def front_positive(cam: PinholeCamera = CAMERA) -> np.ndarray:
    """The camera's homography scaled so that ground in front of it has positive depth (the
    contract of a HomographySource)."""
    h = cam.ground_homography()
    centre = np.array(cam.target[:2])
    return h if centre @ h[2, :2] + h[2, 2] > 0 else -h


def drawing(kind: str = "arrow", points=((100.0, 100.0), (300.0, 200.0)), *, clip: int = 1,
            first: int = 10, last: int = 20, space: str = "image", text: str = "",
            colour: str = "#ffd400") -> Drawing:
    return Drawing("", kind, clip, first, last, tuple(points), space, Style(colour, 3.0), text)
