"""Bar charts of a grading (pyqtgraph): accuracy per question and part, confidence against
correctness, and one question's distribution of answers for the presenter."""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtGui import QColor

from reviewtool.training.grading import Grading
from reviewtool.training.question import PART_NAMES, PARTS, label

PART_COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f")


def _plot(title: str, left: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(title=title)
    plot.setBackground(None)
    plot.showGrid(y=True, alpha=0.25)
    plot.setLabel("left", left)
    plot.setMouseEnabled(x=False, y=False)
    plot.setMinimumHeight(220)
    return plot


def _ticks(plot: pg.PlotWidget, names: Sequence[str]) -> None:
    plot.getAxis("bottom").setTicks([list(enumerate(names))])


def accuracy_chart(g: Grading) -> pg.PlotWidget:
    """Per question, one bar per part: the share of trainees right."""
    plot = _plot("Accuracy per question and part", "% right")
    rows = g.question_rows()
    width = 0.8 / len(PARTS)
    plot.addLegend(offset=(10, 5), colCount=len(PARTS))
    for k, part in enumerate(PARTS):
        xs = [i - 0.4 + width * (k + 0.5) for i in range(len(rows))]
        ys = [100 * (r["accuracy"].get(part) or 0) for r in rows]
        plot.addItem(pg.BarGraphItem(x=xs, height=ys, width=width * 0.9,
                                     brush=PART_COLOURS[k], name=PART_NAMES[part]))
    _ticks(plot, [r["item"] for r in rows])
    plot.setYRange(0, 125)  # room for the legend above the bars
    return plot


def confidence_chart(g: Grading) -> pg.PlotWidget:
    """Mean score per confidence level: are trainees sure when they are right?"""
    plot = _plot("Confidence against correctness", "mean score %")
    rows = g.confidence_rows()
    plot.addItem(pg.BarGraphItem(x=list(range(len(rows))),
                                 height=[100 * (r["score"] or 0) for r in rows], width=0.6,
                                 brush="#59a14f"))
    _ticks(plot, [f"{r['confidence']} (n={r['answers']})" for r in rows])
    plot.setYRange(0, 105)
    return plot


def distribution_chart(g: Grading, item: str, part: str, reference: str | None) -> pg.PlotWidget:
    """How many trainees gave each value, as horizontal bars (long names stay readable); the
    reference's bar in green."""
    counts = g.distribution(item, part)
    values = sorted(counts, key=lambda v: (counts[v], v))
    plot = _plot(PART_NAMES[part], "")
    plot.setLabel("bottom", "trainees")
    brushes = [QColor("#59a14f") if v == reference else QColor("#9c755f") for v in values]
    plot.addItem(pg.BarGraphItem(x0=0, y=list(range(len(values))),
                                 width=[counts[v] for v in values], height=0.6,
                                 brushes=brushes))
    plot.getAxis("left").setTicks([[(i, label(part, v)) for i, v in enumerate(values)]])
    plot.getAxis("bottom").setTickSpacing(1, 1)
    plot.setXRange(0, max(counts.values(), default=1) + 0.5)
    return plot
