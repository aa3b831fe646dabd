"""The screen model: which clip is on screen, and the newest open wins."""

from __future__ import annotations

import itertools
from pathlib import Path

from reviewtool.video.screen import Screen


def test_the_newest_open_wins_and_the_screen_changes_only_when_a_clip_lands() -> None:
    screen = Screen()
    a = screen.begin("a.mp4", clip_id=1)
    assert screen.land(a.request) == a
    assert screen.clip_id == 1 and screen.shown is not None and screen.shown.path == Path("a.mp4")
    slow = screen.begin("slow.mp4", clip_id=2)
    fast = screen.begin("fast.mp4", clip_id=3, frame=60)
    assert screen.clip_id == 1  # nothing changes before a clip has opened
    assert screen.land(fast.request) == fast and screen.clip_id == 3
    assert screen.land(slow.request) is None  # finished later, but asked for earlier
    assert screen.fail(slow.request) is None  # nor is its failure news
    assert screen.clip_id == 3 and screen.opening is None


def test_a_failed_open_leaves_the_clip_on_screen() -> None:
    screen = Screen()
    screen.land(screen.begin("a.mp4", clip_id=1).request)
    broken = screen.begin("broken.mp4", clip_id=2)
    assert screen.fail(broken.request) == broken
    assert screen.clip_id == 1 and screen.opening is None


def test_a_clip_added_to_the_review_is_identified_once_on_screen() -> None:
    screen = Screen()
    adding = screen.begin("new.mp4", add_to_review=True, sync=(1, 0.0))
    assert not screen.identify(adding.request, 7)  # not on screen yet
    screen.land(adding.request)
    assert screen.clip_id is None and screen.shown is not None and screen.shown.add_to_review
    assert screen.identify(adding.request, 7)
    assert screen.clip_id == 7 and not screen.shown.add_to_review
    screen.detach()  # another review opened: the clip is none of its clips
    assert screen.clip_id is None and screen.shown.path == Path("new.mp4")


def test_request_ids_come_from_the_counter_it_is_given() -> None:
    ids = itertools.count(100)
    screen = Screen(ids)
    assert screen.begin("a.mp4").request == 100
    assert next(ids) == 101 and screen.begin("b.mp4").request == 102
