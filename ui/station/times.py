"""The station's view of an open clip's frames on the shared clock."""

from __future__ import annotations

from reviewtool.review.station_view import FrameTimes
from reviewtool.video.clip import Clip
from reviewtool.video.server import FrameResult


def times_of(clip: Clip) -> FrameTimes:
    """The model's view of an open clip's frames (what its index knows now)."""
    index = clip.index
    return FrameTimes(len(index), index.seconds, index.frame_at)


def field_offset(result: FrameResult, clip: Clip | None) -> float:
    """A second field is half a frame later than its frame's timestamp."""
    if result.view != "field2" or clip is None:
        return 0.0
    return clip.frame_duration / 2
