"""Render the demo clips: pictures drawn with OpenCV, encoded like broadcast material.

PyAV's libx264 (GOP 50 at 50 fps, B-frames, no scene cuts, as broadcast) with an AAC sound
track muxed alongside, written atomically: a cancelled or failed render leaves nothing behind.
Rendered once into the user's cache folder; the files are versioned by ``RENDER_VERSION`` so a
changed scene renders again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np

from reviewtool.demo import scene
from reviewtool.demo.cameras import BROADCAST, Rig
from reviewtool.demo.draw import COLOURS, HEIGHT, WIDTH, Camera, draw_scene
from reviewtool.demo.sound import RATE

__all__ = ["COLOURS", "HEIGHT", "RENDER_VERSION", "WIDTH", "Camera", "camera_at", "encode",
           "render_frame"]

RENDER_VERSION = 2
AUDIO_CHUNK = 1024  # samples per AAC frame
Progress = Callable[[int, int], bool]


def camera_at(t: float, rig: Rig = BROADCAST, size: tuple[int, int] = (WIDTH, HEIGHT)
              ) -> Camera:
    """The camera of ``rig`` at scene time ``t`` (the broadcast camera pans with the ball)."""
    return rig.camera(t, size)


def render_frame(t: float, rig: Rig = BROADCAST, size: tuple[int, int] = (WIDTH, HEIGHT)
                 ) -> np.ndarray:
    """The incident at scene time ``t`` as ``rig`` sees it (RGB)."""
    return draw_scene(scene.INCIDENT, rig.camera(t, size), t, rig.graphics)


def _audio_frame(samples: np.ndarray, pts: int) -> av.AudioFrame:
    frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="fltp", layout="mono")
    frame.sample_rate = RATE
    frame.pts = pts
    return frame


def encode(out: Path, picture: Callable[[int], np.ndarray], frames: int, fps: int,
           audio: np.ndarray | None = None, progress: Progress | None = None,
           done_before: int = 0, total: int | None = None) -> Path:
    """Encode ``frames`` pictures (``picture(i)``, RGB, all one size) at ``fps`` and the mono
    ``audio`` (float32 at ``RATE``) into ``out``, atomically. ``progress(done, total)`` returning
    False cancels: nothing is left behind and ``InterruptedError`` is raised. ``done_before``
    and ``total`` count this clip's frames inside a larger job."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.tmp{out.suffix}")
    total = frames if total is None else total
    try:
        with av.open(str(tmp), "w") as container:
            first = picture(0)
            video = container.add_stream("libx264", rate=fps)
            video.height, video.width = first.shape[:2]
            video.pix_fmt = "yuv420p"
            video.options = {"crf": "20", "preset": "veryfast", "g": "50", "bf": "2",
                             "x264-params": "scenecut=0"}
            sound = container.add_stream("aac", rate=RATE, layout="mono") \
                if audio is not None else None
            if sound is not None:
                sound.bit_rate = 48_000
            sent = 0  # audio samples encoded so far
            for i in range(frames):
                pixels = first if i == 0 else picture(i)
                for packet in video.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                    container.mux(packet)
                if sound is not None and audio is not None:
                    due = min(len(audio), round((i + 1) * RATE / fps))
                    while sent + AUDIO_CHUNK <= due or (i == frames - 1 and sent < len(audio)):
                        chunk = audio[sent:sent + AUDIO_CHUNK]
                        for packet in sound.encode(_audio_frame(chunk, sent)):
                            container.mux(packet)
                        sent += len(chunk)
                if progress is not None and not progress(done_before + i + 1, total):
                    raise InterruptedError(f"rendering {out.name} was cancelled")
            for stream in (video, sound):
                if stream is not None:
                    for packet in stream.encode(None):
                        container.mux(packet)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
