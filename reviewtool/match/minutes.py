"""Minute order: the event list is the order things happened, so minutes never go back.

The order of minutes is the match clock's: by base minute, then added time ("45+3" before
"46", "90+8" after "90"). Equal minutes are allowed (several things happen in one minute),
events without a minute are not checked. A minute must also fit the period in play: a
period's minutes run from the minute its clock starts at to its regular end plus added time
("46".."90+x" in the second half, where "45" is the kick-off minute and "45+2" is first-half
added time); between periods and after full time a minute is no earlier than the end of the
last period. The engine calls ``check`` before it applies an event, so a refusal leaves the
state as it was.
"""

from __future__ import annotations

from reviewtool.match import events as ev
from reviewtool.match.checks import Refuse
from reviewtool.match.clock import PERIOD_END_MINUTE, PERIOD_START_MINUTE, Minute
from reviewtool.match.state import MatchState


def check(state: MatchState, event: ev.MatchEvent) -> None:
    """Refuse ``event`` if its minute is earlier than an earlier event's or outside the
    period in play."""
    if not event.minute:
        return
    minute = Minute.parse(event.minute)  # the reader already refused a malformed one
    last = state.last_minute
    if last is not None and minute < Minute.parse(last[0]):
        text, position, typ = last
        raise Refuse(f"minute {minute} is earlier than minute {text} of event {position} "
                     f"({typ}); events are recorded in the order they happened")
    period = event.period if isinstance(event, ev.PeriodStart) else state.period
    if not isinstance(period, int):
        return  # before kick-off, or kicks from the penalty mark: order alone
    start, end = PERIOD_START_MINUTE[period], PERIOD_END_MINUTE[period]
    in_period = isinstance(event, ev.PeriodStart) or state.status in ("in_play", "suspended")
    if in_period:
        fits = start <= minute.base <= end and (not minute.added or minute.base == end)
        if not fits:
            raise Refuse(f"minute {minute} is not in period {period} (minutes "
                         f"{max(start, 1)} to {end}+)")
    elif state.status in ("interval", "full_time") and minute < Minute(end):
        when = "full time" if state.status == "full_time" else f"the end of period {period}"
        raise Refuse(f"minute {minute} is earlier than {when} ({end})")


def record(state: MatchState, event: ev.MatchEvent, position: int) -> None:
    """Remember ``event``'s minute if it is the latest one (an event stored before minutes
    were checked may be earlier: the latest stays)."""
    if not event.minute:
        return
    last = state.last_minute
    if last is None or Minute.parse(event.minute) >= Minute.parse(last[0]):
        state.last_minute = (event.minute, position, event.type)
