"""The demo review, built without a window: the seed match before the stoppage-time incident,
the demo's clips, their match clocks, the angles' time maps and the offside moments.

``reviewtool --demo`` opens what this builds (synced); ``--demo-unsynced`` leaves the angles
without time maps so the reviewer can sync them by marks or by sound. The set-up is recorded
by ``DEMO_SETUP``; the window that opens it starts its undo history after it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import replace
from pathlib import Path

from reviewtool.demo import scene
from reviewtool.demo.clips import DemoClip, demo_folder
from reviewtool.match.state import Person
from reviewtool.resources import demo_log
from reviewtool.review.incident import PitchPlace
from reviewtool.review.matchtime import MatchTime
from reviewtool.review.session import ReviewSession
from reviewtool.store.chain import Author
from reviewtool.store.lock import ReviewLock, ReviewLocked
from reviewtool.store.matchlog import read
from reviewtool.video.clip import open_clip
from reviewtool.video.timemap import SyncMark

BEFORE_INCIDENT = 16  # events of the seed log before the stoppage-time incident
KEEP_REVIEWS = 5  # demo reviews kept in the cache; older ones go when a new demo starts
DEMO_SETUP = Author("reviewtool demo", "assessor")
MARK_SPREAD = (0.1, 0.9)  # the two sync marks, as fractions of the overlap with the reference


def reviews_folder(cache_dir: Path) -> Path:
    return demo_folder(cache_dir) / "reviews"


def prune_demo_reviews(folder: Path, keep: int = KEEP_REVIEWS) -> list[Path]:
    """Delete all but the newest ``keep`` demo reviews (with their WAL and lock files), so the
    cache does not grow with every demo; one open in another window is left alone. Returns
    the reviews deleted."""
    reviews = sorted(folder.glob("atalanta-dortmund-*.review"),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    gone = []
    for review in reviews[keep:]:
        lock = ReviewLock(review)
        try:
            lock.acquire()
        except (ReviewLocked, OSError):
            continue
        try:
            for extra in ("-wal", "-shm", "-journal"):
                review.with_name(review.name + extra).unlink(missing_ok=True)
            review.unlink(missing_ok=True)
            gone.append(review)
        finally:
            lock.release()
    return gone


def new_review_path(cache_dir: Path) -> Path:
    """A new review file per demo launch, so every demo starts from the same point and
    nothing recorded in an earlier one is overwritten (the newest few are kept)."""
    folder = reviews_folder(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    prune_demo_reviews(folder, KEEP_REVIEWS - 1)  # and the one made now
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"atalanta-dortmund-{stamp}.review"
    n = 2
    while path.exists():
        path = folder / f"atalanta-dortmund-{stamp}-{n}.review"
        n += 1
    return path


def truth_marks(clip: DemoClip, reference: DemoClip) -> list[SyncMark]:
    """Two sync marks where ``clip`` and the reference both have pictures, placed on frames of
    ``clip`` and read on the reference's clock from the scene's truth (exact)."""
    first = max(0.0, (reference.offset - clip.offset) / clip.rate)
    last = min(clip.frames / clip.fps, (reference.scene_time(reference.frames) - clip.offset)
               / clip.rate)
    marks = []
    for share in MARK_SPREAD:
        frame = round((first + share * (last - first)) * clip.fps)
        t_clip = frame / clip.fps
        marks.append(SyncMark(clip.scene_time(frame) - reference.offset, t_clip))
    return marks


def build_demo_review(path: Path, clips: tuple[DemoClip, ...], cache_dir: Path, *,
                      synced: bool = True) -> Path:
    """Create the demo review at ``path`` with the rendered ``clips`` (in the cache)."""
    log = read(demo_log())
    before = replace(log, events=log.events[:BEFORE_INCIDENT])
    session = ReviewSession.create(path, before, DEMO_SETUP)
    try:
        ids: dict[str, int] = {}
        for clip in clips:
            file = clip.path(cache_dir)
            with open_clip(file, cache_dir=cache_dir) as opened:
                facts = opened.facts()
            doc = {k: v for k, v in dataclasses.asdict(facts).items()
                   if k not in ("path", "fingerprint")}
            ids[clip.key] = session.add_clip(str(file), facts.fingerprint, doc).id
        angles = [c for c in clips if c.is_angle]
        if angles:  # the first is the reference angle, synced to the match clock
            reference = angles[0]
            session.mark_sync(ids[reference.key], 0, 2, float(scene.CLOCK_AT_START)
                              + reference.offset)
            for clip in angles[1:] if synced else ():
                session.sync_by_marks(ids[clip.key], truth_marks(clip, reference))
        for clip in clips:
            if clip.moment is not None:
                _offside_incident(session, clip, ids[clip.key])
    finally:
        session.close()
    return path


def _offside_incident(session: ReviewSession, clip: DemoClip, clip_id: int) -> None:
    """The moment's own match clock, and an offside incident at the frame after the pass."""
    m = clip.moment
    assert m is not None
    session.mark_sync(clip_id, 0, m.period, m.clock_at_start + clip.offset)
    truth = m.truth()
    kick = math.ceil((truth.kick_t - clip.offset) * clip.fps)  # the first frame after it
    kick = min(max(kick, 0), clip.frames - 1)
    x, y = m.attacker.position(m.kick_t)
    session.tag_incident(
        "offside", kick, in_frame=0, out_frame=clip.frames - 1, clip_id=clip_id,
        time=MatchTime(m.period, m.clock_at_start + clip.scene_time(kick)),
        offender=Person("home", m.attacker.number), place=PitchPlace(round(x, 1), round(y, 1)),
        notes=f"{m.title}: the ball is played between frames {kick - 1} and {kick}. "
              "Calibrate the angle and measure the offside at this frame.")
