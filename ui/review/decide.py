"""Record the decision step the decision panel shows, from what its forms say."""

from __future__ import annotations

from reviewtool.laws.var import CheckOutcome, ReviewOutcome
from ui.panels.decision_panel import DecisionPanel
from ui.review.controller import ReviewController


def record_step(review: ReviewController, panel: DecisionPanel, step: str) -> None:
    incident = panel.incident
    if incident is None:
        return
    minute = panel.minute.text().strip() or None
    reason = panel.reason.text().strip()
    cites = panel.evidence.cited()  # the offside measurements ticked
    try:
        if step == "on_field":
            ruling = panel.on_field.ruling()
            review.do(lambda s: s.record_on_field(incident.id, ruling, minute, reason,
                                                   cites))
        elif step == "var_check":
            outcome = panel.check_outcome.currentData()
            category = (panel.check_category.currentData()
                        if outcome == CheckOutcome.REVIEW_RECOMMENDED else None)
            review.do(lambda s: s.record_check(incident.id, outcome, category, minute, reason,
                                               cites))
        elif step == "review":
            outcome = panel.review_outcome.currentData()
            final = panel.final.ruling() if outcome == ReviewOutcome.OVERTURNED else None
            kind = panel.review_kind.currentData()
            review.do(lambda s: s.record_review(incident.id, kind, outcome, final, minute,
                                                reason, cites))
    except ValueError as e:
        review.refused.emit(str(e))
