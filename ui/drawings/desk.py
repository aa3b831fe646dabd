"""Drawing on the picture: the mode (P enters, Esc leaves), its tool bar, the mouse on the
video view, and the drawings painted over every frame they belong to.

The desk records through the review controller (the session checks and logs; undo is the
session's) and paints through the view's overlay hook. Per frame shown it asks the session
for the drawings of this angle and frame and maps them once; painting is a few polylines, so
playback and scrubbing never wait for it. ``ground`` gives the angle's homography at a frame
(ground metres to pixels); until calibrations are recorded it gives none, and a drawing on
the ground is then refused, or drawn flat if the official agrees.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QTransform
from PySide6.QtWidgets import QMessageBox

from reviewtool.drawings.model import ON_THE_GROUND, Drawing, DrawingError, Style
from reviewtool.drawings.shapes import HomographySource, Outline, outline
from reviewtool.review.recorder import Change, Topic
from reviewtool.video.server import FrameResult
from ui.actions import ACTIONS, build_actions
from ui.drawings.angles import PaneDrawings, outlines_at, wrap
from ui.drawings.gesture import Move, OffTheGround, Sketch, restyled
from ui.drawings.painter import paint_notice, paint_outlines, text_box
from ui.drawings.placing import GroundPlacer
from ui.drawings.toolbar import SELECT, DrawingBar

HIT_PX = 8.0  # widget pixels from a stroke that still select it
DEFAULT_SECONDS = 2.0  # a new drawing shows this long either side of the frame drawn on


class DrawingDesk(QObject):
    mode_changed = Signal(bool)

    def __init__(self, window: Any) -> None:
        """``window``: a review window (view, player, review, commands, chrome's actions)."""
        super().__init__(window)
        self.window = window
        self.view = window.view
        self.player = window.player
        self.review = window.review
        self.placer = GroundPlacer(self.review, self.player.tasks, self._clip_path,
                                   self._on_screen, self)
        self._ground: HomographySource = self.placer
        self.active = False
        self.frame: int | None = None
        self.shown: FrameResult | None = None  # its picture: placing on the ground starts there
        self.selected: str | None = None
        self.outlines: list[Outline] = []
        self.hidden = 0  # ground drawings not drawn here: no calibration at this frame
        self.sketch: Sketch | None = None
        self.move: Move | None = None
        self.preview: Outline | None = None
        self.question: QMessageBox | None = None
        self.unasked: Drawing | None = None  # drawn flat if the official agrees (ask_flat)
        self._range_pinned = False  # the official typed the range for the next drawings
        self.bar = DrawingBar()
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        self.bar.hide()
        specs = [s for s in ACTIONS if s.id.startswith("draw.")]
        self.actions = build_actions(window, {"draw.mode": self.toggle,
                                              "draw.select_next": self.select_next,
                                              "draw.delete": self.delete_selected},
                                     window.settings, specs)
        self.actions["draw.mode"].setCheckable(True)
        window.actions_by_id.update(self.actions)  # Preferences and F1 list them too
        menu = window.menus["Review"]
        menu.addSeparator()
        for spec in specs:
            menu.addAction(self.actions[spec.id])
        window.actions_by_id["view.picture"].triggered.connect(self.leave)  # Esc
        self.view.overlays.append(self)  # ui.player.overlay.Overlay: paint and press
        self.player.frame_shown.connect(self._on_frame)
        self.player.opened.connect(lambda _o: self._refresh())
        self.review.changed.connect(self._on_change)
        self.review.opened.connect(self.leave)
        b = self.bar
        b.tool_changed.connect(lambda _t: self._cancel_gesture())
        b.style_changed.connect(self._apply_style)
        b.range_edited.connect(self._apply_range)
        b.text_edited.connect(self._apply_text)
        b.delete_requested.connect(self.delete_selected)
        station = getattr(window, "station", None)  # the other places show their angle's
        self.panes = [PaneDrawings(self.review, pane, self.placer)
                      for pane in (station.panes[1:] if station is not None else [])]
        self.placer.placed.connect(self._on_placed)
        self._update_enabled()

    @classmethod
    def attach(cls, window: Any) -> DrawingDesk:
        return cls(window)

    def _clip_path(self, clip: int) -> Path | None:
        """Where to decode angle ``clip``'s pictures to carry its calibration: the file open
        on the main place or on one of the station's."""
        players = [self.player] if self.review.clip_id == clip else []
        players += [p.pane.controller for p in self.panes if p.clip == clip]
        for player in players:
            if player.clip is not None:
                return Path(player.clip.path)
        return None

    def _on_screen(self, clip: int, frame: int) -> np.ndarray | None:
        """A copy of angle ``clip``'s picture at ``frame`` if it is on screen now."""
        places = [(self.review.clip_id, self.shown)]
        places += [(p.clip, p.shown) for p in self.panes]
        for at, shown in places:
            if at == clip and shown is not None and shown.index == frame:
                return np.array(shown.rgb[..., :3])
        return None

    def _on_placed(self, clip: int, frame: int) -> None:
        if (clip, frame) == (self.review.clip_id, self.frame):
            self._refresh()
        for pane in self.panes:
            if (clip, frame) == (pane.clip, pane.frame):
                pane.refresh()

    @property
    def ground(self) -> HomographySource:
        """The angle's homography at a frame (None where it is not calibrated)."""
        return self._ground

    @ground.setter
    def ground(self, source: HomographySource) -> None:
        self._ground = source
        self._refresh()

    # --- the mode --------------------------------------------------------------------------

    def toggle(self) -> None:
        if self.active:
            self.leave()
        else:
            self.enter()

    def enter(self) -> None:
        self.actions["draw.mode"].setChecked(self.active)
        if self.active or not self._can_draw():
            return
        if not self.window.commands._needs_author(self.enter):
            return
        if self._lines_mode():
            self.window.lines.leave()  # one mode takes the mouse at a time
        self.active = True
        # The picture's mouse events while drawing only: a Python event filter takes the
        # interpreter's lock for every event the picture gets, each repaint (``ChromeWindow``).
        self.view.installEventFilter(self)
        self._range_pinned = False
        self.actions["draw.mode"].setChecked(True)
        self.bar.show()
        self.bar.show_range(*self.default_range())
        self.view.setCursor(Qt.CursorShape.CrossCursor)
        self.view.setFocus()
        self.window.statusBar().showMessage(
            "Drawing: choose a tool and drag on the picture; Shift+drag pans; Esc leaves", 8000)
        self._refresh()
        self.mode_changed.emit(True)

    def leave(self) -> None:
        if not self.active:
            return
        self.active = False
        self.view.removeEventFilter(self)
        self._cancel_gesture()
        self.selected = None
        self.unasked = None
        self.actions["draw.mode"].setChecked(False)
        self.bar.hide()
        self.view.unsetCursor()
        self._refresh()
        self.mode_changed.emit(False)

    def _lines_mode(self) -> bool:
        lines = getattr(self.window, "lines", None)
        return bool(lines is not None and lines.mode is not None)

    def _can_draw(self) -> bool:
        s = self.review.session
        return bool(s is not None and not s.read_only and self.review.clip_id is not None
                    and self.frame is not None)

    def _update_enabled(self) -> None:
        self.actions["draw.mode"].setEnabled(self._can_draw() or self.active)
        self.actions["draw.delete"].setEnabled(self.active and self.selected is not None)
        self.actions["draw.select_next"].setEnabled(self.active and bool(self.outlines))
        self.bar.delete.setEnabled(self.selected is not None)

    def default_range(self) -> tuple[int, int]:
        """The selected incident's in/out on this angle, else this frame +- 2 s."""
        frame = self.frame or 0
        s = self.review.session
        incident = s.record.incidents.get(self.review.selected or "") if s else None
        if incident is not None and incident.clip_id == self.review.clip_id \
                and incident.in_frame <= frame <= incident.out_frame \
                and incident.out_frame > incident.in_frame:
            return incident.in_frame, incident.out_frame
        clip = self.player.clip
        fps = 25.0
        if clip is not None:
            fps = clip.fps if clip.indexed and clip.fps else 1 / (clip.frame_duration or 0.04)
        span = round(DEFAULT_SECONDS * fps)
        last = frame + span
        if clip is not None and clip.indexed and self.player.frame_count:
            last = min(last, self.player.frame_count - 1)
        return max(0, frame - span), max(last, frame)

    # --- what is on screen -----------------------------------------------------------------

    def _on_frame(self, result: FrameResult) -> None:
        self.frame, self.shown = result.index, result
        if self.active and self.selected is None and not self._range_pinned:
            self.bar.show_range(*self.default_range())
        self._refresh()

    def _on_change(self, change: Change) -> None:
        if change.concerns(Topic.DRAWINGS, Topic.CLIPS, Topic.INCIDENTS, Topic.LINES):
            self._refresh()
        else:
            self._update_enabled()

    def _refresh(self) -> None:
        """The outlines of this angle's drawings at this frame (once per frame shown); the
        picture is repainted whole only when drawings show or just stopped showing."""
        showed = self.shows()
        self.outlines, self.hidden = outlines_at(self.review.session, self.review.clip_id,
                                                 self.frame, self.ground)
        shown = {o.drawing.id: o.drawing for o in self.outlines}
        if self.selected not in shown:
            if self.selected is not None and self.active and not self._range_pinned:
                self.bar.show_range(*self.default_range())  # for the next drawing again
            self.selected = None
        elif self.active:
            d = shown[self.selected]
            self.bar.show_style(d.style.colour, d.style.width)
            self.bar.show_range(d.first, d.last)
            if d.kind == "text":
                self.bar.text.setText(d.text)
        if self.active and not self._can_draw():
            self.leave()
            return
        self._update_enabled()
        if showed or self.shows():
            self.view.refresh()

    def to_widget(self) -> QTransform:
        """Image pixels to the view's widget coordinates, as the picture is shown now."""
        origin = self.view.widget_point(QPointF(0, 0))
        z = self.view.zoom
        return QTransform(z, 0, 0, z, origin.x(), origin.y())

    def shows(self) -> bool:
        return bool(self.outlines or self.preview is not None or self.hidden)

    def paint(self, p: QPainter, zoom: float) -> None:
        """The overlay's painting (the painter comes scaled to picture pixels: strokes and
        text are drawn in widget pixels instead, so they keep their size at any zoom)."""
        to_widget = p.worldTransform()
        p.resetTransform()
        moving = self.move.drawing.id if self.move is not None else None
        shapes = [o for o in self.outlines if o.drawing.id != moving]
        if self.preview is not None:
            shapes.append(self.preview)
        lens = any(o.lens is not None for o in shapes)
        paint_outlines(p, to_widget, shapes, self.selected if self.active else None,
                       wrap(self.view.pixels_at_hand()) if lens else None)
        if self.hidden:
            what = "1 drawing" if self.hidden == 1 else f"{self.hidden} drawings"
            paint_notice(p, f"{what} on the ground: {self.why_hidden()}")

    def why_hidden(self) -> str:
        """What the notice says about the ground drawings not drawn at this frame."""
        clip, frame = self.review.clip_id, self.frame
        if clip is None or frame is None or self.ground is not self.placer:
            return "not shown: this angle is not calibrated at this frame"
        return self.placer.why_hidden(clip, frame)

    # --- the mouse -------------------------------------------------------------------------

    def press(self, point: QPointF) -> bool:
        """The view's click hook: the desk takes its mouse through ``eventFilter`` (drags
        too), before the view sees it, so a click that reaches here is not the desk's."""
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.view or not self.active:
            return False
        if self._lines_mode():  # calibrating or measuring took over: its clicks, not ours
            self.leave()
            return False
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            assert isinstance(event, QMouseEvent)
            if event.button() != Qt.MouseButton.LeftButton \
                    or event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                return False  # Shift+drag pans as outside the mode
            self.view.setFocus()
            if kind == QEvent.Type.MouseButtonPress:  # a double click draws nothing twice
                self._press(self._image_point(event))
            return True
        if kind == QEvent.Type.MouseMove and (self.sketch or self.move):
            assert isinstance(event, QMouseEvent)
            self._drag(self._image_point(event))
            return True
        if kind == QEvent.Type.MouseButtonRelease and (self.sketch or self.move):
            self._release()
            return True
        return False

    def _image_point(self, event: QMouseEvent) -> tuple[float, float]:
        p = self.view.image_point(event.position())
        return float(p.x()), float(p.y())

    def _homography(self) -> np.ndarray | None:
        clip, frame = self.review.clip_id, self.frame
        return None if clip is None or frame is None else self.ground(clip, frame)

    def _press(self, at: tuple[float, float]) -> None:
        tool, clip = self.bar.tool, self.review.clip_id
        if clip is None or self.frame is None:
            return
        if tool == SELECT:
            self.select(self.hit(*at))
            s = self.review.session
            if self.selected is not None and s is not None:
                d = s.all_drawings().by_id[self.selected]
                self.move = Move(d, at, self._homography())
            return
        on_ground = self.bar.ground.isChecked() and tool in ON_THE_GROUND
        h = self._homography() if on_ground else None
        if on_ground and h is None and self.placer.placing(clip, self.frame):
            self.window.statusBar().showMessage(  # not "not calibrated": it is, in a moment
                "Placing the ground at this frame (carrying the calibration here): draw again "
                "in a moment", 6000)
            return
        # not calibrated here: the drag is drawn flat, and asked about when it is done
        self.sketch = Sketch(tool, clip, self.bar.first.value(), self.bar.last.value(),
                             Style(self.bar.colour_hex, float(self.bar.width_box.value())),
                             self.bar.text.text() if tool == "text" else "",  # the text
                             h, [at], on_ground and h is None)  # tool's, not an arrow's
        if tool == "text":
            self._release()

    def _drag(self, at: tuple[float, float]) -> None:
        self.preview = None
        if self.sketch is not None:
            self.sketch.add(*at)
            with contextlib.suppress(DrawingError, OffTheGround):  # too small yet: no preview
                self.preview = outline(self.sketch.drawing(), self.frame or 0, self.ground)
        elif self.move is not None:
            self.move.now = at
            self.preview = outline(self.move.moved(), self.frame or 0, self.ground)
        self.view.refresh()

    def _release(self) -> None:
        sketch, move = self.sketch, self.move
        self._cancel_gesture()
        if sketch is not None:
            self._record_sketch(sketch)
        elif move is not None:
            moved = move.moved()
            if moved != move.drawing:
                self.review.do(lambda s: s.edit_drawing(moved))
        self._refresh()

    def _record_sketch(self, sketch: Sketch) -> None:
        try:
            d = sketch.drawing()
        except OffTheGround as e:
            self.window.statusBar().showMessage(str(e), 6000)
            return
        except DrawingError as e:
            if sketch.kind == "text":
                self.window.statusBar().showMessage(
                    "Type the text in the bar first, then click where it goes"
                    if not sketch.text.strip() else str(e), 6000)
            else:
                self.window.statusBar().showMessage(f"Drag to draw a {sketch.kind}", 4000)
            return
        if sketch.flat_if_agreed:
            self.ask_flat(d)
            return
        self._add(d)

    def _add(self, d: Drawing) -> None:
        made = self.review.do(lambda s: s.add_drawing(d, ground=self.ground, frame=self.frame))
        if made is not None:
            self.selected = made.id

    def _cancel_gesture(self) -> None:
        self.sketch, self.move, self.preview = None, None, None
        self.view.refresh()

    def hit(self, x: float, y: float) -> str | None:
        """The topmost drawing under image point (x, y), if any."""
        to_widget = self.to_widget()
        tolerance = HIT_PX / max(self.view.zoom, 1e-6)
        for o in reversed(self.outlines):
            if o.label is not None:
                if text_box(to_widget.map(QPointF(*o.label)), o.drawing.text).contains(
                        to_widget.map(QPointF(x, y))):
                    return o.drawing.id
            elif o.distance(x, y) <= tolerance:
                return o.drawing.id
        return None

    def select(self, drawing_id: str | None) -> None:
        self.selected = drawing_id
        if drawing_id is None and self.active and not self._range_pinned:
            self.bar.show_range(*self.default_range())
        self._refresh()

    def select_next(self) -> None:
        """The keyboard's way to select: the drawings on this frame in turn."""
        ids = [o.drawing.id for o in self.outlines]
        if self.active and ids:
            at = ids.index(self.selected) + 1 if self.selected in ids else 0
            self.select(ids[at % len(ids)])

    # --- asking ----------------------------------------------------------------------------

    def ask_flat(self, drawing: Drawing) -> None:
        """A drawing on the ground asked on an angle not calibrated here: say so; draw it
        (``drawing``, as dragged on the picture) flat only if the official agrees (it would
        not follow the pitch's perspective); otherwise it is dropped."""
        self.unasked = drawing
        box = QMessageBox(QMessageBox.Icon.Question, "Angle not calibrated",
                          f"This angle is not calibrated at frame {self.frame}, so a drawing on "
                          "the ground cannot be drawn in perspective.\n\nDraw flat on the "
                          "picture instead? It will not follow the pitch or the camera's pan.",
                          QMessageBox.StandardButton.Cancel, self.window)
        flat = box.addButton("Draw Flat", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _r: self._answered(box.clickedButton() is flat))
        self.question = box
        box.open()

    def _answered(self, flat: bool) -> None:
        drawing, self.unasked = self.unasked, None
        if not flat:
            return
        self.bar.ground.setChecked(False)
        self.window.statusBar().showMessage(
            "Drawing flat on the picture: this angle is not calibrated here", 8000)
        if drawing is not None and self.active:
            self._add(drawing)
            self._refresh()

    # --- changing the selected drawing -----------------------------------------------------

    def _selected_drawing(self) -> Drawing | None:
        s = self.review.session
        return s.all_drawings().by_id.get(self.selected) if s and self.selected else None

    def _apply_style(self) -> None:
        d = self._selected_drawing()
        if d is not None:
            new = restyled(d, self.bar.colour_hex, self.bar.width_box.value())
            if new != d:
                self.review.do(lambda s: s.edit_drawing(new))

    def _apply_range(self) -> None:
        d = self._selected_drawing()
        first, last = self.bar.first.value(), self.bar.last.value()
        if d is None:
            self._range_pinned = True
        elif (first, last) != (d.first, d.last):
            self.review.do(lambda s: s.edit_drawing(Drawing(**{**d.__dict__, "first": first,
                                                               "last": last})))

    def _apply_text(self) -> None:
        d = self._selected_drawing()
        text = self.bar.text.text()
        if d is not None and d.kind == "text" and text != d.text:
            self.review.do(lambda s: s.edit_drawing(Drawing(**{**d.__dict__, "text": text})))
        self.view.setFocus()

    def delete_selected(self) -> None:
        if self.active and self.selected is not None:
            gone = self.selected
            self.selected = None
            self.review.do(lambda s: s.delete_drawing(gone))
