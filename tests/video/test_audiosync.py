"""Sync by sound on clips that recorded one scene's clicks and whistle at known offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewtool.video.audiosync import SoundSyncError, sync_by_sound
from reviewtool.video.timemap import TimeMap
from tests.kit.angles import make_angle, scene_sound

SOUND = scene_sound(12.0)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sound")


@pytest.fixture(scope="module")
def reference(folder: Path) -> Path:
    return make_angle(folder / "ref.mp4", "h264_mp4", TimeMap(), frames=400, fps=50.0,
                      sound=SOUND, seed=1)[0]


@pytest.mark.parametrize(("kind", "fps", "truth"), [
    ("h264_mkv", 25.0, TimeMap(1.37)),  # starts 1.37 s after the reference
    ("h264_mp4", 30000 / 1001, TimeMap(-2.215)),  # starts 2.215 s before it
    ("vfr_mkv", 25.0, TimeMap(0.613)),
])
def test_the_estimate_lands_within_one_frame_of_the_truth(folder: Path, reference: Path,
                                                          kind: str, fps: float,
                                                          truth: TimeMap) -> None:
    other, _ = make_angle(folder / f"other-{kind}-{truth.offset}.{kind[-3:]}", kind, truth,
                          frames=150, fps=fps, sound=SOUND, seed=2)
    found = sync_by_sound(reference, other)
    assert abs(found.time_map.offset - truth.offset) < 1 / 50  # one frame of the 50p angle
    assert abs(found.time_map.offset - truth.offset) < 0.002  # in fact about a millisecond
    assert found.time_map.rate == 1.0 and 0.2 <= found.confidence <= 1.0
    doc = found.to_json()
    assert doc["method"] == "sound" and set(doc) == {"offset", "rate", "confidence", "method",
                                                      "residuals_ms"}


def test_a_drift_is_found_from_windows_along_a_long_clip(folder: Path) -> None:
    long_sound = scene_sound(110.0, seed=5)
    a, _ = make_angle(folder / "long-a.mkv", "mjpeg_avi", TimeMap(), frames=200, fps=2.0,
                      size=(256, 144), sound=long_sound, audio_codec="pcm_s16le", seed=3)
    truth = TimeMap(5.37, 1.0002)
    b, _ = make_angle(folder / "long-b.mkv", "mjpeg_avi", truth, frames=180, fps=2.0,
                      size=(256, 144), sound=long_sound, audio_codec="pcm_s16le", seed=4)
    found = sync_by_sound(a, b)
    assert found.time_map.rate == pytest.approx(1.0002, abs=2e-5)
    for t in (0.0, 45.0, 89.0):  # within a millisecond all along the clip
        assert found.time_map.to_reference(t) == pytest.approx(truth.to_reference(t), abs=2e-3)
    assert sync_by_sound(a, b, drift=False).time_map.rate == 1.0


def test_a_clip_without_audio_says_so(folder: Path, reference: Path) -> None:
    mute, _ = make_angle(folder / "mute.mp4", "h264_mp4", TimeMap(), frames=30, fps=25.0)
    with pytest.raises(SoundSyncError, match=r"^mute.mp4 has no audio track: sync it by marks"):
        sync_by_sound(reference, mute)


def test_clips_that_share_no_sound_have_no_clear_peak(folder: Path, reference: Path) -> None:
    elsewhere, _ = make_angle(folder / "elsewhere.mkv", "h264_mkv", TimeMap(), frames=150,
                              fps=25.0, sound=scene_sound(12.0, seed=99), seed=5)
    with pytest.raises(SoundSyncError, match="no clear peak") as e:
        sync_by_sound(reference, elsewhere)
    assert "\n" not in str(e.value)


def test_silence_and_unreadable_files_are_named(folder: Path, reference: Path) -> None:
    quiet, _ = make_angle(folder / "quiet.mkv", "h264_mkv", TimeMap(), frames=50, fps=25.0,
                          sound=scene_sound(0.0), seed=6)
    with pytest.raises(SoundSyncError, match=r"silent|no clear peak"):
        sync_by_sound(reference, quiet)
    junk = folder / "junk.mp4"
    junk.write_bytes(b"not a video at all" * 100)
    with pytest.raises(SoundSyncError, match=r"junk\.mp4: cannot be read"):
        sync_by_sound(reference, junk)
