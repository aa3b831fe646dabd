"""Help > About: the version, the licence, and the third-party software inside, with theirs.

The versions are read from what is installed, so the dialog never goes stale.
"""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def third_party() -> list[tuple[str, str, str, str]]:
    """(name, version, licence, what it does here) for what ships with reviewtool."""
    import av
    import cv2

    ffmpeg = getattr(av, "ffmpeg_version_info", "") or "bundled"
    return [
        ("Qt", qVersion(), "LGPL-3.0 (through PySide6, LGPL-3.0)", "the window and widgets"),
        ("PySide6", _version("PySide6-Essentials"), "LGPL-3.0", "Qt for Python"),
        ("FFmpeg", str(ffmpeg), "GPL-2.0-or-later as bundled in the PyAV wheels (LGPL-2.1 "
         "core with GPL codecs)", "decoding video, through PyAV"),
        ("PyAV", str(av.__version__), "BSD-3-Clause", "FFmpeg for Python: exact frames"),
        ("OpenCV", str(cv2.__version__), "Apache-2.0", "image work: resizing, colour, "
         "geometry (opencv-python-headless; its own FFmpeg copy is LGPL-2.1)"),
        ("NumPy", _version("numpy"), "BSD-3-Clause", "pictures as arrays"),
        ("SQLAlchemy", _version("sqlalchemy"), "MIT", "the review file"),
        ("Alembic", _version("alembic"), "MIT", "review file migrations"),
        ("pyqtgraph", _version("pyqtgraph"), "MIT", "training charts"),
        ("jsonschema", _version("jsonschema"), "MIT", "checking match logs"),
        ("zstandard", _version("zstandard"), "BSD-3-Clause", "compressed frame index"),
    ]


def about_html() -> str:
    rows = "".join(f"<tr><td><b>{n}</b></td><td>{v}</td><td>{lic}</td><td>{what}</td></tr>"
                   for n, v, lic, what in third_party())
    return (f"<h3>reviewtool {_version('reviewtool')}</h3>"
            "<p>Frame-accurate review for match officials: referees, VARs, assessors and "
            "instructors.</p>"
            "<p><b>Licence:</b> GPL-3.0-or-later. You may copy, change and share it under "
            "the terms of the GNU General Public License, version 3 or later; it comes with "
            "no warranty.</p>"
            "<p><b>Third-party software</b> inside, each under its own licence:</p>"
            "<table cellspacing='4'><tr><th align='left'>Name</th><th align='left'>Version"
            "</th><th align='left'>Licence</th><th align='left'>Used for</th></tr>"
            f"{rows}</table>")


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About reviewtool")
        self.resize(720, 480)
        self.text = QTextBrowser()
        self.text.setObjectName("about_text")
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(about_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
