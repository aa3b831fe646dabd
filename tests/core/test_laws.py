"""The Law 12 catalogue, the VAR protocol and the editions."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewtool.laws.editions import edition_for_date, edition_named
from reviewtool.laws.offences import (
    CATALOGUE,
    Circumstances,
    Manner,
    Opportunity,
    RestartKind,
    Sanction,
    propose,
)
from reviewtool.laws.var import ReviewCategory, ReviewKind, review_kind_for, reviewability

E2526 = edition_named("2025/26")


def test_editions_by_date_and_name() -> None:
    assert edition_for_date(dt.date(2026, 2, 25)).name == "2025/26"
    assert edition_for_date(dt.date(2025, 7, 1)).name == "2025/26"
    assert edition_for_date(dt.date(2025, 6, 30)).name == "2024/25"
    assert edition_for_date(dt.date(2026, 7, 1)).name == "2026/27"
    with pytest.raises(ValueError, match='expected a Laws edition like "2025/26"'):
        edition_named("2025")
    with pytest.raises(ValueError, match="second year must follow"):
        edition_named("2025/27")


def test_rule_changes_follow_the_edition() -> None:
    assert not edition_named("2019/20").goalkeeper_first_penalty_offence_is_warning
    assert edition_named("2020/21").goalkeeper_first_penalty_offence_is_warning
    assert edition_named("2024/25").goalkeeper_holding_restart == "indirect_free_kick"
    assert E2526.goalkeeper_holding_restart == "corner_kick"
    assert E2526.goalkeeper_holding_limit_seconds == 8


def test_kicking_reckless_in_the_area_is_penalty_and_caution() -> None:
    p = propose("kicking", Circumstances(manner=Manner.RECKLESS, inside_own_penalty_area=True),
                E2526)
    assert (p.restart, p.sanction, p.card) == (RestartKind.PENALTY_KICK, Sanction.CAUTION,
                                                "yellow")
    assert any("Reckless" in r for r in p.reasons)


def test_dangerous_play_without_contact_is_an_ifk_and_no_card() -> None:
    p = propose("dangerous_play", Circumstances(manner=Manner.CARELESS,
                                                inside_own_penalty_area=True), E2526)
    assert (p.restart, p.sanction) == (RestartKind.INDIRECT_FREE_KICK, Sanction.NONE)


def test_the_demo_incident_dangerous_play_with_contact_second_caution() -> None:
    c = Circumstances(manner=Manner.RECKLESS, inside_own_penalty_area=True, contact=True,
                      offender_cautioned=True)
    p = propose("dangerous_play", c, E2526)
    assert p.offence.code == "kicking" and p.restart is RestartKind.PENALTY_KICK
    assert p.sanction is Sanction.SENDING_OFF and p.second_caution and p.card == "yellow"
    assert any("second caution" in r for r in p.reasons)


def test_excessive_force_is_a_sending_off() -> None:
    p = propose("tackling", Circumstances(manner=Manner.EXCESSIVE_FORCE), E2526)
    assert (p.restart, p.sanction, p.card) == (RestartKind.DIRECT_FREE_KICK,
                                                Sanction.SENDING_OFF, "red")


@pytest.mark.parametrize(("code", "inside", "attempt", "expected"), [
    ("tripping", True, True, Sanction.CAUTION),  # double-jeopardy relief
    ("holding", True, False, Sanction.SENDING_OFF),  # no attempt to play the ball
    ("tripping", False, True, Sanction.SENDING_OFF),  # outside the area
])
def test_dogso(code: str, inside: bool, attempt: bool, expected: Sanction) -> None:
    c = Circumstances(manner=Manner.CARELESS, inside_own_penalty_area=inside,
                      opportunity=Opportunity.DOGSO, attempt_to_play_ball=attempt)
    assert propose(code, c, E2526).sanction is expected


def test_spa() -> None:
    c = Circumstances(manner=Manner.CARELESS, opportunity=Opportunity.SPA)
    assert propose("tripping", c, E2526).sanction is Sanction.CAUTION
    c = Circumstances(manner=Manner.CARELESS, opportunity=Opportunity.SPA,
                      inside_own_penalty_area=True, attempt_to_play_ball=True)
    assert propose("tripping", c, E2526).sanction is Sanction.NONE
    c = Circumstances(manner=Manner.CARELESS, opportunity=Opportunity.SPA, advantage=True)
    assert propose("tripping", c, E2526).sanction is Sanction.NONE


def test_dogso_with_advantage_is_a_caution() -> None:
    c = Circumstances(manner=Manner.CARELESS, opportunity=Opportunity.DOGSO, advantage=True)
    assert propose("tripping", c, E2526).sanction is Sanction.CAUTION


def test_non_deliberate_handball_dogso_in_the_area_depends_on_the_edition() -> None:
    c = Circumstances(inside_own_penalty_area=True, opportunity=Opportunity.DOGSO)
    assert propose("handball", c, edition_named("2024/25")).sanction is Sanction.CAUTION
    assert propose("handball", c, edition_named("2023/24")).sanction is Sanction.SENDING_OFF
    c = Circumstances(inside_own_penalty_area=False, opportunity=Opportunity.DOGSO)
    assert propose("handball", c, E2526).sanction is Sanction.SENDING_OFF
    c = Circumstances(inside_own_penalty_area=True, opportunity=Opportunity.DOGSO,
                      deliberate=True)
    assert propose("handball", c, E2526).sanction is Sanction.SENDING_OFF


def test_goalkeeper_holding_gives_a_corner_from_2025_26() -> None:
    assert propose("goalkeeper_holding", Circumstances(), E2526).restart is \
        RestartKind.CORNER_KICK
    assert propose("goalkeeper_holding", Circumstances(), edition_named("2024/25")).restart is \
        RestartKind.INDIRECT_FREE_KICK


def test_offence_with_ball_out_of_play_keeps_the_restart() -> None:
    p = propose("striking", Circumstances(manner=Manner.EXCESSIVE_FORCE, ball_in_play=False),
                E2526)
    assert p.restart is None and p.sanction is Sanction.SENDING_OFF


def test_manner_is_required_where_it_decides() -> None:
    with pytest.raises(ValueError, match="the manner"):
        propose("kicking", Circumstances(), E2526)


def test_every_offence_has_a_restart_and_a_law() -> None:
    for o in CATALOGUE.values():
        assert o.law.startswith("Law 1") and o.restart in RestartKind


def test_var_reviewability() -> None:
    assert reviewability(ReviewCategory.PENALTY, E2526).allowed
    assert reviewability(ReviewCategory.DIRECT_RED, E2526).allowed
    second = reviewability(ReviewCategory.SECOND_CAUTION, E2526)
    assert not second.allowed and "2026/27" in second.reason
    assert reviewability(ReviewCategory.SECOND_CAUTION, edition_named("2026/27")).allowed
    corner = reviewability(ReviewCategory.CORNER, E2526)
    assert not corner.allowed and "penalty" in corner.reason
    assert reviewability(ReviewCategory.CORNER, edition_named("2026/27"),
                         corner_option=True).allowed
    assert not reviewability(ReviewCategory.CAUTION, E2526).allowed
    late = reviewability(ReviewCategory.PENALTY, E2526, play_restarted=True)
    assert not late.allowed and "restarted" in late.reason
    assert reviewability(ReviewCategory.DIRECT_RED, E2526, play_restarted=True,
                         red_card_reason="violent conduct").allowed


def test_goalkeeper_penalty_offence_warning_from_2020_21() -> None:
    from reviewtool.laws.offences import goalkeeper_penalty_offence

    assert goalkeeper_penalty_offence(edition_named("2019/20"), 0)[0] == "caution"
    assert goalkeeper_penalty_offence(edition_named("2020/21"), 0)[0] == "warning"
    assert goalkeeper_penalty_offence(E2526, 1)[0] == "caution"


def test_review_kind_follows_the_kind_of_decision() -> None:
    assert review_kind_for(factual=True) is ReviewKind.VAR_ONLY  # offside position, ball out
    assert review_kind_for(factual=False) is ReviewKind.ON_FIELD  # reckless or careless
