"""Bad input gets a clear answer: the message names the file and the problem."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from reviewtool.video.clip import open_clip
from reviewtool.video.errors import VideoError
from tests.kit.stamp import read_stamp


def _error(path: Path, cache_dir: Path) -> VideoError:
    with pytest.raises(VideoError) as info:
        open_clip(path, cache_dir=cache_dir)
    return info.value


def test_missing_file(tmp_path: Path, cache_dir: Path) -> None:
    e = _error(tmp_path / "nowhere.mp4", cache_dir)
    assert str(e) == "nowhere.mp4: file not found"


def test_empty_file(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "empty.mp4").write_bytes(b"")
    e = _error(tmp_path / "empty.mp4", cache_dir)
    assert str(e) == "empty.mp4: the file is empty (0 bytes)"


def test_random_bytes_named_mp4(tmp_path: Path, cache_dir: Path) -> None:
    path = tmp_path / "noise.mp4"
    path.write_bytes(bytes(range(256)) * 400)
    e = _error(path, cache_dir)
    assert str(e).startswith("noise.mp4: not a video file that FFmpeg can read")


def test_audio_only(audio_only: Path, cache_dir: Path) -> None:
    assert str(_error(audio_only, cache_dir)) == "audio.m4a: has no video stream (it holds audio)"


def test_truncated_mp4_without_its_index(clips: dict[str, Path], tmp_path: Path,
                                         cache_dir: Path) -> None:
    data = clips["h264_mp4"].read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) // 2])  # the moov atom is at the end: it is lost
    e = _error(cut, cache_dir)
    assert str(e).startswith("cut.mp4: not a video file that FFmpeg can read")


def _stamps(path: Path, cache_dir: Path, order: list[int]) -> dict[int, int | None]:
    """Frame -> stamp read (-1 where a VideoError named that frame), visiting in ``order``."""
    seen: dict[int, int | None] = {}
    with open_clip(path, cache_dir=cache_dir, cache_bytes=0) as clip:
        for n in order:
            try:
                seen[n] = read_stamp(clip.frame(n))
            except VideoError as e:
                assert e.frame == n and f"frame {n}" in str(e)
                seen[n] = -1
    return seen


def _assert_consistent(path: Path, cache_dir: Path) -> int:
    """Where data is lost the file holds fewer pictures; each frame number must still mean one
    picture, whether reached by stepping, seeking or going backwards, or be reported as
    undecodable (how far the decoder notices damage may depend on the way it came)."""
    with open_clip(path, cache_dir=cache_dir) as clip:
        count = clip.frame_count
    order = list(range(count))
    random.Random(3).shuffle(order)
    runs = [_stamps(path, cache_dir, list(range(count))), _stamps(path, cache_dir, order),
            _stamps(path, cache_dir, list(range(count - 1, -1, -1)))]
    shown: list[int] = []
    for n in range(count):
        pictures = {run[n] for run in runs} - {-1}
        assert len(pictures) <= 1, f"frame {n} showed {pictures}"
        shown += [v for v in pictures if v is not None]
    assert shown == sorted(set(shown))  # in order, none twice
    assert len(shown) >= count // 3  # the damage reaches no further than the next keyframe
    return count


@pytest.mark.parametrize("kind", ["h264_ts", "h264_mkv", "mjpeg_avi", "mpeg2_mts"])
def test_truncated_stream_never_gives_a_wrong_frame(clips: dict[str, Path], tmp_path: Path,
                                                    cache_dir: Path, kind: str) -> None:
    src = clips[kind]
    data = src.read_bytes()
    cut = tmp_path / f"cut{src.suffix}"
    cut.write_bytes(data[: int(len(data) * 0.6)])
    count = _assert_consistent(cut, cache_dir)
    assert 20 < count < 100
    with open_clip(cut, cache_dir=cache_dir) as clip, pytest.raises(
            VideoError, match=f"frame {count} does not exist"):
        clip.frame(count)


def test_corrupt_bytes_in_the_middle(clips: dict[str, Path], tmp_path: Path,
                                     cache_dir: Path) -> None:
    data = bytearray(clips["h264_ts"].read_bytes())
    mid = len(data) // 2
    data[mid: mid + 4000] = bytes(4000)
    bad = tmp_path / "corrupt.ts"
    bad.write_bytes(bytes(data))
    _assert_consistent(bad, cache_dir)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewtool", *args], capture_output=True,
                          text=True)


def test_probe_and_frame_commands(clips: dict[str, Path], tmp_path: Path) -> None:
    r = _cli("probe", str(clips["vfr_mkv"]))
    assert r.returncode == 0, r.stderr
    facts = json.loads(r.stdout)
    assert facts["frame_count"] == 100 and facts["is_vfr"] is True and facts["codec"] == "h264"
    out = tmp_path / "f.png"
    r = _cli("frame", str(clips["hevc_mp4"]), "--index", "73", "--out", str(out))
    assert r.returncode == 0, r.stderr
    import cv2

    assert read_stamp(cv2.cvtColor(cv2.imread(str(out)), cv2.COLOR_BGR2RGB)) == 73
    r = _cli("frame", str(clips["h264_mp4"]), "--time", "2.0", "--out", str(out))
    assert r.returncode == 0 and "frame 50 " in r.stdout
    r = _cli("probe", str(tmp_path / "missing.mp4"))
    assert r.returncode == 2 and "missing.mp4: file not found" in r.stderr
