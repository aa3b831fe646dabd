"""The one error the geometry core raises: a plain sentence naming the problem.

The window shows it in the calibration panel and ``reviewtool offside`` prints it on one line;
``landmark`` names the click to redo when one click is to blame.
"""

from __future__ import annotations


class GeometryError(ValueError):
    """Bad input or a fit that cannot be trusted; ``str(e)`` is one line for the official."""

    def __init__(self, message: str, landmark: str | None = None) -> None:
        super().__init__(message)
        self.landmark = landmark
