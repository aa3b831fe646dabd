"""Pictures as the cache keeps them: arrays of their own, exactly the decoder's pictures."""

from __future__ import annotations

import gc
from pathlib import Path

import av
import numpy as np
import pytest

from reviewtool.video import clip as clip_module
from reviewtool.video import picture as picture_module
from reviewtool.video.clip import open_clip
from reviewtool.video.decoder import ExactDecoder
from reviewtool.video.picture import FIELD_VIEWS, Picture
from reviewtool.video.planes import PlaneStore
from tests.kit.stamp import read_stamp
from tests.kit.synth import make_clip


def _frames_alive() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, av.VideoFrame))


def test_the_cache_holds_no_frame_of_the_decoder(clips: dict[str, Path],
                                                 cache_dir: Path) -> None:
    """FFmpeg lends each decoded frame from a pool that grows to the most frames ever lent at
    once and never shrinks: cached frames grew four decoders' pools to about a gigabyte.
    Whatever the cache keeps is an array of its own; only the frame just asked for is lent."""
    with open_clip(clips["h264_mp4"], cache_dir=cache_dir) as clip:
        before = _frames_alive()
        shown = clip.picture(90)  # decodes 48..90 on the way, and keeps the last 25 and 90
        kept = [clip.cache.peek(n) for n in range(65, 91)]
        assert all(p is not None for p in kept)
        assert not any(isinstance(p.source, av.VideoFrame) for p in kept if p is not None)
        # the one handed back and the one the decoder holds, none of them in the cache
        assert _frames_alive() - before <= 2
        for p in kept:
            assert p is not None and read_stamp(p.rgb()) == p.index
        assert read_stamp(shown.rgb()) == 90


def _forms(picture: Picture) -> list[Picture]:
    """The decoder's frame, its own array, and packed."""
    own = picture.detached()
    return [picture, own, own.pack(), picture.pack()]


@pytest.mark.parametrize("kind", ["interlaced_h264_mkv", "interlaced_mpeg2_ts"])
def test_an_interlaced_picture_kept_looks_exactly_as_decoded(clips: dict[str, Path],
                                                            cache_dir: Path, kind: str) -> None:
    """Each field of interlaced 4:2:0 has its own chroma lines, and FFmpeg converts the
    decoder's interlaced frame field by field. Kept as planes and converted as one picture,
    colours moved by up to 31 levels at edges (far, packed pictures looked unlike near ones)."""
    with open_clip(clips[kind], cache_dir=cache_dir) as clip:
        decoder = ExactDecoder(clip.path, clip.stream_index, clip.index)
        try:
            picture = decoder.decode(37)
            assert picture.interlaced
            forms = _forms(picture)
            for view in ("off", "linear", "blend", *FIELD_VIEWS):
                want = picture.rgb(view)
                for other in forms[1:]:
                    assert np.array_equal(other.rgb(view), want), view
                    assert np.array_equal(other.painted(view), picture.painted(view)), view
        finally:
            decoder.close()


def test_a_picture_of_270_rows_keeps_every_row(tmp_path: Path) -> None:
    """PyAV wraps a 4:2:0 buffer of H rows as H // 4 * 4 rows: a 480x270 picture, unpacked,
    came out 268 rows high. Every form of it is the decoder's picture, row for row."""
    path = make_clip(tmp_path / "small.mp4", "h264_mp4", frames=12, size=(480, 270))
    with open_clip(path, cache_dir=tmp_path / "cache") as clip:
        decoder = ExactDecoder(clip.path, clip.stream_index, clip.index)
        try:
            picture = decoder.decode(5)
            want = picture.rgb()
            assert want.shape == (270, 480, 3) and read_stamp(want) == 5
            for other in _forms(picture)[1:]:
                assert np.array_equal(other.rgb(), want)
                assert np.array_equal(other.painted(), picture.painted())
                half = (240, 135)
                assert other.painted(size=half).shape == (135, 240, 4)
        finally:
            decoder.close()


def _address(picture: Picture) -> int:
    assert isinstance(picture.source, np.ndarray)
    return int(picture.source.__array_interface__["data"][0])


def test_a_kept_array_is_used_again_only_once_its_picture_is_gone(
        clips: dict[str, Path], cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh 3 MB array costs 1.5 ms before a byte is copied; one a dropped picture held,
    0.2 ms. An array is used again only when the picture holding it is gone: pictures still
    held keep their own pixels however many come and go."""
    store = PlaneStore(keep_bytes=4 * 640 * 540)
    store.open()  # (a clip is open)
    monkeypatch.setattr(picture_module, "STORE", store)
    with open_clip(clips["h264_mp4"], cache_dir=cache_dir) as clip:
        decoder = ExactDecoder(clip.path, clip.stream_index, clip.index)
        try:
            held = decoder.decode(10).detached()
            gone = decoder.decode(11).detached()
            address = _address(gone)
            assert address != _address(held) and store.reused == 0
            del gone
            assert store.spare_bytes == 640 * 540
            again = decoder.decode(12).detached()
            assert _address(again) == address and store.reused == 1
            for n in range(13, 30):  # come and go: the held ones keep theirs
                assert read_stamp(decoder.decode(n).detached().rgb()) == n
            assert read_stamp(held.rgb()) == 10 and read_stamp(again.rgb()) == 12
            assert store.spare_bytes <= store.keep_bytes
        finally:
            decoder.close()


def test_spare_arrays_stay_within_their_bound() -> None:
    store = PlaneStore(keep_bytes=2500)
    store.open()
    holders = [Picture(i, i, b"", 1, 1, False, 0) for i in range(3)]
    for holder in holders:
        store.lend(holder, store.take((30, 40)))
    holders.clear()  # three arrays of 1200 bytes come back: two are kept, one is freed
    assert store.spare_bytes == 2400
    store.take((30, 40))
    assert store.spare_bytes == 1200 and store.reused == 1


def test_the_last_clip_to_close_frees_the_spare_arrays(
        clips: dict[str, Path], cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Spare arrays serve open clips only: the last one to close frees them, and a picture
    that outlives its clip gives its array to no one."""
    store = PlaneStore()
    monkeypatch.setattr(picture_module, "STORE", store)
    monkeypatch.setattr(clip_module, "PLANES", store)
    clip = open_clip(clips["h264_mp4"], cache_dir=cache_dir)
    other = open_clip(clips["h264_mkv"], cache_dir=cache_dir)
    decoder = ExactDecoder(clip.path, clip.stream_index, clip.index)
    try:
        outlives = decoder.decode(3).detached()
        for n in range(4, 8):
            decoder.decode(n).detached()  # each gone at once: its array is spare
        spare = store.spare_bytes
        assert spare >= 640 * 540
        clip.close()
        assert store.spare_bytes >= spare  # another clip is open (its cache gave some back)
        other.close()
        other.close()  # (twice: still one clip fewer)
        assert store.spare_bytes == 0
        del outlives
        assert store.spare_bytes == 0
    finally:
        decoder.close()
        clip.close()
