"""Where the landmark labels go on the picture: beside their point, flipped to its left near
the picture's right edge (or above/below), and not over another label where a free place
exists. Pure geometry in picture pixels, so it is tested without painting."""

from __future__ import annotations

Box = tuple[float, float, float, float]  # left, top, right, bottom


def _overlap(a: Box, b: Box) -> float:
    """The area two boxes share (0 when apart)."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3])
                                                             - max(a[1], b[1]))


def _inside(box: Box, bounds: Box | None) -> bool:
    return bounds is None or (box[0] >= bounds[0] and box[2] <= bounds[2]
                              and box[1] >= bounds[1] and box[3] <= bounds[3])


def place_labels(labels: list[tuple[tuple[float, float], float, float]], bounds: Box | None,
                 gap: float, keep_clear: list[Box] | None = None) -> list[Box]:
    """For each ``(point, width, height)`` the box its label takes: of the places beside the
    point (right-above first, then left-above, below, level, a row further off) that lie
    inside ``bounds``, the first that overlaps the labels placed before it least (none
    inside: right-above, for a picture narrower than the label). ``keep_clear`` (the
    points' crosses) is avoided like a placed label."""
    taken: list[Box] = list(keep_clear or [])
    placed: list[Box] = []
    for (x, y), w, h in labels:
        right, left = x + gap, x - gap - w
        candidates = [(right, y - gap - h), (left, y - gap - h), (right, y + gap),
                      (left, y + gap), (right, y - h / 2), (left, y - h / 2),
                      (right, y - gap - 2 * h), (left, y - gap - 2 * h),
                      (right, y + gap + h), (left, y + gap + h)]  # a row further off last
        boxes: list[Box] = [(cx, cy, cx + w, cy + h) for cx, cy in candidates]
        fitting = [b for b in boxes if _inside(b, bounds)] or boxes[:1]
        placed.append(min(fitting, key=lambda b: sum(_overlap(b, o) for o in taken)))
        taken.append(placed[-1])
    return placed
