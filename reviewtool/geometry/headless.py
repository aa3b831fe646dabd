"""``reviewtool offside MEASUREMENT.json``: the measurement as a script sees it.

Input (pixel coordinates; landmark names as in docs/offside.md)::

    {"pitch": {"length": 105, "width": 68}, "attack": "left" | "right", "fps": 50,
     "landmarks": {"NAME": [x, y], ...},
     "frames": [{"defender": [x, y], "attacker": [x, y]},     # the frame the ball is played
                {"defender": [x, y], "attacker": [x, y]}]}    # the neighbouring frame

Optional: "interlaced": true (per field: half the interval); "kick": "either" (default) or
"towards_neighbour"; "neighbour_gap": k when the second frame is k frames from the first;
"speeds_kmh": {"defender": v, "attacker": v} in place of the second frame; a "landmarks"
object inside the second frame when the camera moved; "click_sigma_px".

Output: {"distance_m", "interval_m", "verdict", "reprojection_px", "calibration_error_m"};
``detail=True`` adds the lines in image coordinates and the rest of the measurement.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path

from reviewtool.geometry.calibration import CLICK_SIGMA_PX, Calibration, calibrate
from reviewtool.geometry.checks import pixel
from reviewtool.geometry.errors import GeometryError
from reviewtool.geometry.offside import OffsideMeasurement, PlayerClicks, measure
from reviewtool.geometry.pitch import Pitch

KEYS = {"pitch", "attack", "fps", "landmarks", "frames", "interlaced", "kick", "speeds_kmh",
        "click_sigma_px", "neighbour_gap"}


def read(path: str | Path) -> dict:
    """The measurement file as a JSON object, or a one-line refusal (a folder or a pipe
    is named, never read: reading a pipe would block)."""
    p = Path(path)
    if p.is_dir():
        raise GeometryError(f"{path}: is a folder, not a measurement file")
    if p.exists() and not p.is_file():
        raise GeometryError(f"{path}: is not a regular file (a pipe, socket or device)")
    try:
        data = json.loads(p.read_text("utf-8"))
    except FileNotFoundError:
        raise GeometryError(f"{path}: no such file") from None
    except PermissionError:
        raise GeometryError(f"{path}: cannot be read (Permission denied)") from None
    except (OSError, UnicodeDecodeError) as e:
        raise GeometryError(f"{path}: cannot be read ({e.__class__.__name__})") from None
    except json.JSONDecodeError as e:
        raise GeometryError(f"{path}: not JSON (line {e.lineno}: {e.msg})") from None
    if not isinstance(data, dict):
        raise GeometryError(f"{path}: expected a JSON object")
    return data


def _object(data: Mapping, key: str) -> Mapping:
    value = data.get(key)
    if not isinstance(value, dict):
        raise GeometryError(f'"{key}" must be an object, got {value!r}')
    return value


def _number(data: Mapping, key: str) -> float:
    value = data.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise GeometryError(f'"{key}" must be a number, got {value!r}')
    return float(value)


def _players(frame: object, which: str) -> PlayerClicks:
    if not isinstance(frame, dict):
        raise GeometryError(f"{which}: expected an object with defender and attacker")
    return PlayerClicks(pixel(frame.get("defender"), f"{which} defender"),
                        pixel(frame.get("attacker"), f"{which} attacker"))


def run(data: Mapping) -> tuple[Calibration, OffsideMeasurement]:
    """Calibrate and measure from a parsed measurement file."""
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise GeometryError(f"unknown key {unknown[0]!r} (expected {', '.join(sorted(KEYS))})")
    size = _object(data, "pitch")
    pitch = Pitch(_number(size, "length"), _number(size, "width"))
    sigma = _number(data, "click_sigma_px") if "click_sigma_px" in data else CLICK_SIGMA_PX
    if not 0.1 <= sigma <= 20:
        raise GeometryError('"click_sigma_px" must be from 0.1 to 20')
    cal = calibrate(pitch, _object(data, "landmarks"), sigma_px=sigma)
    frames = data.get("frames")
    if not isinstance(frames, list) or not 1 <= len(frames) <= 2:
        raise GeometryError('"frames" must list the kick frame and the neighbouring frame')
    kick = _players(frames[0], "frames[0]")
    neighbour = _players(frames[1], "frames[1]") if len(frames) == 2 else None
    neighbour_cal = None
    if neighbour is not None and "landmarks" in frames[1]:
        neighbour_cal = calibrate(pitch, _object(frames[1], "landmarks"), sigma_px=sigma)
    speeds = None
    if "speeds_kmh" in data:
        if neighbour is not None:
            raise GeometryError('give either a neighbouring frame or "speeds_kmh", not both')
        typed = _object(data, "speeds_kmh")
        speeds = (_number(typed, "defender") / 3.6, _number(typed, "attacker") / 3.6)
    interlaced = data.get("interlaced", False)
    if not isinstance(interlaced, bool):
        raise GeometryError('"interlaced" must be true or false')
    gap = data.get("neighbour_gap", 1)
    m = measure(cal, str(data.get("attack")), _number(data, "fps"), kick, neighbour, speeds,
                interlaced, str(data.get("kick", "either")), neighbour_cal, gap)
    return cal, m


def report(cal: Calibration, m: OffsideMeasurement, detail: bool = False) -> dict:
    """The printed result: the five keys of the contract, plus the drawing data on request."""
    out: dict = {"distance_m": round(m.distance_m, 4),
                 "interval_m": [round(m.interval_m[0], 4), round(m.interval_m[1], 4)],
                 "verdict": m.verdict,
                 "reprojection_px": [cal.error_px[n] for n in cal.landmarks],
                 "calibration_error_m": round(m.calibration_error_m, 4)}
    if detail:
        out.update(verdict_text=m.verdict_text, landmarks=list(cal.landmarks),
                   reprojection_m=[cal.error_m[n] for n in cal.landmarks],
                   calibration_interval_m=[round(v, 4) for v in m.calibration_interval_m],
                   kick_change_m=round(m.kick_change_m, 4),
                   kick_bound_m=round(m.kick_bound_m, 4),
                   lines={k: [[round(c, 1) for c in p] for p in v] for k, v in m.lines.items()},
                   notes=list(cal.notes))
    return out
