"""The core refuses a ruling that contradicts the Laws unless the override has a reason.

Issue 14: "No offence + Sending-off + Corner kick" with an empty reason was recorded, because
only the decision form checked. These tests go through the session, without any window.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewtool.laws.offences import CATALOGUE, Circumstances, Manner, Opportunity, propose
from reviewtool.laws.var import CheckOutcome
from reviewtool.match.state import Person
from reviewtool.review.decision import Decision, Ruling, next_step
from reviewtool.review.ruling_laws import OFFENCE_RESTARTS
from reviewtool.review.session import ReviewError, ReviewSession
from tests.review.helpers import demo_session

BENSEBAINI = Person("away", 5)  # already cautioned in the demo, before the incident
HOME_9 = Person("home", 9)
RESTARTS = [None, "kick_off", "penalty_kick", "direct_free_kick", "indirect_free_kick",
            "corner_kick", "goal_kick", "throw_in", "dropped_ball"]


@pytest.fixture(scope="module")
def session() -> Iterator[ReviewSession]:
    with tempfile.TemporaryDirectory() as d:
        s = demo_session(Path(d) / "laws.review")
        yield s
        s.close()


def _incident(s: ReviewSession) -> str:
    return s.tag_incident("tripping", 100, offender=BENSEBAINI).id


def test_no_offence_with_a_sending_off_is_refused_without_a_reason(
        session: ReviewSession) -> None:
    inc = _incident(session)
    ruling = Ruling(offence=None, sanction="sending_off", offender=BENSEBAINI,
                    restart="corner_kick", restart_team="home")
    before = len(session.record.entries)
    with pytest.raises(ValueError, match="no offence, yet a card"):
        session.record_on_field(inc, ruling, "90+4")
    assert len(session.record.entries) == before  # nothing written
    assert not session.state.is_sent_off(BENSEBAINI)


def test_the_same_ruling_with_a_reason_is_an_override(session: ReviewSession) -> None:
    inc = _incident(session)
    ruling = Ruling(offence=None, sanction="caution", offender=HOME_9, restart="corner_kick",
                    restart_team="home", override="caution for the celebration, logged here")
    d = session.record_on_field(inc, ruling, "90+4")
    assert session.record.decision_step(inc, "on_field") == d
    session.undo()


def test_judged_circumstances_must_give_what_the_laws_give(session: ReviewSession) -> None:
    inc = _incident(session)
    judged = Circumstances(manner=Manner.CARELESS, inside_own_penalty_area=True)
    wrong = Ruling(offence="tripping", manner="careless", sanction="none", offender=HOME_9,
                   restart="direct_free_kick", restart_team="away", circumstances=judged)
    with pytest.raises(ValueError, match="penalty kick"):
        session.record_on_field(inc, wrong, "60")
    right = Ruling(offence="tripping", manner="careless", sanction="none", offender=HOME_9,
                   restart="penalty_kick", restart_team="away", circumstances=judged)
    session.record_on_field(inc, right, "60")
    assert Ruling.from_json(right.to_json()) == right  # the circumstances are kept
    session.undo()


def test_free_kick_to_the_offenders_own_team_is_refused(session: ReviewSession) -> None:
    inc = _incident(session)
    ruling = Ruling(offence="holding", sanction="none", offender=HOME_9,
                    restart="direct_free_kick", restart_team="home")
    with pytest.raises(ValueError, match="own team"):
        session.record_on_field(inc, ruling, "60")


def test_next_step_follows_the_var_protocol() -> None:
    on_field = Decision("i-on", "i", "on_field", ruling=Ruling())
    complete = Decision("i-c", "i", "var_check", outcome=CheckOutcome.COMPLETE.value)
    recommended = Decision("i-c", "i", "var_check",
                           outcome=CheckOutcome.REVIEW_RECOMMENDED.value)
    review = Decision("i-r", "i", "review", outcome="confirmed")
    assert next_step([]) == "on_field"
    assert next_step([on_field]) == "var_check"
    assert next_step([on_field, complete]) == "done"
    assert next_step([on_field, recommended]) == "review"
    assert next_step([on_field, recommended, review]) == "done"


_circumstances = st.builds(
    Circumstances, manner=st.sampled_from([None, *Manner]),
    inside_own_penalty_area=st.booleans(), opportunity=st.sampled_from(list(Opportunity)),
    attempt_to_play_ball=st.booleans(), contact=st.booleans(), ball_in_play=st.booleans(),
    advantage=st.booleans())


@st.composite
def rulings(draw: st.DrawFn, session: ReviewSession) -> Ruling:
    """Half of them what the Laws give for what was judged, the rest tampered with."""
    offence = draw(st.sampled_from([None, *CATALOGUE]))
    offender = draw(st.sampled_from([BENSEBAINI, HOME_9]))
    judged = draw(_circumstances)
    lawful = None
    if offence is not None:
        try:
            lawful = session.propose(offence, judged, offender)
        except ValueError:  # no manner where the manner decides
            lawful = None
    if lawful is not None and draw(st.booleans()):
        code, sanction = lawful.offence.code, lawful.sanction.value
        second = lawful.second_caution
        restart = lawful.restart.value if lawful.restart else None
    else:
        code, sanction = offence, draw(st.sampled_from(["none", "caution", "sending_off"]))
        second = sanction == "sending_off" and draw(st.booleans())
        restart = draw(st.sampled_from(RESTARTS))
    if offence is None:
        judged = None
    elif draw(st.booleans()):
        judged = None  # typed without what was judged: any lawful outcome will do
    opponents = "home" if offender.team == "away" else "away"
    return Ruling(offence=code, manner=judged.manner.value if judged and judged.manner
                  else draw(st.sampled_from([None, *[m.value for m in Manner]])),
                  sanction=sanction, second_caution=second,
                  offender=offender if code or sanction != "none" else None,
                  restart=restart,
                  restart_team=draw(st.sampled_from([opponents, opponents, offender.team])),
                  circumstances=judged)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_accepted_ruling_contradicts_the_laws_without_a_reason(
        session: ReviewSession, data: st.DataObject) -> None:
    """Property: whatever the core records without an override agrees with Law 12."""
    ruling = data.draw(rulings(session))
    inc = _incident(session)
    cautioned = bool(ruling.offender and session.state.cautions(
        ruling.offender))
    try:
        session.record_on_field(inc, ruling, "80")
    except (ValueError, ReviewError):
        return
    try:
        given_outcome = (ruling.sanction, ruling.second_caution, ruling.restart)
        if ruling.offence is None:
            assert ruling.sanction == "none"
            assert ruling.restart not in OFFENCE_RESTARTS
            return
        assert ruling.offender is not None
        if ruling.restart in OFFENCE_RESTARTS:
            assert ruling.restart_team != ruling.offender.team
        if ruling.circumstances is not None:
            c = Circumstances(**{**ruling.circumstances.__dict__,
                                 "offender_cautioned": cautioned,
                                 "manner": Manner(ruling.manner) if ruling.manner
                                 else ruling.circumstances.manner})
            p = propose(ruling.offence, c, session.match.edition)
            assert given_outcome == (p.sanction.value, p.second_caution,
                                     p.restart.value if p.restart else None)
    finally:
        session.undo()
