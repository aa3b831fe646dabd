"""What the lines overlay shows at the frame on screen, from the drafts and the log (no
widgets). Lines are drawn only at the frame they were measured at, and the fitted pitch only
at the calibration's own frame: elsewhere they would look precise and not be."""

from __future__ import annotations

import itertools

import numpy as np

from reviewtool.geometry import Calibration, GeometryError, OffsideMeasurement
from ui.lines.drafts import CalibrationDraft, OffsideDraft
from ui.lines.overlay import Scene


def pitch_lines(cal: Calibration) -> list[list[tuple[float, float]]]:
    """The pitch's markings through the calibration, cut where they pass behind the camera
    (far beyond the landmarks), so the official sees how the fit lies on the picture."""
    h = cal.matrix
    depth_ref = float(np.median(cal.ground_points @ h[2, :2] + h[2, 2]))
    floor = 0.2 * abs(depth_ref)
    out: list[list[tuple[float, float]]] = []
    for line in cal.pitch.markings():
        pts = np.asarray(line, float)
        dense = np.concatenate([np.linspace(a, b, 12, endpoint=False)
                                for a, b in itertools.pairwise(pts)] + [pts[-1:]])
        depth = (dense @ h[2, :2] + h[2, 2]) * np.sign(depth_ref)
        img = cal.to_image(dense)
        run: list[tuple[float, float]] = []
        for ok, (x, y) in zip(depth > floor, img, strict=True):
            if ok:
                run.append((float(x), float(y)))
            elif run:
                out.append(run)
                run = []
        if len(run) > 1:
            out.append(run)
    return [r for r in out if len(r) > 1]


def calibration_scene(draft: CalibrationDraft, frame: int,
                      fitted: Calibration | None) -> Scene:
    if frame != draft.frame:
        return Scene(caption=f"Calibrating frame {draft.frame}: go back there to click")
    same = fitted is not None and list(fitted.landmarks) == list(draft.clicks)
    scene = Scene(landmarks=[(n, p, fitted.error_px[n] if same and fitted else None)
                             for n, p in draft.clicks.items()], pending=draft.pending)
    if fitted is not None and fitted.frame == frame:
        scene.pitch = pitch_lines(fitted)
    return scene


def measurement_scene(m: OffsideMeasurement, caption: str = "") -> Scene:
    lo, hi = m.interval_m
    text = caption or (f"{m.verdict_text}: {m.distance_m * 100:+.0f} cm "
                       f"[{lo * 100:+.0f}, {hi * 100:+.0f}]")
    return Scene(lines={k: list(v) for k, v in m.lines.items() if k != "band"},
                 band=list(m.lines.get("band", [])), caption=text)


def offside_scene(draft: OffsideDraft, frame: int, m: OffsideMeasurement | None,
                  problem: GeometryError | None) -> Scene:
    scene = Scene()
    if frame == draft.frame:
        if m is not None:
            scene = measurement_scene(m)
        elif problem is not None:
            scene.caption = "No lines: " + str(problem)
        scene.points = [(f"D {draft.frame}" if r == "defender" else f"A {draft.frame}", p)
                        for r, p in draft.kick.items()]
    elif frame == draft.neighbour_frame:
        scene.points = [(f"D {frame}" if r == "defender" else f"A {frame}", p)
                        for r, p in draft.neighbour.items()]
    return scene
