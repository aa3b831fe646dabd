"""The demo's sound: the referee's whistle is heard in each angle's clip where the scene and
that camera's clock put it (decoded with PyAV, found by its onset), and the AAC priming does
not shift it."""

from __future__ import annotations

import itertools
from pathlib import Path

import av
import numpy as np
import pytest

from reviewtool.demo import scene, sound
from reviewtool.demo.clips import DemoClip, demo_clips
from reviewtool.demo.render import encode
from reviewtool.video.audiosync import sync_by_sound

HOP = 16  # samples: 1 ms at 16 kHz


def decoded_audio(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        assert stream.codec_context.name == "aac" and stream.rate == sound.RATE
        return np.concatenate([f.to_ndarray()[0] for f in container.decode(stream)])


def whistle_onsets(x: np.ndarray) -> list[float]:
    """Where the energy near the whistle's pitch first rises above a third of its peak, in
    seconds; blasts closer than half a second are one."""
    n = 128
    t = np.arange(n) / sound.RATE
    probe = np.exp(2j * np.pi * sound.WHISTLE_HZ * t) * np.hanning(n)
    starts = np.arange(0, len(x) - n, HOP)
    energy = np.abs(np.array([probe @ x[i:i + n] for i in starts]))
    loud = np.flatnonzero(energy > energy.max() / 3)
    firsts = [loud[0], *(b for a, b in itertools.pairwise(loud) if b - a > 500)]
    return [(starts[i] + n / 2) / sound.RATE for i in firsts]


@pytest.fixture(scope="module")
def heard(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[DemoClip, Path]]:
    """Three angles' whole sound tracks, muxed beside blank pictures (cheap to encode)."""
    folder = tmp_path_factory.mktemp("demo-sound")
    out = {}
    for clip in demo_clips(scale=0.05)[:3]:
        blank = np.zeros((clip.size[1], clip.size[0], 3), np.uint8)
        out[clip.key] = (clip, encode(folder / f"{clip.key}.mp4", lambda i, b=blank: b,
                                      clip.frames, clip.fps, clip.audio()))
    return out


@pytest.mark.parametrize("key", ["reverse", "behind-goal"])
def test_the_whistle_is_where_the_scene_says(key: str, heard) -> None:
    clip, path = heard[key]
    onsets = whistle_onsets(decoded_audio(path))
    truth = [(start - clip.offset) / clip.rate for start, _ in scene.WHISTLES]
    assert clip.whistle_onsets() == pytest.approx(truth)
    assert len(onsets) == len(truth)
    assert onsets == pytest.approx(truth, abs=0.008)  # well inside a frame (20 ms at 50 fps)


@pytest.mark.parametrize("key", ["reverse", "behind-goal"])
def test_sound_sync_finds_each_angle_within_a_frame(key: str, heard) -> None:
    """What ``reviewtool sync`` and the sync dialog will propose for the demo's angles."""
    clip, path = heard[key]
    found = sync_by_sound(heard["broadcast"][1], path)
    for t in (0.0, clip.frames / clip.fps):  # at both ends of the clip
        truth = clip.offset + clip.rate * t
        assert found.time_map.offset + found.time_map.rate * t == pytest.approx(
            truth, abs=0.5 / clip.fps)


def test_each_camera_records_the_same_sound_through_its_own_clock() -> None:
    """The reverse angle's sound is the reference's, shifted by 1.37 s and stretched by its
    clock (to a sample), plus a little noise of its own microphone."""
    ref, rev = (c for c in demo_clips() if c.key in ("broadcast", "reverse"))
    a, b = ref.audio(), rev.audio()
    t_rev = 5.0
    i_ref = round((rev.offset + rev.rate * t_rev) * sound.RATE)
    i_rev = round(t_rev * sound.RATE)
    window = 4000
    assert np.corrcoef(a[i_ref:i_ref + window], b[i_rev:i_rev + window])[0, 1] > 0.9
    assert np.corrcoef(a[i_rev:i_rev + window], b[i_rev:i_rev + window])[0, 1] < 0.3
