"""What a training question asks and how one answer is graded against the reference.

An answer is given in the language of the Laws, in up to five parts: offence or not, which
offence, sanction, restart, and whether the VAR should intervene (and by which review). Each
part is one value from a closed list, so that grading is exact and agreement can be counted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reviewtool.laws.offences import CATALOGUE, Sanction
from reviewtool.match.events import RESTART_KINDS
from reviewtool.review.decision import Decision, Ruling

PARTS: tuple[str, ...] = ("offence_or_not", "offence", "sanction", "restart", "var")
PART_NAMES = {"offence_or_not": "Offence or not", "offence": "Which offence",
              "sanction": "Sanction", "restart": "Restart", "var": "VAR"}

NO_OFFENCE = "no_offence"
PLAY_ON = "play_on"
SANCTIONS = tuple(s.value for s in Sanction)  # ordered: none < caution < sending-off
VAR_CHOICES = ("no_intervention", "on_field_review", "var_only_review")

CHOICES: dict[str, tuple[str, ...]] = {
    "offence_or_not": ("offence", NO_OFFENCE),
    "offence": (NO_OFFENCE, *CATALOGUE),
    "sanction": SANCTIONS,
    "restart": (PLAY_ON, *RESTART_KINDS),
    "var": VAR_CHOICES,
}

_LABELS = {NO_OFFENCE: "No offence", "offence": "Offence", PLAY_ON: "Play on (no restart)",
           "none": "No card", "caution": "Caution (yellow)", "sending_off": "Sending-off (red)",
           "no_intervention": "No intervention (check complete)",
           "on_field_review": "Review: on-field review",
           "var_only_review": "Review: VAR-only review"}

CONFIDENCE_LEVELS = (1, 2, 3, 4, 5)
MAX_SECONDS = 24 * 3600  # time spent on one question


class TrainingError(Exception):
    """A training file (session, pack, answers) that cannot be used; the message says why."""


def label(part: str, value: str | None) -> str:
    """The words shown for a value, e.g. 'Caution (yellow)', 'Kicks or attempts to kick...'."""
    if value is None:
        return "—"
    if part == "offence" and value in CATALOGUE:
        return CATALOGUE[value].name
    return _LABELS.get(value, value.replace("_", " ").capitalize())


def check_parts(parts: Sequence[str]) -> tuple[str, ...]:
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        raise TrainingError(f"unknown question part {unknown[0]!r}; parts are {', '.join(PARTS)}")
    if not parts:
        raise TrainingError("a question must ask at least one part")
    return tuple(p for p in PARTS if p in parts)


def check_values(values: Mapping[str, Any], what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part, value in values.items():
        if part not in PARTS:
            raise TrainingError(f"{what}: unknown part {part!r}")
        if value is None:
            continue
        if value not in CHOICES[part]:
            raise TrainingError(f"{what}: {value!r} is not a choice for {PART_NAMES[part]}")
        out[part] = value
    return out


@dataclass(frozen=True)
class Answer:
    """One trainee's answer to one question: a value per part, confidence 1-5, time taken."""

    item: str
    values: Mapping[str, str]
    confidence: int | None = None
    seconds: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {"item": self.item, "values": dict(self.values), "confidence": self.confidence,
                "seconds": None if self.seconds is None else round(self.seconds, 1)}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Answer:
        try:
            item = str(d["item"])
            confidence = d.get("confidence")
            seconds = d.get("seconds")
            values = d.get("values") or {}
        except (KeyError, TypeError) as e:
            raise TrainingError(f"an answer is malformed ({e})") from e
        if confidence is not None and (isinstance(confidence, bool)
                                       or confidence not in CONFIDENCE_LEVELS):
            raise TrainingError(f"answer to {item}: confidence {confidence!r} is not 1 to 5")
        if seconds is not None and (isinstance(seconds, bool)
                                    or not isinstance(seconds, int | float)
                                    or not 0 <= seconds <= MAX_SECONDS):
            raise TrainingError(f"answer to {item}: time taken {str(seconds)[:20]} is not "
                                "seconds spent on a question")
        if not isinstance(values, Mapping):
            raise TrainingError(f"answer to {item}: its values are not a list of parts")
        return cls(item, check_values(values, f"answer to {item}"),
                   None if confidence is None else int(confidence),
                   None if seconds is None else float(seconds))


def reference_from_steps(steps: Sequence[Decision]) -> dict[str, str]:
    """The reference answer from an incident's recorded decision: its final ruling (the
    on-field decision, or the review's final decision when it was overturned) and the VAR
    path (no intervention when the check was complete or there was none)."""
    ruling: Ruling | None = None
    var = "no_intervention"
    for step in steps:
        if step.ruling is not None:
            ruling = step.ruling
        if step.step == "review":
            var = "var_only_review" if step.kind == "var_only" else "on_field_review"
    out = {"var": var}
    if ruling is not None:
        out["offence_or_not"] = NO_OFFENCE if ruling.offence is None else "offence"
        out["offence"] = ruling.offence or NO_OFFENCE
        out["sanction"] = ruling.sanction
        out["restart"] = ruling.restart or PLAY_ON
    return out


def grade_answer(parts: Sequence[str], reference: Mapping[str, str],
                 values: Mapping[str, str]) -> dict[str, bool]:
    """Right or wrong for each part asked; an unanswered part is wrong."""
    return {p: values.get(p) is not None and values.get(p) == reference.get(p) for p in parts}
