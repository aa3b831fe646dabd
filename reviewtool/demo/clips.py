"""The demo's clips: three angles of the stoppage-time incident and two offside moments.

One list (``demo_clips``) says what each clip is (camera, frame rate, size, where its first
frame is in scene time, its clock's rate), so the renderer, the demo review and the tests read
the same truth. ``render_all`` renders the missing ones into the cache, with one progress count
over all of them; the angles can render in parallel processes.
"""

from __future__ import annotations

from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

from reviewtool.demo import scene, sound
from reviewtool.demo.cameras import INCIDENT_RIGS, Rig
from reviewtool.demo.draw import HEIGHT, WIDTH, draw_scene
from reviewtool.demo.offside import MOMENTS, OffsideMoment
from reviewtool.demo.offside import SIZE as OFFSIDE_SIZE
from reviewtool.demo.render import RENDER_VERSION, Progress, encode

CROWD_SWELL = ((0.0, 0.8), (5.0, 1.0), (7.8, 2.2), (8.7, 2.6), (9.4, 1.4), (12.0, 1.0),
               (16.0, 1.3), (20.0, 1.0))  # the cross lifts the crowd; the fall, a gasp
OFFSIDE_SWELL = ((0.0, 1.0), (1.2, 1.5), (2.4, 1.8))


@dataclass(frozen=True)
class DemoClip:
    """One clip of the demo: what it shows and how its frames map to scene time."""

    key: str
    title: str
    fps: int
    frames: int
    size: tuple[int, int]
    offset: float  # scene time of frame 0
    rate: float = 1.0  # scene seconds per clip second
    rig: Rig | None = None  # an angle of the incident...
    moment: OffsideMoment | None = field(default=None)  # ...or an offside moment

    @property
    def is_angle(self) -> bool:
        return self.rig is not None

    def scene_time(self, frame: int) -> float:
        return self.offset + self.rate * frame / self.fps

    def picture(self, frame: int) -> np.ndarray:
        t = self.scene_time(frame)
        if self.rig is not None:
            return draw_scene(scene.INCIDENT, self.rig.camera(t, self.size), t,
                              self.rig.graphics)
        assert self.moment is not None
        return draw_scene(self.moment, self.moment.camera(self.size), t, True)

    def audio(self) -> np.ndarray:
        """What this camera's microphone records over the clip (see ``sound``)."""
        seconds = self.frames / self.fps
        if self.rig is not None:
            field = sound.scene_field(float(scene.SECONDS), scene.WHISTLES, CROWD_SWELL, 1)
        else:
            field = sound.scene_field(2.4, (), OFFSIDE_SWELL, 2)
        return sound.recorded(field, self.offset, self.rate, seconds,
                              mic_seed=sum(map(ord, self.key)))

    def whistle_onsets(self) -> list[float]:
        """Clip seconds at which the whistles begin in this clip's sound (and picture)."""
        if self.rig is None:
            return []
        end = self.frames / self.fps
        return [t for t in sound.onsets(scene.WHISTLES, self.offset, self.rate) if 0 <= t < end]

    def path(self, cache_dir: Path) -> Path:
        return demo_folder(cache_dir) / f"atalanta-dortmund-{self.key}-v{RENDER_VERSION}.mp4"


def demo_folder(cache_dir: Path) -> Path:
    return cache_dir / "demo"


def demo_clips(seconds: float | None = None, scale: float = 1.0) -> tuple[DemoClip, ...]:
    """The demo's clips; ``seconds`` caps each clip's length and ``scale`` shrinks its
    pictures (short, small renders for tests). The broadcast angle comes first: it is the
    reference the others' time maps point to."""
    def sized(w: int, h: int) -> tuple[int, int]:
        return max(64, round(w * scale / 2) * 2), max(36, round(h * scale / 2) * 2)

    clips = [DemoClip(r.key, r.title, r.fps, r.frame_count(scene.SECONDS, seconds),
                      sized(WIDTH, HEIGHT), r.offset, r.rate, rig=r) for r in INCIDENT_RIGS]
    for m in MOMENTS:
        clips.append(DemoClip(m.key, m.title, 50, m.frame_count(seconds),
                              sized(*OFFSIDE_SIZE), m.start(seconds), moment=m))
    return tuple(clips)


def demo_clip_path(cache_dir: Path) -> Path:
    """The broadcast angle (the demo review's reference clip)."""
    return demo_clips()[0].path(cache_dir)


def missing(cache_dir: Path, clips: tuple[DemoClip, ...]) -> list[DemoClip]:
    return [c for c in clips if not c.path(cache_dir).exists()]


def render_clip(clip: DemoClip, out: Path, progress: Progress | None = None, done: int = 0,
                total: int | None = None) -> Path:
    return encode(out, clip.picture, clip.frames, clip.fps, clip.audio(), progress, done,
                  total)


class _Shared:
    """In a rendering process: the cancel flag and the frame counter it was started with
    (synchronised objects pass to a process only when it starts)."""

    cancel: Any = None
    counter: Any = None


def _start_child(cancel: Any, counter: Any) -> None:
    _Shared.cancel, _Shared.counter = cancel, counter


def _render_in_child(clip: DemoClip, out: Path) -> Path:
    def step(done: int, total: int) -> bool:
        with _Shared.counter.get_lock():
            _Shared.counter.value += 1
        return not _Shared.cancel.is_set()
    return render_clip(clip, out, step)


def render_all(cache_dir: Path, clips: tuple[DemoClip, ...] | None = None,
               progress: Progress | None = None, workers: int = 1) -> list[Path]:
    """Render the clips not yet in the cache; ``progress(done, total)`` counts frames over
    all of them and returning False cancels (``InterruptedError``; nothing half-written is
    left). ``workers`` > 1 renders clips in that many processes at once."""
    clips = demo_clips() if clips is None else clips
    todo = missing(cache_dir, clips)
    total = sum(c.frames for c in todo)
    if workers <= 1 or len(todo) <= 1:
        done = 0
        for c in todo:
            render_clip(c, c.path(cache_dir), progress, done, total)
            done += c.frames
        return [c.path(cache_dir) for c in clips]
    return _render_parallel(cache_dir, clips, todo, total, progress, workers)


def _render_parallel(cache_dir: Path, clips: tuple[DemoClip, ...], todo: list[DemoClip],
                     total: int, progress: Progress | None, workers: int) -> list[Path]:
    ctx = get_context("spawn")  # no fork of a process that may hold Qt or decoder threads
    cancel, counter = ctx.Event(), ctx.Value("i", 0)
    longest_first = sorted(todo, key=lambda c: -c.frames * c.size[0] * c.size[1])
    with ProcessPoolExecutor(workers, ctx, initializer=_start_child,
                             initargs=(cancel, counter)) as pool:
        futures = [pool.submit(_render_in_child, c, c.path(cache_dir)) for c in longest_first]
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=0.1, return_when=FIRST_EXCEPTION)
            if any(f.exception() is not None for f in finished):
                cancel.set()
                for f in finished:
                    f.result()  # raises the first failure (a cancel is InterruptedError)
            if progress is not None and not progress(min(counter.value, total), total):
                cancel.set()
        for f in futures:
            f.result()
    if progress is not None:
        progress(total, total)
    return [c.path(cache_dir) for c in clips]

