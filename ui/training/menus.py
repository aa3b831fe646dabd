"""Menus of the training windows, built from the one action table (ui/actions.py) like the
review window's: the texts, default shortcuts and the user's own shortcuts come from there."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from ui.actions import ACTIONS, build_actions
from ui.settings import Settings


def build_menus(window: QMainWindow, handlers: dict[str, Callable[[], object]],
                settings: Settings, *, menus: bool = True) -> dict[str, QAction]:
    """The window's actions (shortcuts live on the window); with ``menus``, one menu per
    menu name of the table, in the table's order."""
    actions = build_actions(window, handlers, settings)
    if menus:
        made: dict[str, QMenu] = {}
        for spec in ACTIONS:
            action = actions.get(spec.id)
            if action is None:
                continue
            if spec.menu not in made:
                made[spec.menu] = window.menuBar().addMenu(f"&{spec.menu}")
            made[spec.menu].addAction(action)
    return actions
