"""``reviewtool.geometry`` stands apart: numpy, OpenCV and itself, nothing else of the core."""

from __future__ import annotations

import ast
from pathlib import Path

import reviewtool.geometry

ALLOWED_THIRD_PARTY = {"numpy", "cv2"}


def test_geometry_imports_only_numpy_opencv_and_itself() -> None:
    import sys

    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    offenders = []
    for path in Path(reviewtool.geometry.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.module
                     else [])
            for name in names:
                top = name.split(".")[0]
                if top in stdlib or top in ALLOWED_THIRD_PARTY:
                    continue
                if not name.startswith("reviewtool.geometry"):
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []
