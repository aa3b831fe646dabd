"""Persistent user settings (QSettings): recent clips, the last folder, window layout."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 10


class Settings:
    """Typed access to the few settings the player keeps."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings or QSettings("reviewtool", "reviewtool")

    def recent_clips(self) -> list[str]:
        value = self._s.value("recent_clips", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent_clip(self, path: str | Path) -> list[str]:
        p = str(Path(path).resolve())
        recent = [p, *[r for r in self.recent_clips() if r != p]][:MAX_RECENT]
        self._s.setValue("recent_clips", recent)
        self._s.setValue("last_folder", str(Path(p).parent))
        return recent

    def last_folder(self) -> str:
        return str(self._s.value("last_folder", str(Path.home())))

    def shortcut(self, action_id: str, default: str) -> str:
        return str(self._s.value(f"shortcuts/{action_id}", default))

    def set_shortcut(self, action_id: str, keys: str) -> None:
        self._s.setValue(f"shortcuts/{action_id}", keys)

    def value(self, key: str, default: object = None) -> object:
        return self._s.value(key, default)

    def set_value(self, key: str, value: object) -> None:
        self._s.setValue(key, value)
