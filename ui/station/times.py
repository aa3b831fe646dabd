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


class KeptFrames:
    """An angle's frames as its clip's index knows them, kept after the clip closes (only the
    index: no decoder, no cached picture), so that its clock mark still carries the match
    clock when the angle has no place on screen (``review_angles.carried_clock``)."""

    def __init__(self, clip: Clip) -> None:
        self._index = clip.index
        self.frame_duration = clip.frame_duration

    @property
    def frame_count(self) -> int:
        return len(self._index)

    @property
    def indexed(self) -> bool:
        return self._index.complete

    def timestamp(self, n: int) -> float:
        return self._index.seconds(n)

    def index_of(self, seconds: float) -> int:
        return self._index.frame_at(seconds)
