"""Drawing a demo scene from a pinhole camera with OpenCV: the pitch, the people, the ball and
the broadcaster's score graphic.

Shared by every demo camera and by the offside moments, so that one convention holds
everywhere (world x along the pitch, y across, z up, metres; the camera's rows are right, up,
forward; image y down) and ``reviewtool.geometry.camera.PinholeCamera`` can check it.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Protocol

import cv2
import numpy as np

from reviewtool.match.clock import clock_text

WIDTH, HEIGHT = 1280, 720
COLOURS = {  # RGB: shirt, stripe, number
    "ATA": ((30, 60, 160), (15, 15, 20), (255, 255, 255)),  # blue and black stripes
    "BVB": ((250, 220, 30), (250, 220, 30), (15, 15, 15)),  # yellow, black numbers
    "REF": ((230, 80, 150), (230, 80, 150), (20, 20, 20)),
    "GK": ((40, 170, 90), (40, 170, 90), (255, 255, 255)),
}
FOOT_OFFSET = 0.12  # the feet stand this far either side of a figure's point, along the pitch

Ground = tuple[float, float]


class Figure(Protocol):
    team: str
    number: int
    goalkeeper: bool

    def position(self, t: float) -> Ground: ...


class Scene(Protocol):
    """What the renderer asks of a scene: who is where, and how they stand, at time ``t``."""

    figures: tuple[Figure, ...]
    clock_at_start: float  # seconds into ``period`` at scene time 0
    period: int

    def ball(self, t: float) -> tuple[float, float, float]: ...

    def lift(self, fig: Figure, t: float) -> float: ...  # feet off the ground (jump), m

    def fallen(self, fig: Figure, t: float) -> bool: ...

    def boot(self, fig: Figure, t: float) -> tuple[float, float, float] | None: ...

    def signalling(self, fig: Figure, t: float) -> bool: ...  # the referee's arm up


class Camera:
    """A pinhole camera at ``pos`` looking at ``target`` (default: the broadcast camera high in
    the main stand)."""

    def __init__(self, target: tuple[float, float, float],
                 pos: tuple[float, float, float] = (84.0, -26.0, 15.0), focal: float = 2300.0,
                 width: int = WIDTH, height: int = HEIGHT) -> None:
        self.pos = np.array(pos, float)
        self.focal = focal * width / WIDTH  # the same picture at any size
        self.width, self.height = width, height
        fwd = np.array(target, float) - self.pos
        fwd /= np.linalg.norm(fwd)
        right = np.cross(fwd, [0.0, 0.0, 1.0])
        right /= np.linalg.norm(right)
        up = np.cross(right, fwd)
        self.rot = np.stack([right, up, fwd])

    def project(self, p: np.ndarray) -> np.ndarray:
        """World points (N x 3) to pixel coordinates (N x 2)."""
        d = (np.atleast_2d(p) - self.pos) @ self.rot.T
        return np.stack([self.width / 2 + self.focal * d[:, 0] / d[:, 2],
                         self.height / 2 - self.focal * d[:, 1] / d[:, 2]], axis=1)

    def scale(self, p: tuple[float, float, float]) -> float:
        """Pixels per metre at ``p``."""
        d = (np.array(p) - self.pos) @ self.rot.T
        return self.focal / d[2]

    def distance(self, p: Ground) -> float:
        return float(np.hypot(p[0] - self.pos[0], p[1] - self.pos[1]))


def _pt(a: np.ndarray) -> tuple[int, int]:
    return round(a[0]), round(a[1])


def _poly(img: np.ndarray, cam: Camera, pts: list[tuple[float, float, float]],
          colour: tuple[int, int, int], closed: bool = False, width: int = 2) -> None:
    px = cam.project(np.array(pts)).round().astype(np.int32)
    cv2.polylines(img, [px], closed, colour, width, cv2.LINE_AA)


@lru_cache(maxsize=4)
def stands(width: int, height: int) -> np.ndarray:
    """The crowd behind the boards: fixed noise, so every frame's background is the same."""
    crowd = np.random.default_rng(25022026).integers(25, 75, (height, width, 1), np.uint8)
    return np.concatenate([crowd, crowd, crowd + 8], axis=2)


def draw_pitch(img: np.ndarray, cam: Camera) -> None:
    img[:] = stands(cam.width, cam.height)
    line = max(1, round(2 * cam.width / WIDTH))
    for i in range(-1, 22):  # mowing stripes, 5.25 m wide, to the advertising boards
        x0, x1 = max(-4.0, i * 5.25), min(110.0, (i + 1) * 5.25)
        shade = (46, 112, 52) if i % 2 else (40, 100, 46)
        quad = cam.project(np.array([(x0, -4, 0), (x1, -4, 0), (x1, 72, 0), (x0, 72, 0)]))
        cv2.fillPoly(img, [quad.round().astype(np.int32)], shade, cv2.LINE_AA)
    white = (235, 235, 235)
    _poly(img, cam, [(0, 0, 0), (105, 0, 0), (105, 68, 0), (0, 68, 0)], white, True, line)
    _poly(img, cam, [(52.5, 0, 0), (52.5, 68, 0)], white, width=line)
    for top, depth in ((13.84, 16.5), (24.84, 5.5)):  # penalty area and goal area
        _poly(img, cam, [(105, top, 0), (105 - depth, top, 0), (105 - depth, 68 - top, 0),
                         (105, 68 - top, 0)], white, width=line)
    arc = [(94 + 9.15 * math.cos(a), 34 + 9.15 * math.sin(a), 0)
           for a in np.linspace(-0.93, 0.93, 24) + math.pi]
    _poly(img, cam, arc, white, width=line)
    spot = cam.project(np.array([(94.0, 34.0, 0.0)]))[0]
    cv2.circle(img, _pt(spot), max(2, round(3 * cam.width / WIDTH)), white, -1, cv2.LINE_AA)
    for y in (30.34, 37.66):  # goal posts, bar and net
        _poly(img, cam, [(105, y, 0), (105, y, 2.44)], (250, 250, 250), width=2 * line)
        _poly(img, cam, [(105, y, 2.44), (107, y, 2.0), (107, y, 0)], (200, 200, 200), width=1)
    _poly(img, cam, [(105, 30.34, 2.44), (105, 37.66, 2.44)], (250, 250, 250), width=2 * line)
    for y in np.linspace(30.34, 37.66, 9):
        _poly(img, cam, [(107, y, 0), (107, y, 2.0)], (190, 190, 190), width=1)
    _poly(img, cam, [(105, 0, 0), (105, 0, 1.5)], (240, 240, 240), width=line)
    top = cam.project(np.array([(105, 0, 1.5)]))[0]
    flag = 10 * cam.width / WIDTH
    cv2.fillPoly(img, [np.array([_pt(top), (int(top[0] + flag), int(top[1] + 0.4 * flag)),
                                 (int(top[0]), int(top[1] + 0.8 * flag))])], (240, 60, 40))


def draw_figure(img: np.ndarray, cam: Camera, sc: Scene, fig: Figure, t: float) -> None:
    x, y = fig.position(t)
    lift = sc.lift(fig, t)
    shirt, stripe, number_colour = COLOURS["GK" if fig.goalkeeper else fig.team]
    s = cam.scale((x, y, 0))
    if sc.fallen(fig, t):  # lying on the turf
        a, b = cam.project(np.array([(x - 0.9, y, 0.15), (x + 0.9, y, 0.15)]))
        cv2.line(img, _pt(a), _pt(b), shirt, max(3, int(0.45 * s)), cv2.LINE_AA)
        cv2.circle(img, _pt(b), max(2, int(0.13 * s)), (200, 160, 130), -1, cv2.LINE_AA)
        return
    hip, shoulder, head = cam.project(np.array(
        [(x, y, lift + 0.95), (x, y, lift + 1.5), (x, y, lift + 1.72)]))
    leg_w = max(2, int(0.16 * s))
    sock = (20, 20, 20) if fig.team == "ATA" else (240, 240, 240)
    for side in (-FOOT_OFFSET, FOOT_OFFSET):  # feet along the pitch, where offside is judged
        f = cam.project(np.array([(x + side, y, lift)]))[0]
        h = cam.project(np.array([(x + side / 3, y, lift + 0.95)]))[0]
        cv2.line(img, _pt(h), _pt(f), sock, leg_w, cv2.LINE_AA)
    reach = sc.boot(fig, t)
    if reach is not None:  # the raised leg, reaching towards the attacker's head
        r = cam.project(np.array([reach]))[0]
        cv2.line(img, _pt(hip), _pt(r), sock, leg_w + 1, cv2.LINE_AA)
        cv2.circle(img, _pt(r), leg_w, (10, 10, 10), -1, cv2.LINE_AA)
    half = max(3, int(0.26 * s))
    torso = (int(shoulder[0]) - half, int(shoulder[1]), int(hip[0]) + half, int(hip[1]))
    cv2.rectangle(img, torso[:2], torso[2:], shirt, -1, cv2.LINE_AA)
    if stripe != shirt:
        for k in (-1, 1):
            cx = int(shoulder[0]) + k * half // 2
            cv2.line(img, (cx, torso[1]), (cx, torso[3]), stripe, max(1, half // 3))
    cv2.circle(img, _pt(head), max(2, int(0.12 * s)), (200, 160, 130), -1, cv2.LINE_AA)
    if fig.number and s > 12:
        size = max(0.3, 0.016 * s)
        text = str(fig.number)
        (tw, th), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_DUPLEX, size, 1)
        mid = (int(shoulder[0] - tw / 2), int((shoulder[1] + hip[1]) / 2 + th / 2))
        cv2.putText(img, text, mid, cv2.FONT_HERSHEY_DUPLEX, size, number_colour, 1,
                    cv2.LINE_AA)
    if sc.signalling(fig, t):  # arm up towards the corner flag
        hand = cam.project(np.array([(x + 0.6, y - 0.5, lift + 2.2)]))[0]
        cv2.line(img, _pt(shoulder), _pt(hand), shirt, max(2, int(0.1 * s)), cv2.LINE_AA)


def draw_ball(img: np.ndarray, cam: Camera, sc: Scene, t: float) -> None:
    bx, by, bz = sc.ball(t)
    shadow = cam.project(np.array([(bx, by, 0.0)]))[0]
    s = cam.scale((bx, by, bz))
    cv2.ellipse(img, _pt(shadow), (max(2, int(0.2 * s)), max(1, int(0.07 * s))), 0, 0, 360,
                (20, 45, 22), -1, cv2.LINE_AA)
    centre = cam.project(np.array([(bx, by, bz)]))[0]
    cv2.circle(img, _pt(centre), max(3, int(0.14 * s)), (250, 250, 250), -1, cv2.LINE_AA)
    cv2.circle(img, _pt(centre), max(3, int(0.14 * s)), (60, 60, 60), 1, cv2.LINE_AA)


def draw_clock(img: np.ndarray, sc: Scene, t: float) -> None:
    """The broadcaster's score and clock, at the top left (drawn for 1280 x 720, scaled)."""
    k = img.shape[1] / WIDTH
    h, w = round(100 * k), round(430 * k)
    box = img if k == 1 else cv2.resize(img[:h, :w], (430, 100))
    font = cv2.FONT_HERSHEY_DUPLEX
    cv2.rectangle(box, (24, 22), (420, 64), (20, 20, 28), -1)
    cv2.rectangle(box, (24, 22), (118, 64), (30, 60, 160), -1)
    cv2.rectangle(box, (226, 22), (320, 64), (250, 220, 30), -1)
    cv2.putText(box, "ATA", (38, 52), font, 0.8, (255, 255, 255), 1, cv2.LINE_AA)
    cv2.putText(box, "3 - 1", (138, 52), font, 0.8, (255, 255, 255), 1, cv2.LINE_AA)
    cv2.putText(box, "BVB", (244, 52), font, 0.8, (15, 15, 15), 1, cv2.LINE_AA)
    cv2.putText(box, clock_text(sc.period, sc.clock_at_start + t), (330, 52), font, 0.7,
                (255, 255, 255), 1, cv2.LINE_AA)
    cv2.putText(box, "AGG 3-3", (24, 86), font, 0.55, (230, 230, 230), 1, cv2.LINE_AA)
    if k != 1:
        img[:h, :w] = cv2.resize(box, (w, h), interpolation=cv2.INTER_AREA)


def draw_scene(sc: Scene, cam: Camera, t: float, graphics: bool) -> np.ndarray:
    """One RGB picture of ``sc`` at scene time ``t`` from ``cam``."""
    img = np.empty((cam.height, cam.width, 3), np.uint8)
    draw_pitch(img, cam)
    far_first = sorted(sc.figures, key=lambda f: -cam.distance(f.position(t)))
    for fig in far_first:  # painter's order
        draw_figure(img, cam, sc, fig, t)
    draw_ball(img, cam, sc, t)
    if graphics:
        draw_clock(img, sc, t)
    return img
