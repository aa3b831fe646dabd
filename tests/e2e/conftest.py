"""End-to-end tests use the window fixtures of the UI tests."""

from tests.ui.conftest import review_window, settings

__all__ = ["review_window", "settings"]
