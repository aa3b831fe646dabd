"""Lines on the pitch in the review: recording an angle's calibrations and the offside
measurements attached to incidents, and reading back which are in effect.

Both are log entries like any other (hash-chained, signed, undone by a retraction). What is
in effect is folded from the entries when asked and kept until the log changes (the record
object is replaced on every change), so a commit costs nothing more and a query after one
folds once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reviewtool.geometry import Calibration, GeometryError, OffsideMeasurement, Pitch, calibrate
from reviewtool.review.lines_payloads import (
    CALIBRATION,
    MEASUREMENT,
    CalibrationPayload,
    MeasurementPayload,
)
from reviewtool.review.record import ReviewRecord
from reviewtool.review.recorder import Recorder, ReviewError, Topic
from reviewtool.store.chain import Author


@dataclass(frozen=True)
class CalibrationEntry:
    """A calibration in effect: the entry that logged it, who and when."""

    entry: int
    clip: int
    calibration: Calibration
    author: Author
    when: str  # ISO time the entry was recorded

    @property
    def frame(self) -> int:
        assert self.calibration.frame is not None
        return self.calibration.frame


@dataclass(frozen=True)
class MeasurementEntry:
    """An offside measurement in effect, attached to ``incident``."""

    entry: int
    incident: str
    clip: int
    frame: int
    calibration: int  # the calibration entry it was measured with
    measurement: OffsideMeasurement
    neighbour_frame: int | None
    author: Author
    when: str  # ISO time the entry was recorded


@dataclass(frozen=True)
class _Lines:
    calibrations: dict[int, list[CalibrationEntry]]  # clip -> by frame, then by entry
    measurements: dict[str, list[MeasurementEntry]]  # incident -> in the order measured


def _fold(record: ReviewRecord) -> _Lines:
    cals: dict[int, list[CalibrationEntry]] = {}
    meas: dict[str, list[MeasurementEntry]] = {}
    for e in record.entries:
        if e.kind not in (CALIBRATION, MEASUREMENT) or not record.in_effect.get(e.seq):
            continue
        when = e.recorded_at
        if e.kind == CALIBRATION:
            c = CalibrationPayload.from_json(e.payload)
            cals.setdefault(c.clip, []).append(
                CalibrationEntry(e.seq, c.clip, c.calibration, e.author, when))
        else:
            m = MeasurementPayload.from_json(e.payload)
            meas.setdefault(m.incident, []).append(
                MeasurementEntry(e.seq, m.incident, m.clip, m.frame, m.calibration,
                                 m.measurement, m.neighbour_frame, e.author, when))
    for entries in cals.values():
        entries.sort(key=lambda c: (c.frame, c.entry))
    return _Lines(cals, meas)


class LinesRecorder(Recorder):
    """The session's operations and queries for calibrations and offside measurements."""

    _lines_cache: tuple[ReviewRecord, _Lines] | None = None

    def _lines(self) -> _Lines:
        record = self.record
        cached = self._lines_cache
        if cached is None or cached[0] is not record:
            cached = (record, _fold(record))
            self._lines_cache = cached
        return cached[1]

    # --- reading ---------------------------------------------------------------------------

    def calibrations(self, clip: int) -> list[CalibrationEntry]:
        """The anchor calibrations of an angle (clip) in effect, by frame."""
        return list(self._lines().calibrations.get(clip, ()))

    def calibration_at(self, clip: int, frame: int) -> CalibrationEntry | None:
        """The anchor to use at ``frame``: the nearest by frame (at one frame, the latest
        recorded: a re-anchor replaces it); None when the angle was never calibrated. Away
        from the anchor's frame the calibration must be carried by tracking the picture."""
        entries = self._lines().calibrations.get(clip)
        if not entries:
            return None
        return min(entries, key=lambda c: (abs(c.frame - frame), -c.entry))

    def measurements(self, incident: str) -> list[MeasurementEntry]:
        """The offside measurements attached to ``incident`` and in effect."""
        return list(self._lines().measurements.get(incident, ()))

    def calibration_entry(self, seq: int) -> CalibrationEntry | None:
        """The calibration logged as entry ``seq``, if it is in effect."""
        for entries in self._lines().calibrations.values():
            for c in entries:
                if c.entry == seq:
                    return c
        return None

    # --- recording -------------------------------------------------------------------------

    def _known_clip(self, clip: int) -> None:
        if clip not in {c.id for c in self.clips()}:  # type: ignore[attr-defined]
            raise ReviewError(f"there is no clip {clip} in this review")

    def calibrate(self, clip: int, frame: int, pitch: Pitch,
                  clicks: Mapping[str, object]) -> CalibrationEntry:
        """Fit the calibration of angle ``clip`` at ``frame`` from clicked landmarks and log
        it; a bad fit is refused (ReviewError naming the landmark to redo)."""
        try:
            cal = calibrate(pitch, clicks, frame=frame)
        except GeometryError as e:
            raise ReviewError(str(e)) from e
        return self.record_calibration(clip, cal)

    def record_calibration(self, clip: int, cal: Calibration) -> CalibrationEntry:
        """Log a calibration already fitted by the geometry core."""
        if cal.frame is None or cal.frame < 0:
            raise ReviewError("a calibration is made at a frame: say which")

        def build() -> tuple[CalibrationPayload, int]:
            self._known_clip(clip)
            return CalibrationPayload(clip, cal), clip

        _, change = self._commit(build, {Topic.LINES})
        assert change.entry is not None
        found = self.calibration_entry(change.entry.seq)
        assert found is not None
        return found

    def record_measurement(self, incident: str, calibration: int, frame: int,
                           measurement: OffsideMeasurement,
                           neighbour_frame: int | None = None) -> MeasurementEntry:
        """Attach an offside measurement to ``incident``; ``calibration`` is the entry of the
        calibration it used (in effect, of the same angle)."""

        def build() -> tuple[MeasurementPayload, None]:
            if incident not in self.record.incidents:
                raise ReviewError(f"there is no incident {incident} to attach the "
                                  "measurement to")
            cal = self.calibration_entry(calibration)
            if cal is None:
                raise ReviewError(f"entry {calibration} is not a calibration in effect: "
                                  "calibrate the angle again")
            if neighbour_frame is not None and neighbour_frame == frame:
                raise ReviewError("the neighbouring frame must differ from the frame the "
                                  "ball is played")
            return MeasurementPayload(incident, cal.clip, frame, calibration, measurement,
                                      neighbour_frame), None

        _, change = self._commit(build, {Topic.LINES, Topic.DECISIONS})
        assert change.entry is not None
        return next(m for m in self.measurements(incident) if m.entry == change.entry.seq)

    def check_cites(self, incident: str, cites: Sequence[int]) -> tuple[int, ...]:
        """The entries a decision on ``incident`` may cite: its measurements in effect."""
        if not cites:  # most decisions: no need to fold the lines out of the whole log
            return ()
        mine = {m.entry for m in self.measurements(incident)}
        for seq in cites:
            if seq not in mine:
                raise ReviewError(f"entry {seq} is not an offside measurement of incident "
                                  f"{incident} in effect: it cannot be cited")
        return tuple(dict.fromkeys(int(c) for c in cites))
