"""Time maps between angles: fitting marks, residuals, refusing contradictions."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewtool.video.timemap import SyncError, SyncMark, TimeMap, fit_marks, frame_at_or_before


def test_one_mark_sets_the_offset_only():
    fit = fit_marks([SyncMark(reference=12.5, clip=11.13)])
    assert fit.time_map.rate == 1.0
    assert fit.time_map.offset == pytest.approx(1.37)
    assert fit.residuals_ms == pytest.approx((0.0,))


def test_two_marks_recover_offset_and_drift():
    truth = TimeMap(offset=-1.37, rate=1.0002)
    marks = [SyncMark(truth.to_reference(t), t) for t in (10.0, 2400.0)]
    fit = fit_marks(marks)
    assert fit.time_map.offset == pytest.approx(-1.37, abs=1e-9)
    assert fit.time_map.rate == pytest.approx(1.0002, abs=1e-12)
    assert fit.worst_ms < 1e-6


def test_a_wrong_mark_shows_in_its_residual():
    truth = TimeMap(offset=3.0, rate=1.0)
    marks = [SyncMark(truth.to_reference(t), t) for t in (10.0, 100.0, 200.0)]
    marks.append(SyncMark(truth.to_reference(300.0) + 0.5, 300.0))  # half a second off
    fit = fit_marks(marks)
    assert fit.worst_ms > 100


def test_contradicting_marks_are_refused_in_one_line():
    with pytest.raises(SyncError, match="contradict"):
        fit_marks([SyncMark(0.0, 0.0), SyncMark(20.0, 10.0)])
    with pytest.raises(SyncError, match="at least one mark"):
        fit_marks([])


@given(st.floats(-3600, 3600), st.floats(0.999, 1.001), st.floats(-7200, 7200))
def test_inverse_and_compose_round_trip(offset, rate, t):
    m = TimeMap(offset, rate)
    assert m.from_reference(m.to_reference(t)) == pytest.approx(t, abs=1e-6)
    assert m.then(m.inverse()).to_reference(t) == pytest.approx(t, abs=1e-6)
    assert TimeMap.from_json(m.to_json()).to_reference(t) == pytest.approx(m.to_reference(t),
                                                                           abs=1e-4)


def test_a_bad_map_in_a_file_is_named():
    with pytest.raises(SyncError, match="positive rate"):
        TimeMap.from_json({"offset": 0.0, "rate": 0})


def test_marks_close_together_on_frames_give_the_offset_only():
    truth = TimeMap(offset=1.37, rate=1.0002)
    frame = 0.04  # marks placed on 25p frames: each up to a frame out
    marks = [SyncMark(truth.to_reference(2.0), 2.0),
             SyncMark(truth.to_reference(6.0) + 0.03, 6.0)]
    loose = fit_marks(marks, precision=frame)  # 4 s apart: the rate cannot be told
    assert loose.time_map.rate == 1.0
    assert abs(loose.time_map.offset - 1.37) < frame
    # taken as exact, they would mean a 0.77 % drift: 28 s wrong an hour later
    assert fit_marks(marks).time_map.rate == pytest.approx(1.0002 + 0.03 / 4, abs=1e-6)
    with pytest.raises(SyncError, match=r"1\.5 % faster than the other \(marks 4\.0 s apart"):
        fit_marks([marks[0], SyncMark(marks[1].reference + 0.03, 6.0)])
    far = [SyncMark(truth.to_reference(t), t) for t in (10.0, 2400.0)]
    assert fit_marks(far, precision=frame).time_map.rate == pytest.approx(1.0002, abs=1e-9)


def test_the_offset_of_close_marks_ignores_one_wrong_mark():
    marks = [SyncMark(t + 3.0, t) for t in (1.0, 2.0, 3.0)] + [SyncMark(4.5 + 3.0, 4.0)]
    fit = fit_marks(marks, precision=0.02)
    assert fit.time_map.offset == pytest.approx(3.0)
    assert [abs(r) > 20 for r in fit.residuals_ms] == [False, False, False, True]


@given(st.lists(st.floats(0.004, 0.05), min_size=1, max_size=60),
       st.floats(-3, 3), st.floats(0.999, 1.001), st.floats(-4, 6))
def test_frame_at_or_before_is_the_last_frame_not_after_the_instant(durations, offset, rate,
                                                                     instant):
    """One rule for the station, the angle clock and the frame server: checked against the
    plain definition on variable frame rates, with a lookup that may answer off by one."""
    import bisect
    import itertools

    times = [0.0, *itertools.accumulate(durations)][:-1]
    m = TimeMap(offset, rate)

    def sloppy_index_of(t: float) -> int:  # an index that rounds its own way
        return max(0, bisect.bisect_right(times, t) - 1 + (1 if len(times) % 2 else -1))

    got = frame_at_or_before(m, instant, len(times), times.__getitem__, sloppy_index_of)
    before = [n for n, t in enumerate(times) if m.to_reference(t) <= instant + 1e-6]
    assert got == (before[-1] if before else None)
