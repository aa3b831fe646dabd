"""Whether a ruling's sanction and restart agree with its offence under the Laws.

With the circumstances the official judged, the ruling must be what Law 12 proposes for them.
Without them (rulings typed by hand, older logs), it must be something Law 12 proposes for
*some* circumstances consistent with the offence and manner: a sending-off for "no offence" or
a direct free kick for offside never is. An official may still override, with a reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, fields
from enum import Enum
from functools import lru_cache
from itertools import product
from typing import Any

from reviewtool.laws.editions import Edition
from reviewtool.laws.offences import (
    CATALOGUE,
    Circumstances,
    Manner,
    Opportunity,
    Sanction,
    propose,
)

# Restarts that only an offence gives: "no offence" cannot lead to them.
OFFENCE_RESTARTS = ("penalty_kick", "direct_free_kick", "indirect_free_kick")
_DERIVED = ("offender_cautioned",)  # from the match state, never stored with the ruling

Outcome = tuple[str, bool, str | None]  # sanction, second caution, restart


def circumstances_json(c: Circumstances) -> dict[str, Any]:
    """The judged circumstances that differ from the defaults, as plain JSON."""
    default = Circumstances()
    return {k: (v.value if isinstance(v, Enum) else v) for k, v in asdict(c).items()
            if k not in _DERIVED and v != getattr(default, k)}


def circumstances_from_json(d: Mapping[str, Any] | None,
                            manner: str | None = None) -> Circumstances | None:
    if d is None:
        return None
    known = {f.name for f in fields(Circumstances)} - set(_DERIVED)
    values: dict[str, Any] = {k: v for k, v in d.items() if k in known}
    if "manner" in values or manner:
        values["manner"] = Manner(values.get("manner") or manner)
    if "opportunity" in values:
        values["opportunity"] = Opportunity(values["opportunity"])
    return Circumstances(**values)


def _outcome(code: str, c: Circumstances, edition: Edition) -> Outcome | None:
    try:
        p = propose(code, c, edition)
    except ValueError:
        return None
    return p.sanction.value, p.second_caution, p.restart.value if p.restart else None


@lru_cache(maxsize=512)
def possible_outcomes(code: str, manner: str | None, cautioned: bool,
                      edition: Edition) -> frozenset[Outcome]:
    """Every (sanction, second caution, restart) Law 12 proposes for ``code`` under some
    circumstances with this manner (any manner when None)."""
    manners = [Manner(manner)] if manner else [None, *Manner]
    out: set[Outcome] = set()
    for m, area, opp, attempt, contact, deliberate, scoring, keeper, in_play, advantage in \
            product(manners, (False, True), tuple(Opportunity), (False, True), (False, True),
                    (False, True), (False, True), (False, True), (False, True), (False, True)):
        if code != "handball" and (deliberate or scoring or keeper):
            continue  # only the handball table reads these
        c = Circumstances(manner=m, inside_own_penalty_area=area, opportunity=opp,
                          attempt_to_play_ball=attempt, contact=contact, deliberate=deliberate,
                          handball_scoring=scoring, goalkeeper_in_own_area=keeper,
                          ball_in_play=in_play, advantage=advantage,
                          offender_cautioned=cautioned)
        found = _outcome(code, c, edition)
        if found is not None:
            out.add(found)
    return frozenset(out)


def _words(outcome: Outcome) -> str:
    sanction, second, restart = outcome
    card = {"none": "no card", "caution": "a caution",
            "sending_off": "a sending-off"}[sanction]
    if second:
        card = "a sending-off for a second caution"
    return f"{card} and {restart.replace('_', ' ') if restart else 'no change of restart'}"


def contradiction(offence: str | None, manner: str | None, circumstances: Circumstances | None,
                  sanction: str, second_caution: bool, restart: str | None,
                  restart_team: str | None, offender_team: str | None, cautioned: bool,
                  edition: Edition) -> str | None:
    """Why the ruling contradicts the Laws, in plain words; None when it agrees."""
    given: Outcome = (Sanction(sanction).value, second_caution, restart)
    if offence is None:
        if sanction != Sanction.NONE:
            return ("no offence, yet a card: a caution or sending-off needs the offence it "
                    "punishes (Law 12.3)")
        if restart in OFFENCE_RESTARTS:
            return (f"no offence, yet a {restart.replace('_', ' ')}: free kicks and penalty "
                    "kicks are awarded only for an offence (Laws 13 and 14)")
        return None
    if offence not in CATALOGUE:
        return f'unknown offence "{offence}"'
    name = CATALOGUE[offence].name
    if (restart in OFFENCE_RESTARTS and offender_team is not None
            and restart_team == offender_team):
        return (f"{name}: the {restart.replace('_', ' ')} goes to the offender's own team; it "
                "is awarded to the opponents (Law 12)")
    if circumstances is not None:
        judged = Circumstances(**{**circumstances.__dict__, "offender_cautioned": cautioned,
                                  "manner": Manner(manner) if manner
                                  else circumstances.manner})
        expected = _outcome(offence, judged, edition)
        if expected is None:
            return f"{name}: the manner (careless, reckless or excessive force) is not given"
        if expected != given:
            return (f"{name}: the Laws give {_words(expected)} for what was judged, not "
                    f"{_words(given)}")
        return None
    possible = possible_outcomes(offence, manner, cautioned, edition)
    if given not in possible:
        return f"{name}: the Laws never give {_words(given)} for this offence"
    return None
