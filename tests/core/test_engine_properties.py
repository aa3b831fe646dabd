"""Property-based tests: random logs of events the engine accepts keep the Laws' invariants."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewtool.match import events as ev
from reviewtool.match.engine import Rejection, apply, check, replay
from reviewtool.match.model import SIDES
from reviewtool.match.state import MatchState, Person
from reviewtool.store import matchlog
from tests.core.matchkit import document

PLAY_EVENTS = (ev.Goal, ev.Substitution, ev.PenaltyKick, ev.ShootoutKick, ev.PlayerOff)


def _numbers(state: MatchState, side: str) -> list[int]:
    return [p.number for p in state.match.team(side).players]  # type: ignore[arg-type]


def _candidate(data: st.DataObject, state: MatchState, i: int,
               ids: dict[str, list[str]]) -> ev.MatchEvent:
    kind = data.draw(st.sampled_from(
        ["period_start", "period_end", "goal", "goal", "goal", "card", "card", "card",
         "rescind", "reassign", "disallow", "sub", "sub", "player_off", "suspend", "resume",
         "shootout", "shootout", "full_time", "abandon", "restart"]))
    side = data.draw(st.sampled_from(SIDES))
    number = data.draw(st.sampled_from(_numbers(state, side)))
    eid = f"e{i}"
    if kind == "period_start":
        return ev.PeriodStart(id=eid, period=data.draw(st.sampled_from([1, 2, 3, 4,
                                                                        "penalties"])))
    if kind == "period_end":
        return ev.PeriodEnd(id=eid, period=state.period or 1)
    if kind == "goal":
        return ev.Goal(id=eid, team=side, player=number, own_goal=data.draw(st.booleans()),
                       penalty=data.draw(st.booleans()))
    if kind == "card":
        staff = data.draw(st.booleans()) and data.draw(st.booleans())
        colour = data.draw(st.sampled_from(["yellow", "yellow", "red"]))
        if staff:
            name = state.match.team(side).staff[0].name
            return ev.Card(id=eid, team=side, staff=name, card=colour)
        return ev.Card(id=eid, team=side, player=number, card=colour)
    if kind in ("rescind", "reassign") and ids["card"]:
        ref = data.draw(st.sampled_from(ids["card"]))
        if kind == "rescind":
            return ev.CardRescinded(id=eid, card=ref)
        team = state.cards[ref].person.team
        return ev.CardReassigned(id=eid, card=ref,
                                 player=data.draw(st.sampled_from(_numbers(state, team))))
    if kind == "disallow" and ids["goal"]:
        return ev.GoalDisallowed(id=eid, goal=data.draw(st.sampled_from(ids["goal"])))
    if kind == "sub":
        other = data.draw(st.sampled_from(_numbers(state, side)))
        return ev.Substitution(id=eid, team=side, off=number, on=other,
                               concussion=data.draw(st.integers(0, 3)) == 0)
    if kind == "player_off":
        return ev.PlayerOff(id=eid, team=side, player=number)
    if kind == "suspend":
        return ev.Suspended(id=eid, reason="weather")
    if kind == "resume":
        return ev.Resumed(id=eid)
    if kind == "shootout":
        return ev.ShootoutKick(id=eid, team=side, player=number, scored=data.draw(st.booleans()))
    if kind == "full_time":
        return ev.FullTime(id=eid)
    if kind == "abandon" and data.draw(st.integers(0, 9)) == 0:
        return ev.Abandoned(id=eid, reason="crowd trouble")
    return ev.Restart(id=eid, kind="throw_in", team=side)


def _involved(e: ev.MatchEvent, before: MatchState) -> list[Person]:
    """Who takes part in ``e`` (before kick-off a sent-off starter may still be replaced)."""
    if isinstance(e, ev.Substitution):
        on = Person(e.team, player=e.on)
        return [on] if before.status == "not_started" else [Person(e.team, player=e.off), on]
    if isinstance(e, ev.Goal):
        side = ("away" if e.team == "home" else "home") if e.own_goal else e.team
        return [Person(side, player=e.player)]  # type: ignore[arg-type]
    if isinstance(e, ev.ShootoutKick | ev.PenaltyKick | ev.PlayerOff):
        return [Person(e.team, player=e.player)]
    return []


rules = st.fixed_dictionaries({}, optional={
    "extra_time": st.booleans(), "penalties": st.booleans(),
    "substitutes": st.integers(0, 5), "concussion_substitutes": st.integers(0, 2),
    "golden_goal": st.booleans(), "silver_goal": st.booleans(),
    "first_leg": st.fixed_dictionaries({"home": st.integers(0, 3), "away": st.integers(0, 3)}),
})


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), match_rules=rules, length=st.integers(10, 90))
def test_random_accepted_logs_keep_the_invariants(data: st.DataObject,
                                                  match_rules: dict[str, Any],
                                                  length: int) -> None:
    log = matchlog.parse(document([], **match_rules))
    state = MatchState.initial(log.match)
    accepted: list[ev.MatchEvent] = []
    ids: dict[str, list[str]] = {"card": [], "goal": []}
    for i in range(length * 3):
        if len(accepted) >= length:
            break
        e = _candidate(data, state, i, ids)
        if check(state, e) is not None:
            continue
        before = state
        state = apply(state, e)
        accepted.append(e)
        if isinstance(e, ev.Card | ev.Goal):
            ids["card" if isinstance(e, ev.Card) else "goal"].append(e.id or "")

        # No one sent off takes part again.
        for person in _involved(e, before):
            assert not before.is_sent_off(person), (e, person)
        # Play goes on only while both teams have at least seven players.
        if isinstance(e, PLAY_EVENTS):
            assert all(before.on_field_count(s) >= 7 for s in SIDES)
        # Never more than eleven on the field; never more substitutes than allowed.
        r = log.match.rules
        for s in SIDES:
            assert state.on_field_count(s) <= 11
            assert state.concussion_used[s] <= r.concussion_substitutes
            bonus = state.concussion_used["away" if s == "home" else "home"]
            limit = r.substitutes + r.extra_time_substitutes + bonus
            assert state.substitutions[s] - state.concussion_used[s] <= limit
        # The score is the goals that count.
        disallowed = {x.goal for x in accepted if isinstance(x, ev.GoalDisallowed)}
        counted = [g for g in accepted if isinstance(g, ev.Goal) and g.id not in disallowed]
        if state.awarded is None:
            assert state.score.home == sum(1 for g in counted if g.team == "home")
            assert state.score.away == sum(1 for g in counted if g.team == "away")

    # Replaying the whole log equals applying its events one at a time.
    assert replay(log.match, accepted).to_json() == state.to_json()
    # Export then import gives the same log.
    full = matchlog.MatchLog(log.match, tuple(accepted), {})
    assert matchlog.parse(matchlog.to_json(full)) == full


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_rejected_event_leaves_the_state_unchanged(data: st.DataObject) -> None:
    log = matchlog.parse(document([], extra_time=True, penalties=True))
    state = MatchState.initial(log.match)
    ids: dict[str, list[str]] = {"card": [], "goal": []}
    for i in range(40):
        e = _candidate(data, state, i, ids)
        snapshot = state.to_json()
        try:
            state = apply(state, e)
        except Rejection as r:
            assert r.position == state.events_applied + 1
            assert state.to_json() == snapshot
