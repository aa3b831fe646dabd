"""Checks shared by the engine's handlers: who someone is, where they are, what an id names.

Each raises ``Refuse`` with the reason in plain words; the engine adds the event's position.
"""

from __future__ import annotations

from reviewtool.match.model import Side
from reviewtool.match.state import MatchState, Person


class Refuse(Exception):
    """The Laws or the log do not allow this event; the message is the reason."""


def player(state: MatchState, side: Side, number: int, what: str = "") -> Person:
    team = state.match.team(side)
    if team.player(number) is None:
        label = f"{what} " if what else ""
        raise Refuse(f"{label}#{number} is not on {team.name}'s team list ({side})")
    return Person(side, player=number)


def not_sent_off(state: MatchState, person: Person) -> None:
    if state.is_sent_off(person):
        raise Refuse(f"{state.describe(person)} has already been sent off")


def on_field(state: MatchState, person: Person) -> None:
    not_sent_off(state, person)
    if not state.on_field(person):
        raise Refuse(f"{state.describe(person)} is not on the field")


def referenced(state: MatchState, ref: str, kind: str) -> int:
    found = state.ids.get(ref)
    if found is None:
        raise Refuse(f'no earlier event has the id "{ref}"')
    position, typ = found
    if typ != kind:
        raise Refuse(f'"{ref}" is event {position}, a {typ}, not a {kind}')
    return position
