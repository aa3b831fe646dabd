"""A banner above the picture when the open review's decision log is in doubt.

The core decides (``ReviewSession.report`` and ``warnings``: a log that is not intact opens
read-only); this widget only says so, loudly, and offers Verify and read-only viewing. It
attaches itself to the window as a toolbar row so the window's layout code is not touched.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QWidget,
)

from ui.review.controller import ReviewController

DANGER = "background: #8b1a1a; color: white; padding: 4px 8px; font-weight: bold;"
NOTICE = "background: #6b5a12; color: white; padding: 4px 8px;"


class IntegrityBanner(QToolBar):
    verify_requested = Signal()

    def __init__(self, controller: ReviewController, parent: QWidget | None = None) -> None:
        super().__init__("Decision log check", parent)
        self.setObjectName("integrity_banner")
        self.setMovable(False)
        self.setFloatable(False)
        self.controller = controller
        self._full = ""
        self.message = QLabel()
        self.message.setObjectName("integrity_message")
        self.message.setWordWrap(False)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(self.message)
        self.verify_button = QPushButton("Verify…")
        self.verify_button.setObjectName("integrity_verify")
        self.verify_button.clicked.connect(self.verify_requested)
        self.addWidget(self.verify_button)
        self.read_only_button = QPushButton("View read-only")
        self.read_only_button.setObjectName("integrity_read_only")
        self.read_only_button.setToolTip("Keep looking at this review; nothing can be recorded")
        self.read_only_button.clicked.connect(self.hide)
        self._read_only_action = self.addWidget(self.read_only_button)
        self.toggleViewAction().setVisible(False)  # not a toolbar the user arranges
        controller.opened.connect(self.refresh)
        self.hide()

    def refresh(self) -> None:
        session = self.controller.session
        if session is None or not session.warnings:
            self.hide()
            return
        broken = not session.report.intact
        lines = [w[:1].upper() + w[1:] for w in session.warnings]
        self._full = ("⚠ " if broken else "") + "\n".join(lines)
        self.message.setToolTip("\n".join(lines))
        self.message.setStyleSheet(DANGER if broken else NOTICE)
        self._read_only_action.setVisible(broken)
        self._fit()
        self.show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Elide each line to the room the buttons leave: a long NOT INTACT line pushed View
        read-only off a 1280-wide window (the whole text is in the tooltip and in Verify)."""
        window = self.parentWidget()
        room = (window.width() if window is not None else self.width()) - 64  # handle, padding
        room -= self.verify_button.sizeHint().width() + 12
        if self._read_only_action.isVisible():
            room -= self.read_only_button.sizeHint().width() + 12
        metrics = self.message.fontMetrics()
        self.message.setText("\n".join(
            metrics.elidedText(line, Qt.TextElideMode.ElideRight, max(room, 80))
            for line in self._full.split("\n")))

    @classmethod
    def attach(cls, window: QMainWindow, controller: ReviewController,
               verify: object) -> IntegrityBanner:
        """Add the banner as its own row above the window's other toolbars."""
        banner = cls(controller, window)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
        banner.verify_requested.connect(verify)  # type: ignore[arg-type]
        return banner
