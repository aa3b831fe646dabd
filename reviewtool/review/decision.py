"""Decisions on an incident and the VAR path, and the match events each step appends.

A decision is recorded in steps, as the VAR protocol has it: the referee's on-field decision;
the VAR check (complete, or a review recommended); the review (on-field review or VAR-only
review) that confirms or overturns it with a final decision. An overturn appends exactly the
match events that turn the on-field decision into the final one: cards rescinded, moved or
added, a goal disallowed, the new restart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from reviewtool.laws.offences import CATALOGUE, Circumstances, Sanction
from reviewtool.laws.var import CheckOutcome
from reviewtool.match import events as ev
from reviewtool.match.catalogue import new_id, unique_id
from reviewtool.match.clock import Minute
from reviewtool.match.model import Match, Side
from reviewtool.match.state import MatchState, Person
from reviewtool.review.ruling_laws import (
    circumstances_from_json,
    circumstances_json,
    contradiction,
)

Step = Literal["on_field", "var_check", "review"]
STEPS: tuple[Step, ...] = ("on_field", "var_check", "review")


class RulingRefused(ValueError):
    """A ruling that contradicts the Laws with no reason given for the override."""


@dataclass(frozen=True)
class Ruling:
    """What an official decided: the offence (None: no offence), sanction, restart."""

    offence: str | None = None
    manner: str | None = None
    sanction: str = Sanction.NONE.value
    second_caution: bool = False
    offender: Person | None = None
    restart: str | None = None
    restart_team: Side | None = None
    goal: str | None = None  # the id of a goal this ruling disallows
    override: str | None = None  # why the sanction or restart differs from the Law's proposal
    # what the official judged (manner aside), when known: the Laws' proposal follows from it
    circumstances: Circumstances | None = None

    def __post_init__(self) -> None:
        if self.offence is not None and self.offence not in CATALOGUE:
            raise ValueError(f'unknown offence "{self.offence}"')
        Sanction(self.sanction)
        if self.restart is not None and self.restart not in ev.RESTART_KINDS:
            raise ValueError(f'unknown restart "{self.restart}"')
        if self.sanction != Sanction.NONE and self.offender is None:
            raise ValueError("a card needs the offender: choose who it is for")

    @property
    def card(self) -> Literal["yellow", "red"] | None:
        if self.sanction == Sanction.NONE:
            return None
        if self.sanction == Sanction.CAUTION or self.second_caution:
            return "yellow"
        return "red"

    def text(self) -> str:
        """Plain words, as the review's original/final in the match log."""
        parts = []
        if self.goal:
            parts.append("no goal")
        if self.restart:
            parts.append(self.restart.replace("_", " "))
        if self.sanction == Sanction.CAUTION:
            parts.append("caution")
        elif self.sanction == Sanction.SENDING_OFF:
            parts.append("sending-off (second caution)" if self.second_caution
                         else "sending-off")
        if not parts:
            parts.append("play on" if self.offence is None else CATALOGUE[self.offence].name)
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {"offence": self.offence, "manner": self.manner, "sanction": self.sanction,
                "second_caution": self.second_caution,
                "offender": self.offender.to_json() if self.offender else None,
                "restart": self.restart, "restart_team": self.restart_team,
                "goal": self.goal, "override": self.override,
                **({"circumstances": circumstances_json(self.circumstances)}
                   if self.circumstances is not None else {})}

    @classmethod
    def from_json(cls, d: Mapping[str, Any] | None) -> Ruling | None:
        if d is None:
            return None
        return cls(offence=d.get("offence"), manner=d.get("manner"),
                   sanction=d.get("sanction", "none"),
                   second_caution=bool(d.get("second_caution")),
                   offender=Person.from_json(d.get("offender")), restart=d.get("restart"),
                   restart_team=d.get("restart_team"), goal=d.get("goal"),
                   override=d.get("override"),
                   circumstances=circumstances_from_json(d.get("circumstances"),
                                                         d.get("manner")))


@dataclass(frozen=True)
class Decision:
    """One step of the decision on an incident, with the ids of the events it appended."""

    id: str
    incident: str
    step: Step
    minute: str | None = None
    ruling: Ruling | None = None  # on-field decision, or the final decision of an overturn
    outcome: str | None = None  # check: complete / review_recommended; review: confirmed...
    category: str | None = None  # check: the reviewable situation (laws.var.ReviewCategory)
    kind: str | None = None  # review: on_field / var_only
    reason: str = ""
    event_ids: tuple[str, ...] = ()
    cites: tuple[int, ...] = ()  # log entries it rests on (offside measurements)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "incident": self.incident, "step": self.step,
                               "minute": self.minute,
                               "ruling": self.ruling.to_json() if self.ruling else None,
                               "outcome": self.outcome, "category": self.category,
                               "kind": self.kind, "reason": self.reason,
                               "events": list(self.event_ids)}
        if self.cites:  # absent when none: decisions recorded before stay byte-identical
            out["cites"] = list(self.cites)
        return out

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Decision:
        return cls(id=d["id"], incident=d["incident"], step=d["step"], minute=d.get("minute"),
                   ruling=Ruling.from_json(d.get("ruling")), outcome=d.get("outcome"),
                   category=d.get("category"), kind=d.get("kind"),
                   reason=d.get("reason") or "", event_ids=tuple(d.get("events") or ()),
                   cites=tuple(int(c) for c in d.get("cites") or ()))

    def summary(self) -> str:
        if self.step == "on_field":
            assert self.ruling is not None
            return f"On-field decision: {self.ruling.text()}"
        if self.step == "var_check":
            what = f" ({self.category.replace('_', ' ')})" if self.category else ""
            return ("VAR check complete" if self.outcome == "complete"
                    else f"VAR check: review recommended{what}")
        kind = "On-field review" if self.kind == "on_field" else "VAR-only review"
        final = f": {self.ruling.text()}" if self.ruling and self.outcome == "overturned" else ""
        return f"{kind}: decision {self.outcome}{final}"


def next_step(steps: Sequence[Decision]) -> Step | Literal["done"]:
    """The step an incident needs next under the VAR protocol: the on-field decision, then
    the check, then a review only when the check recommended one."""
    done = {d.step: d for d in steps}
    if "on_field" not in done:
        return "on_field"
    if "var_check" not in done:
        return "var_check"
    if done["var_check"].outcome == CheckOutcome.REVIEW_RECOMMENDED and "review" not in done:
        return "review"
    return "done"


def proposed_step_minute(steps: Sequence[Decision], incident_minute: str | None) -> str:
    """The minute a decision form proposes for an incident's next step: the incident's own
    minute, or the latest minute one of its steps was recorded at when that is later (a
    review follows its on-field decision). Other incidents play no part: a decision on a 72nd
    minute incident is not quietly logged at the 90+7 of another one; if the order of the
    match events refuses 72, the refusal names the event in the way."""
    latest: tuple[Minute, str] | None = None
    for text in [incident_minute, *(d.minute for d in steps)]:
        try:
            minute = Minute.parse(text) if text else None
        except ValueError:
            minute = None
        if minute is not None and (latest is None or latest[0] < minute):
            latest = (minute, text or "")
    return latest[1] if latest else ""


def check_ruling(state: MatchState, ruling: Ruling, *, replaces: Ruling | None = None) -> None:
    """Refuse a ruling whose sanction or restart contradicts the offence and the Laws, unless
    the official gave the reason for the override (Laws in one place: the form only shows).

    ``replaces`` is the on-field ruling a review overturns: its own caution does not count as
    an earlier one for the offender."""
    cautions = 0
    if ruling.offender is not None:
        cautions = state.cautions(ruling.offender)
        if (replaces is not None and replaces.card == "yellow" and not replaces.second_caution
                and replaces.offender == ruling.offender):
            cautions = max(0, cautions - 1)
    problem = contradiction(ruling.offence, ruling.manner, ruling.circumstances,
                            ruling.sanction, ruling.second_caution, ruling.restart,
                            ruling.restart_team, ruling.offender.team if ruling.offender
                            else None, cautions > 0, state.match.edition)
    if problem and not (ruling.override and ruling.override.strip()):
        raise RulingRefused(f"{problem}: give the reason for the override, or follow the Laws")


# --- ids ---------------------------------------------------------------------------------------

def _restart(state: MatchState, kind: str, team: Side | None,
             minute: str | None) -> ev.Restart:
    """The restart with its id minted by the match-event catalogue, as the dialog's are."""
    restart = ev.Restart(minute=minute, kind=kind, team=team)
    return replace(restart, id=new_id(state, restart))


# --- events of each step -----------------------------------------------------------------------

def ruling_events(state: MatchState, ruling: Ruling, minute: str | None) -> list[ev.MatchEvent]:
    """Events of an on-field decision: the card, a disallowed goal, the restart (refused when
    the ruling contradicts the Laws without a reason)."""
    check_ruling(state, ruling)
    out: list[ev.MatchEvent] = []
    taken = set(state.ids)
    if ruling.goal:
        out.append(ev.GoalDisallowed(goal=ruling.goal, minute=minute,
                                     reason=_offence_reason(ruling)))
    if ruling.card and ruling.offender:
        out.append(_card(state, ruling, minute, taken))
    if ruling.restart:
        restart = _restart(state, ruling.restart, ruling.restart_team, minute)
        taken.add(restart.id or "")
        out.append(restart)
    return out


def _card(state: MatchState, ruling: Ruling, minute: str | None,
          taken: set[str]) -> ev.Card:
    assert ruling.card and ruling.offender
    reason = _offence_reason(ruling)
    if ruling.second_caution:
        reason = f"{reason} (second caution)" if reason else "second caution"
    card = ev.Card(minute=minute, team=ruling.offender.team, card=ruling.card,
                   player=ruling.offender.player, staff=ruling.offender.staff,
                   reason=reason or None)
    cid = unique_id(new_id(state, card), taken)  # also unlike the ids minted in this step
    taken.add(cid)
    return replace(card, id=cid)


def _offence_reason(ruling: Ruling) -> str:
    if ruling.offence is None:
        return ""
    name = CATALOGUE[ruling.offence].name
    manner = f" ({ruling.manner.replace('_', ' ')})" if ruling.manner else ""
    return f"{name}{manner}"


def anchor(on_field: Decision) -> str | None:
    """The event a check or review is about: the on-field restart, else its card or goal."""
    ids = on_field.event_ids
    return ids[-1] if ids else None


def overturn_events(state: MatchState, on_field: Decision, final: Ruling,
                    minute: str | None) -> list[ev.MatchEvent]:
    """The events that change the on-field decision into ``final``."""
    original = on_field.ruling
    assert original is not None
    check_ruling(state, final, replaces=original)
    out: list[ev.MatchEvent] = []
    taken = set(state.ids)
    if final.goal and final.goal != original.goal:
        out.append(ev.GoalDisallowed(goal=final.goal, minute=minute,
                                     reason=_offence_reason(final) or "after review"))
    old_card = next((i for i in on_field.event_ids
                     if state.ids.get(i, (0, ""))[1] == "card"), None)
    if old_card and original.card:
        same_team = original.offender and final.offender and \
            original.offender.team == final.offender.team
        if final.card == original.card and final.offender == original.offender:
            pass
        elif (final.card == original.card and same_team and final.offender
              and final.offender.player is not None):
            out.append(ev.CardReassigned(card=old_card, player=final.offender.player,
                                         minute=minute))
        else:
            out.append(ev.CardRescinded(card=old_card, minute=minute))
            if final.card:
                out.append(_card(state, final, minute, taken))
    elif final.card:
        out.append(_card(state, final, minute, taken))
    if final.restart and (final.restart, final.restart_team) != (original.restart,
                                                                original.restart_team):
        out.append(_restart(state, final.restart, final.restart_team, minute))
    return out


def describe_person(match: Match, person: Person | None) -> str:
    return person.describe(match) if person else "—"
