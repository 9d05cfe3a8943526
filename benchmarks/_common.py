"""What the benchmark scripts share: CPU pinning, process CPU and memory, percentiles, tables.

Imported by the scripts beside it (``import _common``): running ``python benchmarks/x.py`` puts
this folder first on ``sys.path``, and spawned child processes inherit that path.
Linux gives the most (``/proc``, ``sched_setaffinity``); elsewhere the figures that cannot be
read are ``None`` and print as ``n/a``.
"""

from __future__ import annotations

import math
import os
import platform
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]


# --- CPUs ----------------------------------------------------------------------------------------


def can_pin() -> bool:
    """Whether processes can be kept on CPUs of their own (Linux, 2 CPUs or more)."""
    return hasattr(os, "sched_setaffinity") and len(usable_cpus()) >= 2


def usable_cpus() -> list[int]:
    if hasattr(os, "sched_getaffinity"):
        return sorted(os.sched_getaffinity(0))
    return list(range(os.cpu_count() or 1))


def pin(cpu_index: int) -> int | None:
    """Keep this process on one CPU, the ``cpu_index``-th usable one; returns its number.

    With one CPU (or no affinity API) nothing happens and None comes back.
    """
    if not can_pin():
        return None
    cpus = usable_cpus()
    cpu = cpus[cpu_index % len(cpus)]
    os.sched_setaffinity(0, {cpu})
    return cpu


def load_average() -> str:
    """``uptime``'s three load figures, or ``n/a``."""
    try:
        one, five, fifteen = os.getloadavg()
    except (AttributeError, OSError):
        return "n/a"
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def machine_line() -> str:
    """One line saying where the figures come from."""
    return (
        f"python {platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {load_average()}"
    )


# --- one process's CPU and memory ----------------------------------------------------------------


def self_cpu_seconds() -> float | None:
    """This process's CPU time (user + system, all threads), at microsecond resolution."""
    if resource is None:  # pragma: no cover - Windows
        return None
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mib(pid: int | None = None) -> float | None:
    """Resident memory of ``pid`` (default: this process) now, in MiB (Linux ``/proc``)."""
    try:
        text = Path(f"/proc/{pid or 'self'}/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def peak_rss_mib(pid: int | None = None) -> float | None:
    """Peak resident memory of ``pid`` (default: this process), in MiB."""
    try:
        text = Path(f"/proc/{pid or 'self'}/status").read_text()
    except OSError:
        text = ""
    for line in text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    if pid is None and resource is not None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 1024 / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS
    return None


def proc_cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) of another process from ``/proc`` (clock-tick resolution)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- statistics ----------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float, *, ordered: bool = False) -> float:
    """The ``q``-quantile (0..1) by the nearest-rank method; NaN for no values."""
    if not values:
        return math.nan
    data = values if ordered else sorted(values)
    rank = max(1, math.ceil(q * len(data)))
    return data[min(len(data), rank) - 1]


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def fmt(value: float | None, spec: str = ".1f", unit: str = "") -> str:
    """A number for a table cell; ``n/a`` for None or NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{format(value, spec)}{unit}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# --- tables --------------------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, left: int = 1) -> list[str]:
    """Lines of a plain-text table: the first ``left`` columns left-aligned, the rest right."""
    cells = [[str(h) for h in headers], *([str(c) for c in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        parts = [
            cell.ljust(width) if i < left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out.extend(line(row) for row in cells[1:])
    return out


def print_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    left: int = 1,
    echo: Callable[[str], None] = print,
) -> None:
    for text in table(headers, rows, left=left):
        echo(text)
