"""The review desk's docks: where each panel goes and how much of the screen it takes.

The official records while watching the cards, so the match state sits above the decision,
both in view; the decision log shares the left column with the incidents; the picture keeps
about half the width whatever the screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

LAYOUT_VERSION = 2  # docks: incidents/log left, match state above decision right
LEFT_SHARE, RIGHT_SHARE = 0.2, 0.3  # of the window's width
STATE_SHARE = 0.45  # of the right column's height; the decision gets the rest


def build_docks(window: QMainWindow, view_menu: QMenu,
                panels: dict[str, tuple[str, QWidget]]) -> dict[str, QDockWidget]:
    """Docks for ``panels`` (name -> title, widget): incidents, state, decision, log."""
    left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
    areas = {"incidents": left, "state": right, "decision": right, "log": left}
    docks: dict[str, QDockWidget] = {}
    for name, (title, widget) in panels.items():
        dock = QDockWidget(title, window)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        window.addDockWidget(areas[name], dock)
        view_menu.addAction(dock.toggleViewAction())
        docks[name] = dock
    window.splitDockWidget(docks["state"], docks["decision"], Qt.Orientation.Vertical)
    window.tabifyDockWidget(docks["incidents"], docks["log"])
    docks["incidents"].raise_()
    size_docks(window, docks)
    return docks


def size_docks(window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
    """Docks in proportion to the window."""
    w, h = max(window.width(), 640), max(window.height(), 480)
    window.resizeDocks([docks["incidents"], docks["state"]],
                       [int(w * LEFT_SHARE), int(w * RIGHT_SHARE)], Qt.Orientation.Horizontal)
    window.resizeDocks([docks["state"], docks["decision"]],
                       [int(h * STATE_SHARE), int(h * (1 - STATE_SHARE))],
                       Qt.Orientation.Vertical)
