"""Cutting a pack runs on the window's task runner (the one way to run background work):
Cancel in the progress dialog ends it as cancelled, and closing the builder stops it."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QProgressDialog, QPushButton

from reviewtool.training.cut import Cancelled
from ui.training import builder as builder_module
from ui.training.builder import BuilderWindow


def _waits_for_cancel(started: threading.Event) -> Any:
    def export_pack(session: Any, path: Path, *, progress: Any, cancelled: threading.Event
                    ) -> Any:
        progress(0, 3)
        started.set()
        if not cancelled.wait(20):
            return "finished without a cancel"
        raise Cancelled("the export was cancelled")
    return export_pack


def test_cancel_in_the_progress_dialog_ends_the_export_as_cancelled(
        qtbot, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = threading.Event()
    monkeypatch.setattr(builder_module, "export_pack", _waits_for_cancel(started))
    w = BuilderWindow(settings)
    qtbot.addWidget(w)
    pack = tmp_path / "p.rtpack"
    task = w.export(pack)
    assert task in w.tasks.running
    qtbot.waitUntil(started.is_set)
    dialog = w.findChild(QProgressDialog)
    assert dialog is not None
    with qtbot.waitSignal(w.export_finished, timeout=10_000) as finished:
        dialog.findChild(QPushButton).click()  # its Cancel button
    assert finished.args == ["cancelled"] and w.exported == (pack, "cancelled")
    assert not pack.exists() and not w.tasks.running
    assert "cancelled" in w.statusBar().currentMessage()


def test_closing_the_builder_stops_the_export(qtbot, settings, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    started = threading.Event()
    monkeypatch.setattr(builder_module, "export_pack", _waits_for_cancel(started))
    w = BuilderWindow(settings)
    qtbot.addWidget(w)
    task = w.export(tmp_path / "p.rtpack")
    qtbot.waitUntil(started.is_set)
    w.close()
    assert task.thread is not None and not task.thread.is_alive()
    assert not w.tasks.running
