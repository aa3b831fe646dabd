"""A steady label: its window is not laid out again for each new text (``ui.steady``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui.steady import set_steady_text


class _Layouts(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        self.count += event.type() == QEvent.Type.LayoutRequest
        return False


def test_a_steady_label_grows_for_a_wider_text_and_shrinks_only_when_asked(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    label = QLabel()
    QHBoxLayout(window).addWidget(label)
    window.show()
    qtbot.waitExposed(window)
    set_steady_text(label, "frame 1 / 999")
    QCoreApplication.sendPostedEvents()  # the layout its first size asked for
    first = label.width()
    layouts = _Layouts()
    window.installEventFilter(layouts)
    for n in range(2, 60):  # each frame played: a new text of about the same width
        set_steady_text(label, f"frame {n} / 999")
        QCoreApplication.sendPostedEvents()  # a layout request, if one was posted
    assert layouts.count == 0
    assert label.minimumWidth() == label.maximumWidth() == first
    set_steady_text(label, "frame 59 / 999 ◀ backwards")
    wide = label.minimumWidth()
    assert wide > first and label.sizeHint().width() <= wide
    set_steady_text(label, "frame 58 / 999")
    assert label.minimumWidth() == wide  # no jitter while playing
    set_steady_text(label, "frame 58 / 999", fit=True)
    assert label.minimumWidth() < wide
    window.removeEventFilter(layouts)
