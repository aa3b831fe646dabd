"""The one error the video engine raises: it names the file and what is wrong with it."""

from __future__ import annotations

from pathlib import Path


class VideoError(Exception):
    """A clip that cannot be opened, or a frame that cannot be decoded.

    ``frame`` is set when one frame failed; a frame is never replaced by another or by black.
    """

    def __init__(self, path: str | Path, problem: str, frame: int | None = None) -> None:
        self.path = Path(path)
        self.problem = problem
        self.frame = frame
        super().__init__(f"{self.path.name}: {problem}")
