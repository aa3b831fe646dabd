"""The VAR protocol as data: what may be reviewed, how, and what a review may change.

The VAR only intervenes for a clear and obvious error or a serious missed incident in four
match-changing situations. A *check* is silent and always happens; a *review* is either an
on-field review (the referee watches the monitor: subjective decisions) or a VAR-only review
(factual decisions such as offside position or the ball out of play).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from reviewtool.laws.editions import Edition


class ReviewCategory(StrEnum):
    GOAL = "goal"  # goal / no goal, and offences in the attacking phase before it
    PENALTY = "penalty"  # penalty / no penalty
    DIRECT_RED = "direct_red"  # direct red card (not a second caution before 2026/27)
    MISTAKEN_IDENTITY = "mistaken_identity"  # wrong player cautioned or sent off
    SECOND_CAUTION = "second_caution"  # red card from a clearly wrong second yellow (2026/27)
    CORNER = "corner"  # clearly wrongly awarded corner (2026/27, competition option)
    CAUTION = "caution"  # a (first) yellow card
    FREE_KICK = "free_kick"  # a free kick outside the penalty area
    THROW_IN = "throw_in"
    GOAL_KICK = "goal_kick"


class ReviewKind(StrEnum):
    ON_FIELD = "on_field"
    VAR_ONLY = "var_only"


class CheckOutcome(StrEnum):
    COMPLETE = "complete"
    REVIEW_RECOMMENDED = "review_recommended"


class ReviewOutcome(StrEnum):
    CONFIRMED = "confirmed"
    OVERTURNED = "overturned"


@dataclass(frozen=True)
class Reviewability:
    allowed: bool
    reason: str


# What a review in each category may change (the decisions that follow it).
MAY_CHANGE: dict[ReviewCategory, tuple[str, ...]] = {
    ReviewCategory.GOAL: ("goal awarded or disallowed", "restart", "cards for the offence"),
    ReviewCategory.PENALTY: ("penalty kick awarded or cancelled", "restart",
                             "cards for the offence"),
    ReviewCategory.DIRECT_RED: ("red card shown, upgraded from a caution, or rescinded",),
    ReviewCategory.MISTAKEN_IDENTITY: ("card moved to the right player",),
    ReviewCategory.SECOND_CAUTION: ("second caution, and so the sending-off, rescinded",),
    ReviewCategory.CORNER: ("corner kick replaced by the correct restart",),
}

def reviewability(category: ReviewCategory | str, edition: Edition, *,
                  corner_option: bool = False, play_restarted: bool = False,
                  red_card_reason: str = "") -> Reviewability:
    """Whether the VAR may intervene in this situation under ``edition``, and why (not)."""
    cat = ReviewCategory(category)
    if not edition.has_var:
        return Reviewability(False, f"There is no VAR under the {edition} Laws: the video "
                             "assistant referee entered the Laws in 2016/17")
    if play_restarted and cat is not ReviewCategory.MISTAKEN_IDENTITY:
        reason = red_card_reason.lower()
        if not (cat is ReviewCategory.DIRECT_RED and any(
                k in reason for k in ("violent", "spit", "bit", "offensive", "insult"))):
            return Reviewability(False, "Play has restarted: only mistaken identity and red "
                                 "cards for violent conduct, spitting, biting or offensive "
                                 "actions may still be reviewed (VAR protocol)")
    if cat in (ReviewCategory.GOAL, ReviewCategory.PENALTY, ReviewCategory.DIRECT_RED,
               ReviewCategory.MISTAKEN_IDENTITY):
        return Reviewability(True, f"{_TEXT[cat]} is a reviewable match-changing situation "
                             "(VAR protocol)")
    if cat is ReviewCategory.SECOND_CAUTION:
        if edition.var_reviews_second_caution:
            return Reviewability(True, "From 2026/27 the VAR may review a red card that came "
                                 "from a clearly wrong second caution")
        return Reviewability(False, f"A second caution is not a direct red card: the VAR may "
                             f"not review it under the {edition} Laws (only from 2026/27)")
    if cat is ReviewCategory.CORNER:
        if edition.var_reviews_corner_option and corner_option:
            return Reviewability(True, "The competition allows the VAR to correct a clearly "
                                 "wrong corner (2026/27 option)")
        why = ("the competition has not adopted that option" if edition.var_reviews_corner_option
               else f"not under the {edition} Laws (a 2026/27 competition option)")
        return Reviewability(False, f"A corner kick decision is not reviewable: {why}; the "
                             "VAR may still review a penalty or goal situation behind it")
    return Reviewability(False, f"{_TEXT[cat]} is not one of the reviewable match-changing "
                         "situations (goal, penalty, direct red card, mistaken identity)")


# The reviewable match-changing situations an incident may be tagged as (besides offences):
# one list, so that incidents and checks use the same codes.
INCIDENT_SITUATIONS: dict[str, str] = {
    ReviewCategory.GOAL.value: "Goal / no goal",
    ReviewCategory.PENALTY.value: "Penalty / no penalty",
    ReviewCategory.DIRECT_RED.value: "Direct red card",
    ReviewCategory.MISTAKEN_IDENTITY.value: "Mistaken identity",
}
LEGACY_CODES = {"red_card": ReviewCategory.DIRECT_RED.value}  # older review files


def situations(edition: Edition, *, corner_option: bool = False
               ) -> list[tuple[str, str, bool, str]]:
    """Every situation a VAR check may name, with whether the VAR may review it under
    ``edition`` and why: (code, label, allowed, reason). The window lists them; it does not
    decide."""
    out = []
    for cat in ReviewCategory:
        verdict = reviewability(cat, edition, corner_option=corner_option)
        out.append((cat.value, cat.value.replace("_", " ").capitalize(), verdict.allowed,
                    verdict.reason))
    return out


FACTUAL_OFFENCES = ("offside",)  # position is a fact: a VAR-only review
SENDING_OFF_OFFENCES = ("serious_foul_play", "violent_conduct", "biting_spitting",
                        "offensive_language")


def situation_for(category: str, *, in_penalty_area: bool = False) -> ReviewCategory | None:
    """The reviewable situation an incident most likely is: its own code when it is one; a
    penalty for an offence in the offender's penalty area; a direct red card for a
    sending-off offence; None when none of the four applies on its face."""
    if category in INCIDENT_SITUATIONS:
        return ReviewCategory(category)
    if in_penalty_area:
        return ReviewCategory.PENALTY
    if category in SENDING_OFF_OFFENCES:
        return ReviewCategory.DIRECT_RED
    return None


def review_kind_for(factual: bool) -> ReviewKind:
    """Factual decisions (position, ball out of play, identity) suit a VAR-only review."""
    return ReviewKind.VAR_ONLY if factual else ReviewKind.ON_FIELD


_TEXT = {
    ReviewCategory.GOAL: "A goal / no goal decision",
    ReviewCategory.PENALTY: "A penalty / no penalty decision",
    ReviewCategory.DIRECT_RED: "A direct red card",
    ReviewCategory.MISTAKEN_IDENTITY: "Mistaken identity",
    ReviewCategory.SECOND_CAUTION: "A second caution",
    ReviewCategory.CORNER: "A corner kick",
    ReviewCategory.CAUTION: "A caution (yellow card)",
    ReviewCategory.FREE_KICK: "A free kick outside the penalty area",
    ReviewCategory.THROW_IN: "A throw-in",
    ReviewCategory.GOAL_KICK: "A goal kick",
}
