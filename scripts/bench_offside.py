"""Benchmark: how honest and how useful the offside interval is, against known geometry.

A pinhole camera with the demo renderer's conventions (reviewtool.geometry.camera) gives the
truth. Part 1, measurement: N frames from random camera positions, zooms and pans at 1080p;
the official's landmark and player clicks are the true pixels moved by up to +-2 px (uniform);
players move between frames and the ball is played at a random moment within one frame
interval either side of the measured frame. Reported: how often the truth lies in the stated
intervals, the interval half-widths (median, p95), and the verdict whenever the true margin is
inside one frame's movement. Part 2, tracking: a 3 s pan and zoom at 50 fps over a textured
pitch with moving players, carried from one clicked calibration; the ground error at the end
against the truth, and the error the tracker reported.
Usage: python scripts/bench_offside.py [--frames 60] [--seed 1] [--pan-seconds 3]
       [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from typing import Any

import numpy as np

from reviewtool.geometry import homography
from reviewtool.geometry.calibration import CLICK_SIGMA_PX, calibrate
from reviewtool.geometry.camera import PinholeCamera, draw_players, ground_texture, render_ground
from reviewtool.geometry.errors import GeometryError
from reviewtool.geometry.offside import PlayerClicks, measure
from reviewtool.geometry.pitch import Pitch
from reviewtool.geometry.tracking import CalibrationTracker

FPS = 50
CLICK_PX = 2.0


def _mirror(pitch: Pitch, p: np.ndarray, right: bool) -> np.ndarray:
    q = np.array(p, float)
    if not right:
        q[..., 0] = pitch.length - q[..., 0]
    return q


def _scene(rng: np.random.Generator, pitch: Pitch, lo_k: int, hi_k: int) -> dict[str, Any]:
    """One frame: a camera, the landmarks it sees (the official clicks ``lo_k`` to ``hi_k``
    of them, fewer when fewer are in the picture), two players and how they move."""
    length = pitch.length
    while True:
        right = bool(rng.random() < 0.5)
        sign = 1.0 if right else -1.0
        defender = np.array([rng.uniform(length - 35, length - 6), rng.uniform(6, 62)])
        margin = rng.uniform(-0.6, 0.6)  # attacker ahead of the defender (m), at this frame
        attacker = np.array([defender[0] + margin, rng.uniform(6, 62)])
        target = np.array([*(defender + attacker) / 2 + rng.uniform(-8, 8, 2), 0.0])
        pos = np.array([rng.uniform(30, 92), rng.uniform(-50, -18), rng.uniform(10, 30)])
        view_width = rng.uniform(25, 65)
        focal = 1920 * float(np.linalg.norm(target - pos)) / view_width
        cam = PinholeCamera(tuple(_mirror(pitch, pos, right)),
                            tuple(_mirror(pitch, target, right)), focal)
        players = _mirror(pitch, np.array([defender, attacker]), right)
        if not cam.visible(players, 40).all():
            continue
        names = [n for n, p in pitch.landmarks.items() if cam.visible(np.array([p]), 30)[0]]
        if len(names) < 4:
            continue
        k = min(len(names), int(rng.integers(lo_k, hi_k + 1)))
        chosen = [names[i] for i in rng.choice(len(names), k, replace=False)]
        v_att = rng.uniform(0, 9) * sign  # towards the goal
        v_def = rng.uniform(-7, 7)
        return {"cam": cam, "right": right, "sign": sign, "names": chosen,
                "players": players, "velocity": np.array([v_def, v_att]),
                "tau": rng.uniform(-1, 1), "focal": focal}


def _px(cam: PinholeCamera, ground: np.ndarray) -> np.ndarray:
    return homography.apply(cam.ground_homography(), ground)


def measurement_part(n: int, seed: int, lo_k: int = 6, hi_k: int = 8,
                     sigma: float = CLICK_SIGMA_PX) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    pitch = Pitch()
    rows: list[dict[str, Any]] = []
    refused: list[str] = []
    while len(rows) < n:
        s = _scene(rng, pitch, lo_k, hi_k)
        cam, sign = s["cam"], s["sign"]
        truth = np.array([pitch.landmarks[nm] for nm in s["names"]])
        noisy = _px(cam, truth) + rng.uniform(-CLICK_PX, CLICK_PX, truth.shape)
        try:
            cal = calibrate(pitch, dict(zip(s["names"], noisy.tolist(), strict=True)),
                            sigma_px=sigma)
        except GeometryError as e:  # a refusal is an answer, not a measurement
            refused.append(str(e))
            continue
        p0 = s["players"]
        p1 = p0 + np.column_stack([s["velocity"] / FPS, np.zeros(2)])
        pk = p0 + s["tau"] * (p1 - p0)
        d0_true = sign * (p0[1, 0] - p0[0, 0])
        move_true = sign * ((p1[1, 0] - p1[0, 0]) - (p0[1, 0] - p0[0, 0]))
        d_kick = sign * (pk[1, 0] - pk[0, 0])
        c0 = _px(cam, p0) + rng.uniform(-CLICK_PX, CLICK_PX, (2, 2))
        c1 = _px(cam, p1) + rng.uniform(-CLICK_PX, CLICK_PX, (2, 2))
        attack = "right" if s["right"] else "left"
        m = measure(cal, attack, FPS, PlayerClicks(tuple(c0[0]), tuple(c0[1])),
                    PlayerClicks(tuple(c1[0]), tuple(c1[1])))
        exact = _px(cam, p0)
        m_exact = measure(cal, attack, FPS, PlayerClicks(tuple(exact[0]), tuple(exact[1])),
                          speeds_mps=(0.0, 0.0))
        inside = abs(d0_true) < abs(move_true)
        rows.append({
            "landmarks": len(s["names"]), "focal": round(s["focal"]),
            "calibration_only_in": bool(m_exact.calibration_interval_m[0] <= d0_true
                                        <= m_exact.calibration_interval_m[1]),
            "calibration_half_m": m_exact.calibration_error_m,
            "frame_in": bool(m.frame_interval_m[0] <= d0_true <= m.frame_interval_m[1]),
            "frame_half_m": (m.frame_interval_m[1] - m.frame_interval_m[0]) / 2,
            "kick_in": bool(m.interval_m[0] <= d_kick <= m.interval_m[1]),
            "half_m": (m.interval_m[1] - m.interval_m[0]) / 2,
            "inside_one_frame": inside, "verdict": m.verdict,
            "wrong": (m.verdict == "offside" and d_kick <= 0)
            or (m.verdict == "onside" and d_kick > 0),
            "error_m": m.distance_m - d0_true})
    return {"rows": rows, "refused": refused}


def _q(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def summarise(part: dict[str, Any]) -> dict[str, Any]:
    rows = part["rows"]
    inside = [r for r in rows if r["inside_one_frame"]]
    out = {"frames": len(rows), "refused_fits": len(part["refused"]),
           "calibration_only_coverage": np.mean([r["calibration_only_in"] for r in rows]),
           "calibration_half_cm_median": 100 * _q([r["calibration_half_m"] for r in rows], 50),
           "calibration_half_cm_p95": 100 * _q([r["calibration_half_m"] for r in rows], 95),
           "frame_coverage": np.mean([r["frame_in"] for r in rows]),
           "frame_half_cm_median": 100 * _q([r["frame_half_m"] for r in rows], 50),
           "frame_half_cm_p95": 100 * _q([r["frame_half_m"] for r in rows], 95),
           "kick_coverage": np.mean([r["kick_in"] for r in rows]),
           "half_cm_median": 100 * _q([r["half_m"] for r in rows], 50),
           "half_cm_p95": 100 * _q([r["half_m"] for r in rows], 95),
           "inside_one_frame": len(inside),
           "inside_decided": sum(r["verdict"] != "too_close" for r in inside),
           "decided": sum(r["verdict"] != "too_close" for r in rows),
           "decided_wrong": sum(bool(r["wrong"]) for r in rows),
           "abs_error_cm_median": 100 * _q([abs(r["error_m"]) for r in rows], 50)}
    by_count = {}
    for lo, hi in ((4, 4), (5, 6), (7, 8)):
        sel = [r["calibration_half_m"] for r in rows if lo <= r["landmarks"] <= hi]
        by_count[f"{lo}-{hi}"] = {"frames": len(sel), "median_cm": 100 * _q(sel, 50),
                                  "p95_cm": 100 * _q(sel, 95)}
    out["calibration_half_by_landmarks"] = by_count
    return {k: (float(v) if isinstance(v, np.floating) else v) for k, v in out.items()}


def tracking_part(seconds: float, grass: float, seed: int) -> dict[str, Any]:
    """A pan with zoom from the centre circle to the penalty area, carried by tracking."""
    rng = np.random.default_rng(seed)
    pitch = Pitch()
    texture = ground_texture(pitch, seed=seed, grass=grass)

    def cam_at(a: float) -> PinholeCamera:
        a = a * a * (3 - 2 * a)
        return PinholeCamera((58.0, -38.0, 22.0), (62 + 30 * a, 30 + 6 * a, 0.0),
                             2100 + 900 * a)

    players = np.column_stack([rng.uniform(60, 100, 14), rng.uniform(5, 63, 14)])
    speeds = rng.uniform(-6, 6, (14, 2))
    frames = int(seconds * FPS)

    def picture(f: int) -> tuple[PinholeCamera, np.ndarray]:
        cam = cam_at(f / frames)
        img = render_ground(cam, pitch, texture)
        draw_players(img, cam, players + speeds * f / FPS)
        return cam, img

    cam0, img0 = picture(0)
    seen_names = [n for n, p in pitch.landmarks.items() if cam0.visible(np.array([p]), 30)[0]]
    names = [seen_names[i] for i in rng.choice(len(seen_names), min(8, len(seen_names)),
                                                replace=False)]
    truth = np.array([pitch.landmarks[n] for n in names])
    clicks = _px(cam0, truth) + rng.uniform(-CLICK_PX, CLICK_PX, truth.shape)
    cal = calibrate(pitch, dict(zip(names, clicks.tolist(), strict=True)), frame=0)
    grid = np.array([[x, y] for x in np.linspace(0, 105, 43) for y in np.linspace(0, 68, 28)])
    result: dict[str, Any] = {"grass": grass, "frames": frames, "landmarks": len(names)}
    t0 = time.perf_counter()
    try:
        tracker = CalibrationTracker(cal, img0)
        carried = cal
        for f in range(1, frames + 1):
            cam, img = picture(f)
            carried = tracker.advance(f, img)
    except GeometryError as e:
        result.update(tracked=False, message=str(e))
        return result
    seen = grid[cam.visible(grid, 0)]
    true_px = _px(cam, seen)
    # Tracking alone: against the anchor's own fit carried by the true picture motion.
    ideal = cam.ground_homography() @ np.linalg.inv(cam0.ground_homography()) @ cal.matrix
    track = np.linalg.norm(carried.to_ground(true_px) - homography.apply(
        np.linalg.inv(ideal), true_px), axis=1)
    # Everything (clicks + tracking) where the play is: within 20 m of the picture's centre.
    play = np.linalg.norm(seen - np.array(cam.target[:2]), axis=1) < 20
    total = np.linalg.norm(carried.to_ground(true_px[play]) - seen[play], axis=1)
    seen0 = grid[cam0.visible(grid, 0)]
    play0 = np.linalg.norm(seen0 - np.array(cam0.target[:2]), axis=1) < 20
    anchor = np.linalg.norm(cal.to_ground(_px(cam0, seen0[play0])) - seen0[play0], axis=1)

    def worst_m_per_px(pixel: np.ndarray) -> float:
        g = carried.to_ground(pixel + np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
        return float(np.hypot(np.linalg.norm(g[1] - g[0]), np.linalg.norm(g[2] - g[0])))

    worst = carried.drift_px * max(worst_m_per_px(p) for p in true_px)
    result.update(tracked=True, reported_worst_cm=100 * worst,
                  tracking_error_cm_median=100 * float(np.median(track)),
                  tracking_error_cm_max=100 * float(track.max()),
                  end_error_cm_median=100 * float(np.median(total)),
                  end_error_cm_max=100 * float(total.max()),
                  anchor_error_cm_max=100 * float(anchor.max()),
                  reported_drift_cm=100 * carried.drift_m,
                  ms_per_frame=1000 * (time.perf_counter() - t0) / frames)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--landmarks", default="6-8", metavar="LO-HI",
                    help="how many landmarks the official clicks (fewer when fewer are seen)")
    ap.add_argument("--sigma", type=float, default=CLICK_SIGMA_PX,
                    help="click noise the intervals assume (px, 1 sigma per axis)")
    ap.add_argument("--pan-seconds", type=float, default=3.0)
    ap.add_argument("--no-tracking", action="store_true")
    ap.add_argument("--json", default="bench_offside.json")
    args = ap.parse_args()
    t0 = time.perf_counter()
    lo_k, hi_k = (int(v) for v in args.landmarks.split("-"))
    summary = summarise(measurement_part(args.frames, args.seed, lo_k, hi_k, args.sigma))
    summary["seconds"] = time.perf_counter() - t0
    print(f"{'measurement (' + str(summary['frames']) + ' frames)':<44} value")
    for key in ("calibration_only_coverage", "calibration_half_cm_median",
                "calibration_half_cm_p95", "frame_coverage", "frame_half_cm_median",
                "frame_half_cm_p95", "kick_coverage", "half_cm_median", "half_cm_p95",
                "inside_one_frame", "inside_decided", "decided", "decided_wrong",
                "abs_error_cm_median", "refused_fits"):
        v = summary[key]
        print(f"  {key:<42} {v:.3f}" if isinstance(v, float) else f"  {key:<42} {v}")
    for k, v in summary["calibration_half_by_landmarks"].items():
        print(f"  calibration half-width, {k} landmarks: {v['frames']} frames, median "
              f"{v['median_cm']:.1f} cm, p95 {v['p95_cm']:.1f} cm")
    tracking = []
    if not args.no_tracking:
        for grass in (1.0, 0.0):
            r = tracking_part(args.pan_seconds, grass, args.seed)
            tracking.append(r)
            label = "textured grass" if grass else "stripes and lines only"
            if r["tracked"]:
                print(f"tracking {args.pan_seconds:g} s pan, {label}: tracking error at the "
                      f"end median {r['tracking_error_cm_median']:.1f} cm, max "
                      f"{r['tracking_error_cm_max']:.1f} cm (reported: "
                      f"{r['reported_drift_cm']:.1f} cm at the middle, "
                      f"{r['reported_worst_cm']:.1f} cm at the worst point); ground error "
                      f"where the play is: "
                      f"median {r['end_error_cm_median']:.1f} cm, max "
                      f"{r['end_error_cm_max']:.1f} cm (at the anchor: max "
                      f"{r['anchor_error_cm_max']:.1f} cm); {r['ms_per_frame']:.0f} ms/frame")
            else:
                print(f"tracking {args.pan_seconds:g} s pan, {label}: cannot: {r['message']}")
    out = {"machine": {"python": platform.python_version(), "processor": platform.processor(),
                       "system": platform.platform()},
           "settings": vars(args), "measurement": summary, "tracking": tracking}
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2)
    print(f"-> {args.json}")


if __name__ == "__main__":
    main()
