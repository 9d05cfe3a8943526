"""The GUI benchmarks run, at their smallest settings, and print their tables.

Smoke only: each script runs in a subprocess (offscreen) and must exit 0 with its table. No
figure is asserted: timings depend on the machine and its load; the figures are the benchmarks'
own output, reported with the command that reproduces them (see benchmarks/*.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCHMARKS = REPO / "benchmarks"


def run(script: str, *args: str, timeout: float = 180) -> str:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=REPO,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"{script} failed:\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    return done.stdout


def test_bare_window_reports_once_painted() -> None:
    line = run("bare_window.py").strip()
    report = json.loads(line)
    assert report["painted"] is True
    assert report["hwm_kb"] > 0


@pytest.mark.parametrize(
    ("script", "args", "lines"),
    [
        ("startup.py", ["--runs", "1"], ["bare PySide6 window (baseline)", "console / bare"]),
        (
            "memory.py",
            ["--runs", "1"],
            ["bare PySide6 window, painted (baseline)", "SCB Console, after a flow"],
        ),
        (
            "responsiveness.py",
            ["--latency-ms", "50", "--exchanges", "50", "--idle", "0.1"],
            ["idle (baseline)", "full flow", "slow server", "export HAR"],
        ),
        (
            "scale.py",
            ["--tokens", "20", "--entries", "200", "--ticks", "5"],
            ["10 tokens (baseline)", "append one entry at 200 entries", "bytes per entry"],
        ),
    ],
    ids=["startup", "memory", "responsiveness", "scale"],
)
def test_benchmark_prints_its_table(script: str, args: list[str], lines: list[str]) -> None:
    out = run(script, *args)
    for expected in lines:
        assert expected in out, out
    assert "target" in out
    assert "PASS" in out or "FAIL" in out  # a verdict beside each target


def test_children_run_as_a_user_install_without_the_test_tools() -> None:
    """The benchmark children cannot import what only the test extras install (Pillow, which
    qrcode would otherwise load), and can import every runtime requirement."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import startup
    finally:
        sys.path.remove(str(BENCHMARKS))
    hidden = startup.not_in_a_user_install()
    assert {"PIL", "pytest", "hypothesis", "zxingcpp"} <= set(hidden)
    runtime = {"PySide6", "httpx", "qasync", "qrcode", "keyring", "h11", "sniffio", "tomli_w"}
    assert not runtime & set(hidden)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import startup\n"
        "startup.hide_what_a_user_install_lacks()\n"
        "import qrcode, httpx\n"
        "try:\n    import PIL\nexcept ModuleNotFoundError:\n    print('no PIL')\n"
        "print('PIL' in sys.modules)\n"
    )
    env = {**os.environ, startup.BLOCK_ENV: ",".join(hidden)}
    out = subprocess.run(
        [sys.executable, "-c", code, str(BENCHMARKS)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    ).stdout.split()
    assert out == ["no", "PIL", "False"]
