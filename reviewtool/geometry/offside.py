"""The offside measurement: two lines parallel to the goal line at the moment the ball is
played, the distance between them along the pitch, its interval and the verdict.

The interval comes from one Monte-Carlo (see ``uncertainty``) over the landmark clicks and the
player clicks in both frames, 95 %:
- the calibration at the two clicked points, and the clicks themselves; plus any drift of a
  tracked calibration;
- the kick point: the ball was played within one frame interval of this frame, so the distance
  is known only up to how much it changes in one frame interval (per field on interlaced
  material: half). Each draw moves the distance by its own change between the two clicked
  frames (so the noise of those clicks counts too), or by the typed speeds' worst case
  (attacker and defender running opposite ways).
The verdict is "offside" or "onside" only when the whole interval is on one side of zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from reviewtool.geometry import perspective
from reviewtool.geometry.calibration import Calibration
from reviewtool.geometry.errors import GeometryError
from reviewtool.geometry.uncertainty import SEED, ground_samples

PAYLOAD_KIND, PAYLOAD_VERSION = "offside_measurement", 1
CONFIDENCE = 0.95
VERDICTS = ("offside", "onside", "too_close")
KICK_SIDES = ("either", "towards_neighbour")

Pixel = tuple[float, float]


@dataclass(frozen=True)
class PlayerClicks:
    """Where the official clicked the second-last defender and the attacker in one frame: the
    ground point under the relevant part of the body, in pixels."""

    defender: Pixel
    attacker: Pixel


@dataclass(frozen=True)
class OffsideMeasurement:
    attack: str  # the goal the attackers attack: "left" (x = 0) or "right" (x = length)
    fps: float
    interlaced: bool
    defender_x: float  # along the pitch, metres
    attacker_x: float
    distance_m: float  # positive: the attacker is nearer the goal line than the defender
    interval_m: tuple[float, float]  # everything: calibration, clicks, drift, kick point
    frame_interval_m: tuple[float, float]  # at this frame: calibration, clicks and drift
    calibration_interval_m: tuple[float, float]  # the calibration part alone (players fixed)
    calibration_error_m: float  # half-width of that part
    kick_change_m: float  # how much the distance changed in one sampling interval (clicked)
    kick_bound_m: float  # how much wider the kick point makes the interval (click noise in)
    verdict: str
    lines: dict[str, list[Pixel]]  # "defender", "attacker": end points; "band": polygon
    inputs: dict  # the clicks and choices it came from (kick, neighbour, speeds, kick side)

    @property
    def verdict_text(self) -> str:
        """The verdict in words, with the frame rate a close call depends on."""
        if self.verdict != "too_close":
            return self.verdict
        rate = f"{self.fps:g} fps"
        if self.interlaced:
            rate += f" ({2 * self.fps:g} fields/s)"
        return f"too close to call at {rate}"

    def to_json(self) -> dict:
        """The incident-attachment payload (the log entry adds who, when and the calibration
        it was measured with)."""
        return {"kind": PAYLOAD_KIND, "version": PAYLOAD_VERSION, "attack": self.attack,
                "fps": self.fps, "interlaced": self.interlaced,
                "defender_x": self.defender_x, "attacker_x": self.attacker_x,
                "distance_m": self.distance_m, "interval_m": list(self.interval_m),
                "frame_interval_m": list(self.frame_interval_m),
                "calibration_interval_m": list(self.calibration_interval_m),
                "calibration_error_m": self.calibration_error_m,
                "kick_change_m": self.kick_change_m, "kick_bound_m": self.kick_bound_m,
                "verdict": self.verdict,
                "lines": {k: [list(p) for p in v] for k, v in self.lines.items()},
                "inputs": self.inputs}

    @classmethod
    def from_json(cls, data: dict) -> OffsideMeasurement:
        """Read a payload back as it was measured (nothing is recomputed)."""
        if data.get("kind") != PAYLOAD_KIND or data.get("version") != PAYLOAD_VERSION:
            raise GeometryError(f"not an offside measurement (version {PAYLOAD_VERSION})")
        try:
            pair = lambda v: (float(v[0]), float(v[1]))  # noqa: E731
            if data["verdict"] not in VERDICTS:
                raise ValueError(f"verdict {data['verdict']!r}")
            return cls(str(data["attack"]), float(data["fps"]), bool(data["interlaced"]),
                       float(data["defender_x"]), float(data["attacker_x"]),
                       float(data["distance_m"]), pair(data["interval_m"]),
                       pair(data["frame_interval_m"]), pair(data["calibration_interval_m"]),
                       float(data["calibration_error_m"]), float(data["kick_change_m"]),
                       float(data["kick_bound_m"]), data["verdict"],
                       {k: [pair(p) for p in v] for k, v in data["lines"].items()},
                       dict(data["inputs"]))
        except (KeyError, TypeError, ValueError, IndexError) as e:
            raise GeometryError(f"offside measurement payload is incomplete: {e}") from None


def verdict_of(lo: float, hi: float) -> str:
    """Offside or onside only when the whole interval is on one side; level is onside (Law 11),
    so an interval touching zero from above is too close."""
    if lo > 0:
        return "offside"
    if hi < 0:
        return "onside"
    return "too_close"


def measure(cal: Calibration, attack: str, fps: float, kick: PlayerClicks,
            neighbour: PlayerClicks | None = None, speeds_mps: tuple[float, float] | None = None,
            interlaced: bool = False, kick_side: str = "either",
            neighbour_cal: Calibration | None = None,
            neighbour_gap: int = 1) -> OffsideMeasurement:
    """Measure at the kick frame. ``neighbour`` is the same two points in the neighbouring
    frame; ``speeds_mps`` (defender, attacker) replaces it when typed. ``kick_side``:
    "either" when the ball may have been played on either side of this frame (the default:
    people place the kick late), "towards_neighbour" when it was between this frame and the
    neighbouring one. ``neighbour_cal`` is the neighbouring frame's calibration when the
    camera moved (tracked or clicked); by default the kick frame's. ``neighbour_gap``: how many
    frames after (or before) the kick frame the neighbour clicks were made; the change per
    frame is the clicked change divided by it, so the click noise is too (players run at
    nearly constant speed over a few frames)."""
    if attack not in ("left", "right"):
        raise GeometryError(f'attack must be "left" or "right", got {attack!r}')
    if not isinstance(fps, int | float) or not math.isfinite(fps) or not 1 <= fps <= 1000:
        raise GeometryError(f"fps must be a frame rate from 1 to 1000, got {fps!r}")
    if kick_side not in KICK_SIDES:
        raise GeometryError(f"kick side must be one of {', '.join(KICK_SIDES)}")
    if isinstance(neighbour_gap, bool) or not isinstance(neighbour_gap, int) \
            or not 1 <= neighbour_gap <= 10:
        raise GeometryError(f"the neighbouring frame must be 1 to 10 frames away, got "
                            f"{neighbour_gap!r}")
    sign = 1.0 if attack == "right" else -1.0
    pts = np.array([kick.defender, kick.attacker], np.float64)
    ground = cal.to_ground(pts)
    d0 = sign * float(ground[1, 0] - ground[0, 0])
    low_q, high_q = 100 * (1 - CONFIDENCE) / 2, 100 * (1 + CONFIDENCE) / 2
    along = lambda g: sign * (g[:, 1, 0] - g[:, 0, 0])  # noqa: E731

    cal_lo, cal_hi = np.percentile(along(ground_samples(cal, pts)), [low_q, high_q])
    cal_below, cal_above = max(0.0, d0 - float(cal_lo)), max(0.0, float(cal_hi) - d0)
    changes, nominal = _kick_changes(cal, neighbour_cal, sign, fps, kick, neighbour, speeds_mps)
    if neighbour is not None and neighbour_cal is None:  # one draw: the same calibration
        g = ground_samples(cal, np.concatenate([pts, _pixels(neighbour)]), cal.sigma_px)
        d, changes = along(g[:, :2]), (along(g[:, 2:]) - along(g[:, :2])) / neighbour_gap
    else:
        d = along(ground_samples(cal, pts, cal.sigma_px))
        if neighbour is not None:
            changes = (along(ground_samples(neighbour_cal, _pixels(neighbour),  # type: ignore[arg-type]
                                            cal.sigma_px, seed=SEED + 1)) - d) / neighbour_gap
    lo_d, hi_d = np.percentile(d, [low_q, high_q])
    drift = cal.drift_px * sum(cal.along_pitch_per_pixel(tuple(p)) for p in pts) \
        if cal.drift_px > 0 else cal.drift_m
    below, above = max(0.0, d0 - float(lo_d)) + drift, max(0.0, float(hi_d) - d0) + drift
    share = 0.5 if interlaced else 1.0  # per field: half a frame interval
    moved = share * changes  # per Monte-Carlo draw, as the draw's clicks say
    if kick_side == "either" or neighbour is None:  # the kick on either side of this frame
        early, late = d - np.abs(moved), d + np.abs(moved)
    else:  # between this frame and the neighbour: only that way
        early, late = d + np.minimum(0.0, moved), d + np.maximum(0.0, moved)
    lo = float(np.percentile(early, low_q)) - drift
    hi = float(np.percentile(late, high_q)) + drift
    bound = max(0.0, (d0 - below) - lo, hi - (d0 + above))
    defender_x, attacker_x = float(ground[0, 0]), float(ground[1, 0])
    lines = {"defender": list(perspective.across_pitch(cal, defender_x)),
             "attacker": list(perspective.across_pitch(cal, attacker_x))}
    edge = perspective.BAND_MARGIN_M
    band_x = np.clip([defender_x + sign * lo, defender_x + sign * hi], -edge,
                     cal.pitch.length + edge)
    try:
        lines["band"] = perspective.band(cal, float(band_x[0]), float(band_x[1]))
    except GeometryError:  # an interval reaching behind the camera: no band, the numbers say
        lines["band"] = []
    inputs = {"kick": {"defender": list(kick.defender), "attacker": list(kick.attacker)},
              "neighbour": None if neighbour is None else {
                  "defender": list(neighbour.defender), "attacker": list(neighbour.attacker)},
              "speeds_mps": None if speeds_mps is None else list(speeds_mps),
              "kick_side": kick_side, "neighbour_frame_calibrated": neighbour_cal is not None,
              "neighbour_gap": neighbour_gap}
    return OffsideMeasurement(attack, float(fps), interlaced, defender_x, attacker_x, d0,
                              (lo, hi), (d0 - below, d0 + above),
                              (d0 - cal_below, d0 + cal_above),
                              (cal_below + cal_above) / 2, share * abs(nominal) / neighbour_gap,
                              bound,
                              verdict_of(lo, hi), lines, inputs)


def _pixels(clicks: PlayerClicks) -> np.ndarray:
    return np.array([clicks.defender, clicks.attacker], np.float64)


def _kick_changes(cal: Calibration, neighbour_cal: Calibration | None, sign: float,
                  fps: float, kick: PlayerClicks, neighbour: PlayerClicks | None,
                  speeds_mps: tuple[float, float] | None) -> tuple[np.ndarray, float]:
    """How much the distance changes over one frame interval: the nominal change between the
    clicked frames (the samples come from the Monte-Carlo), or the typed speeds' bound."""
    if neighbour is not None:
        g0 = cal.to_ground(_pixels(kick))
        g1 = (neighbour_cal or cal).to_ground(_pixels(neighbour))
        nominal = sign * float((g1[1, 0] - g1[0, 0]) - (g0[1, 0] - g0[0, 0]))
        return np.array([nominal]), nominal
    if speeds_mps is not None:
        if len(speeds_mps) != 2 or not all(isinstance(v, int | float) and math.isfinite(v)
                                           and 0 <= v <= 15 for v in speeds_mps):
            raise GeometryError("speeds must be two numbers from 0 to 15 m/s "
                                "(defender, attacker)")
        most = (speeds_mps[0] + speeds_mps[1]) / fps
        return np.array([most]), most
    raise GeometryError("the kick point is unknown: click the same two points in the "
                        "neighbouring frame, or type the players' speeds")
