"""The drawing tool bar: shown only while drawing. Tools, ground or picture, colour, width,
frame range and text; it asks nothing itself: the desk reads it and records."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QIcon, QPixmap
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QSpinBox, QToolBar

from reviewtool.drawings.model import KINDS, MAX_WIDTH

SELECT = "select"
TOOLS = (SELECT, *KINDS)
TOOL_TEXT = {SELECT: "Select", "arrow": "Arrow", "line": "Line", "circle": "Circle",
             "ellipse": "Ellipse", "freehand": "Freehand", "text": "Text",
             "spotlight": "Spotlight", "magnifier": "Magnifier"}
TOOL_TIPS = {
    SELECT: "Click a drawing to select it, drag to move it; Del deletes it",
    "arrow": "Drag from tail to head", "line": "Drag from end to end",
    "circle": "Drag from the centre to the rim", "ellipse": "Drag across its box",
    "freehand": "Draw with the mouse held down", "text": "Click where the text goes",
    "spotlight": "Drag a box around a player: the rest of the picture darkens",
    "magnifier": "Drag from the centre to the rim: the picture is shown larger inside",
}
COLOURS = (("Yellow", "#ffd400"), ("Red", "#ff3b30"), ("White", "#ffffff"),
           ("Cyan", "#00d7ff"), ("Green", "#34c759"), ("Black", "#111111"))


class DrawingBar(QToolBar):
    tool_changed = Signal(str)
    style_changed = Signal()  # colour or width: applies to the selected drawing too
    range_edited = Signal()  # first/last typed: applies to the selected drawing
    text_edited = Signal()  # Enter in the text field: applies to the selected text
    delete_requested = Signal()

    def __init__(self) -> None:
        super().__init__("Drawing")
        self.setObjectName("drawing_bar")
        self.toggleViewAction().setVisible(False)  # it shows while drawing, never otherwise
        group = QActionGroup(self)
        self.tools: dict[str, QAction] = {}
        for tool in TOOLS:
            action = QAction(TOOL_TEXT[tool], self)
            action.setObjectName(f"draw_tool_{tool}")
            action.setCheckable(True)
            action.setToolTip(f"{TOOL_TEXT[tool]}: {TOOL_TIPS[tool]}")
            action.triggered.connect(lambda _=False, t=tool: self.tool_changed.emit(t))
            group.addAction(action)
            self.addAction(action)
            self.tools[tool] = action
        self.tools["arrow"].setChecked(True)
        self.addSeparator()
        self.ground = QCheckBox("Ground")
        self.ground.setObjectName("draw_ground")
        self.ground.setChecked(True)
        self.ground.setToolTip("Arrows, lines, circles and ellipses lie on the pitch, drawn in "
                               "the camera's perspective (the angle must be calibrated)")
        self.addWidget(self.ground)
        self.colour = QComboBox()
        self.colour.setObjectName("draw_colour")
        for name, hex_ in COLOURS:
            swatch = QPixmap(14, 14)
            swatch.fill(QColor(hex_))
            self.colour.addItem(QIcon(swatch), name, hex_)
        self.colour.activated.connect(lambda _i: self.style_changed.emit())
        self.width_box = _spin("draw_width", 1, int(MAX_WIDTH), 3, "Line width (pixels)")
        self.width_box.editingFinished.connect(self.style_changed)
        self.first = _spin("draw_first", 0, 10_000_000, 0, "First frame it shows on")
        self.last = _spin("draw_last", 0, 10_000_000, 0, "Last frame it shows on")
        for box in (self.first, self.last):
            box.editingFinished.connect(self.range_edited)
        self.text = QLineEdit()  # empty: what a VAR types is the text, whole
        self.text.setPlaceholderText("Text to place")
        self.text.setObjectName("draw_text")
        self.text.setMinimumWidth(110)
        self.text.setMaximumWidth(220)
        self.text.setToolTip("The text tool's text; with a text selected, Enter changes it")
        self.text.returnPressed.connect(self.text_edited)
        self.colour.setToolTip("Colour")
        for label, widget in (("", self.colour), ("", self.width_box),
                              (" Frames ", self.first), ("–", self.last),
                              (" ", self.text)):
            if label:
                self.addWidget(QLabel(label))
            self.addWidget(widget)
        self.delete = QAction("Delete", self)
        self.delete.setObjectName("draw_delete_button")
        self.delete.setToolTip("Delete the selected drawing (Del); Undo brings it back")
        self.delete.triggered.connect(self.delete_requested)
        self.addAction(self.delete)
        for w in (self.ground, self.colour):
            w.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

    @property
    def tool(self) -> str:
        return next(t for t, a in self.tools.items() if a.isChecked())

    def set_tool(self, tool: str) -> None:
        self.tools[tool].setChecked(True)
        self.tool_changed.emit(tool)

    @property
    def colour_hex(self) -> str:
        return str(self.colour.currentData())

    def show_style(self, colour: str, width: float) -> None:
        i = self.colour.findData(colour)
        if i < 0:
            self.colour.addItem(colour, colour)
            i = self.colour.count() - 1
        self.colour.setCurrentIndex(i)
        self.width_box.setValue(round(width))

    def show_range(self, first: int, last: int) -> None:
        for box, value in ((self.first, first), (self.last, last)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)


def _spin(name: str, low: int, high: int, value: int, tip: str) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setValue(value)
    box.setToolTip(tip)
    box.setKeyboardTracking(False)
    box.setMaximumWidth(80)
    return box
