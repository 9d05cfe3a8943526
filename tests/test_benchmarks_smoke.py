"""The benchmark scripts run, end to end, with their smallest settings, and print their tables.

No figure is judged here (never assert on speed): only that each script starts its servers or
sandbox over loopback, drives real requests through them, and prints the table and the verdict
lines its docstring promises, exiting 0.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _run(script: str, *args: str) -> str:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return done.stdout


def _row(output: str, name: str) -> list[str]:
    """The cells of the table row that starts with ``name``."""
    for line in output.splitlines():
        cells = line.split()
        if cells and cells[0] == name:
            return cells
    raise AssertionError(f"no row {name!r} in:\n{output}")


@pytest.mark.timeout(120)
def test_sandbox_load_runs_and_prints_its_table() -> None:
    out = _run(
        "sandbox_load.py",
        "--duration",
        "0.6",
        "--rounds",
        "1",
        "--warmup",
        "0.1",
        "--concurrency",
        "4",
    )
    assert "req/s" in out
    assert "CPU us/req" in out
    for kind in ("bare", "bare+read", "sandbox"):
        cells = _row(out, kind)
        assert int(cells[1]) > 0, cells  # it answered requests
        assert cells[4] == "0", cells  # and none failed
    assert "sandbox / bare throughput:" in out
    assert "sandbox / bare by CPU per request:" in out
    assert "target flat" in out or "sandbox memory: n/a" in out
    assert "WARNING" not in out  # every answer checked out (the sandbox's is a token answer)
    assert out.count("PASS") + out.count("FAIL") >= 2


@pytest.mark.timeout(120)
def test_flow_latency_runs_and_prints_its_table() -> None:
    out = _run("flow_latency.py", "--flows", "3", "--warmup", "1")
    for name in ("engine", "raw"):
        cells = _row(out, name)
        assert float(cells[1]) > 0, cells  # p50 ms
    assert "engine / raw" in out
    assert "engine overhead:" in out
    assert "PASS" in out or "FAIL" in out


def test_bad_arguments_are_refused_with_a_message() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "flow_latency.py"), "--flows", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "--flows must be above 0" in done.stderr
    assert "Traceback" not in done.stderr
