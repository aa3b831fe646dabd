"""Checks on clicked landmarks before any fit: enough of them, known, not in a line, not
mirrored. Each failure is one sentence that says what to do.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping

import numpy as np

from reviewtool.geometry.errors import GeometryError
from reviewtool.geometry.pitch import Pitch, point_of

MIN_LANDMARKS = 4
LINE_TOLERANCE_M = 0.5  # a landmark this close to a line through two others is "on" it
THIN_TRIANGLE_M2 = 4.0  # triangles thinner than this say nothing reliable about orientation


def clicked_points(pitch: Pitch, clicks: Mapping[str, object]) -> tuple[list[str], np.ndarray,
                                                                        np.ndarray]:
    """Names, ground points (N x 2, m) and image points (N x 2, px) of valid clicks."""
    if len(clicks) < MIN_LANDMARKS:
        raise GeometryError(f"a calibration needs at least {MIN_LANDMARKS} landmarks, got "
                            f"{len(clicks)}: click {MIN_LANDMARKS - len(clicks)} more")
    names = list(clicks)
    ground = np.array([point_of(pitch, n) for n in names], np.float64)
    image = np.array([pixel(clicks[n], f"landmark {n}") for n in names], np.float64)
    _check_distinct(names, image)
    _check_not_in_line(names, ground, "on the pitch")
    _check_not_in_line(names, image, "in the picture", tolerance=4.0)
    _check_orientation(names, ground, image)
    return names, ground, image


def pixel(value: object, what: str) -> tuple[float, float]:
    """A pixel position [x, y] of finite numbers, or a one-line refusal naming ``what``."""
    if (not isinstance(value, list | tuple) or len(value) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool)
                       and math.isfinite(v) for v in value)):
        raise GeometryError(f"{what}: expected a pixel position [x, y], got {value!r}")
    return float(value[0]), float(value[1])


def _check_distinct(names: list[str], image: np.ndarray) -> None:
    for i, j in itertools.combinations(range(len(names)), 2):
        if np.linalg.norm(image[i] - image[j]) < 1.0:
            raise GeometryError(f"landmarks {names[i]} and {names[j]} were clicked at the "
                                f"same place: click {names[j]} again", landmark=names[j])


def _check_not_in_line(names: list[str], pts: np.ndarray, where: str,
                       tolerance: float = LINE_TOLERANCE_M) -> None:
    """A homography needs four points with no three in a line; with more landmarks, all but
    one of them on one line is just as degenerate."""
    n = len(pts)
    for i, j in itertools.combinations(range(n), 2):
        d = pts[j] - pts[i]
        length = float(np.linalg.norm(d))
        if length < 1e-9:
            continue
        normal = np.array([-d[1], d[0]]) / length
        off = np.abs((pts - pts[i]) @ normal) > tolerance
        if off.sum() <= 1:
            on = [names[k] for k in range(n) if not off[k]]
            raise GeometryError(f"landmarks {', '.join(on)} lie in one line {where}: "
                                "add landmarks off that line")


def _signed_area(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    return float((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])) / 2


def _check_orientation(names: list[str], ground: np.ndarray, image: np.ndarray) -> None:
    """Seen from a camera above the ground, a triangle of landmarks turns the other way in the
    picture (whose y axis points down) than on the pitch (whose y axis points up); the same
    turn means a landmark clicked on the wrong side or a name mirrored (left/right, top/bottom)."""
    n = len(names)
    wrong = np.zeros(n, int)
    counted = np.zeros(n, int)
    total_wrong = total = 0
    for i, j, k in itertools.combinations(range(n), 3):
        ga = _signed_area(ground[i], ground[j], ground[k])
        ia = _signed_area(image[i], image[j], image[k])
        if abs(ga) < THIN_TRIANGLE_M2 or abs(ia) < 20.0:
            continue
        total += 1
        counted[[i, j, k]] += 1
        if ga * ia > 0:
            total_wrong += 1
            wrong[[i, j, k]] += 1
    if total_wrong == 0:
        return
    if total_wrong == total:
        raise GeometryError("the landmarks are mirrored: left and right (or top and bottom) "
                            "look swapped; check the names against the pitch drawing")
    share = wrong / np.maximum(counted, 1)
    worst = names[int(np.argmax(share))]
    raise GeometryError(f"landmark {worst} is on the wrong side of the others (a mirrored "
                        f"name or a wrong click): click {worst} again", landmark=worst)
