"""Test-wide settings: Qt renders offscreen so the suite runs on machines without a screen;
signing keys go to a throwaway config folder, never the user's real one."""

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("REVIEWTOOL_CONFIG_DIR", tempfile.mkdtemp(prefix="reviewtool-test-config-"))
