"""The Law 12 catalogue (plus offside, Law 11) as data, and the sanction/restart proposal.

Each offence says how it restarts play and how its sanction is decided: by the manner of the
challenge (careless, reckless, excessive force), fixed, or by what it denied (a promising attack
or an obvious goal-scoring opportunity). ``propose`` combines these the way Law 12 does and
explains which part of the Law applies, so the decision form can show its reasoning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from reviewtool.laws.editions import Edition


class Manner(StrEnum):
    CARELESS = "careless"
    RECKLESS = "reckless"
    EXCESSIVE_FORCE = "excessive_force"


class Sanction(StrEnum):
    """Ordered: none < caution < sending-off (used for weighted agreement later)."""

    NONE = "none"
    CAUTION = "caution"
    SENDING_OFF = "sending_off"

    @property
    def rank(self) -> int:
        return _SANCTION_RANK[self]


_SANCTION_RANK = {Sanction.NONE: 0, Sanction.CAUTION: 1, Sanction.SENDING_OFF: 2}


class Opportunity(StrEnum):
    """What the offence denied the opponents."""

    NONE = "none"
    SPA = "spa"  # stopping a promising attack
    DOGSO = "dogso"  # denying a goal or an obvious goal-scoring opportunity


class RestartKind(StrEnum):
    KICK_OFF = "kick_off"
    PENALTY_KICK = "penalty_kick"
    DIRECT_FREE_KICK = "direct_free_kick"
    INDIRECT_FREE_KICK = "indirect_free_kick"
    CORNER_KICK = "corner_kick"
    GOAL_KICK = "goal_kick"
    THROW_IN = "throw_in"
    DROPPED_BALL = "dropped_ball"


class SanctionRule(StrEnum):
    """How an offence's own sanction is decided (before DOGSO/SPA are considered)."""

    BY_MANNER = "by_manner"  # careless none, reckless YC, excessive force RC
    NONE = "none"
    CAUTION = "caution"
    SENDING_OFF = "sending_off"
    HANDBALL = "handball"  # decided by the handball table (deliberate, place, denial)


@dataclass(frozen=True)
class Offence:
    code: str
    name: str
    law: str
    restart: RestartKind  # the restart when play is stopped for it with the ball in play
    sanction_rule: SanctionRule
    against_opponent: bool = True  # a challenge for the ball is possible (double-jeopardy relief)
    note: str = ""


DFK = RestartKind.DIRECT_FREE_KICK
IFK = RestartKind.INDIRECT_FREE_KICK

_CATALOGUE: tuple[Offence, ...] = (
    # Law 12.1: direct free kick, judged on the manner
    Offence("charging", "Charges an opponent", "Law 12.1", DFK, SanctionRule.BY_MANNER),
    Offence("jumping_at", "Jumps at an opponent", "Law 12.1", DFK, SanctionRule.BY_MANNER),
    Offence("kicking", "Kicks or attempts to kick an opponent", "Law 12.1", DFK,
            SanctionRule.BY_MANNER),
    Offence("pushing", "Pushes an opponent", "Law 12.1", DFK, SanctionRule.BY_MANNER),
    Offence("striking", "Strikes or attempts to strike an opponent (incl. head-butt)",
            "Law 12.1", DFK, SanctionRule.BY_MANNER),
    Offence("tackling", "Tackles or challenges an opponent", "Law 12.1", DFK,
            SanctionRule.BY_MANNER),
    Offence("tripping", "Trips or attempts to trip an opponent", "Law 12.1", DFK,
            SanctionRule.BY_MANNER),
    # Law 12.1: direct free kick whatever the manner
    Offence("handball", "Handball offence", "Law 12.1", DFK, SanctionRule.HANDBALL,
            against_opponent=False),
    Offence("holding", "Holds an opponent", "Law 12.1", DFK, SanctionRule.NONE,
            against_opponent=False),
    Offence("impeding_contact", "Impedes an opponent with contact", "Law 12.1", DFK,
            SanctionRule.NONE, against_opponent=False),
    Offence("biting_spitting", "Bites or spits at someone", "Law 12.1 / 12.3", DFK,
            SanctionRule.SENDING_OFF, against_opponent=False),
    Offence("throwing_object", "Throws an object at the ball, an opponent or an official",
            "Law 12.1", DFK, SanctionRule.BY_MANNER, against_opponent=False),
    # Law 12.2: indirect free kick
    Offence("dangerous_play", "Plays in a dangerous manner (no contact)", "Law 12.2", IFK,
            SanctionRule.BY_MANNER,
            note="With contact it is no longer dangerous play but a direct free kick offence"),
    Offence("impeding", "Impedes an opponent without contact", "Law 12.2", IFK,
            SanctionRule.NONE),
    Offence("dissent", "Dissent by word or action", "Law 12.2 / 12.3", IFK,
            SanctionRule.CAUTION, against_opponent=False),
    Offence("offensive_language", "Offensive, insulting or abusive language or actions",
            "Law 12.2 / 12.3", IFK, SanctionRule.SENDING_OFF, against_opponent=False),
    Offence("goalkeeper_release", "Prevents the goalkeeper releasing the ball", "Law 12.2",
            IFK, SanctionRule.NONE),
    Offence("back_pass_trick", "Deliberate trick to pass the ball to the goalkeeper",
            "Law 12.2 / 12.3", IFK, SanctionRule.CAUTION, against_opponent=False),
    Offence("goalkeeper_second_touch", "Goalkeeper handles the ball again after releasing it",
            "Law 12.2", IFK, SanctionRule.NONE, against_opponent=False),
    Offence("goalkeeper_back_pass", "Goalkeeper handles a deliberate kick from a team-mate",
            "Law 12.2", IFK, SanctionRule.NONE, against_opponent=False),
    Offence("goalkeeper_throw_in", "Goalkeeper handles a team-mate's throw-in", "Law 12.2",
            IFK, SanctionRule.NONE, against_opponent=False),
    Offence("goalkeeper_holding", "Goalkeeper holds the ball longer than allowed",
            "Law 12.2", IFK, SanctionRule.NONE, against_opponent=False,
            note="From 2025/26 the restart is a corner kick (8-second limit)"),
    # Law 12.3: cautions that stop play (indirect free kick)
    Offence("delaying_restart", "Delays the restart of play", "Law 12.3", IFK,
            SanctionRule.CAUTION, against_opponent=False),
    Offence("entering_without_permission", "Enters, re-enters or leaves without permission",
            "Law 12.3", IFK, SanctionRule.CAUTION, against_opponent=False),
    Offence("failing_distance", "Fails to respect the required distance", "Law 12.3", IFK,
            SanctionRule.CAUTION, against_opponent=False),
    Offence("persistent_offences", "Persistent offences", "Law 12.3", IFK,
            SanctionRule.CAUTION, against_opponent=False),
    Offence("simulation", "Simulation (attempts to deceive the referee)", "Law 12.3", IFK,
            SanctionRule.CAUTION, against_opponent=False),
    Offence("unsporting_behaviour", "Unsporting behaviour", "Law 12.3", IFK,
            SanctionRule.CAUTION, against_opponent=False),
    Offence("entering_rra", "Enters the referee review area", "Law 12.3", IFK,
            SanctionRule.CAUTION, against_opponent=False),
    Offence("excessive_review_signal", "Excessively uses the review (TV) signal", "Law 12.3",
            IFK, SanctionRule.CAUTION, against_opponent=False),
    # Law 12.3: sending-off offences (restart for the offence when it is against an opponent)
    Offence("serious_foul_play", "Serious foul play", "Law 12.3", DFK,
            SanctionRule.SENDING_OFF),
    Offence("violent_conduct", "Violent conduct", "Law 12.3", DFK, SanctionRule.SENDING_OFF,
            against_opponent=False),
    Offence("entering_vor", "Enters the video operation room", "Law 12.3", IFK,
            SanctionRule.SENDING_OFF, against_opponent=False),
    # Law 11
    Offence("offside", "Offside offence", "Law 11", IFK, SanctionRule.NONE,
            against_opponent=False),
)

CATALOGUE: dict[str, Offence] = {o.code: o for o in _CATALOGUE}

_MANNER_SANCTION = {
    Manner.CARELESS: Sanction.NONE,
    Manner.RECKLESS: Sanction.CAUTION,
    Manner.EXCESSIVE_FORCE: Sanction.SENDING_OFF,
}


@dataclass(frozen=True)
class Circumstances:
    """What the official judged about the incident; the inputs of ``propose``."""

    manner: Manner | None = None
    inside_own_penalty_area: bool = False
    opportunity: Opportunity = Opportunity.NONE
    attempt_to_play_ball: bool = False  # for the DOGSO/SPA double-jeopardy relief
    contact: bool = False  # dangerous play with contact becomes a kicking offence
    deliberate: bool = False  # handball
    handball_scoring: bool = False  # handball while scoring or trying to, or to stop a goal
    goalkeeper_in_own_area: bool = False  # handball by the goalkeeper in their own area
    ball_in_play: bool = True
    advantage: bool = False  # advantage played, card at the next stoppage
    offender_cautioned: bool = False  # already on a caution in this match


@dataclass(frozen=True)
class Proposal:
    """Sanction and restart that Law 12 prescribes, with the reasons in plain words."""

    offence: Offence
    sanction: Sanction
    restart: RestartKind | None  # None: the restart that was already due (ball out of play)
    second_caution: bool = False
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def card(self) -> str | None:
        """The card to show: 'yellow' (a second yellow counts as a sending-off) or 'red'."""
        if self.sanction is Sanction.NONE:
            return None
        if self.sanction is Sanction.CAUTION or self.second_caution:
            return "yellow"
        return "red"


def offence(code: str) -> Offence:
    try:
        return CATALOGUE[code]
    except KeyError:
        raise ValueError(f'unknown offence "{code}"') from None


def _worse(a: Sanction, b: Sanction) -> Sanction:
    return a if a.rank >= b.rank else b


def _handball_sanction(c: Circumstances, edition: Edition, reasons: list[str]) -> Sanction:
    if c.goalkeeper_in_own_area:
        reasons.append("A goalkeeper handling in their own penalty area is not a handball "
                       "offence (Law 12.1)")
        return Sanction.NONE
    penalty = c.inside_own_penalty_area
    if c.opportunity is Opportunity.DOGSO:
        if c.deliberate:
            reasons.append("Deliberate handball denying a goal or an obvious goal-scoring "
                           "opportunity: sending-off (Law 12.3)")
            return Sanction.SENDING_OFF
        if not penalty:
            reasons.append("Non-deliberate handball denying a goal or an obvious goal-scoring "
                           "opportunity outside the penalty area: sending-off (Law 12.3)")
            return Sanction.SENDING_OFF
        if edition.non_deliberate_handball_dogso_in_area_is_caution:
            reasons.append("Non-deliberate handball denying a goal in the penalty area with a "
                           "penalty awarded: caution (Law 12.3, since 2024/25)")
            return Sanction.CAUTION
        reasons.append(f"Handball denying a goal: sending-off under the {edition} Laws")
        return Sanction.SENDING_OFF
    if c.opportunity is Opportunity.SPA:
        if penalty and not c.deliberate:
            reasons.append("Non-deliberate handball stopping a promising attack with a penalty "
                           "awarded: no card (Law 12.3)")
            return Sanction.NONE
        reasons.append("Handball stopping a promising attack: caution (Law 12.3)")
        return Sanction.CAUTION
    if c.handball_scoring:
        reasons.append("Handball while trying to score, or an unsuccessful attempt to stop a "
                       "goal: caution (Law 12.3)")
        return Sanction.CAUTION
    reasons.append("Handball offence: direct free kick, no card of itself (Law 12.1)")
    return Sanction.NONE


def _opportunity_sanction(o: Offence, c: Circumstances, penalty: bool, edition: Edition,
                          reasons: list[str]) -> Sanction:
    relief = penalty and c.attempt_to_play_ball and o.against_opponent
    if relief and not edition.double_jeopardy_relief:
        relief = False
        reasons.append(f"No double-jeopardy relief under the {edition} Laws (it came in "
                       "2016/17): the penalty does not reduce the card")
    if c.opportunity is Opportunity.DOGSO:
        if c.advantage:
            reasons.append("Advantage played after a DOGSO offence: caution instead of a "
                           "sending-off (Law 12.3)")
            return Sanction.CAUTION
        if relief:
            reasons.append("DOGSO in the penalty area by an attempt to play the ball, penalty "
                           "awarded: caution (Law 12.3, double-jeopardy relief)")
            return Sanction.CAUTION
        reasons.append("Denying a goal or an obvious goal-scoring opportunity: sending-off "
                       "(Law 12.3)")
        return Sanction.SENDING_OFF
    if c.opportunity is Opportunity.SPA:
        if c.advantage:
            reasons.append("Advantage played after stopping a promising attack: no card")
            return Sanction.NONE
        if relief:
            reasons.append("Promising attack stopped in the penalty area by an attempt to play "
                           "the ball, penalty awarded: no card (Law 12.3)")
            return Sanction.NONE
        reasons.append("Stopping a promising attack: caution (Law 12.3)")
        return Sanction.CAUTION
    return Sanction.NONE


def propose(code: str, circumstances: Circumstances, edition: Edition) -> Proposal:
    """Sanction and restart for an offence as Law 12 prescribes, with the reasons."""
    o = offence(code)
    c = circumstances
    reasons: list[str] = []
    if o.code == "dangerous_play" and c.contact:
        reasons.append("Dangerous play involves no contact: with contact it is a kicking "
                       "offence, a direct free kick (Law 12.1)")
        o = CATALOGUE["kicking"]
    if o.sanction_rule is SanctionRule.BY_MANNER and c.manner is None:
        raise ValueError(f"{o.name}: the manner (careless, reckless or excessive force) decides "
                         "the sanction; choose one")

    restart: RestartKind | None = o.restart
    if o.code == "goalkeeper_holding":
        restart = RestartKind(edition.goalkeeper_holding_restart)
        limit = edition.goalkeeper_holding_limit_seconds
        reasons.append(f"Goalkeeper holding the ball over {limit} s: "
                       f"{restart.value.replace('_', ' ')} under the {edition} Laws")
    penalty = False
    if not c.ball_in_play:
        restart = None
        reasons.append("The ball was out of play: the card stands but the restart does not "
                       "change (Law 12)")
    elif restart is RestartKind.DIRECT_FREE_KICK and c.inside_own_penalty_area and not (
        o.code == "handball" and c.goalkeeper_in_own_area
    ):
        restart = RestartKind.PENALTY_KICK
        penalty = True
        reasons.append("Direct free kick offence inside the offender's penalty area: penalty "
                       "kick (Law 14)")

    if o.sanction_rule is SanctionRule.BY_MANNER:
        assert c.manner is not None
        sanction = _MANNER_SANCTION[c.manner]
        reasons.append(_MANNER_TEXT[c.manner])
    elif o.sanction_rule is SanctionRule.HANDBALL:
        sanction = _handball_sanction(c, edition, reasons)
    else:
        sanction = Sanction(o.sanction_rule.value)
        if sanction is not Sanction.NONE:
            reasons.append(f"{o.name}: {sanction.value.replace('_', ' ')} ({o.law})")
    if o.sanction_rule is not SanctionRule.HANDBALL:
        sanction = _worse(sanction, _opportunity_sanction(o, c, penalty, edition, reasons))

    second = False
    if sanction is Sanction.CAUTION and c.offender_cautioned:
        sanction = Sanction.SENDING_OFF
        second = True
        reasons.append("The offender is already cautioned: a second caution is a sending-off "
                       "(Law 12.3)")
    return Proposal(o, sanction, restart, second, tuple(reasons))


_MANNER_TEXT = {
    Manner.CARELESS: "Careless: free kick only, no card (Law 12.1)",
    Manner.RECKLESS: "Reckless: caution for unsporting behaviour (Law 12.1)",
    Manner.EXCESSIVE_FORCE: "Excessive force: sending-off for serious foul play or violent "
                            "conduct (Law 12.1)",
}


def goalkeeper_penalty_offence(edition: Edition, earlier_offences: int) -> tuple[str, str]:
    """Sanction for a goalkeeper's offence at a penalty kick (off the line, moving early).

    From 2020/21 the first offence in a match is a warning and any later one a caution; before,
    every offence was cautioned. Returns ``(sanction, reason)``: "warning" or "caution".
    """
    if edition.goalkeeper_first_penalty_offence_is_warning and earlier_offences == 0:
        return "warning", f"First goalkeeper offence at a penalty kick: warning ({edition} Laws)"
    if edition.goalkeeper_first_penalty_offence_is_warning:
        return "caution", "Repeated goalkeeper offence at a penalty kick: caution (Law 14)"
    return "caution", f"Goalkeeper offence at a penalty kick: caution under the {edition} Laws"
