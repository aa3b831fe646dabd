"""Match events, one class per type of the match log (format version 1).

Events are plain immutable data; the engine decides whether one may happen. Field names follow
the match log exactly so reading and writing stay a mechanical mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from reviewtool.match.model import Score, Side

Period = int | Literal["penalties"]


@dataclass(frozen=True, kw_only=True)
class MatchEvent:
    """Fields every event may carry."""

    TYPE: ClassVar[str] = ""
    id: str | None = None
    minute: str | None = None
    note: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def type(self) -> str:
        return self.TYPE


@dataclass(frozen=True, kw_only=True)
class PeriodStart(MatchEvent):
    TYPE: ClassVar[str] = "period_start"
    period: Period


@dataclass(frozen=True, kw_only=True)
class PeriodEnd(MatchEvent):
    TYPE: ClassVar[str] = "period_end"
    period: Period


@dataclass(frozen=True, kw_only=True)
class Goal(MatchEvent):
    TYPE: ClassVar[str] = "goal"
    team: Side
    player: int
    penalty: bool = False
    own_goal: bool = False


@dataclass(frozen=True, kw_only=True)
class GoalDisallowed(MatchEvent):
    TYPE: ClassVar[str] = "goal_disallowed"
    goal: str
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class Card(MatchEvent):
    TYPE: ClassVar[str] = "card"
    team: Side
    card: Literal["yellow", "red"]
    player: int | None = None
    staff: str | None = None
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class CardRescinded(MatchEvent):
    TYPE: ClassVar[str] = "card_rescinded"
    card: str


@dataclass(frozen=True, kw_only=True)
class CardReassigned(MatchEvent):
    TYPE: ClassVar[str] = "card_reassigned"
    card: str
    player: int


@dataclass(frozen=True, kw_only=True)
class Substitution(MatchEvent):
    TYPE: ClassVar[str] = "substitution"
    team: Side
    off: int
    on: int
    concussion: bool = False  # a permanent concussion substitute (rules.concussion_substitutes)


@dataclass(frozen=True, kw_only=True)
class PlayerOff(MatchEvent):
    TYPE: ClassVar[str] = "player_off"
    team: Side
    player: int
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class VarCheck(MatchEvent):
    TYPE: ClassVar[str] = "var_check"
    outcome: Literal["complete", "review_recommended"]
    about: str | None = None


@dataclass(frozen=True, kw_only=True)
class Review(MatchEvent):
    TYPE: ClassVar[str] = "review"
    kind: Literal["on_field", "var_only"]
    outcome: Literal["confirmed", "overturned"]
    about: str | None = None
    original: str | None = None
    final: str | None = None


@dataclass(frozen=True, kw_only=True)
class Restart(MatchEvent):
    TYPE: ClassVar[str] = "restart"
    kind: str
    team: Side | None = None


@dataclass(frozen=True, kw_only=True)
class PenaltyKick(MatchEvent):
    TYPE: ClassVar[str] = "penalty_kick"
    team: Side
    player: int
    outcome: Literal["saved", "missed", "retake"]


@dataclass(frozen=True, kw_only=True)
class ShootoutKick(MatchEvent):
    TYPE: ClassVar[str] = "shootout_kick"
    team: Side
    player: int
    scored: bool


@dataclass(frozen=True, kw_only=True)
class Suspended(MatchEvent):
    TYPE: ClassVar[str] = "suspended"
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class Resumed(MatchEvent):
    TYPE: ClassVar[str] = "resumed"


@dataclass(frozen=True, kw_only=True)
class Abandoned(MatchEvent):
    TYPE: ClassVar[str] = "abandoned"
    reason: str | None = None
    result: Score | None = None


@dataclass(frozen=True, kw_only=True)
class FullTime(MatchEvent):
    TYPE: ClassVar[str] = "full_time"


EVENT_TYPES: dict[str, type[MatchEvent]] = {
    cls.TYPE: cls
    for cls in (PeriodStart, PeriodEnd, Goal, GoalDisallowed, Card, CardRescinded,
                CardReassigned, Substitution, PlayerOff, VarCheck, Review, Restart, PenaltyKick,
                ShootoutKick, Suspended, Resumed, Abandoned, FullTime)
}

RESTART_KINDS = ("kick_off", "penalty_kick", "direct_free_kick", "indirect_free_kick",
                 "corner_kick", "goal_kick", "throw_in", "dropped_ball")
