"""Grading answers files against a training session, and the group's statistics.

Each part of each answer is right or wrong against the reference; a question's score is the
share of its graded parts answered right. Parts without a reference are not graded. Agreement:
Cohen's kappa of each trainee against the reference per part (linear weights for the ordered
sanctions none < caution < sending-off), Fleiss' kappa across trainees per part (questions that
every trainee answered), and confidence against correctness.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any

import numpy as np

from reviewtool.training import signing
from reviewtool.training.agreement import cohen_kappa, confusion, fleiss_kappa
from reviewtool.training.answers import AnswerSheet
from reviewtool.training.question import (
    CHOICES,
    CONFIDENCE_LEVELS,
    PARTS,
    SANCTIONS,
    TrainingError,
    grade_answer,
)
from reviewtool.training.quiz import Item, Quiz

MIN_RATINGS = 2  # agreement needs two or more: answers for Cohen's kappa, trainees for Fleiss'


@dataclass(frozen=True)
class Mark:
    """One trainee's result on one question."""

    trainee: str
    item: str
    values: dict[str, str]
    right: dict[str, bool]  # per graded part
    confidence: int | None
    seconds: float | None

    @property
    def score(self) -> float:
        return sum(self.right.values()) / len(self.right) if self.right else 0.0


def graded_parts(item: Item) -> tuple[str, ...]:
    return tuple(p for p in item.parts if p in item.reference)


def _mean(values: Sequence[float]) -> float | None:
    return mean(values) if values else None


@dataclass(frozen=True)
class Grading:
    session: Quiz
    sheets: tuple[AnswerSheet, ...]
    marks: tuple[Mark, ...]

    @property
    def trainees(self) -> list[str]:
        return [s.trainee for s in self.sheets]

    def signature(self, sheet: AnswerSheet) -> str:
        """Whether the sheet carries a valid signature from a known trainee, in words."""
        return signing.status(sheet.trainee, sheet.public_key, self.session.trainees)

    def mark(self, trainee: str, item: str) -> Mark | None:
        return next((m for m in self.marks if m.trainee == trainee and m.item == item), None)

    # --- per trainee and per question ------------------------------------------------------

    def trainee_rows(self) -> list[dict[str, Any]]:
        rows = []
        for sheet in self.sheets:
            marks = [m for m in self.marks if m.trainee == sheet.trainee]
            row: dict[str, Any] = {
                "trainee": sheet.trainee, "answered": len(marks),
                "signature": self.signature(sheet),
                "key": signing.fingerprint(sheet.public_key) if sheet.public_key else "",
                "score": _mean([m.score for m in marks]) if marks else 0.0,
                "seconds": sum(m.seconds for m in marks if m.seconds is not None) or None,
                "accuracy": {p: _mean([float(m.right[p]) for m in marks if p in m.right])
                             for p in PARTS},
                "kappa": {p: self.cohen(sheet.trainee, p) for p in PARTS},
                "kappa_note": {p: self.cohen_note(sheet.trainee, p) for p in PARTS}}
            rows.append(row)
        return rows

    def question_rows(self) -> list[dict[str, Any]]:
        rows = []
        for item in self.session.items:
            marks = [m for m in self.marks if m.item == item.id]
            rows.append({
                "item": item.id, "title": item.title, "answers": len(marks),
                "score": _mean([m.score for m in marks]),
                "seconds": _mean([m.seconds for m in marks if m.seconds is not None]),
                "accuracy": {p: _mean([float(m.right[p]) for m in marks if p in m.right])
                             for p in graded_parts(item)}})
        return rows

    def part_accuracy(self) -> dict[str, float | None]:
        return {p: _mean([float(m.right[p]) for m in self.marks if p in m.right])
                for p in PARTS}

    def distribution(self, item: str, part: str) -> Counter[str]:
        """How many trainees gave each value (the presenter's bar chart)."""
        return Counter(m.values[part] for m in self.marks
                       if m.item == item and part in m.values)

    # --- agreement -------------------------------------------------------------------------

    def _pairs(self, trainee: str, part: str) -> tuple[list[str], list[str]]:
        ref, given = [], []
        for item in self.session.items:
            m = self.mark(trainee, item.id)
            if m is not None and part in m.right and part in m.values:
                ref.append(item.reference[part])
                given.append(m.values[part])
        return ref, given

    def cohen(self, trainee: str, part: str) -> float | None:
        """Cohen's kappa of ``trainee`` against the reference on ``part``; None below two
        graded answers (one answer gives 0 or nothing, which reads as a result)."""
        ref, given = self._pairs(trainee, part)
        if len(ref) < MIN_RATINGS:
            return None
        weights = "linear" if part == "sanction" else None
        return cohen_kappa(ref, given, CHOICES[part], weights)

    def cohen_note(self, trainee: str, part: str) -> str:
        """Why there is no kappa for ``trainee`` on ``part`` when there is none, in words."""
        if len(self._pairs(trainee, part)[0]) < MIN_RATINGS:
            return f"needs {MIN_RATINGS}+ answers"
        return "undefined" if self.cohen(trainee, part) is None else ""

    def fleiss_note(self, part: str) -> str:
        """Why there is no agreement between trainees on ``part`` when there is none."""
        if len(self.sheets) < MIN_RATINGS:
            return f"needs {MIN_RATINGS}+ trainees"
        if self.fleiss_table(part).shape[0] == 0:
            return "no question answered by all"
        return "undefined" if self.fleiss(part) is None else ""

    def sanction_confusion(self) -> np.ndarray:
        """Rows: the reference sanction; columns: what trainees gave (none, caution, red)."""
        ref, given = [], []
        for sheet in self.sheets:
            r, g = self._pairs(sheet.trainee, "sanction")
            ref += r
            given += g
        return confusion(ref, given, SANCTIONS)

    def fleiss_table(self, part: str) -> np.ndarray:
        """Questions x choices counts, over the questions every trainee answered."""
        rows = []
        labels = CHOICES[part]
        for item in self.session.items:
            if part not in item.parts:
                continue
            values = [m.values.get(part) for m in self.marks if m.item == item.id]
            if len(values) == len(self.sheets) and all(values):
                counts = Counter(values)
                rows.append([counts.get(label, 0) for label in labels])
        return np.array(rows, dtype=np.int64).reshape(len(rows), len(labels))

    def fleiss(self, part: str) -> float | None:
        if len(self.sheets) < 2:
            return None
        return fleiss_kappa(self.fleiss_table(part))

    def confidence_rows(self) -> list[dict[str, Any]]:
        """Per confidence level: answers, mean score, share with every part right."""
        rows = []
        for level in CONFIDENCE_LEVELS:
            marks = [m for m in self.marks if m.confidence == level]
            rows.append({"confidence": level, "answers": len(marks),
                         "score": _mean([m.score for m in marks]),
                         "all_right": _mean([float(all(m.right.values())) for m in marks])})
        return rows

    def confidence_correlation(self) -> float | None:
        """Pearson's r between confidence and score (are they sure when they are right?)."""
        pairs = [(m.confidence, m.score) for m in self.marks if m.confidence is not None]
        if len(pairs) < 3:
            return None
        c, s = np.array(pairs, dtype=float).T
        if c.std() == 0 or s.std() == 0:
            return None
        return float(np.corrcoef(c, s)[0, 1])

    # --- output ----------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "session": {"id": self.session.id, "title": self.session.title},
            "trainees": self.trainee_rows(), "questions": self.question_rows(),
            "parts": self.part_accuracy(),
            "sanction_confusion": {"labels": list(SANCTIONS),
                                   "rows_reference_columns_given":
                                       self.sanction_confusion().tolist()},
            "fleiss_kappa": {p: self.fleiss(p) for p in PARTS},
            "fleiss_note": {p: self.fleiss_note(p) for p in PARTS},
            "confidence": self.confidence_rows(),
            "confidence_correlation": self.confidence_correlation()}

    def csv(self) -> str:
        """Every answer, one row per trainee and question, with the reference beside it."""
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(["trainee", "question", "title",
                    *[f"{p}" for p in PARTS], *[f"reference_{p}" for p in PARTS],
                    *[f"right_{p}" for p in PARTS], "score", "confidence", "seconds"])
        for m in self.marks:
            item = self.session.item(m.item)
            w.writerow([m.trainee, m.item, item.title,
                        *[m.values.get(p, "") for p in PARTS],
                        *[item.reference.get(p, "") if p in item.parts else "" for p in PARTS],
                        *["" if p not in m.right else int(m.right[p]) for p in PARTS],
                        f"{m.score:.3f}", m.confidence or "",
                        "" if m.seconds is None else f"{m.seconds:.1f}"])
        return out.getvalue()


def grade(session: Quiz, sheets: Sequence[AnswerSheet]) -> Grading:
    """Grade ``sheets``; refused with a clear message when one is from another session,
    answers a question the session does not have, or the same trainee comes twice."""
    seen: dict[str, str] = {}
    marks = []
    items = {it.id: it for it in session.items}
    for sheet in sheets:
        name = Path(sheet.source).name if sheet.source else sheet.trainee
        if sheet.session != session.id:
            raise TrainingError(f"{name}: these answers are to another training session "
                                f"(not {session.title or session.id})")
        if sheet.trainee in seen:
            raise TrainingError(f"{name}: {sheet.trainee} already answered "
                                f"(in {seen[sheet.trainee]})")
        seen[sheet.trainee] = name
        answered: set[str] = set()
        for answer in sheet.answers:
            if answer.item in answered:
                raise TrainingError(f"{name}: answers question {answer.item} twice")
            answered.add(answer.item)
            item = items.get(answer.item)
            if item is None:
                raise TrainingError(f"{name}: answers question {answer.item}, which this "
                                    "training session does not have")
            parts = graded_parts(item)
            marks.append(Mark(sheet.trainee, item.id,
                              {p: v for p, v in answer.values.items() if p in item.parts},
                              grade_answer(parts, item.reference, answer.values),
                              answer.confidence, answer.seconds))
    return Grading(session, tuple(sheets), tuple(marks))
