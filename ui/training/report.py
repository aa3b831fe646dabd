"""The grading report as PDF (QPdfWriter): the tables of the grading and the charts as
pictures, laid out by a QTextDocument so that long tables flow over pages."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QPageSize, QPdfWriter, QTextDocument

from reviewtool.training.grading import Grading
from reviewtool.training.question import PART_NAMES, PARTS, SANCTIONS, label


def percent(x: float | None) -> str:
    """A share as a percentage for tables; shared with the grading window."""
    return "—" if x is None else f"{100 * x:.0f} %"


def signed(x: float | None, note: str = "") -> str:
    """A kappa with its sign; where there is none, why (e.g. "needs 2+ trainees")."""
    if x is None:
        return note or "—"
    return f"{x:+.2f}"


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table border='1' cellspacing='0' cellpadding='3'><tr>{th}</tr>{body}</table>"


def report_html(g: Grading, charts: int = 0) -> str:
    parts = [PART_NAMES[p] for p in PARTS]
    out = [f"<h1>{html.escape(g.session.title)}</h1>",
           f"<p>{len(g.sheets)} trainees, {len(g.session.items)} questions.</p>",
           "<h2>Trainees</h2>",
           _table(["Trainee", "Score", *parts, "Kappa sanction (weighted)", "Time",
                   "Signature"],
                  [[r["trainee"], percent(r["score"]), *[percent(r["accuracy"][p]) for p in PARTS],
                    signed(r["kappa"]["sanction"], r["kappa_note"]["sanction"]),
                    f"{r['seconds']:.0f} s" if r["seconds"] else "—", r["signature"]]
                   for r in g.trainee_rows()]),
           "<h2>Questions</h2>",
           _table(["Question", "Score", *parts, "Answers"],
                  [[f"{r['item']} {r['title']}", percent(r["score"]),
                    *[percent(r["accuracy"].get(p)) for p in PARTS], r["answers"]]
                   for r in g.question_rows()]),
           "<h2>Agreement</h2>",
           _table(["Part", "Accuracy", "Fleiss' kappa"],
                  [[PART_NAMES[p], percent(g.part_accuracy()[p]),
                    signed(g.fleiss(p), g.fleiss_note(p))]
                   for p in PARTS]),
           "<h3>Sanctions: reference (rows) against given (columns)</h3>",
           _table(["", *[label("sanction", s) for s in SANCTIONS]],
                  [[label("sanction", s), *map(str, row)]
                   for s, row in zip(SANCTIONS, g.sanction_confusion(), strict=True)]),
           "<h3>Confidence against correctness</h3>",
           _table(["Confidence", "Answers", "Mean score", "All parts right"],
                  [[r["confidence"], r["answers"], percent(r["score"]), percent(r["all_right"])]
                   for r in g.confidence_rows()]),
           f"<p>Pearson r (confidence, score): {signed(g.confidence_correlation())}</p>"]
    out += [f"<p><img src='chart{i}' width='600'></p>" for i in range(charts)]
    out.append("<h2>Explanations</h2>")
    out += [f"<p><b>{html.escape(it.id)} {html.escape(it.title)}</b>: "
            f"{html.escape(it.explanation or '—')}</p>" for it in g.session.items]
    return "".join(out)


def write_pdf(g: Grading, path: str | Path, charts: Sequence[QImage] = ()) -> None:
    doc = QTextDocument()
    for i, image in enumerate(charts):
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"chart{i}"), image)
    doc.setHtml(report_html(g, len(charts)))
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setTitle(f"{g.session.title} — grading")
    writer.setCreator("reviewtool")
    doc.print_(writer)
