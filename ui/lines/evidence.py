"""The offside measurements attached to the selected incident, in the decision panel: each
with its verdict and interval, ticked to be cited by the decision step being recorded."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from reviewtool.review.incident import Incident
from reviewtool.review.session import ReviewSession


def _cm(metres: float) -> str:
    return f"{metres * 100:+.0f} cm"


class EvidenceList(QListWidget):
    """Ticked measurements are cited by the next decision step recorded."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("decision_evidence")
        self.setToolTip("Offside measurements of this incident: tick one to cite it in the "
                        "decision step you record")
        self.setMaximumHeight(72)
        self._incident: str | None = None
        self.hide()  # until an incident with a measurement is shown

    def show_incident(self, session: ReviewSession | None, incident: Incident | None) -> None:
        keep = set(self.cited()) if incident and incident.id == self._incident else set()
        self._incident = incident.id if incident else None
        self.clear()
        entries = session.measurements(incident.id) if session and incident else []
        for m in entries:
            lo, hi = m.measurement.interval_m
            item = QListWidgetItem(
                f"Offside measurement (entry {m.entry}, frame {m.frame}): "
                f"{m.measurement.verdict_text}, {_cm(m.measurement.distance_m)} "
                f"[{_cm(lo)}, {_cm(hi)}] by {m.author.name}")
            item.setData(Qt.ItemDataRole.UserRole, m.entry)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if m.entry in keep
                               else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setVisible(bool(entries))

    def cited(self) -> list[int]:
        return [int(self.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]
