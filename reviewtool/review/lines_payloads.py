"""Log payloads of the lines on the pitch: an angle's calibration, and an offside measurement
attached to an incident.

The geometry core already writes both as plain JSON (``Calibration.to_json``,
``OffsideMeasurement.to_json``); these payloads wrap them with what the review adds: the clip
(the angle: a calibration belongs to one), the incident a measurement is attached to, and the
calibration entry it was measured with. Who and when come from the log entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from reviewtool.geometry import Calibration, OffsideMeasurement

CALIBRATION = "calibration"  # the same names payloads.py reserves (it imports this module)
MEASUREMENT = "offside_measurement"


def _cm(metres: float) -> str:
    return f"{metres * 100:+.0f} cm"


@dataclass(frozen=True)
class CalibrationPayload:
    """The ground-plane homography of clip ``clip`` at the calibration's frame."""

    kind: ClassVar[str] = CALIBRATION
    clip: int
    calibration: Calibration

    def __post_init__(self) -> None:
        if self.calibration.frame is None:
            raise ValueError("a calibration in the log needs its frame")

    @property
    def frame(self) -> int:
        assert self.calibration.frame is not None
        return self.calibration.frame

    def to_json(self) -> dict[str, Any]:
        return {"clip": self.clip, "frame": self.frame,
                "calibration": self.calibration.to_json()}

    @classmethod
    def from_json(cls, p: Mapping[str, Any]) -> CalibrationPayload:
        cal = Calibration.from_json(p["calibration"])
        if cal.frame != int(p["frame"]):
            raise ValueError(f"calibration of frame {cal.frame} stored for frame {p['frame']}")
        return cls(int(p["clip"]), cal)

    def describe(self) -> str:
        cal = self.calibration
        worst = max(cal.error_px.values(), default=0.0)
        return (f"Calibration: clip {self.clip} frame {self.frame}, {len(cal.landmarks)} "
                f"landmarks (worst {worst:.1f} px)")


@dataclass(frozen=True)
class MeasurementPayload:
    """An offside measurement of incident ``incident``, made on clip ``clip`` at frame
    ``frame`` (the ball played) with the calibration logged as entry ``calibration``; the
    neighbouring frame's clicks are in the measurement's inputs (``neighbour_frame`` says
    which frame they were clicked at; None when speeds were typed)."""

    kind: ClassVar[str] = MEASUREMENT
    incident: str
    clip: int
    frame: int
    calibration: int
    measurement: OffsideMeasurement
    neighbour_frame: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"incident": self.incident, "clip": self.clip, "frame": self.frame,
                "neighbour_frame": self.neighbour_frame, "calibration": self.calibration,
                "measurement": self.measurement.to_json()}

    @classmethod
    def from_json(cls, p: Mapping[str, Any]) -> MeasurementPayload:
        near = p.get("neighbour_frame")
        return cls(str(p["incident"]), int(p["clip"]), int(p["frame"]), int(p["calibration"]),
                   OffsideMeasurement.from_json(dict(p["measurement"])),
                   None if near is None else int(near))

    def describe(self) -> str:
        m = self.measurement
        lo, hi = m.interval_m
        return (f"Offside measurement for {self.incident}: {m.verdict_text}, "
                f"{_cm(m.distance_m)} ({_cm(lo)} to {_cm(hi)}) at frame {self.frame}")
