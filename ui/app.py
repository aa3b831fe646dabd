"""The GUI entry point: QApplication, the dark theme, the main window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import cv2
from PySide6.QtWidgets import QApplication

from reviewtool.video.server import SWITCH_INTERVAL
from ui.collector import settle
from ui.main_window import ReviewWindow
from ui.theme import apply_dark_theme


def make_app(argv: Sequence[str] = ()) -> QApplication:
    """The application, with the process tuned for serving frames to the window (benchmarks
    build the window through here too, so they measure what the user gets)."""
    sys.setswitchinterval(SWITCH_INTERVAL)  # frame requests get the GIL promptly
    # OpenCV's own worker threads spin while they wait for work: with four angles on two
    # cores they burnt 5 ms of processor time per played frame. The frame servers already
    # work in parallel, one thread per angle, so each OpenCV call runs on its caller's thread.
    cv2.setNumThreads(1)
    app = QApplication.instance() or QApplication(list(argv) or ["reviewtool"])
    assert isinstance(app, QApplication)
    app.setApplicationName("reviewtool")
    app.setOrganizationName("reviewtool")
    apply_dark_theme(app)
    return app


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reviewtool", description="reviewtool window")
    parser.add_argument("--demo", action="store_true", help="open the demo, angles synced")
    parser.add_argument("--demo-unsynced", action="store_true",
                        help="open the demo with its angles not yet synced")
    parser.add_argument("--open", metavar="CLIP", help="open this clip")
    parser.add_argument("--review", metavar="REVIEW", help="open this review file")
    parser.add_argument("--training", metavar="SESSION",
                        help="open this training session in the builder (instructor)")
    parser.add_argument("--pack", metavar="PACK", help="answer this training pack (trainee)")
    parser.add_argument("--grade", metavar="SESSION",
                        help="grade answers to this training session (instructor)")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    app = make_app(sys.argv[:1])
    window = ReviewWindow()
    window.show()
    window.view.setFocus()
    settle()  # what lives as long as the window: no full collection walks it (ui.collector)
    if args.pack or args.training or args.grade:
        from ui.training import windows

        if args.pack:
            window.hide()  # a trainee needs only the training window
            windows.trainee(window, Path(args.pack))
        elif args.training:
            windows.builder(window, Path(args.training))
        else:
            windows.grading(window, Path(args.grade))
    elif args.review:
        window.open_review(Path(args.review))
    elif args.open:
        window.open_path(args.open)
    elif args.demo or args.demo_unsynced:
        from ui.demo import open_demo

        open_demo(window, synced=args.demo)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
