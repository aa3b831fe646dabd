"""How long the first ``reviewtool --demo`` renders its clips: wall and processor time.

Renders every clip of the demo (``reviewtool.demo.clips.demo_clips``) into an empty folder with
the given number of processes and prints JSON: frames, wall seconds, processor seconds (this
process and its children), the load average before and after (the wall time means little on
a busy machine; the processor time does not depend on the load), and the clips' size.

    .venv/bin/python scripts/bench_demo_render.py --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from reviewtool.demo.clips import demo_clips, render_all


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="rendering processes")
    parser.add_argument("--seconds", type=float, default=None,
                        help="cap each clip's length (default: the whole demo)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="demo-render-"))
    try:
        clips = demo_clips(args.seconds)
        load_before = os.getloadavg()[0]
        cpu0, t0 = cpu_seconds(), time.perf_counter()
        render_all(folder, clips, workers=args.workers)
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
        print(json.dumps({
            "workers": args.workers, "clips": len(clips),
            "frames": sum(c.frames for c in clips), "wall_s": round(wall, 1),
            "cpu_s": round(cpu, 1), "load_before": round(load_before, 1),
            "load_after": round(os.getloadavg()[0], 1), "cores": os.cpu_count(),
            "megabytes": round(sum(c.path(folder).stat().st_size for c in clips) / 1e6, 1)}))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
