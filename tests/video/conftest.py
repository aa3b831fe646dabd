"""Test clips made once per session: every kind the engine must be exact on."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.synth import KINDS, audio_only, make_clip

FRAMES = 100


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("clips")


@pytest.fixture(scope="session")
def clips(clip_dir: Path) -> dict[str, Path]:
    """name -> path of a 640x360, 100-frame stamped clip of each kind."""
    return {name: make_clip(clip_dir / f"{name}{k.suffix}", k, frames=FRAMES)
            for name, k in KINDS.items()}


@pytest.fixture(scope="session", name="audio_only")
def audio_only_file(clip_dir: Path) -> Path:
    return audio_only(clip_dir / "audio.m4a")


@pytest.fixture()
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture(scope="session")
def long_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """100,000 frames: indexing takes seconds (open it with no stored index)."""
    from tests.video.long_clip import make_long_clip

    return make_long_clip(tmp_path_factory.mktemp("long"))
