"""A completer's list of names that leaves the form's other fields in reach.

QCompleter drops its popup over the fields below the one completing and swallows a click
outside its names, so the field typed in next was still the one completing: a victim's "90"
typed after the offender's "5" made the offender "590". Here the names open beside the form
when the screen has room for them, and a click off the names closes them and puts the cursor in the
field clicked.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget


class NamesPopup(QObject):
    def __init__(self, popup: QAbstractItemView, field: QWidget) -> None:
        super().__init__(field)
        self.popup, self.field = popup, field
        popup.installEventFilter(self)  # after the completer's own filter, so asked first
        popup.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.popup and kind in (QEvent.Type.Show, QEvent.Type.Move,
                                              QEvent.Type.Resize):
            self._beside_the_form()
        if kind != QEvent.Type.MouseButtonPress or not isinstance(event, QMouseEvent):
            return False
        spot = event.globalPosition().toPoint()
        if self.popup.indexAt(self.popup.viewport().mapFromGlobal(spot)).isValid():
            return False  # a name: the completer takes it
        self.popup.hide()
        target = QApplication.widgetAt(spot)
        while target is not None and not target.focusPolicy() & Qt.FocusPolicy.ClickFocus:
            target = target.parentWidget()
        if target is not None and target.window() is self.field.window():
            target.setFocus(Qt.FocusReason.MouseFocusReason)
        return True

    def _beside_the_form(self) -> None:
        """Level with the field, just right of the form (or left of it), narrowed to the
        room there if the names still fit; otherwise where QCompleter put it."""
        popup = self.popup
        form = self.field.window().frameGeometry()
        screen = self.field.screen().availableGeometry()
        least = (popup.sizeHintForColumn(0) + 2 * popup.frameWidth()
                 + popup.verticalScrollBar().sizeHint().width())
        right, left = screen.right() - form.right(), form.left() - screen.left()
        if right >= least:
            width = min(popup.width(), right)
            x = form.right() + 1
        elif left >= least:
            width = min(popup.width(), left)
            x = form.left() - width
        else:
            return
        height = popup.height()
        top = min(self.field.mapToGlobal(QPoint(0, 0)).y(), screen.bottom() + 1 - height)
        if popup.geometry() != QRect(x, top, width, height):
            popup.setGeometry(x, top, width, height)
