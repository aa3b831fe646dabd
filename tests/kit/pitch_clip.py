"""A short clip of the pitch seen by a known camera, with a defender and an attacker running
at known speeds: the ground truth for the calibration and offside flows through the window.

Every frame carries its index (the stamp), the camera's homography gives the exact pixel of
any ground point, and the players' positions are known at every frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from reviewtool.geometry import Pitch, homography
from reviewtool.geometry.camera import PinholeCamera, draw_players, ground_texture, render_ground
from tests.kit.stamp import stamp
from tests.kit.synth import ClipKind, encode, x264

PITCH = Pitch()
WIDTH, HEIGHT = 1280, 720
# High in the main stand, looking at the right penalty area (the geometry tests' camera at 720p)
CAMERA = PinholeCamera((70.0, -30.0, 18.0), (92.0, 34.0, 0.0), 2600.0 * WIDTH / 1920,
                       WIDTH, HEIGHT)
FPS = 50.0
LANDMARKS = ("penalty_area_right_top", "penalty_area_right_bottom", "goal_area_right_top",
             "goal_area_right_bottom", "penalty_mark_right", "penalty_arc_right_bottom")
KIND = ClipKind("pitch_mp4", ".mp4", "libx264", options={**x264(25), "crf": "12"})


@dataclass(frozen=True)
class Run:
    """A player's ground point (where the click goes) at frame 0 and speed along x (m/s)."""

    start: tuple[float, float]
    speed: float

    def at(self, frame: int) -> tuple[float, float]:
        return self.start[0] + self.speed * frame / FPS, self.start[1]


def pixel(ground: tuple[float, float], cam: PinholeCamera = CAMERA) -> tuple[float, float]:
    p = homography.apply(cam.ground_homography(), np.array([ground], float))[0]
    return float(p[0]), float(p[1])


def landmark_pixels(names: tuple[str, ...] = LANDMARKS) -> dict[str, tuple[float, float]]:
    return {n: pixel(PITCH.landmarks[n]) for n in names}


def make_pitch_clip(path: Path, defender: Run, attacker: Run, frames: int = 8) -> Path:
    """Encode ``frames`` pictures of the two players running (the defender in blue-ish grey,
    the attacker darker), each stamped with its index."""
    texture = ground_texture(PITCH)
    ground = render_ground(CAMERA, PITCH, texture)
    pictures = []
    for i in range(frames):
        grey = ground.copy()
        draw_players(grey, CAMERA, np.array([defender.at(i)]), shade=60)
        draw_players(grey, CAMERA, np.array([attacker.at(i)]), shade=15)
        rgb = cv2.cvtColor(grey, cv2.COLOR_GRAY2RGB)
        rgb[..., 1] = np.clip(rgb[..., 1].astype(np.int16) + 25, 0, 255).astype(np.uint8)
        pictures.append(stamp(rgb, i))
    return encode(path, pictures, KIND, FPS)
