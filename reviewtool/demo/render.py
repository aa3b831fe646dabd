"""Render the demo clip: the stoppage-time incident seen from a broadcast-like camera.

Drawn with OpenCV in a pinhole-camera perspective (so heights show: the cross, the jump, the
raised boot) and encoded with PyAV's libx264 at 1280x720, 50 fps, GOP 50 with B-frames, like
broadcast material. Rendered once into the user's cache folder; the file is versioned by
``RENDER_VERSION`` so a changed scene renders again.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path

import av
import cv2
import numpy as np

from reviewtool.demo import scene
from reviewtool.match.clock import clock_text

RENDER_VERSION = 1
WIDTH, HEIGHT = 1280, 720
COLOURS = {  # RGB
    "ATA": ((30, 60, 160), (15, 15, 20), (255, 255, 255)),  # blue and black stripes
    "BVB": ((250, 220, 30), (250, 220, 30), (15, 15, 15)),  # yellow, black numbers
    "REF": ((230, 80, 150), (230, 80, 150), (20, 20, 20)),
    "GK": ((40, 170, 90), (40, 170, 90), (255, 255, 255)),
}


class Camera:
    """A broadcast camera high in the stand, panning to follow the play."""

    def __init__(self, target: tuple[float, float, float]) -> None:
        self.pos = np.array([84.0, -26.0, 15.0])
        self.focal = 2300.0
        fwd = np.array(target) - self.pos
        fwd /= np.linalg.norm(fwd)
        right = np.cross(fwd, [0.0, 0.0, 1.0])
        right /= np.linalg.norm(right)
        up = np.cross(right, fwd)
        self.rot = np.stack([right, up, fwd])

    def project(self, p: np.ndarray) -> np.ndarray:
        """World points (N x 3) to pixel coordinates (N x 2)."""
        d = (np.atleast_2d(p) - self.pos) @ self.rot.T
        return np.stack([WIDTH / 2 + self.focal * d[:, 0] / d[:, 2],
                         HEIGHT / 2 - self.focal * d[:, 1] / d[:, 2]], axis=1)

    def scale(self, p: tuple[float, float, float]) -> float:
        """Pixels per metre at ``p``."""
        d = (np.array(p) - self.pos) @ self.rot.T
        return self.focal / d[2]


def _pt(a: np.ndarray) -> tuple[int, int]:
    return round(a[0]), round(a[1])


def _poly(img: np.ndarray, cam: Camera, pts: list[tuple[float, float, float]],
          colour: tuple[int, int, int], closed: bool = False, width: int = 2) -> None:
    px = cam.project(np.array(pts)).round().astype(np.int32)
    cv2.polylines(img, [px], closed, colour, width, cv2.LINE_AA)


_CROWD = np.random.default_rng(25022026).integers(25, 75, (HEIGHT, WIDTH, 1), np.uint8)
STANDS = np.concatenate([_CROWD, _CROWD, _CROWD + 8], axis=2)


def draw_pitch(img: np.ndarray, cam: Camera) -> None:
    img[:] = STANDS
    for i in range(-1, 22):  # mowing stripes, 5.25 m wide, to the advertising boards
        x0, x1 = max(-4.0, i * 5.25), min(110.0, (i + 1) * 5.25)
        shade = (46, 112, 52) if i % 2 else (40, 100, 46)
        quad = cam.project(np.array([(x0, -4, 0), (x1, -4, 0), (x1, 72, 0), (x0, 72, 0)]))
        cv2.fillPoly(img, [quad.round().astype(np.int32)], shade, cv2.LINE_AA)
    white = (235, 235, 235)
    _poly(img, cam, [(0, 0, 0), (105, 0, 0), (105, 68, 0), (0, 68, 0)], white, True)
    _poly(img, cam, [(52.5, 0, 0), (52.5, 68, 0)], white)
    for top, depth in ((13.84, 16.5), (24.84, 5.5)):  # penalty area and goal area
        _poly(img, cam, [(105, top, 0), (105 - depth, top, 0), (105 - depth, 68 - top, 0),
                         (105, 68 - top, 0)], white)
    arc = [(94 + 9.15 * math.cos(a), 34 + 9.15 * math.sin(a), 0)
           for a in np.linspace(-0.93, 0.93, 24) + math.pi]
    _poly(img, cam, arc, white)
    spot = cam.project(np.array([(94.0, 34.0, 0.0)]))[0]
    cv2.circle(img, _pt(spot), 3, white, -1, cv2.LINE_AA)
    for y in (30.34, 37.66):  # goal posts, bar and net
        _poly(img, cam, [(105, y, 0), (105, y, 2.44)], (250, 250, 250), width=4)
        _poly(img, cam, [(105, y, 2.44), (107, y, 2.0), (107, y, 0)], (200, 200, 200), width=1)
    _poly(img, cam, [(105, 30.34, 2.44), (105, 37.66, 2.44)], (250, 250, 250), width=4)
    for y in np.linspace(30.34, 37.66, 9):
        _poly(img, cam, [(107, y, 0), (107, y, 2.0)], (190, 190, 190), width=1)
    flag = [(105, 0, 0), (105, 0, 1.5)]
    _poly(img, cam, flag, (240, 240, 240), width=2)
    top = cam.project(np.array([(105, 0, 1.5)]))[0]
    cv2.fillPoly(img, [np.array([_pt(top), (int(top[0]) + 10, int(top[1]) + 4),
                                 (int(top[0]), int(top[1]) + 8)])], (240, 60, 40))


def draw_figure(img: np.ndarray, cam: Camera, fig: scene.Figure, t: float) -> None:
    x, y = fig.position(t)
    lift = scene.jump_height(fig.number, t)
    colours = COLOURS["GK" if fig.goalkeeper else fig.team]
    shirt, stripe, number_colour = colours
    s = cam.scale((x, y, 0))
    if scene.fallen(fig.number, t):  # lying on the turf
        a, b = cam.project(np.array([(x - 0.9, y, 0.15), (x + 0.9, y, 0.15)]))
        cv2.line(img, _pt(a), _pt(b), shirt, max(3, int(0.45 * s)), cv2.LINE_AA)
        cv2.circle(img, _pt(b), max(2, int(0.13 * s)), (200, 160, 130), -1, cv2.LINE_AA)
        return
    _foot, hip, shoulder, head = cam.project(np.array(
        [(x, y, lift), (x, y, lift + 0.95), (x, y, lift + 1.5), (x, y, lift + 1.72)]))
    leg_w = max(2, int(0.16 * s))
    sock = (20, 20, 20) if fig.team == "ATA" else (240, 240, 240)
    boot = scene.raised_boot(fig.number, t)
    for side in (-0.12, 0.12):
        f = cam.project(np.array([(x + side, y, lift)]))[0]
        h = hip + np.array([side * s, 0])
        cv2.line(img, _pt(h), _pt(f), sock, leg_w, cv2.LINE_AA)
    if boot > 0:  # the raised leg, reaching towards the attacker's head
        kx, ky = scene.FIGURES[1].position(t)
        reach = cam.project(np.array([(x + (kx - x) * 0.75 * boot, y + (ky - y) * 0.75 * boot,
                                       0.3 + 1.75 * boot)]))[0]
        cv2.line(img, _pt(hip), _pt(reach), sock, leg_w + 1, cv2.LINE_AA)
        cv2.circle(img, _pt(reach), leg_w, (10, 10, 10), -1, cv2.LINE_AA)
    half = max(3, int(0.26 * s))
    torso = (int(shoulder[0]) - half, int(shoulder[1]), int(hip[0]) + half, int(hip[1]))
    cv2.rectangle(img, torso[:2], torso[2:], shirt, -1, cv2.LINE_AA)
    if stripe != shirt:
        for k in (-1, 1):
            cx = int(shoulder[0]) + k * half // 2
            cv2.line(img, (cx, torso[1]), (cx, torso[3]), stripe, max(1, half // 3))
    cv2.circle(img, _pt(head), max(2, int(0.12 * s)), (200, 160, 130), -1, cv2.LINE_AA)
    if fig.number:
        size = max(0.3, 0.016 * s)
        text = str(fig.number)
        (tw, th), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_DUPLEX, size, 1)
        mid = (int(shoulder[0] - tw / 2), int((shoulder[1] + hip[1]) / 2 + th / 2))
        cv2.putText(img, text, mid, cv2.FONT_HERSHEY_DUPLEX, size, number_colour, 1,
                    cv2.LINE_AA)
    if fig.team == "REF" and scene.corner_signal(t):  # arm up towards the corner flag
        hand = cam.project(np.array([(x + 0.6, y - 0.5, lift + 2.2)]))[0]
        cv2.line(img, _pt(shoulder), _pt(hand), shirt, max(2, int(0.1 * s)), cv2.LINE_AA)


def draw_ball(img: np.ndarray, cam: Camera, t: float) -> None:
    bx, by, bz = scene.ball(t)
    shadow = cam.project(np.array([(bx, by, 0.0)]))[0]
    s = cam.scale((bx, by, bz))
    cv2.ellipse(img, _pt(shadow), (max(2, int(0.2 * s)), max(1, int(0.07 * s))), 0, 0, 360,
                (20, 45, 22), -1, cv2.LINE_AA)
    centre = cam.project(np.array([(bx, by, bz)]))[0]
    cv2.circle(img, _pt(centre), max(3, int(0.14 * s)), (250, 250, 250), -1, cv2.LINE_AA)
    cv2.circle(img, _pt(centre), max(3, int(0.14 * s)), (60, 60, 60), 1, cv2.LINE_AA)


def draw_clock(img: np.ndarray, t: float) -> None:
    clock = clock_text(2, scene.CLOCK_AT_START + t)
    cv2.rectangle(img, (24, 22), (420, 64), (20, 20, 28), -1)
    cv2.rectangle(img, (24, 22), (118, 64), (30, 60, 160), -1)
    cv2.rectangle(img, (226, 22), (320, 64), (250, 220, 30), -1)
    cv2.putText(img, "ATA", (38, 52), cv2.FONT_HERSHEY_DUPLEX, 0.8, (255, 255, 255), 1,
                cv2.LINE_AA)
    cv2.putText(img, "3 - 1", (138, 52), cv2.FONT_HERSHEY_DUPLEX, 0.8, (255, 255, 255), 1,
                cv2.LINE_AA)
    cv2.putText(img, "BVB", (244, 52), cv2.FONT_HERSHEY_DUPLEX, 0.8, (15, 15, 15), 1,
                cv2.LINE_AA)
    cv2.putText(img, clock, (330, 52), cv2.FONT_HERSHEY_DUPLEX, 0.7, (255, 255, 255), 1,
                cv2.LINE_AA)
    cv2.putText(img, "AGG 3-3", (24, 86), cv2.FONT_HERSHEY_DUPLEX, 0.55, (230, 230, 230), 1,
                cv2.LINE_AA)


def camera_at(t: float) -> Camera:
    bx, by, _ = scene.ball(t)
    return Camera((float(np.clip(bx, 86, 99)), float(np.clip(by, 26, 50)), 0.0))


def render_frame(t: float) -> np.ndarray:
    img = np.empty((HEIGHT, WIDTH, 3), np.uint8)
    cam = camera_at(t)
    draw_pitch(img, cam)
    far_first = sorted(scene.FIGURES, key=lambda f: -f.position(t)[1])  # painter's order
    for fig in far_first:
        draw_figure(img, cam, fig, t)
    draw_ball(img, cam, t)
    draw_clock(img, t)
    return img


def demo_clip_path(cache_dir: Path) -> Path:
    return cache_dir / "demo" / f"atalanta-dortmund-90+4-v{RENDER_VERSION}.mp4"


def render_demo_clip(out: Path, progress: Callable[[int, int], bool] | None = None,
                     seconds: float | None = None) -> Path:
    """Render the clip to ``out`` (atomically). ``progress(done, total)`` returning False
    cancels; then nothing is left behind and ``InterruptedError`` is raised."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.tmp.mp4")
    total = int((scene.SECONDS if seconds is None else seconds) * scene.FPS)
    try:
        with av.open(str(tmp), "w") as container:
            stream = container.add_stream("libx264", rate=scene.FPS)
            stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
            stream.options = {"crf": "20", "preset": "veryfast", "g": "50", "bf": "2",
                              "x264-params": "scenecut=0"}
            for i in range(total):
                frame = av.VideoFrame.from_ndarray(render_frame(i / scene.FPS), format="rgb24")
                for packet in stream.encode(frame):
                    container.mux(packet)
                if progress is not None and not progress(i + 1, total):
                    raise InterruptedError("rendering the demo clip was cancelled")
            for packet in stream.encode(None):
                container.mux(packet)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
