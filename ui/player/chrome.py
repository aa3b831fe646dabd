"""What a window around a player offers: actions from the one table, menus, the transport
toolbar, the status bar, error messages, recent clips, dropping a file.

A window composes it with a ``Player``: ``PlayerChrome(window, player, settings, handlers)``.
The window hands over its own commands as ``handlers`` and listens to the controller's
signals itself; nothing here calls back into the window, so a window is fully built before
anything happens to it (a base class whose constructor called overridden methods made the
review window set its fields before its base existed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
)

from reviewtool.video.playback import SPEEDS
from reviewtool.video.screen import Opening
from reviewtool.video.server import FrameResult
from ui.actions import ACTIONS, MENUS, SP, build_actions, tinted
from ui.player.component import Player
from ui.player.shortcuts_dialog import ShortcutsDialog
from ui.player.video_view import VideoView
from ui.settings import Settings
from ui.steady import set_steady_text

CLIP_VIEW_ACTIONS = ("view.fit", "view.actual", "view.zoom_in", "view.zoom_out")
VIDEO_FILTER = "Video clips (*.mp4 *.mov *.mkv *.avi *.ts *.mts *.m2ts *.mxf *.mpg);;All files (*)"
REVIEW_SUFFIX = ".review"  # recent files of this kind are reviews, the others clips
_TIME = re.compile(r"^(?:(\d+):)?(\d+(?:\.\d+)?)s?$")


def fit_to_screen(window: QMainWindow) -> None:
    """Nine tenths of the screen's free area and at least 1280x800 where it allows, never
    larger than the screen (a 1280x720 laptop would otherwise hide the transport and the
    status bar; a 1920x1080 screen gives the picture its room)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    free = screen.availableGeometry() if screen is not None else None
    width, height = 1280, 800
    if free is not None and free.width() > 0 and free.height() > 0:
        width = min(free.width(), max(width, free.width() * 9 // 10))
        height = min(free.height(), max(height, free.height() * 9 // 10))
        window.move(free.x() + (free.width() - width) // 2,
                    free.y() + (free.height() - height) // 2)
    window.resize(width, height)


def parse_position(text: str) -> tuple[str, float] | None:
    """"1234" is a frame; "12.5s", "12.5" with a dot, or "1:02.5" is a time in seconds."""
    t = text.strip()
    if t.isdigit():
        return "frame", float(t)
    m = _TIME.match(t)
    if not m:
        return None
    minutes = float(m.group(1) or 0)
    return "time", minutes * 60 + float(m.group(2))


def timecode(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


class ChromeWindow:
    """What every window holding a ``PlayerChrome`` offers others, said once (mixed in before
    QMainWindow: the player, review and trainee windows).

    It passes drops and closing to the chrome as event methods, not through an event filter:
    PySide takes the interpreter's lock for every event a Python filter sees, and the window
    gets one with every repaint. While four angles played, the decoders' threads held the lock
    when those came, and that is where most of the window's longest blocks came from."""

    chrome: PlayerChrome

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.chrome.drag_entered(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.chrome.dropped(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.chrome.window_closing()
        super().closeEvent(event)  # type: ignore[misc]

    def open_path(self, path: str | Path, **request: object) -> Opening:
        """Open a clip; the newest open wins (see ``PlayerController.open``)."""
        return self.chrome.open_path(path, **request)

    def show_error(self, title: str, message: str) -> None:
        """A clear message that does not block: the window stays usable."""
        self.chrome.show_error(title, message)

    @property
    def error_box(self) -> QMessageBox | None:
        """The last message shown (the chrome shows them)."""
        return self.chrome.error_box


class PlayerChrome(QObject):
    """The menus, toolbar and status bar of ``window`` around ``player``."""

    def __init__(self, window: QMainWindow, player: Player, settings: Settings,
                 handlers: Mapping[str, Callable[[], object]] | None = None, *,
                 goto_other: Callable[[str], bool] | None = None,
                 remember_clips: bool = True,
                 open_review: Callable[[str], object] | None = None) -> None:
        """``handlers``: the window's own commands by action id; ``goto_other``: a position
        the player alone does not know, typed in Go to (True if it was one);
        ``remember_clips``: whether opened clips join Open Recent and set the last folder;
        ``open_review``: opens a recent review (without it Open Recent lists clips only)."""
        super().__init__(window)
        self.window = window
        self.player_widget = player
        self.player = player.controller
        self.view = player.view
        self.settings = settings
        self._goto_other = goto_other or (lambda _text: False)
        self._remember_clips = remember_clips
        self._open_review = open_review
        self.error_box: QMessageBox | None = None
        fit_to_screen(window)
        window.setAcceptDrops(True)
        # What stops when the window closes (``window_closing``): the window's parts add theirs.
        self.closing: list[Callable[[], None]] = [self.player.shutdown]
        own: dict[str, Callable[[], object]] = {
            **player.transport_handlers(),
            "file.open": self.open_dialog, "file.quit": window.close,
            "nav.goto": self.focus_goto, "range.loop": self._toggle_loop,
            "view.deinterlace": self._toggle_deinterlace,
            "view.fields": self._toggle_fields,
            "help.shortcuts": self.show_shortcuts, "help.about": self._about,
            "view.picture": self.take_keys,
        }
        self.actions_by_id = build_actions(window, {**own, **(handlers or {})}, settings)
        self._build_menus()
        self._build_toolbar()
        self._build_status()
        self._connect()
        self.update_enabled()

    def update_enabled(self) -> None:
        """Commands that need a clip are disabled until one is open."""
        clip = self.player.clip
        interlaced = clip is not None and clip.is_interlaced
        for ident, action in self.actions_by_id.items():
            if ident in ("view.deinterlace", "view.fields"):
                action.setEnabled(interlaced)  # only interlaced clips have fields
            elif ident.split(".")[0] in ("play", "nav", "range") or ident in CLIP_VIEW_ACTIONS:
                action.setEnabled(clip is not None)

    # --- building --------------------------------------------------------------------------

    def _build_menus(self) -> None:
        used = {spec.menu for spec in ACTIONS if spec.id in self.actions_by_id}
        menus: dict[str, QMenu] = {name: self.window.menuBar().addMenu(f"&{name}")
                                   for name in MENUS if name in used}
        self.menus = menus
        for spec in ACTIONS:
            action = self.actions_by_id.get(spec.id)
            if action is None:
                continue
            if spec.id == "file.quit":
                self.recent_menu = menus["File"].addMenu("Open &Recent")
                self.fill_recent()
                menus["File"].addSeparator()
            menus[spec.menu].addAction(action)
        loop = self.actions_by_id["range.loop"]
        loop.setCheckable(True)
        loop.setChecked(self.player.loop)
        deinterlace = self.actions_by_id["view.deinterlace"]
        deinterlace.setCheckable(True)
        deinterlace.setChecked(self.player.deinterlace != "off")
        self.actions_by_id["view.fields"].setCheckable(True)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Transport")
        bar.setObjectName("transport")
        self.window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, bar)
        for spec in ACTIONS:
            if spec.toolbar and spec.id in self.actions_by_id:
                bar.addAction(self.actions_by_id[spec.id])
        bar.addSeparator()
        self.speed_box = QComboBox()
        self.speed_box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        for s in SPEEDS:
            self.speed_box.addItem(_speed_text(s), s)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.setToolTip("Playback speed (Shift+J slower; J backwards, L forwards, "
                                  "again to go faster)")
        self.speed_box.activated.connect(lambda i: self.player.set_speed(SPEEDS[i]))
        bar.addWidget(QLabel(" Speed "))
        bar.addWidget(self.speed_box)
        bar.addSeparator()
        self.goto_field = QLineEdit()
        self.goto_field.setPlaceholderText("frame, or time: 12.5s, 1:02.5")
        self.goto_field.setClearButtonEnabled(True)
        self.goto_field.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.goto_field.setMaximumWidth(220)
        self.goto_field.returnPressed.connect(self._goto_entered)
        bar.addWidget(QLabel(" Go to "))
        bar.addWidget(self.goto_field)

    def _build_status(self) -> None:
        self.frame_label = QLabel("—")
        self.time_label = QLabel("")
        self.clip_label = QLabel("")
        self.zoom_label = QLabel("")
        for w in (self.frame_label, self.time_label):
            w.setStyleSheet("font-family: monospace;")
        self.time_label.setContentsMargins(12, 0, 0, 0)
        bar = self.window.statusBar()
        bar.addWidget(self.frame_label)
        bar.addWidget(self.time_label)
        bar.addPermanentWidget(self.clip_label)
        bar.addPermanentWidget(self.zoom_label)

    def _connect(self) -> None:
        p = self.player
        p.opened.connect(self._on_opened)
        p.open_failed.connect(self._on_open_failed)
        p.frame_shown.connect(self._on_frame)
        p.frame_failed.connect(lambda n, msg: self.show_error("Frame cannot be shown", msg))
        p.playing_changed.connect(self._on_playing)
        p.speed_changed.connect(
            lambda s: self.speed_box.setCurrentIndex(SPEEDS.index(s)) if s in SPEEDS else None)
        p.index_grew.connect(self._on_index_grew)
        self.view.zoom_changed.connect(self.show_zoom)

    def show_zoom(self, zoom: float | None, whose: str = "") -> None:
        """The status bar's zoom (a window showing several pictures may show another's, named
        by ``whose``: the codec and fps beside it are the main picture's); None: that picture
        has no zoom yet (no frame shown)."""
        text = "zoom –" if zoom is None else f"zoom {zoom * 100:.0f} %"
        self.zoom_label.setText(f"{text} · {whose}" if whose else text)

    # --- opening -------------------------------------------------------------------------

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open clip",
                                              self.settings.last_folder(), VIDEO_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path, **request: object) -> Opening:
        """Open a clip; the newest open wins (see ``PlayerController.open``). The picture on
        screen stays until the new clip's first frame comes, and for good if the file cannot
        be opened."""
        if self.view.has_picture:
            self.window.statusBar().showMessage(f"Opening {Path(path).name}…", 3000)
        return self.player_widget.open(path, **request)

    def fill_recent(self) -> None:
        """Open Recent: the clips, and the reviews when this window opens reviews."""
        self.recent_menu.clear()
        recent = [p for p in self.settings.recent_clips()
                  if self._open_review is not None or not p.endswith(REVIEW_SUFFIX)]
        for path in recent:
            review = path.endswith(REVIEW_SUFFIX)
            action = self.recent_menu.addAction(Path(path).name + (" (review)" if review else ""))
            action.setToolTip(path)
            action.setData(path)
            action.triggered.connect(lambda _=False, p=path: self._open_recent(p))
        self.recent_menu.setEnabled(bool(recent))

    def _open_recent(self, path: str) -> None:
        if path.endswith(REVIEW_SUFFIX) and self._open_review is not None:
            self._open_review(path)
        else:
            self.open_path(path)

    def _on_opened(self, _opening: Opening) -> None:
        clip = self.player.clip
        assert clip is not None
        if self._remember_clips:
            self.settings.add_recent_clip(clip.path)
            self.fill_recent()
        self.window.setWindowTitle(f"{clip.path.name} — reviewtool")
        bar = self.window.statusBar()
        if bar.currentMessage().startswith("Opening "):
            bar.clearMessage()  # it hid the frame counter and the clock of the new clip
        if not isinstance(QApplication.focusWidget(), VideoView):
            self.take_keys()  # (a picture that has them keeps them: an angle clicked last)
        self.update_enabled()
        fields = self.actions_by_id["view.fields"]
        if clip.is_interlaced and fields.isChecked():
            self.player.set_by_field(True)
        self._describe_clip()

    def show_no_clip(self, message: str) -> None:
        """Close the clip: an empty picture saying ``message``, no frame, no clip facts."""
        self.player.close()
        self.view.clear(message)
        self.player_widget.timeline.set_clip(0)
        self.time_label.setText("")
        self.clip_label.setText("")
        self.frame_label.setText("—")
        self.update_enabled()

    def _describe_clip(self) -> None:
        clip = self.player.clip
        assert clip is not None
        flags = [f for f, on in (("VFR", clip.is_vfr), ("interlaced", clip.is_interlaced)) if on]
        if not clip.indexed:
            flags.append(f"indexing: {len(clip.index)} frames so far")
        fps = clip.fps if clip.indexed else clip.frame_duration and 1 / clip.frame_duration
        self.clip_label.setText(f"{clip.codec} {clip.size[0]}x{clip.size[1]}  {fps:.3f} fps"
                                + (f"  [{', '.join(flags)}]" if flags else ""))

    def _on_index_grew(self, frames: int, done: bool) -> None:
        if self.player.clip is not None:
            self._describe_clip()
        if done and self.player.clip is not None and self.player.clip.index.error:
            self.show_error("Clip cannot be read to the end", str(self.player.clip.index.error))

    def _on_open_failed(self, path: str, message: str) -> None:
        if self.player.clip is not None:  # the last good picture stays, with its clip
            self.window.statusBar().showMessage(f"Still showing {self.player.clip.path.name}",
                                                8000)
        self.show_error("Cannot open clip", message)

    # --- showing -------------------------------------------------------------------------

    def _on_frame(self, result: FrameResult) -> None:
        total = self.player.frame_count
        mark = "" if result.exact else " ~"
        field = self._field_text(result.view)
        backwards = " ◀ backwards" if self.player.playing and self.player.direction < 0 else ""
        set_steady_text(self.frame_label, f"frame {result.index} / {max(total - 1, 0)}{field}"
                        f"{mark}{backwards}")
        set_steady_text(self.time_label, timecode(result.seconds))

    def _field_text(self, view: str) -> str:
        """" · field 2/2 (bottom)" while one field is shown."""
        clip = self.player.clip
        if view not in ("field1", "field2") or clip is None:
            return ""
        second = view == "field2"
        top = (clip.field_order != "bottom first") != second
        return f" · field {2 if second else 1}/2 ({'top' if top else 'bottom'})"

    def retint_icons(self) -> None:
        """After a theme change: every icon in the new text colour."""
        colour = self.window.palette().color(QPalette.ColorRole.ButtonText)
        for spec in ACTIONS:
            action = self.actions_by_id.get(spec.id)
            if action is not None and spec.icon is not None:
                action.setIcon(tinted(self.window.style().standardIcon(spec.icon), colour))
        self._on_playing(self.player.playing)

    def _on_playing(self, playing: bool) -> None:
        """Play and Pause in the theme's text colour, like every other icon (an untinted
        icon on the dark theme looks disabled)."""
        if not playing:  # stopped: no longer going backwards
            set_steady_text(self.frame_label,
                            self.frame_label.text().removesuffix(" ◀ backwards"), fit=True)
        pixmap = SP.SP_MediaPause if playing else SP.SP_MediaPlay
        self.actions_by_id["play.toggle"].setIcon(tinted(
            self.window.style().standardIcon(pixmap),
            self.window.palette().color(QPalette.ColorRole.ButtonText)))

    def show_error(self, title: str, message: str) -> None:
        """A clear message that does not block: the window stays usable."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                          self.window)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(self.take_keys)
        box.open()
        self.error_box = box

    def take_keys(self) -> None:
        """Give the keyboard back to the video (after a dialog, after opening a clip)."""
        self.window.activateWindow()
        self.view.setFocus()

    # --- small commands ------------------------------------------------------------------

    def focus_goto(self) -> None:
        self.goto_field.setFocus()
        self.goto_field.selectAll()

    def _goto_entered(self) -> None:
        self.window.statusBar().clearMessage()  # an earlier refusal does not outlive a jump
        if self._goto_other(self.goto_field.text()):
            self.view.setFocus()
            return
        parsed = parse_position(self.goto_field.text())
        if parsed is None:
            self.window.statusBar().showMessage(
                "Type a frame number, or a time such as 12.5s or 1:02.5", 5000)
            return
        kind, value = parsed
        clip, count = self.player.clip, self.player.frame_count
        if kind == "frame" and clip is not None and clip.indexed and int(value) >= count:
            self.window.statusBar().showMessage(f"Frame {int(value)} is past the end of the "
                                                f"clip (frames 0 to {count - 1})", 5000)
            return
        if kind == "frame":
            self.player.seek(int(value))
        else:
            self.player.go_to_time(value)
        self.view.setFocus()

    def _toggle_deinterlace(self) -> None:
        on = self.actions_by_id["view.deinterlace"].isChecked()
        self.player.set_deinterlace("linear" if on else "off")
        self.settings.set_value("video/deinterlace", self.player.deinterlace)

    def _toggle_fields(self) -> None:
        self.player.set_by_field(self.actions_by_id["view.fields"].isChecked())

    def _toggle_loop(self) -> None:
        self.player.loop = self.actions_by_id["range.loop"].isChecked()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.actions_by_id, self.window).open()

    def _about(self) -> None:
        from ui.dialogs.about import AboutDialog

        self.about_dialog = AboutDialog(self.window)
        self.about_dialog.open()

    # --- the window's drops and closing (``ChromeWindow`` passes them on) ------------------

    def drag_entered(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropped(self, event: QDropEvent) -> None:
        """A file dropped on the window opens."""
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.open_path(urls[0].toLocalFile())
            event.acceptProposedAction()

    def window_closing(self) -> None:
        """The window closes: everything in ``closing`` stops (no background work, thread or
        timer outlives the window)."""
        for stop in list(self.closing):
            stop()


def _speed_text(speed: float) -> str:
    return {0.125: "1/8x", 0.25: "1/4x", 0.5: "1/2x"}.get(speed, f"{speed:g}x")
