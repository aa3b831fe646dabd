"""Bytes by frame, summed over ranges (``ByteTally``), and the caches' eviction rank sums built
on it: the same answers as summing picture by picture, whatever was kept, packed or dropped."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reviewtool.video.cache import NEAR_SECONDS, Budget, FrameCache
from reviewtool.video.picture import Picture
from reviewtool.video.tally import ByteTally

changes = st.lists(st.tuples(st.integers(0, 5000), st.integers(-10_000, 10_000)), max_size=80)


@given(changes, st.integers(-10, 5100), st.integers(-10, 5100))
def test_a_tally_sums_what_lies_outside_any_range(adds, first, last) -> None:
    tally = ByteTally(capacity=4)  # small: it grows many times on the way
    own: dict[int, int] = {}
    for index, nbytes in adds:
        tally.add(index, nbytes)
        own[index] = own.get(index, 0) + nbytes
    assert tally.total == sum(own.values())
    assert tally.outside(first, last) == sum(b for i, b in own.items()
                                             if i < first or i > last)
    tally.clear()
    assert tally.total == 0 and tally.outside(first, last) == 0


def _picture(index: int, nbytes: int) -> Picture:
    return Picture(index, index, b"", 64, 48, False, nbytes, "i420", ("yuv420p", 1, 1))


def _beyond_one_by_one(cache: FrameCache, rank: float) -> int:
    """The bytes of ``cache``'s pictures whose claim to stay is weaker than ``rank``, as
    the caches summed them before the tally."""
    return sum(p.nbytes for n, p in cache._pictures.items() if cache._rank(n) > rank)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3000), st.integers(1, 50_000), st.booleans()),
                min_size=1, max_size=60),
       st.integers(0, 3000), st.sampled_from([0.0, 5.0]), st.sampled_from([0.02, 0.04, 0.0167]),
       st.lists(st.floats(0.0, 40.0), min_size=1, max_size=8))
def test_a_caches_sums_beyond_a_rank_match_its_pictures(puts, centre, lead, seconds, ranks
                                                        ) -> None:
    cache = FrameCache(10**12)  # nothing evicted: every put is kept
    cache.share(Budget(10**12), seconds_per_frame=seconds, lead=lead)
    for index, nbytes, drop in puts:
        cache.put(_picture(index, nbytes))
        if drop:
            with cache._budget.lock:
                cache._drop(index)
    cache.pin(centre)
    for rank in [*ranks, NEAR_SECONDS, NEAR_SECONDS + lead]:
        assert cache._bytes_beyond(rank) == _beyond_one_by_one(cache, rank), rank


def test_eviction_by_a_shared_budget_keeps_the_tallies_true() -> None:
    """Two caches on a 1 MB budget, one with a lead: each put evicts the weakest claims, and
    the sums that decide whether a frame would be kept stay those of the pictures kept."""
    budget = Budget(1_000_000)
    main, other = FrameCache(), FrameCache()
    main.share(budget, seconds_per_frame=0.02)
    other.share(budget, seconds_per_frame=0.04, lead=5.0)
    main.pin(500)
    other.pin(250)
    for i in range(400):
        main.put(_picture(300 + i, 7_000 + i))
        other.put(_picture(150 + i // 2, 9_000))
        assert budget.nbytes <= budget.total
        for cache in (main, other):
            for rank in (0.1, NEAR_SECONDS, 1.0, 3.0, 6.0):
                assert cache._bytes_beyond(rank) == _beyond_one_by_one(cache, rank)
    assert main.would_keep(500) and not other.would_keep(2_000)
