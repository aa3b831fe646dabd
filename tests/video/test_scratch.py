"""Scratch arrays for pictures made for a moment (``PlaneStore.scratch``): taken again once
nothing refers to them, never while anything does."""

from __future__ import annotations

import gc

import numpy as np
import pytest

from reviewtool.video import painting as painting_module
from reviewtool.video import picture as picture_module
from reviewtool.video.painting import i420_painted
from reviewtool.video.picture import Picture
from reviewtool.video.planes import PlaneStore


def _address(array: np.ndarray) -> int:
    return int(array.__array_interface__["data"][0])


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> PlaneStore:
    """A store of its own with a clip open, used by painting and unpacking."""
    own = PlaneStore()
    own.open()
    monkeypatch.setattr(painting_module, "STORE", own)
    monkeypatch.setattr(picture_module, "STORE", own)
    return own


def test_a_scratch_array_is_taken_again_only_when_nothing_refers_to_it(
        store: PlaneStore) -> None:
    first = store.scratch((30, 40))
    address = _address(first)
    view = first[2:, 3:].reshape(-1)[5:]  # a view of a view: it holds the array
    memory = memoryview(first[1:])
    del first
    assert _address(store.scratch((30, 40))) != address
    del view
    assert _address(store.scratch((30, 40))) != address  # (the memoryview still holds it)
    del memory
    gc.collect()
    again = store.scratch((30, 40))
    assert _address(again) == address and store.scratch_reused >= 1


def test_scratch_arrays_stay_within_their_bound_and_sizes_no_longer_used_go(
        store: PlaneStore) -> None:
    """A layout change paints at new sizes: the free arrays of the old sizes are let go
    when the bound is reached, so the new sizes are followed."""
    store.scratch_bytes = 3 * 1200
    old = [store.scratch((30, 40)) for _ in range(3)]
    assert store.followed_scratch_bytes == 3 * 1200
    extra = store.scratch((30, 40))  # beyond the bound: not followed
    assert store.followed_scratch_bytes == 3 * 1200
    del old, extra
    new = store.scratch((20, 60))
    assert store.followed_scratch_bytes == 1200  # the old size's free arrays were let go
    address = _address(new)
    del new
    assert _address(store.scratch((20, 60))) == address


def test_no_scratch_array_is_followed_while_no_clip_is_open() -> None:
    closed = PlaneStore()
    closed.scratch((30, 40))
    assert closed.followed_scratch_bytes == 0


def _planes(width: int, height: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(
        0, 255, (height * 3 // 2, width), dtype=np.uint8)


def test_a_painted_picture_still_held_keeps_its_pixels_while_others_are_painted(
        store: PlaneStore) -> None:
    """Painted pictures (720p painted at 955 x 537) reuse the memory of those let go: a fresh
    2 MB array cost its size in page faults for every angle of every frame played. One still
    on screen is never painted over."""
    colour = ("yuv420p", 1, 1)
    size = (955, 537)
    held = i420_painted(_planes(1280, 720, 1), 1280, 720, colour, size)
    want = held.copy()
    address = None
    for seed in range(2, 8):
        painted = i420_painted(_planes(1280, 720, seed), 1280, 720, colour, size)
        assert painted.shape == (537, 955, 4) and painted.flags.c_contiguous
        if address is not None:
            assert _address(painted) == address  # the one let go, painted again
        address = _address(painted)
        del painted
    assert np.array_equal(held, want)
    assert store.scratch_reused >= 5


def test_an_unpacked_picture_still_held_keeps_its_pixels(store: PlaneStore) -> None:
    planes = [_planes(64, 48, seed) for seed in range(4)]
    packed = [Picture(n, 0, p, 64, 48, False, p.nbytes, "i420", ("yuv420p", 1, 1)).pack()
              for n, p in enumerate(planes)]
    held = packed[0]._array()
    for picture, want in zip(packed[1:], planes[1:], strict=True):
        assert np.array_equal(picture._array(), want.reshape(-1))
    assert np.array_equal(held, planes[0].reshape(-1))
    assert store.scratch_reused >= 1
