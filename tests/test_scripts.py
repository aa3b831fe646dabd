"""The developer scripts work from a checkout with only what the app installs, and say what
they measure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest

from reviewtool.video.clip import open_clip
from tests.kit.synth import make_clip

ROOT = Path(__file__).resolve().parent.parent
TEST_ONLY = ("pytest", "hypothesis", "imageio_ffmpeg", "sklearn", "statsmodels", "pytestqt")


def test_make_bench_clips_needs_no_test_dependency(tmp_path: Path) -> None:
    """Run as after `pip install -e .` alone: every test-only package made unimportable."""
    code = ("import runpy, sys\n"
            f"for name in {TEST_ONLY!r}: sys.modules[name] = None\n"
            f"sys.argv = ['make_bench_clips.py', {str(tmp_path)!r}, '--seconds', '0.1']\n"
            "sys.path.insert(0, 'scripts')  # as python scripts/NAME.py does\n"
            "runpy.run_path('scripts/make_bench_clips.py', run_name='__main__')\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == ["h264_gop250.mp4", "h264_gop50.mp4", "mjpeg.avi"]
    with open_clip(tmp_path / "mjpeg.avi", cache_dir=tmp_path / "cache") as clip:
        assert clip.frame_count == 5 and clip.size == (1920, 1080)


@pytest.fixture()
def bench(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import bench_video

    return bench_video


def _plain_clip(path: Path) -> Path:
    """An ordinary clip: no frame stamps in its pictures."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        for i in range(10):
            frame = av.VideoFrame.from_ndarray(np.full((240, 320, 3), 20 * i, np.uint8),
                                               format="rgb24")
            frame.pts = i
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def test_bench_says_when_a_clip_carries_no_stamps(bench, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    stamped = make_clip(tmp_path / "s.mp4", "h264_mp4", frames=10)
    with open_clip(stamped, cache_dir=tmp_path / "c") as clip:
        assert bench.carries_stamps(clip)
    with open_clip(_plain_clip(tmp_path / "p.mp4"), cache_dir=tmp_path / "c") as clip:
        assert not bench.carries_stamps(clip)
    times = {"median_ms": 1.0, "p95_ms": 2.0, "n": 3}
    row = {"clip": "p.mp4", "stamped": False, "seek_app": times, "seek_pyav": times,
           "seek_opencv": times, "seek_p95_ratio_app_vs_pyav": 1.0, "seek_app_exact": None,
           "seek_pyav_exact": None, "seek_opencv_exact": None, "step_back": times,
           "step_forward": times, "working_range": times, "working_range_cached": 1,
           "working_range_frames": 1, "app_peak_rss_mb": 1}
    bench.print_table({"machine": "m", "peak_rss_mb": 1, "clips": [row]})
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("p.mp4"))
    assert "not checked" in line


def test_bench_refuses_a_clip_too_short_to_measure(bench, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from reviewtool.video.errors import VideoError

    with pytest.raises(VideoError, match="too short to benchmark"):
        bench.bench_clip(_plain_clip(tmp_path / "p.mp4"), seeks=5, steps=30, quick=True)
