"""Responsiveness: the longest event-loop stall on the GUI thread while the console works.

    python benchmarks/responsiveness.py [--latency-ms 2000] [--exchanges 10000]

One process, the real window (offscreen) over the services ``scb-console`` starts (the
embedded sandbox on the system clock, the receiver, the keyring probe, fresh XDG folders), on the
qasync loop, with the garbage collector set as ``run_gui`` sets it once the window is shown
(``freeze_startup_objects``). A stall probe, a 1 ms precise ``QTimer`` on the GUI thread,
notes the gap between its consecutive ticks; a gap is how long the GUI thread could not react
(a click, a repaint).

Scenarios, each with the probe running:

- ``idle`` (the baseline measured in the same run): the window doing nothing for 2 s, which
  shows what the machine itself costs (other processes, the OS scheduler);
- ``full flow``: server token, authorize, simulated approval, code exchange, refresh, profile
  call, through the wizard's buttons' slots;
- ``slow server``: the same with the sandbox's fault latency at ``--latency-ms`` on every SCB
  endpoint (2 s: the console waits, it must not freeze);
- ``export HAR``: File-menu style export of an exchange log of ``--exchanges`` entries;
- ``export support report``: the same log as a support report (when the console has one).

Printed per scenario: its duration, the number of probe ticks, the longest gap, the 99th
percentile gap and how many gaps passed 16 ms. Target: the longest gap under 16 ms (one frame at
60 Hz).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from startup import drive_flow, load_line, print_table, verdict, wait_until

TARGET_MS = 16.0


class StallProbe:
    """A 1 ms precise timer on the GUI thread; ``gaps`` holds the time between its ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[float] = []
        self._last: float | None = None
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._on_tick)

    def _on_tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.gaps.append(now - self._last)
        self._last = now

    def start(self) -> None:
        self.gaps = []
        self._last = time.perf_counter()  # a stall before the first tick counts too
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()


@dataclasses.dataclass
class Outcome:
    name: str
    seconds: float
    gaps: list[float]
    note: str = ""

    @property
    def longest_ms(self) -> float:
        return max(self.gaps, default=0.0) * 1000

    @property
    def p99_ms(self) -> float:
        if len(self.gaps) < 2:
            return self.longest_ms
        return statistics.quantiles(self.gaps, n=100)[98] * 1000

    @property
    def over_target(self) -> int:
        return sum(1 for gap in self.gaps if gap * 1000 >= TARGET_MS)


async def run_scenario(
    probe: StallProbe, name: str, work: Callable[[], Awaitable[str | None]]
) -> Outcome:
    await asyncio.sleep(0.05)  # let what came before settle
    probe.start()
    started = time.perf_counter()
    note = await work()
    seconds = time.perf_counter() - started
    await asyncio.sleep(0.02)  # a stall at the very end shows in the next gap
    probe.stop()
    return Outcome(name, seconds, probe.gaps, note or "")


def fill_log(log: Any, count: int) -> None:
    """Grow the exchange log to ``count`` records, copies of the real ones it holds."""
    real = list(log.records)
    if not real:
        raise RuntimeError("the exchange log is empty: run a flow first")
    index = 0
    while len(log) < count:
        record = real[index % len(real)]
        log.append(dataclasses.replace(record, seq=log.next_seq()))
        index += 1


async def measure(args: argparse.Namespace, workdir: Path) -> list[Outcome]:
    from PySide6.QtWidgets import QApplication, QFileDialog

    from scb_console.ui.app import (
        apply_appearance,
        build_services,
        freeze_startup_objects,
        shutdown_services,
    )
    from scb_console.ui.main_window import MainWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_appearance(app, dark=False)
    services, _ = await build_services(log_dir=workdir / "log")
    window = MainWindow(services, restore_layout=False)
    window.wizard.open_url = lambda url: True
    window.show()
    freeze_startup_objects()  # as run_gui does once the window is shown
    await wait_until(window.isVisible)
    await asyncio.sleep(0.2)
    probe = StallProbe()
    outcomes: list[Outcome] = []
    try:

        async def idle() -> str:
            await asyncio.sleep(args.idle)
            return "the window only"

        outcomes.append(await run_scenario(probe, "idle (baseline)", idle))

        async def flow() -> str:
            await drive_flow(window)
            return f"{len(services.exchange_log)} exchanges so far"

        outcomes.append(await run_scenario(probe, "full flow", flow))

        sandbox = services.sandbox
        assert sandbox is not None

        async def slow() -> str:
            sandbox.set_faults(latency_ms=args.latency_ms)
            try:
                await drive_flow(window, timeout=30 + 10 * args.latency_ms / 1000)
            finally:
                sandbox.set_faults()
            return f"{args.latency_ms} ms latency on each SCB endpoint"

        outcomes.append(await run_scenario(probe, "slow server", slow))

        fill_log(services.exchange_log, args.exchanges)
        await asyncio.sleep(0.3)
        har_path = workdir / "export.har"
        report_path = workdir / "report.html"
        original = QFileDialog.getSaveFileName
        chosen: list[str] = []

        def save_as(*_args: object, **_kwargs: object) -> tuple[str, str]:
            return chosen[-1], ""

        QFileDialog.getSaveFileName = staticmethod(save_as)  # type: ignore[method-assign]
        try:

            async def export_har() -> str:
                chosen.append(str(har_path))
                window.exchange_panel.on_export_clicked()
                await wait_until(har_path.exists, timeout=120)
                await wait_until(lambda: not window.exchange_panel.exporting)
                size = har_path.stat().st_size / 1e6
                return f"{len(services.exchange_log):,} exchanges, {size:.1f} MB"

            outcomes.append(await run_scenario(probe, "export HAR", export_har))

            on_export_report = getattr(window, "on_export_report", None)
            if on_export_report is not None:

                async def export_report() -> str:
                    chosen.append(str(report_path))
                    on_export_report()
                    await wait_until(report_path.exists, timeout=120)
                    await wait_until(lambda: not window.bridge.running("export_report"))
                    size = report_path.stat().st_size / 1e6
                    return f"{len(services.exchange_log):,} exchanges, {size:.1f} MB"

                outcomes.append(await run_scenario(probe, "export support report", export_report))
        finally:
            QFileDialog.getSaveFileName = original  # type: ignore[method-assign]
    finally:
        window.close()
        await window.bridge.drain()
        if window.session.flow is not None:
            await window.session.flow.wait_idle()
        window.deleteLater()
        await shutdown_services(services)
    return outcomes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--latency-ms", type=int, default=2000, help="slow server latency")
    parser.add_argument("--exchanges", type=int, default=10_000, help="exchanges to export")
    parser.add_argument("--idle", type=float, default=2.0, help="seconds of the idle baseline")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtWidgets import QApplication

    import scb_console.ui.qtfix  # noqa: F401  (before the GUI runs)

    print(f"Responsiveness benchmark: {load_line()}")
    with tempfile.TemporaryDirectory(prefix="scb-bench-") as tmp:
        home = Path(tmp)
        for var, sub in (
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_STATE_HOME", "state"),
        ):
            (home / sub).mkdir()
            os.environ[var] = str(home / sub)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        app.setQuitOnLastWindowClosed(False)  # as run_gui: closing the window ends nothing
        with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
            outcomes = runner.run(measure(args, home))
    rows = [
        [
            outcome.name,
            f"{outcome.seconds:.2f} s",
            f"{len(outcome.gaps):,}",
            f"{outcome.longest_ms:.1f} ms",
            f"{outcome.p99_ms:.1f} ms",
            str(outcome.over_target),
            f"< {TARGET_MS:.0f} ms",
            verdict(outcome.longest_ms < TARGET_MS),
            outcome.note,
        ]
        for outcome in outcomes
    ]
    print_table(
        "Longest gap between ticks of a 1 ms timer on the GUI thread",
        [
            "scenario",
            "duration",
            "ticks",
            "longest",
            "p99",
            ">=16 ms",
            "target",
            "result",
            "what",
        ],
        rows,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
