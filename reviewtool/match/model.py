"""The match: competition, date, Laws edition, team lists, officials and competition rules.

Every object keeps the fields a reader did not know in ``extra``, so that a match log read and
written again loses nothing another tool put there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from reviewtool.laws.editions import Edition, edition_for_date, edition_named

Side = Literal["home", "away"]
SIDES: tuple[Side, Side] = ("home", "away")


def other_side(side: Side) -> Side:
    return "away" if side == "home" else "home"


@dataclass(frozen=True)
class Player:
    number: int
    name: str
    starter: bool
    goalkeeper: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict, compare=True)


@dataclass(frozen=True)
class Staff:
    name: str
    role: str
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Team:
    name: str
    players: tuple[Player, ...]
    staff: tuple[Staff, ...] = ()
    short: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def player(self, number: int) -> Player | None:
        for p in self.players:
            if p.number == number:
                return p
        return None

    def staff_member(self, name: str) -> Staff | None:
        for s in self.staff:
            if s.name == name:
                return s
        return None

    @property
    def starters(self) -> tuple[Player, ...]:
        return tuple(p for p in self.players if p.starter)


@dataclass(frozen=True)
class Official:
    role: str  # referee | assistant | fourth | var | avar
    name: str
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Score:
    home: int
    away: int

    def of(self, side: Side) -> int:
        return self.home if side == "home" else self.away

    def as_json(self) -> dict[str, int]:
        return {"home": self.home, "away": self.away}


@dataclass(frozen=True)
class Rules:
    substitutes: int = 5
    extra_time_substitutes: int = 1
    extra_time: bool = False
    penalties: bool = False
    first_leg: Score | None = None
    away_goals: bool = False
    golden_goal: bool = False  # until 2004: the first goal in extra time ends the match
    silver_goal: bool = False  # 2002-2004: a lead after the first half of extra time ends it
    concussion_substitutes: int = 0  # permanent concussion substitutes per team; 0 = not used
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    competition: str
    date: dt.date
    home: Team
    away: Team
    stage: str | None = None
    venue: str | None = None
    laws: str | None = None
    officials: tuple[Official, ...] = ()
    rules: Rules = field(default_factory=Rules)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def team(self, side: Side) -> Team:
        return self.home if side == "home" else self.away

    @property
    def edition(self) -> Edition:
        """The Laws edition: the one named, else the one in force on the match date.

        ``ValueError`` for a date or name outside the known editions (the reader checks this
        first, so a match read from a log always has one)."""
        return edition_named(self.laws) if self.laws else edition_for_date(self.date)
