"""Memory: the console's peak RSS after start-up and after a whole flow, beside a bare window.

    python benchmarks/memory.py [--runs 3]

Each run starts fresh processes (fresh XDG folders: a first launch) and reads their peak
resident set (``VmHWM``, Linux; ``ru_maxrss`` elsewhere):

- ``bare``: ``benchmarks/bare_window.py``, once its window is painted (the baseline);
- ``console, started``: the console (``startup.py --child``: the real ``run_gui`` path with the
  embedded sandbox, the receiver and the window) once its window is painted;
- ``console, after a flow``: the same process after it walked the whole flow in-process through
  the wizard (server token, authorize, simulated approval, code exchange, refresh, profile call).

Printed: the median of each over the runs, and each console figure over the bare one.
Target: at most 2 times the bare window.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Sequence

from startup import (
    app_command,
    bare_command,
    load_line,
    print_table,
    run_child,
    verdict,
    warm_up,
)

TARGET_RATIO = 2.0


def measure(runs: int) -> dict[str, list[int]]:
    peaks: dict[str, list[int]] = {"bare": [], "started": [], "flow": []}
    for _ in range(runs):
        _, bare = run_child(bare_command())
        peaks["bare"].append(int(bare["hwm_kb"]))
        _, console = run_child(app_command(flow=True))
        if console.get("flow_error"):
            raise RuntimeError(f"the flow failed in the child: {console['flow_error']}")
        peaks["started"].append(int(console["startup_hwm_kb"]))
        peaks["flow"].append(int(console["hwm_kb"]))
    return peaks


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each process (default 3)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    print(f"Memory benchmark: {args.runs} runs; {load_line()}")
    warm_up()
    peaks = measure(args.runs)
    bare = statistics.median(peaks["bare"])
    rows: list[list[object]] = [
        ["bare PySide6 window, painted (baseline)", f"{bare / 1024:.1f} MiB", "1.00x", "", ""]
    ]
    for key, label in (("started", "SCB Console, painted"), ("flow", "SCB Console, after a flow")):
        value = statistics.median(peaks[key])
        ratio = value / bare
        rows.append(
            [
                label,
                f"{value / 1024:.1f} MiB",
                f"{ratio:.2f}x",
                f"<= {TARGET_RATIO:.1f}x",
                verdict(ratio <= TARGET_RATIO),
            ]
        )
    print_table(
        "Peak RSS (VmHWM), median of the runs",
        ["process", "peak RSS", "vs bare", "target", "result"],
        rows,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
