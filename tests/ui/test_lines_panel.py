"""Issue 12 at 1280x720: the Lines panel fits beside the match state without scrolling to
its fit button, shows the landmark table's rows and whole names, and the landmark labels on
the picture stay inside it and off each other (seen under Xvfb: one row of players, 1.5
rows of landmarks, names cut, labels overlapping and clipped at the right edge)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QScrollArea, QTableWidget

from tests.kit.pitch_clip import landmark_pixels
from tests.ui.test_lines_window import calibrate, open_review, pitch_clip  # noqa: F401
from ui.lines.labels import place_labels
from ui.main_window import ReviewWindow

TIMEOUT = 15_000


def rows_shown(table: QTableWidget) -> float:
    return table.viewport().height() / table.verticalHeader().defaultSectionSize()


def test_at_1280x720_the_fit_button_the_landmarks_and_the_players_are_in_view(
        qtbot, review_window: ReviewWindow, tmp_path: Path, pitch_clip: Path) -> None:  # noqa: F811
    w = review_window
    w.resize(1280, 720)
    open_review(w, qtbot, tmp_path, pitch_clip)
    calibrate(qtbot, w, landmark_pixels())  # six landmarks, fitted and saved
    panel = w.lines.calibration_panel
    assert panel.table.rowCount() == 6 and "Calibration saved" in panel.message.text()
    scroll = w.lines.dock.widget()
    assert isinstance(scroll, QScrollArea)
    qtbot.waitUntil(lambda: panel.fit_button.isVisible(), timeout=TIMEOUT)
    viewport = scroll.viewport()
    button = QRect(panel.fit_button.mapTo(viewport, QPoint(0, 0)), panel.fit_button.size())
    assert viewport.rect().contains(button), (button, viewport.rect())  # no scrolling to it
    assert scroll.verticalScrollBar().value() == 0
    assert rows_shown(panel.table) >= 3.0, rows_shown(panel.table)
    names = panel.table.fontMetrics()
    longest = max(names.horizontalAdvance(panel.table.item(r, 0).text())
                  for r in range(panel.table.rowCount()))
    assert panel.table.columnWidth(0) > longest + 6  # whole names, not "penalty_area_rig…"
    players = w.docks["state"].findChildren(QTableWidget)
    assert players and all(rows_shown(t) >= 2.0 for t in players if t.isVisible())


def test_labels_flip_left_at_the_right_edge_and_keep_off_each_other() -> None:
    bounds = (0.0, 0.0, 1280.0, 720.0)
    edge = place_labels([((1250.0, 300.0), 180.0, 16.0)], bounds, 5.0)[0]
    assert edge[2] <= 1250.0 and edge[0] >= 0.0  # left of its point, inside the picture
    near = place_labels([((600.0, 300.0), 180.0, 16.0), ((610.0, 305.0), 180.0, 16.0),
                         ((605.0, 310.0), 180.0, 16.0)], bounds, 5.0)
    for i, a in enumerate(near):
        for b in near[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    crowded = place_labels([((1270.0, 10.0), 200.0, 16.0)], bounds, 5.0)[0]
    assert crowded[0] >= 0 and crowded[2] <= 1280 and crowded[1] >= 0  # a corner: inside
