"""A pinhole camera above the pitch and textured synthetic frames: the ground truth the tests
and ``scripts/bench_offside.py`` measure against.

Same conventions as ``reviewtool.demo.render.Camera`` (world x along, y across, z up; the
camera's rows are right, up, forward; image y down) at any position, target, focal length and
picture size, so zooms and pans can be drawn at 1080p.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from reviewtool.geometry.pitch import Pitch

TEXTURE_PX_PER_M = 25
MARGIN_M = 10.0


@dataclass(frozen=True)
class PinholeCamera:
    position: tuple[float, float, float]
    target: tuple[float, float, float]
    focal: float  # pixels
    width: int = 1920
    height: int = 1080

    @property
    def rotation(self) -> np.ndarray:
        fwd = np.array(self.target, float) - np.array(self.position, float)
        fwd /= np.linalg.norm(fwd)
        right = np.cross(fwd, [0.0, 0.0, 1.0])
        right /= np.linalg.norm(right)
        return np.stack([right, np.cross(right, fwd), fwd])

    def project(self, p: np.ndarray) -> np.ndarray:
        """World points (N x 3) to pixels (N x 2)."""
        d = (np.atleast_2d(np.asarray(p, float)) - np.array(self.position)) @ self.rotation.T
        return np.stack([self.width / 2 + self.focal * d[:, 0] / d[:, 2],
                         self.height / 2 - self.focal * d[:, 1] / d[:, 2]], axis=1)

    def in_front(self, p: np.ndarray) -> np.ndarray:
        d = (np.atleast_2d(np.asarray(p, float)) - np.array(self.position)) @ self.rotation.T
        return d[:, 2] > 0.5

    def ground_homography(self) -> np.ndarray:
        """The true calibration: ground (x, y, 1) in metres to pixels."""
        r = self.rotation
        m = np.column_stack([r[:, 0], r[:, 1], -r @ np.array(self.position, float)])
        k = np.array([[self.focal, 0, self.width / 2], [0, -self.focal, self.height / 2],
                      [0, 0, 1]])
        h = k @ m
        return h / h[2, 2]

    def visible(self, ground: np.ndarray, margin: float = 20.0) -> np.ndarray:
        """Which ground points (N x 2) are in front and inside the picture by ``margin`` px."""
        g = np.column_stack([ground, np.zeros(len(ground))])
        px = self.project(g)
        return (self.in_front(g) & (px[:, 0] > margin) & (px[:, 0] < self.width - margin)
                & (px[:, 1] > margin) & (px[:, 1] < self.height - margin))


def ground_texture(pitch: Pitch, seed: int = 7, grass: float = 1.0) -> np.ndarray:
    """The pitch seen from above (grey levels): mowing stripes, the markings and, scaled by
    ``grass`` (0: none), worn patches and blades that give the tracker more to hold on to."""
    rng = np.random.default_rng(seed)
    w = int((pitch.length + 2 * MARGIN_M) * TEXTURE_PX_PER_M)
    h = int((pitch.width + 2 * MARGIN_M) * TEXTURE_PX_PER_M)
    img = np.full((h, w), 92, np.float32)
    xs = (np.arange(w) / TEXTURE_PX_PER_M - MARGIN_M)
    stripes = (np.floor(xs / (pitch.length / 20)) % 2).astype(np.float32) * 14
    img += stripes[None, :]
    wear = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 6)
    img += grass * wear / max(float(wear.std()), 1e-6) * 9
    img += grass * rng.normal(0, 5, (h, w)).astype(np.float32)
    scale = TEXTURE_PX_PER_M
    for line in pitch.markings():
        pts = ((np.array(line) + MARGIN_M) * scale).round().astype(np.int32)
        cv2.polylines(img, [pts], False, 230.0, max(1, round(0.12 * scale)), cv2.LINE_AA)
    return np.clip(img, 0, 255).astype(np.uint8)


def render_ground(cam: PinholeCamera, pitch: Pitch, texture: np.ndarray) -> np.ndarray:
    """A grey picture of the textured ground from ``cam``; above the horizon, plain stands."""
    to_world = np.array([[1 / TEXTURE_PX_PER_M, 0, -MARGIN_M],
                         [0, 1 / TEXTURE_PX_PER_M, -MARGIN_M], [0, 0, 1]])
    h = cam.ground_homography() @ to_world
    img = cv2.warpPerspective(texture, h, (cam.width, cam.height), flags=cv2.INTER_LINEAR,
                              borderValue=40)
    u, v = np.meshgrid(np.arange(cam.width), np.arange(cam.height))
    inv = np.linalg.inv(h)
    depth = inv[2, 0] * u + inv[2, 1] * v + inv[2, 2]
    ref = inv @ np.array([cam.width / 2, cam.height - 1, 1.0])
    img[np.sign(depth) != np.sign(ref[2])] = 40
    return img


def draw_players(img: np.ndarray, cam: PinholeCamera, ground: np.ndarray,
                 shade: int = 25) -> None:
    """Players as dark upright boxes standing on ground points (N x 2): things that move
    against the pitch, which the tracker must ignore."""
    for x, y in np.asarray(ground, float):
        foot, head = cam.project(np.array([(x, y, 0.0), (x, y, 1.8)]))
        if not cam.in_front(np.array([(x, y, 0.0)]))[0]:
            continue
        half = max(2, int(abs(foot[1] - head[1]) * 0.15))
        cv2.rectangle(img, (int(foot[0]) - half, int(head[1])), (int(foot[0]) + half,
                      int(foot[1])), shade, -1)
