"""Colours come out as the file says: full-range MJPEG, BT.709 HD; packing changes nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from av.video.reformatter import ColorPrimaries, ColorRange, Colorspace, ColorTrc

from reviewtool.video.clip import open_clip
from reviewtool.video.decoder import ExactDecoder
from tests.kit.synth import KINDS, ClipKind, encode

ORANGE = (200, 60, 40)  # far enough from grey that range and matrix errors show


def _solid_clip(out: Path, kind: ClipKind, colour: dict[str, object]) -> Path:
    """Ten frames of plain ORANGE, converted to YUV and tagged as ``colour`` says."""
    picture = np.empty((240, 320, 3), np.uint8)
    picture[:] = ORANGE
    return encode(out, [picture] * 10, kind, 25.0, colour=colour)


LOSSLESS_X264 = ClipKind("h264", ".mp4", "libx264", options={"qp": "0"})


@pytest.mark.parametrize("name, kind, colour", [
    ("mjpeg_full_range.avi", ClipKind("mjpeg", ".avi", "mjpeg", "yuvj420p", qscale=2), {}),
    ("h264_bt709.mp4", LOSSLESS_X264, {
        "dst_colorspace": Colorspace.ITU709, "dst_color_range": ColorRange.MPEG,
        "colorspace": Colorspace.ITU709, "color_primaries": ColorPrimaries.BT709,
        "color_trc": ColorTrc.BT709, "color_range": ColorRange.MPEG}),
    ("h264_bt601.mp4", LOSSLESS_X264, {
        "dst_colorspace": Colorspace.ITU601, "dst_color_range": ColorRange.MPEG,
        "colorspace": Colorspace.SMPTE170M, "color_range": ColorRange.MPEG}),
])
def test_colour_matches_the_source(tmp_path: Path, name: str, kind: ClipKind,
                                   colour: dict[str, object]) -> None:
    path = _solid_clip(tmp_path / name, kind, colour)
    with open_clip(path, cache_dir=tmp_path / "cache") as clip:
        centre = clip.frame(3)[120, 160].astype(int)
    assert np.abs(centre - ORANGE).max() <= 4, f"{name}: {centre.tolist()} != {ORANGE}"


@pytest.mark.parametrize("kind", ["h264_mp4", "mjpeg_avi", "mpeg2_mts", "hevc_mp4"])
def test_a_packed_picture_shows_the_same_pixels(clips: dict[str, Path], kind: str,
                                                cache_dir: Path) -> None:
    """Frames far from the playhead are packed; unpacking must not change a single pixel."""
    assert kind in KINDS
    with open_clip(clips[kind], cache_dir=cache_dir) as clip:
        clip.wait_indexed()
        decoder = ExactDecoder(clip.path, clip.stream_index, clip.index)
        try:
            for n in (0, 37, 71):
                picture = decoder.decode(n)
                packed = picture.pack()
                assert packed.packed and packed.nbytes < picture.nbytes
                assert np.array_equal(packed.rgb(), picture.rgb()), f"{kind}: frame {n}"
        finally:
            decoder.close()


def test_one_picture_converted_by_several_threads_at_once(clips: dict[str, Path],
                                                          cache_dir: Path) -> None:
    """The window's request and preview threads may show the same cached picture together;
    a converter shared between them crashed the process in swscale."""
    with open_clip(clips["h264_mp4"], cache_dir=cache_dir) as clip:
        picture = clip.picture(40)
        expected = picture.rgb()
        wrong: list[int] = []

        def show() -> None:
            for _ in range(150):
                if not np.array_equal(picture.rgb(), expected):
                    wrong.append(1)

        threads = [threading.Thread(target=show) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not wrong
