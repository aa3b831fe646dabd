"""reviewtool core: Laws of the Game, match state, video engine and storage (no Qt)."""

__version__ = "0.1.0"
