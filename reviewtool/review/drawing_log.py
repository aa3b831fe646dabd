"""The drawings of a review: recorded as log entries, folded into what is on each angle.

``DrawingDesk`` gives the session its drawing operations (add, edit, delete); each appends
one DRAWING entry through the recorder, so it is signed, hash-chained, committed at once and
undone by the session's retract mechanism like any other entry. ``fold`` is the projection:
the drawings in effect, by id, from the entries in effect (kept until the log grows).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from reviewtool.drawings.model import GROUND, Drawing, DrawingError
from reviewtool.drawings.shapes import HomographySource, NotCalibrated, front_facing
from reviewtool.review.drawing_payload import DrawingPayload
from reviewtool.review.payloads import DRAWING, Payload
from reviewtool.review.recorder import Recorder, ReviewError, Topic
from reviewtool.store.chain import LogEntry
from reviewtool.store.reviewfile import ClipRecord


@dataclass
class Drawings:
    """The drawings in effect by id, and every id ever used (a retracted one stays taken)."""

    by_id: dict[str, Drawing] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)

    def at(self, clip: int, frame: int) -> list[Drawing]:
        """What shows on angle ``clip`` at ``frame``, in the order they were first drawn."""
        return [d for d in self.by_id.values() if d.shows_at(clip, frame)]

    def next_id(self) -> str:
        n = len(self.seen) + 1
        while f"d{n}" in self.seen:
            n += 1
        return f"d{n}"


def fold(entries: Sequence[LogEntry], in_effect: dict[int, bool]) -> Drawings:
    """The drawings the entries in effect leave. An edit or a deletion of a drawing whose
    creation was taken back changes nothing (there is nothing left to change)."""
    out = Drawings()
    for e in entries:
        if e.kind != DRAWING:
            continue
        p = DrawingPayload.from_json(e.payload)
        out.seen.add(p.drawing.id)
        if not in_effect.get(e.seq, True):
            continue
        known = p.drawing.id in out.by_id
        if p.op == "create" or (p.op == "edit" and known):
            out.by_id[p.drawing.id] = p.drawing
        elif p.op == "delete":
            out.by_id.pop(p.drawing.id, None)
    return out


class DrawingDesk(Recorder):
    """The session's drawing operations (mixed into ``ReviewSession``)."""

    _drawings_cache: tuple[int, Drawings] | None = None
    clips: Callable[[], list[ClipRecord]]  # ReviewSession's
    calibration_at: Callable[[int, int], Any]  # LinesRecorder's: the anchor nearest a frame

    def ground_at(self, clip: int, frame: int) -> np.ndarray | None:
        """The angle's homography at ``frame`` (a HomographySource): a calibration logged at
        this very frame. Elsewhere the camera may have panned or zoomed: carrying the
        calibration there takes tracking the picture (``reviewtool.drawings.grounding``, a
        second or less, so the window does it off the GUI thread)."""
        anchor = self.calibration_at(clip, frame)
        if anchor is None or anchor.frame != frame:
            return None
        cal = anchor.calibration
        return front_facing(cal.matrix, cal.ground_points)

    def all_drawings(self) -> Drawings:
        last = self.ledger.last.seq
        cached = self._drawings_cache
        if cached is None or cached[0] != last:
            cached = (last, fold(self.record.entries, self.record.in_effect))
            self._drawings_cache = cached
        return cached[1]

    def drawings(self, clip: int, frame: int) -> list[Drawing]:
        """The drawings shown on angle ``clip`` at ``frame``."""
        return self.all_drawings().at(clip, frame)

    def add_drawing(self, drawing: Drawing, *, ground: HomographySource | None = None,
                    frame: int | None = None) -> Drawing:
        """Record a new drawing (its id is given here: ``drawing.id`` is ignored). A ground
        drawing needs ``ground`` (by default the review's calibrations, ``ground_at``) to give
        the angle's homography at ``frame`` (by default the drawing's first frame): drawn
        without one it would look precise when it is not."""
        if drawing.space == GROUND:
            at = drawing.first if frame is None else frame
            if (ground or self.ground_at)(drawing.clip, at) is None:
                raise ReviewError(str(NotCalibrated(drawing.clip, at)))

        def build() -> tuple[Payload, Drawing]:
            self._check_clip(drawing.clip)
            made = replace(drawing, id=self.all_drawings().next_id())
            return DrawingPayload("create", made), made

        return self._commit(build, {Topic.DRAWINGS})[0]

    def edit_drawing(self, drawing: Drawing) -> Drawing:
        """Replace the drawing of the same id (moved, restyled, new text or frame range)."""
        def build() -> tuple[Payload, Drawing]:
            old = self._drawing(drawing.id)
            if old == drawing:
                raise ReviewError("nothing was changed")
            if (old.clip, old.space) != (drawing.clip, drawing.space):
                raise ReviewError("a drawing stays on its angle and in its space (picture or "
                                  "ground): delete it and draw it again")
            return DrawingPayload("edit", drawing), drawing

        return self._commit(build, {Topic.DRAWINGS})[0]

    def delete_drawing(self, drawing_id: str) -> Drawing:
        def build() -> tuple[Payload, Drawing]:
            old = self._drawing(drawing_id)
            return DrawingPayload("delete", old), old

        return self._commit(build, {Topic.DRAWINGS})[0]

    def _drawing(self, drawing_id: str) -> Drawing:
        found = self.all_drawings().by_id.get(drawing_id)
        if found is None:
            raise ReviewError(f"there is no drawing {drawing_id} (deleted or undone?)")
        return found

    def _check_clip(self, clip: int) -> None:
        if clip not in {c.id for c in self.clips()}:
            raise ReviewError(f"there is no clip {clip} in this review to draw on")



def checked(make: Callable[[], Drawing]) -> Drawing:
    """Build a drawing, turning its refusal into a ReviewError (a one-line message)."""
    try:
        return make()
    except DrawingError as e:
        raise ReviewError(str(e)) from e
