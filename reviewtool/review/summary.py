"""One line per match event, with names from the team lists, for the decision log panel."""

from __future__ import annotations

from reviewtool.match import events as ev
from reviewtool.match.state import MatchState, Person


def _who(state: MatchState, team: str, player: int | None, staff: str | None = None) -> str:
    person = Person(team, player=player, staff=staff)  # type: ignore[arg-type]
    return state.describe(person)


def summarize(e: ev.MatchEvent, state: MatchState) -> str:
    at = f" {e.minute}'" if e.minute else ""
    if isinstance(e, ev.Card):
        colour = "Yellow card" if e.card == "yellow" else "Red card"
        return f"{colour}{at}: {_who(state, e.team, e.player, e.staff)}"
    if isinstance(e, ev.Goal):
        kind = " (penalty)" if e.penalty else " (own goal)" if e.own_goal else ""
        side = e.team if not e.own_goal else ("away" if e.team == "home" else "home")
        return f"Goal{kind}{at}: {_who(state, side, e.player)}"
    if isinstance(e, ev.Substitution):
        return (f"Substitution{at}: {_who(state, e.team, e.on)} on for "
                f"{_who(state, e.team, e.off)}")
    if isinstance(e, ev.GoalDisallowed):
        return f"Goal disallowed{at} ({e.goal})"
    if isinstance(e, ev.CardRescinded):
        return f"Card rescinded{at} ({e.card})"
    if isinstance(e, ev.CardReassigned):
        return f"Card {e.card} moved{at} to #{e.player}"
    if isinstance(e, ev.PeriodStart | ev.PeriodEnd):
        verb = "starts" if isinstance(e, ev.PeriodStart) else "ends"
        return f"Period {e.period} {verb}{at}"
    if isinstance(e, ev.Restart):
        team = f" to {state.match.team(e.team).name}" if e.team else ""
        return f"Restart{at}: {e.kind.replace('_', ' ')}{team}"
    if isinstance(e, ev.PenaltyKick):
        return f"Penalty kick {e.outcome}{at}: {_who(state, e.team, e.player)}"
    if isinstance(e, ev.PlayerOff):
        return f"Player off{at}: {_who(state, e.team, e.player)}"
    names = {"full_time": "Full time", "suspended": "Match suspended",
             "resumed": "Match resumed", "abandoned": "Match abandoned"}
    return names.get(e.type, e.type.replace("_", " ").capitalize()) + at
