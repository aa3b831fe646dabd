"""The match state: everything that follows from the events applied so far.

People's discipline is derived from the cards still in force (not stored flags), so that a
rescinded or reassigned card restores the right player and the team counts follow by
themselves. Records are immutable; ``clone`` copies the containers so that the engine can
apply an event to a copy and leave the earlier state untouched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from reviewtool.match.events import Period
from reviewtool.match.model import SIDES, Match, Score, Side

Status = Literal["not_started", "in_play", "interval", "suspended", "full_time", "abandoned"]
Role = Literal["player", "substitute", "substituted", "staff"]


@dataclass(frozen=True)
class Person:
    """Someone on a team list: a player by shirt number or a staff member by name.

    The one type for a person everywhere: the match state's cards and presence, an
    incident's offender and victim, a ruling's offender.
    """

    team: Side
    player: int | None = None  # shirt number
    staff: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"team": self.team}
        if self.player is not None:
            out["player"] = self.player
        if self.staff is not None:
            out["staff"] = self.staff
        return out

    @classmethod
    def from_json(cls, d: Mapping[str, Any] | None) -> Person | None:
        if not d:
            return None
        return cls(d["team"], d.get("player"), d.get("staff"))

    def describe(self, match: Match) -> str:
        """"#5 Ramy Bensebaini (BVB)", for panels and lists (the state's ``describe`` is the
        Laws messages' wording)."""
        team = match.team(self.team)
        label = team.short or team.name
        if self.staff is not None:
            return f"{self.staff} ({label} staff)"
        p = team.player(self.player) if self.player is not None else None
        name = p.name if p else "unknown player"
        return f"#{self.player} {name} ({label})"


@dataclass(frozen=True)
class Presence:
    """Where a player stands: entered the field at some point, and left it for good."""

    entered: bool
    left: bool = False


@dataclass(frozen=True)
class CardRecord:
    key: str  # the event id, or "#<position>" when the event has none
    position: int  # 1-based position of the card event in the log
    person: Person
    colour: Literal["yellow", "red"]
    minute: str | None
    reason: str | None
    role: Role  # the person's role when the card was shown
    in_play: bool  # shown before full time: a sending-off then takes a player out of play
    active: bool = True
    in_shootout: bool = False  # shown during kicks from the penalty mark (Law 10)


@dataclass(frozen=True)
class GoalRecord:
    key: str
    team: Side  # the team the goal counts for
    player: int  # the scorer (for an own goal: the opponent who put it in)
    minute: str | None
    penalty: bool
    own_goal: bool
    period: Period
    counts: bool = True


@dataclass(frozen=True)
class SendingOff:
    person: Person
    card: CardRecord  # the card that sent the person off (red, or the second yellow)
    second_caution: bool


@dataclass
class MatchState:
    """Derived state of one match. Treat as read-only outside the engine."""

    match: Match
    status: Status = "not_started"
    period: Period | None = None
    presence: dict[Person, Presence] = field(default_factory=dict)
    cards: dict[str, CardRecord] = field(default_factory=dict)
    cards_of: dict[Person, tuple[str, ...]] = field(default_factory=dict)
    goals: dict[str, GoalRecord] = field(default_factory=dict)
    substitutions: dict[Side, int] = field(default_factory=lambda: {"home": 0, "away": 0})
    shootout_taken: dict[Side, int] = field(default_factory=lambda: {"home": 0, "away": 0})
    shootout_scored: dict[Side, int] = field(default_factory=lambda: {"home": 0, "away": 0})
    # Law 10: who may kick (on the field at the end of play), the equal-numbers cap and kicks
    shootout_eligible: dict[Side, frozenset[int]] = field(default_factory=dict)
    shootout_cap: int | None = None
    shootout_kicks: dict[Person, int] = field(default_factory=dict)
    shootout_keepers: dict[Side, int] = field(default_factory=dict)  # replacements (Law 10)
    shootout_first: Side | None = None  # the team that kicks first in every round
    concussion_used: dict[Side, int] = field(default_factory=lambda: {"home": 0, "away": 0})
    # additional substitutes for any reason, one per concussion substitute of the opponents
    additional_substitutes: dict[Side, int] = field(
        default_factory=lambda: {"home": 0, "away": 0})
    ids: dict[str, tuple[int, str]] = field(default_factory=dict)  # id -> (position, type)
    periods_started: tuple[Period, ...] = ()
    status_before_suspension: Status | None = None
    suspended_at: int | None = None
    last_restart: tuple[str, Side | None] | None = None
    awarded: Score | None = None
    events_applied: int = 0

    @classmethod
    def initial(cls, match: Match) -> MatchState:
        state = cls(match=match)
        for side in SIDES:
            for p in match.team(side).players:
                state.presence[Person(side, player=p.number)] = Presence(entered=p.starter)
        return state

    def clone(self) -> MatchState:
        return MatchState(
            match=self.match, status=self.status, period=self.period,
            presence=dict(self.presence), cards=dict(self.cards), cards_of=dict(self.cards_of),
            goals=dict(self.goals), substitutions=dict(self.substitutions),
            shootout_taken=dict(self.shootout_taken), shootout_scored=dict(self.shootout_scored),
            shootout_eligible=dict(self.shootout_eligible), shootout_cap=self.shootout_cap,
            shootout_kicks=dict(self.shootout_kicks), shootout_keepers=self.shootout_keepers,
            shootout_first=self.shootout_first,
            concussion_used=dict(self.concussion_used),
            additional_substitutes=dict(self.additional_substitutes),
            ids=dict(self.ids), periods_started=self.periods_started,
            status_before_suspension=self.status_before_suspension,
            suspended_at=self.suspended_at, last_restart=self.last_restart,
            awarded=self.awarded, events_applied=self.events_applied)

    # --- people --------------------------------------------------------------------------

    def name_of(self, person: Person) -> str:
        if person.staff is not None:
            return person.staff
        player = self.match.team(person.team).player(person.player or 0)
        return player.name if player else f"#{person.player}"

    def describe(self, person: Person) -> str:
        if person.staff is not None:
            return f"{person.staff} ({person.team} staff)"
        return f"{self.name_of(person)} ({person.team} #{person.player})"

    def active_cards(self, person: Person) -> list[CardRecord]:
        return [c for k in self.cards_of.get(person, ()) if (c := self.cards[k]).active]

    def sending_off(self, person: Person) -> SendingOff | None:
        """The sending-off in force for ``person``, if any. Law 10: cautions of the match are
        not carried into kicks from the penalty mark, so a caution there is a first one."""
        cautioned: set[bool] = set()
        for card in self.active_cards(person):
            if card.colour == "red":
                return SendingOff(person, card, second_caution=False)
            if card.in_shootout in cautioned:
                return SendingOff(person, card, second_caution=True)
            cautioned.add(card.in_shootout)
        return None

    def is_sent_off(self, person: Person) -> bool:
        return self.sending_off(person) is not None

    def cautions(self, person: Person) -> int:
        return sum(1 for c in self.active_cards(person) if c.colour == "yellow")

    def on_field(self, person: Person) -> bool:
        presence = self.presence.get(person)
        if presence is None or not presence.entered or presence.left:
            return False
        off = self.sending_off(person)
        return off is None or not off.card.in_play

    def role(self, person: Person) -> Role:
        if person.staff is not None:
            return "staff"
        presence = self.presence[person]
        if presence.left:
            return "substituted"
        if not presence.entered:
            return "substitute"
        return "player"

    def players_on_field(self, side: Side) -> list[int]:
        return [p.number for p in self.match.team(side).players
                if self.on_field(Person(side, player=p.number))]

    def on_field_count(self, side: Side) -> int:
        """Players on the field; the hot path of every event's check, so only people with
        cards are asked about sendings-off."""
        count = 0
        for person, presence in self.presence.items():
            if person.team == side and presence.entered and not presence.left:
                if person in self.cards_of:
                    off = self.sending_off(person)
                    if off is not None and off.card.in_play:
                        continue
                count += 1
        return count

    # --- scores --------------------------------------------------------------------------

    def counted_goals(self) -> list[GoalRecord]:
        return [g for g in self.goals.values() if g.counts]

    @property
    def score(self) -> Score:
        if self.awarded is not None:
            return self.awarded
        home = sum(1 for g in self.counted_goals() if g.team == "home")
        return Score(home, len(self.counted_goals()) - home)

    @property
    def aggregate(self) -> Score | None:
        first = self.match.rules.first_leg
        if first is None:
            return None
        s = self.score
        return Score(first.home + s.home, first.away + s.away)

    @property
    def shootout(self) -> Score | None:
        if "penalties" not in self.periods_started:
            return None
        return Score(self.shootout_scored["home"], self.shootout_scored["away"])

    def to_json(self) -> dict[str, Any]:
        """The match state as ``reviewtool replay`` prints it (matchlog.md)."""
        from reviewtool.match.outcome import result

        winner, decided_by = result(self)
        agg = self.aggregate
        shoot = self.shootout
        return {
            "status": self.status,
            "period": self.period,
            "score": self.score.as_json(),
            "aggregate": agg.as_json() if agg else None,
            "shootout": shoot.as_json() if shoot else None,
            "winner": winner,
            "decided_by": decided_by,
            "on_field": {side: self.on_field_count(side) for side in SIDES},
            "substitutions": dict(self.substitutions),
            "laws": self.match.edition.name,
            "goals": [
                {"team": g.team, "player": g.player,
                 "name": self.name_of(Person(_scorer_side(g), player=g.player)),
                 "minute": g.minute, "penalty": g.penalty, "own_goal": g.own_goal}
                for g in self.counted_goals()
            ],
            "cautions": [
                {"team": c.person.team, **_who(c.person), "name": self.name_of(c.person),
                 "minute": c.minute}
                for c in self.cards.values() if c.active and c.colour == "yellow"
            ],
            "sent_off": [
                {"team": s.person.team, **_who(s.person), "name": self.name_of(s.person),
                 "minute": s.card.minute,
                 "reason": "second caution" if s.second_caution else "red card",
                 "role": s.card.role}
                for s in self.sendings_off()
            ],
        }

    def sendings_off(self) -> list[SendingOff]:
        """Sendings-off in force, in the order they happened."""
        found = [s for person in self.cards_of if (s := self.sending_off(person))]
        return sorted(found, key=lambda s: s.card.position)


def _scorer_side(goal: GoalRecord) -> Side:
    if goal.own_goal:
        return "away" if goal.team == "home" else "home"
    return goal.team


def _who(person: Person) -> dict[str, Any]:
    return {"staff": person.staff} if person.staff is not None else {"player": person.player}
