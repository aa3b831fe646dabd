"""The decision log's drawing entries: a drawing created, edited or deleted.

Every entry carries the whole drawing, so the log reads on its own ("Drawing deleted: arrow,
frames 100-200") and an edit simply replaces the drawing of that id. A deletion is an entry
of its own (a tombstone, op "delete"), not a retraction: it is then undone like any other
entry, by retracting it, and the audit trail shows who deleted what and when.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from reviewtool.drawings.model import Drawing, DrawingError

OPS = ("create", "edit", "delete")


@dataclass(frozen=True)
class DrawingPayload:
    kind: ClassVar[str] = "drawing"  # payloads.DRAWING (a test checks they agree)
    op: str
    drawing: Drawing

    def __post_init__(self) -> None:
        if self.op not in OPS:
            raise DrawingError(f"{self.op!r} is not a drawing operation ({', '.join(OPS)})")

    def to_json(self) -> dict[str, Any]:
        return {"op": self.op, "drawing": self.drawing.to_json()}

    @classmethod
    def from_json(cls, p: Mapping[str, Any]) -> DrawingPayload:
        return cls(str(p.get("op")), Drawing.from_json(p["drawing"]))

    def describe(self) -> str:
        verb = {"create": "Drawing added", "edit": "Drawing changed",
                "delete": "Drawing deleted"}[self.op]
        return f"{verb}: {self.drawing.title}"
