"""Field by field: each field of an interlaced frame is its own moment, in the right order.

The clips carry a different stamp in each field (frame n: field 2n first in time, 2n+1
second), so a swapped field order or a woven picture reads as the wrong number.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from reviewtool.video.clip import open_clip
from reviewtool.video.picture import single_field
from tests.kit.stamp import read_stamp
from tests.kit.synth import FIELD_CODECS, make_field_clip

FRAMES = 30
CASES = [(codec, order) for codec in FIELD_CODECS for order in ("tff", "bff")]


@pytest.fixture(scope="module")
def field_clips(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    d = tmp_path_factory.mktemp("field-clips")
    return {(codec, order): make_field_clip(d / f"{codec}-{order}{FIELD_CODECS[codec].suffix}",
                                            codec, order, frames=FRAMES)
            for codec, order in CASES}


@pytest.mark.parametrize("codec, order", CASES)
def test_every_field_shows_its_own_moment(field_clips: dict[tuple[str, str], Path], codec: str,
                                          order: str, cache_dir: Path) -> None:
    with open_clip(field_clips[codec, order], cache_dir=cache_dir) as clip:
        facts = clip.facts()
        assert facts.is_interlaced and facts.frame_count == FRAMES
        assert facts.field_order == ("top first" if order == "tff" else "bottom first")
        rnd = random.Random(order)
        fields = [*range(2 * FRAMES), *range(2 * FRAMES - 1, -1, -1),
                  *(rnd.randrange(2 * FRAMES) for _ in range(20))]
        for f in fields:  # forwards, backwards, and jumps, through the cache
            n, which = divmod(f, 2)
            assert read_stamp(clip.field(n, which)) == f, f"{codec} {order}: field {f}"


def test_linear_deinterlace_shows_the_first_field(field_clips: dict[tuple[str, str], Path],
                                                  cache_dir: Path) -> None:
    with open_clip(field_clips["mpeg2_ts", "bff"], cache_dir=cache_dir) as clip:
        assert [read_stamp(clip.frame(n)) for n in (0, 7, 29)] == [0, 14, 58]


def test_fields_line_up_without_bobbing() -> None:
    """A vertical ramp looks the same from either field: lines stay where they belong."""
    ramp = np.repeat(np.arange(0, 200, 2, dtype=np.uint8)[:, None, None], 4, axis=1)
    ramp = np.repeat(ramp, 3, axis=2)
    top, bottom = single_field(ramp, top=True), single_field(ramp, top=False)
    inner = slice(1, -1)  # the edge line has only one neighbour
    assert np.array_equal(top[inner], ramp[inner]) and np.array_equal(bottom[inner], ramp[inner])


def test_field_command_and_progressive_refusal(field_clips: dict[tuple[str, str], Path],
                                               tmp_path: Path) -> None:
    clip = field_clips["h264_mkv", "tff"]
    out = tmp_path / "f.png"
    run = [sys.executable, "-m", "reviewtool", "frame", str(clip), "--index", "12", "--field",
           "2", "--out", str(out)]
    done = subprocess.run(run, capture_output=True, text=True, check=True)
    assert "frame 12 field 2" in done.stdout
    assert read_stamp(cv2.cvtColor(cv2.imread(str(out)), cv2.COLOR_BGR2RGB)) == 25
    probe = subprocess.run([sys.executable, "-m", "reviewtool", "probe", str(clip)],
                           capture_output=True, text=True, check=True)
    assert json.loads(probe.stdout)["field_order"] == "top first"


def test_field_of_a_progressive_clip_is_refused(clips: dict[str, Path], tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "reviewtool", "frame", str(clips["h264_mp4"]),
                           "--index", "3", "--field", "1", "--out", str(tmp_path / "x.png")],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "is progressive: its frames have no fields" in done.stderr
