"""The steps of a decision (on-field, VAR check, review), checked against the latest record.

Each function runs inside the session's write transaction, after the entries recorded
elsewhere were folded in, so the checks (one on-field decision per incident, the VAR order)
always see the latest state. It returns the decision and the match events it appends.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from reviewtool.laws.var import CheckOutcome, ReviewKind, ReviewOutcome, reviewability
from reviewtool.match import events as ev
from reviewtool.review.decision import Decision, Ruling, anchor, overturn_events, ruling_events
from reviewtool.store.chain import canonical

if TYPE_CHECKING:
    from reviewtool.review.session import ReviewSession

Step = tuple[Decision, list[ev.MatchEvent]]


def _error(message: str) -> Exception:
    from reviewtool.review.recorder import ReviewError

    return ReviewError(message)


def on_field(s: ReviewSession, incident_id: str, ruling: Ruling, minute: str | None,
             reason: str) -> Step:
    s._incident(incident_id)
    if s.record.decision_step(incident_id, "on_field"):
        raise _error("the on-field decision is already recorded for this incident; undo it "
                     "to record another")
    if ruling.offender is not None:
        s._check_person(ruling.offender, "offender")
    events = ruling_events(s.state, ruling, minute)
    return Decision(f"{incident_id}-on_field", incident_id, "on_field", minute, ruling,
                    reason=reason), events


def check(s: ReviewSession, incident_id: str, outcome: str, category: str | None,
          minute: str | None, reason: str) -> Step:
    first = s._step_needed(incident_id, "on_field", "record the on-field decision before the "
                           "VAR check")
    if s.record.decision_step(incident_id, "var_check"):
        raise _error("the VAR check of this incident is already recorded")
    value = CheckOutcome(outcome).value
    if value == CheckOutcome.REVIEW_RECOMMENDED:
        if not category:
            raise _error("a review is recommended for one of the reviewable situations: "
                         "choose which")
        allowed = reviewability(category, s.match.edition, corner_option=bool(
            s.match.rules.extra.get("var_corner_option")))
        if not allowed.allowed:
            raise _error(f"not reviewable: {allowed.reason}")
    event = ev.VarCheck(about=anchor(first), outcome=value, minute=minute)  # type: ignore[arg-type]
    return Decision(f"{incident_id}-var_check", incident_id, "var_check", minute,
                    outcome=value, category=category, reason=reason), [event]


def review(s: ReviewSession, incident_id: str, kind: str, outcome: str, final: Ruling | None,
           minute: str | None, reason: str) -> Step:
    first = s._step_needed(incident_id, "on_field", "record the on-field decision first")
    checked = s._step_needed(incident_id, "var_check", "the VAR check comes before a review")
    if checked.outcome != CheckOutcome.REVIEW_RECOMMENDED:
        raise _error("the VAR check was completed without recommending a review")
    if s.record.decision_step(incident_id, "review"):
        raise _error("the review of this incident is already recorded")
    k, o = ReviewKind(kind).value, ReviewOutcome(outcome).value
    assert first.ruling is not None
    if o == ReviewOutcome.OVERTURNED:
        if final is None or final == first.ruling:
            raise _error("an overturned decision needs a final decision that differs from the "
                         "on-field one")
        if final.offender is not None:
            s._check_person(final.offender, "offender")
    else:
        final = None
    event = ev.Review(id=f"review-{incident_id}", kind=k, outcome=o,  # type: ignore[arg-type]
                      about=anchor(first), original=first.ruling.text(),
                      final=(final or first.ruling).text(), minute=minute)
    events: list[ev.MatchEvent] = [event]
    if final is not None:
        events += overturn_events(s.state, first, final, minute)
    return Decision(f"{incident_id}-review", incident_id, "review", minute, final, outcome=o,
                    kind=k, reason=reason), events


def storable(payload: Mapping[str, Any], what: str) -> str:
    """``payload``'s canonical JSON text; ReviewError naming the problem when it cannot be
    stored as such."""
    try:
        text = canonical(payload)
        text.encode("utf-8")
    except ValueError as e:
        if isinstance(e, UnicodeEncodeError):
            raise _error(f"{what} contains text that is not valid Unicode (a lone "
                              "surrogate); nothing was written") from None
        raise _error(f"{what} contains a number JSON cannot hold (infinite or not a "
                          "number, such as 1e400); nothing was written") from None
    except (TypeError, RecursionError) as e:
        raise _error(f"{what} cannot be stored ({e})") from None
    return text
