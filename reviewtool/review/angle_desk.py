"""The review session's angle operations: sync an angle, choose the reference, unsync,
remove an angle from the station and add it back.

Each is one ANGLE entry in the decision log (who, when, which marks), undoable like every
entry. A sync is checked before it is recorded: the clips exist, the rate is a clock's drift
and not contradicting marks, and the two clips overlap in time (clips that cannot overlap are
of different moments, or of another match). ``angles()`` folds the entries in effect.

Removing an angle keeps everything recorded (see ``angles``): the station's angles leave it out,
angles synced through it keep their maps, and removing the reference angle makes the next one
the reference. The station's last angle cannot be removed (nothing would be left to show).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reviewtool.review.angle_payload import (
    MANUAL,
    MARKS,
    REFERENCE,
    REMOVED,
    RESTORED,
    SOUND,
    UNSYNCED,
    AnglePayload,
)
from reviewtool.review.angles import Angle, edges, fold_angles, reference_of
from reviewtool.review.payloads import Payload
from reviewtool.review.recorder import Change, Recorder, ReviewError, Topic
from reviewtool.store.entries import ClipRecord
from reviewtool.video.audiosync import SoundSync, SoundSyncError, sync_by_sound
from reviewtool.video.timemap import MAX_DRIFT, SyncError, SyncMark, TimeMap, fit_marks


class AngleDesk(Recorder):
    """Mixed into ``ReviewSession``: the angles of a review, read and recorded."""

    _angle_cache: tuple[int, tuple[Angle, ...]] | None = None
    clips: Callable[[], list[ClipRecord]]  # ReviewSession's: read through a recording's tx

    # --- reading ---------------------------------------------------------------------------

    def angles(self) -> tuple[Angle, ...]:
        """The station's angles: every clip of the review not removed from it, in clip order,
        with its map to the reference angle (None for an unsynced one)."""
        return tuple(a for a in self.all_angles() if a.removed is None)

    def removed_angles(self) -> tuple[Angle, ...]:
        """The clips removed from the station (each still with its map, when it has one)."""
        return tuple(a for a in self.all_angles() if a.removed is not None)

    def all_angles(self) -> tuple[Angle, ...]:
        """Every clip of the review as an angle, removed ones included (``Angle.removed``).
        Cheap to call again: folded once per log entry."""
        head = self.ledger.last.seq
        cached = self._angle_cache
        if cached is not None and cached[0] == head:
            return cached[1]
        result = fold_angles(self.record, self.clips())
        self._angle_cache = (head, result)
        return result

    def angle(self, number: int) -> Angle:
        """Angle ``number``, also when it was removed from the station (its ``why`` says so)."""
        for a in self.all_angles():
            if a.number == number:
                return a
        known = ", ".join(str(a.number) for a in self.all_angles()) or "none"
        raise ReviewError(f"there is no angle {number} in this review (angles: {known})")

    def reference_angle(self) -> int | None:
        return reference_of(self.clips(), edges(self.record))

    # --- recording -------------------------------------------------------------------------

    def sync_by_marks(self, clip: int, marks: Sequence[SyncMark],
                      reference: int | None = None, precision: float = 0.0) -> Change:
        """Fit ``clip``'s map from marks of the same moments (reference seconds, clip
        seconds): one mark gives the offset, two or more far enough apart the rate too.
        ``precision``: how exactly a mark is placed (a frame's duration for marks placed on
        frames, as the window's are; 0 for exact times), see ``fit_marks``."""
        try:
            fit = fit_marks(marks, precision)
        except SyncError as e:
            raise ReviewError(f"angle {clip}: {e}") from e
        return self.sync_angle(clip, fit.time_map, MARKS, reference=reference,
                               marks=tuple((m.reference, m.clip) for m in marks),
                               residuals_ms=fit.residuals_ms)

    def propose_by_sound(self, clip: int, reference: int | None = None, *,
                         drift: bool = True) -> SoundSync:
        """Estimate ``clip``'s map from the two clips' sound, recording nothing (the reviewer
        accepts it with ``sync_by_sound``). Decodes both audio tracks: seconds on long clips,
        so a window runs it off its thread."""
        clips = {c.id: c for c in self.clips()}
        ref = reference if reference is not None else self.reference_angle()
        _check_pair(clips, clip, ref)
        assert ref is not None
        try:
            return sync_by_sound(clips[ref].path, clips[clip].path, drift=drift)
        except SoundSyncError as e:
            raise ReviewError(f"angle {clip}: {e}") from e

    def sync_by_sound(self, clip: int, time_map: TimeMap, confidence: float,
                      reference: int | None = None) -> Change:
        """Record a sound sync estimate (``video.audiosync``) the reviewer accepted."""
        return self.sync_angle(clip, time_map, SOUND, reference=reference,
                               confidence=confidence)

    def sync_by_hand(self, clip: int, time_map: TimeMap,
                     reference: int | None = None) -> Change:
        return self.sync_angle(clip, time_map, MANUAL, reference=reference)

    def sync_angle(self, clip: int, time_map: TimeMap, method: str, *,
                   reference: int | None = None, marks: Sequence[tuple[float, float]] = (),
                   residuals_ms: Sequence[float] = (), confidence: float | None = None
                   ) -> Change:
        """Record ``clip``'s time map onto ``reference`` (default: the reference angle)."""
        if method not in (MARKS, SOUND, MANUAL):
            raise ReviewError(f"a sync is by marks, sound or by hand, not {method!r}")
        if abs(time_map.rate - 1.0) > MAX_DRIFT or time_map.rate <= 0:
            raise ReviewError(f"angle {clip}: a rate of {time_map.rate:.6f} is not a camera "
                              f"clock's drift (at most {MAX_DRIFT:.0%}): the marks contradict")

        def build() -> tuple[Payload, None]:
            clips = {c.id: c for c in self.clips()}
            ref = reference if reference is not None else self.reference_angle()
            _check_pair(clips, clip, ref)
            assert ref is not None
            _check_overlap(clips[clip], clips[ref], time_map)
            return AnglePayload(clip, ref, time_map.offset, time_map.rate, method,
                                tuple((float(r), float(c)) for r, c in marks),
                                tuple(float(r) for r in residuals_ms), confidence), None

        return self._commit(build, {Topic.SYNC})[1]

    def choose_reference(self, clip: int) -> Change:
        """Make ``clip`` the reference angle; maps recorded before still hold through it."""
        def build() -> tuple[Payload, None]:
            if clip not in {c.id for c in self.clips()}:
                raise ReviewError(f"there is no clip {clip} in this review")
            if clip == self.reference_angle():
                raise ReviewError(f"angle {clip} is the reference angle already")
            if clip in edges(self.record).removed:
                raise ReviewError(f"angle {clip} was removed from the station: add it back "
                                  "before making it the reference angle")
            return AnglePayload(clip, clip, method=REFERENCE), None

        return self._commit(build, {Topic.SYNC})[1]

    def unsync_angle(self, clip: int) -> Change:
        """Take ``clip``'s own time map away (the entries that set it stay in the log)."""
        def build() -> tuple[Payload, None]:
            if clip not in {c.id for c in self.clips()}:
                raise ReviewError(f"there is no clip {clip} in this review")
            own = edges(self.record).maps.get(clip)
            if own is None:
                raise ReviewError(f"angle {clip} has no time map of its own to take away")
            return AnglePayload(clip, own[1].reference, method=UNSYNCED), None

        return self._commit(build, {Topic.SYNC})[1]

    def remove_angle(self, clip: int) -> Change:
        """Take ``clip`` out of the station's angles; the clip, its incidents and its syncs
        stay in the review (undo, an add back or a new sync of it bring it back)."""
        def build() -> tuple[Payload, None]:
            if clip not in {c.id for c in self.clips()}:
                raise ReviewError(f"there is no clip {clip} in this review")
            found = edges(self.record)
            if clip in found.removed:
                raise ReviewError(f"angle {clip} was removed from the station already")
            left = [c.id for c in self.clips() if c.id not in found.removed and c.id != clip]
            if not left:
                raise ReviewError(f"angle {clip} is the station's only angle: add another "
                                  "clip before removing it")
            return AnglePayload(clip, clip, method=REMOVED), None

        return self._commit(build, {Topic.SYNC})[1]

    def add_angle_back(self, clip: int) -> Change:
        """Bring a removed ``clip`` back into the station, with the map it had."""
        def build() -> tuple[Payload, None]:
            if clip not in {c.id for c in self.clips()}:
                raise ReviewError(f"there is no clip {clip} in this review")
            if clip not in edges(self.record).removed:
                raise ReviewError(f"angle {clip} is in the station: there is nothing to add back")
            return AnglePayload(clip, clip, method=RESTORED), None

        return self._commit(build, {Topic.SYNC})[1]


def _check_pair(clips: dict[int, ClipRecord], clip: int, reference: int | None) -> None:
    if clip not in clips:
        raise ReviewError(f"there is no clip {clip} in this review")
    if reference is None or reference not in clips:
        raise ReviewError(f"there is no clip {reference} in this review to sync angle {clip} to")
    if clip == reference:
        raise ReviewError(f"angle {clip} is the reference angle: the others are synced to it")


def _check_overlap(clip: ClipRecord, ref: ClipRecord, m: TimeMap) -> None:
    """Refuse a map under which the two clips never show the same instant: a wrong mark, or a
    clip of another match. Clips whose duration is not known are not checked."""
    d_clip, d_ref = clip.facts.get("duration"), ref.facts.get("duration")
    if not d_clip or not d_ref:
        return
    start, end = m.to_reference(0.0), m.to_reference(float(d_clip))
    if end <= 0.0 or start >= float(d_ref):
        raise ReviewError(
            f"angle {clip.id} would run from {start:.3f} s to {end:.3f} s of angle {ref.id}, "
            f"which runs from 0 to {float(d_ref):.3f} s: the clips never show the same moment "
            "(a wrong mark, or a clip of another match?)")
