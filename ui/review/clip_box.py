"""The Clip box on its toolbar: the review's clips, the one on screen chosen.

Choosing a clip asks the window to show it (``chosen``); the box decides nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QToolBar

from reviewtool.store.entries import ClipRecord


class ClipBox(QComboBox):
    """The review's clips (camera angles), by file name; the one on screen is current."""

    def __init__(self, chosen: Callable[[int], object]) -> None:
        super().__init__()
        self.setObjectName("review_clips")
        self.setToolTip("The review's clips (camera angles): choose one to show it")
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the keys stay on the picture
        self.setMinimumContentsLength(18)
        self.activated.connect(lambda i: chosen(self.itemData(i)))

    @classmethod
    def attach(cls, window: QMainWindow, chosen: Callable[[int], object]) -> ClipBox:
        """A Clip box on a toolbar of its own at the top of ``window``."""
        box = cls(chosen)
        bar = QToolBar("Clips")
        bar.setObjectName("clips_bar")
        bar.addWidget(QLabel(" Clip "))
        bar.addWidget(box)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        return box

    def show_clips(self, clips: Sequence[ClipRecord], shown: int | None,
                   removed: Collection[int] = ()) -> None:
        """List ``clips``; ``shown``: the clip on screen (None: none of them); ``removed``:
        clips taken out of the station (still the review's, shown alone when chosen)."""
        self.clear()
        for clip in clips:
            gone = " (removed from the station)" if clip.id in removed else ""
            self.addItem(Path(clip.path).name + gone, clip.id)
            self.setItemData(self.count() - 1, clip.path, Qt.ItemDataRole.ToolTipRole)
        self.setCurrentIndex(self.findData(shown))
        self.setEnabled(self.count() > 1)
