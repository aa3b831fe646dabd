"""The one action table: id, text, default shortcut, icon and menu of every command.

Menus, the toolbar, the shortcut list and the Preferences shortcut editor are all built from
it; a shortcut the user changed in Preferences overrides the default here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QWidget

from ui.settings import Settings

SP = QStyle.StandardPixmap


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    menu: str
    shortcuts: tuple[str, ...] = ()
    icon: QStyle.StandardPixmap | None = None
    toolbar: bool = False
    tip: str = ""


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("file.new_review", "&New Review…", "File", ("Ctrl+N",), SP.SP_FileIcon),
    ActionSpec("file.open_review", "Open &Review…", "File", ("Ctrl+Shift+O",),
               SP.SP_DirOpenIcon),
    ActionSpec("file.open", "&Open Clip…", "File", ("Ctrl+O",), SP.SP_DialogOpenButton, True),
    ActionSpec("file.add_clip", "&Add Clip to Review…", "File", ("Ctrl+Shift+A",)),
    ActionSpec("file.export_log", "&Export Match Log…", "File", ("Ctrl+E",)),
    ActionSpec("training.open_pack", "Open Training &Pack…", "File", ("Ctrl+Shift+P",)),
    ActionSpec("file.quit", "&Quit", "File", ("Ctrl+Q",)),
    ActionSpec("edit.undo", "&Undo", "Edit", ("Ctrl+Z",)),
    ActionSpec("edit.redo", "&Redo", "Edit", ("Ctrl+Shift+Z", "Ctrl+Y")),
    ActionSpec("edit.preferences", "&Preferences…", "Edit", ("Ctrl+,",)),
    ActionSpec("review.tag", "&Tag Incident at This Frame", "Review", ("T",),
               SP.SP_DialogApplyButton, True, tip="Tag an incident at the current frame (T)"),
    ActionSpec("review.edit_incident", "&Edit Selected Incident…", "Review", ("Shift+T",),
               tip="Change the selected incident; the change is logged (Shift+T)"),
    ActionSpec("review.decide", "&Decision for Selected Incident", "Review", ("D",),
               tip="Open the decision form for the selected incident (D)"),
    ActionSpec("review.record", "&Record the Decision Step Shown", "Review", ("Ctrl+Return",),
               tip="Record what the decision form shows (Ctrl+Enter), from any of its fields"),
    ActionSpec("review.event", "Record Match &Event…", "Review", ("E",),
               tip="Card, substitution, goal, period, suspension... (E)"),
    ActionSpec("review.kickoff", "Mark &Kick-off at This Frame…", "Review", ("Ctrl+K",),
               tip="Sync the clip to match time: this frame is a period's kick-off"),
    ActionSpec("lines.calibrate", "&Calibrate Angle at This Frame", "Review", ("C",),
               tip="Click 4 or more pitch landmarks and name each on the pitch drawing (C); "
                   "at another frame it re-anchors the calibration"),
    ActionSpec("lines.fit", "&Fit Calibration", "Review", ("Shift+Return",),
               tip="Fit the ground plane to the landmarks clicked and log it (Shift+Enter)"),
    ActionSpec("lines.offside", "&Measure Offside at This Frame", "Review", ("M",),
               tip="At the frame the ball is played: click the second-last defender and the "
                   "attacker, then the same in the neighbouring frame (M)"),
    ActionSpec("lines.save", "&Save Offside Measurement to Incident", "Review",
               ("Ctrl+Shift+S",), tip="Attach the measurement to the selected incident"),
    ActionSpec("draw.mode", "&Draw on the Picture", "Review", ("P",),
               tip="Arrows, lines, circles, text, spotlights and magnifiers on this angle (P); "
                   "Esc leaves"),
    ActionSpec("draw.select_next", "Select the Next Drawing", "Review", ("S",),
               tip="While drawing: select the drawings on this frame one after another (S)"),
    ActionSpec("draw.delete", "Delete the Selected Drawing", "Review", ("Del",),
               tip="Delete the drawing selected while drawing (Del); Undo brings it back"),
    ActionSpec("review.author", "&Who Is Recording…", "Review"),
    ActionSpec("review.verify", "&Verify Decision Log", "Review"),
    ActionSpec("play.toggle", "Play / &Pause", "Playback", ("Space",), SP.SP_MediaPlay, True),
    ActionSpec("play.reverse", "Play Backwards / Faster (J)", "Playback", ("J",),
               SP.SP_MediaSeekBackward,
               tip="Play backwards; press again to go faster, up to 2x (J, JJ)"),
    ActionSpec("play.stop", "Stop (K)", "Playback", ("K",), SP.SP_MediaStop),
    ActionSpec("play.faster", "Play / Faster (L)", "Playback", ("L",), SP.SP_MediaSeekForward,
               tip="Play, then raise the speed up to 2x (L, LL)"),
    ActionSpec("play.slower", "Slower", "Playback", ("Shift+J",),
               tip="Halve the speed, down to 1/8x (slow motion)"),
    ActionSpec("play.speed_normal", "Normal Speed", "Playback", ("Ctrl+1",)),
    ActionSpec("nav.prev_frame", "Previous Frame", "Navigate", ("Left", ","),
               SP.SP_MediaSkipBackward, True),
    ActionSpec("nav.next_frame", "Next Frame", "Navigate", ("Right", "."),
               SP.SP_MediaSkipForward, True),
    ActionSpec("nav.back_1s", "Back 1 Second", "Navigate", ("Shift+Left",)),
    ActionSpec("nav.fwd_1s", "Forward 1 Second", "Navigate", ("Shift+Right",)),
    ActionSpec("nav.back_10s", "Back 10 Seconds", "Navigate", ("Ctrl+Left", "PgUp")),
    ActionSpec("nav.fwd_10s", "Forward 10 Seconds", "Navigate", ("Ctrl+Right", "PgDown")),
    ActionSpec("nav.home", "Go to Start (or In Point)", "Navigate", ("Home",)),
    ActionSpec("nav.end", "Go to End (or Out Point)", "Navigate", ("End",)),
    ActionSpec("nav.goto", "Go to Frame or Time…", "Navigate", ("Ctrl+G",)),
    ActionSpec("range.in", "Set In Point", "Navigate", ("I",)),
    ActionSpec("range.out", "Set Out Point", "Navigate", ("O",)),
    ActionSpec("range.clear", "Clear In/Out", "Navigate", ("Alt+X",)),
    ActionSpec("range.loop", "Loop Between In and Out", "Navigate", ("Ctrl+L",)),
    ActionSpec("view.fit", "Fit to Window", "View", ("F",)),
    ActionSpec("view.actual", "Actual Size (100 %)", "View", ("1",)),
    ActionSpec("view.zoom_in", "Zoom In", "View", ("+", "=")),
    ActionSpec("view.zoom_out", "Zoom Out", "View", ("-",)),
    ActionSpec("view.deinterlace", "Deinterlace", "View", ("Ctrl+D",),
               tip="Interlaced clips: interpolate one field (off shows both fields woven)"),
    ActionSpec("view.fields", "Step by Field", "View", ("Ctrl+Shift+D",),
               tip="Interlaced clips: show one field; steps go field by field (50 moments a "
                   "second on 50i)"),
    ActionSpec("view.picture", "Keys Back to the &Picture", "View", ("Esc",),
               tip="Leave a form field: the playback and stepping keys work again (Esc)"),
    ActionSpec("view.reset_layout", "&Reset Layout", "View"),
    # the multi-angle station (ui/station): layouts, the main angle, zoom, syncing
    ActionSpec("station.layout_one", "&One Angle", "Angles", ("Ctrl+Alt+1",)),
    ActionSpec("station.layout_two", "&Two Side by Side", "Angles", ("Ctrl+Alt+2",)),
    ActionSpec("station.layout_main_plus", "One &Large and Three Small", "Angles",
               ("Ctrl+Alt+3",)),
    ActionSpec("station.layout_grid", "2 x &2", "Angles", ("Ctrl+Alt+4",)),
    ActionSpec("station.main_1", "Main Angle: Place 1", "Angles", ("Alt+1",)),
    ActionSpec("station.main_2", "Main Angle: Place 2", "Angles", ("Alt+2",),
               tip="The angle in the second place becomes the main one (or double-click it)"),
    ActionSpec("station.main_3", "Main Angle: Place 3", "Angles", ("Alt+3",)),
    ActionSpec("station.main_4", "Main Angle: Place 4", "Angles", ("Alt+4",)),
    ActionSpec("station.fit_all", "&Fit All Angles", "Angles", ("Shift+F",),
               tip="Every angle back to fit-to-window (each angle keeps its own zoom)"),
    ActionSpec("station.sync", "&Sync Angles…", "Angles", ("Ctrl+Shift+M",),
               tip="Mark the same moment in two angles, or sync them by sound"),
    ActionSpec("station.remove_angle", "&Remove Angle from Station…", "Angles",
               ("Ctrl+Shift+Del",), tip="Take the angle in focus (else the main one) out of "
               "the station; its clip, incidents and syncs stay in the review (Ctrl+Z)"),
    ActionSpec("station.add_back", "&Add Angle Back to Station…", "Angles", ("Ctrl+Shift+Ins",),
               tip="Put an angle removed from the station back, with its time map"),
    ActionSpec("training.sessions", "Training &Sessions (Instructor)…", "Training",
               tip="Build clip quizzes from review incidents; export the trainees' pack"),
    ActionSpec("training.answer_pack", "&Answer a Training Pack (Trainee)…", "Training"),
    ActionSpec("training.grade", "&Grade Answers…", "Training",
               tip="Import trainees' answers files: scores, agreement, charts, PDF/CSV"),
    ActionSpec("training.save_answer", "Save Answer and &Next Question", "Training",
               ("Ctrl+Return",)),
    ActionSpec("training.submit", "&Submit Answers…", "Training", ("Ctrl+Shift+Return",)),
    # the training windows (their own menus; the presenter has none: keys only)
    ActionSpec("session.new", "&New Session", "Session", ("Ctrl+N",)),
    ActionSpec("session.open", "&Open Session…", "Session", ("Ctrl+O",)),
    ActionSpec("session.save_as", "Save Session &As…", "Session", ("Ctrl+Shift+S",)),
    ActionSpec("session.add_from_review", "&Add Questions from a Review…", "Session",
               ("Ctrl+Shift+A",)),
    ActionSpec("session.export_pack", "&Export Trainees' Pack…", "Session", ("Ctrl+E",)),
    ActionSpec("session.grade", "&Grade Answers…", "Session", ("Ctrl+G",)),
    ActionSpec("grading.import", "&Import Answers…", "Grading", ("Ctrl+I",)),
    ActionSpec("grading.pdf", "Export &PDF Report…", "Grading", ("Ctrl+P",)),
    ActionSpec("grading.csv", "Export &CSV of All Answers…", "Grading", ("Ctrl+Shift+C",)),
    ActionSpec("grading.trust_keys", "&Trust the Keys of Unlisted Trainees", "Grading",
               tip="Put the signing keys of the answers imported from trainees not yet on "
                   "the session's list on it (do this when you know the files are theirs)"),
    ActionSpec("grading.present", "P&resenter View", "Grading", ("F5",),
               tip="The clip, the question, then the reference and the class's answers"),
    ActionSpec("presenter.next", "Next Stage", "Presenter", ("PgDown", "Return", "Enter")),
    ActionSpec("presenter.back", "Previous Stage", "Presenter", ("PgUp",)),
    ActionSpec("presenter.full_screen", "Full Screen", "Presenter", ("F11",)),
    ActionSpec("presenter.leave", "Leave the Presenter View", "Presenter", ("Esc",)),
    ActionSpec("window.close", "&Close Window", "Window", ("Ctrl+W",)),
    ActionSpec("help.shortcuts", "&Keyboard Shortcuts", "Help", ("F1",)),
    ActionSpec("help.about", "&About reviewtool", "Help"),
)

MENUS = ("File", "Edit", "Review", "Playback", "Navigate", "View", "Angles", "Training",
         "Help")


def tinted(icon: QIcon, colour: QColor, size: int = 32) -> QIcon:
    """The icon in the theme's text colour, so that it reads on a dark or a light theme."""
    pixmap = icon.pixmap(QSize(size, size))
    out = QPixmap(pixmap.size())
    out.fill(QColor(0, 0, 0, 0))
    p = QPainter(out)
    p.drawPixmap(0, 0, pixmap)
    p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    p.fillRect(out.rect(), colour)
    p.end()
    return QIcon(out)


def parse_shortcuts(text: str) -> list[QKeySequence]:
    """Shortcuts stored as "Left, ,": a comma and a space part them, so the "," key itself
    (and "Ctrl+,") survive."""
    return [QKeySequence(s) for s in re.split(r",\s+", text.strip()) if s]


def shortcuts_for(spec: ActionSpec, settings: Settings) -> list[QKeySequence]:
    default = ", ".join(spec.shortcuts)
    return parse_shortcuts(settings.shortcut(spec.id, default))


def build_actions(owner: QWidget, handlers: dict[str, Callable[[], object]],
                  settings: Settings, specs: Iterable[ActionSpec] = ACTIONS) -> dict[str, QAction]:
    """QActions for every spec that has a handler. Shortcuts apply to the whole window;
    text fields take their own keys first (Qt's shortcut override), so typing never steps."""
    actions: dict[str, QAction] = {}
    style = owner.style()
    for spec in specs:
        handler = handlers.get(spec.id)
        if handler is None:
            continue
        action = QAction(spec.text, owner)
        action.setObjectName(spec.id)
        action.setShortcuts(shortcuts_for(spec, settings))
        if spec.icon is not None:
            action.setIcon(tinted(style.standardIcon(spec.icon),
                                  owner.palette().color(QPalette.ColorRole.ButtonText)))
        if spec.tip:
            action.setToolTip(spec.tip)
        action.triggered.connect(lambda _=False, h=handler: h())
        owner.addAction(action)
        actions[spec.id] = action
    return actions
