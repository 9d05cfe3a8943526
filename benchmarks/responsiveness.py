"""Responsiveness: the longest event-loop stall on the GUI thread while the console works.

    python benchmarks/responsiveness.py [--latency-ms 2000] [--exchanges 10000]

One process, the real window (offscreen) over the services ``scb-console`` starts (the
embedded sandbox on the system clock, the receiver, the keyring probe, fresh XDG folders), on the
qasync loop, with the garbage collector set as ``run_gui`` sets it once the window is shown
(``freeze_startup_objects``). A stall probe, a 1 ms precise ``QTimer`` on the GUI thread,
notes the gap between its consecutive ticks; a gap is how long the GUI thread could not react
(a click, a repaint).

Scenarios, each with the probe running:

- ``start-up, deferred work``: from 0.2 s after the window shows until the work start-up put
  off (modules imported on a thread a second after the window is made) is over;
- ``idle`` (the baseline, measured in the same run once that work is over): the window doing
  nothing, which shows what the machine itself costs (other processes, the OS scheduler);
- ``full flow``: server token, authorize, simulated approval, code exchange, refresh, profile
  call, through the wizard's buttons' slots;
- ``slow server``: the same with the sandbox's fault latency at ``--latency-ms`` on every SCB
  endpoint (2 s: the console waits, it must not freeze);
- ``export HAR``: File-menu style export of an exchange log of ``--exchanges`` entries;
- ``export support report``: the same log as a support report, reached as a user does: the File
  menu opens (the report's modules load on a thread meanwhile), stays open ``MENU_SECONDS``, then
  Export support report… is triggered.

What the probe counts, and what it does not:

- ``longest`` is the raw longest gap. On a loaded machine the OS gives the GUI thread's CPU to
  other processes for a scheduler tick (4 ms here) or two now and then, whatever the app does:
  the thread is runnable and waits for a CPU. The kernel counts that wait per thread
  (``/proc/thread-self/schedstat``), and ``app`` is each gap less the GUI thread's run-queue
  wait in it; the verdict is on ``app``. What the app itself causes stays in: its work on the
  GUI thread, and any time the thread blocked (the GIL held by another of its threads, a file,
  a lock). Without those statistics (not Linux) only gaps in which the thread was preempted
  and never blocked (``getrusage`` context switches) have their time off the CPU set apart.
- The benchmark's own waiting does not poll: it waits for the window's signals (a poll every
  5 ms on the GUI thread was work a real session does not do, and under GIL contention each poll
  cost the GUI thread up to a switch interval).
- ``gen2`` is the number of full garbage collections during the scenario and the longest one.

Target: every gap's app part under 16 ms (one frame at 60 Hz).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from startup import drive_flow as startup_drive_flow
from startup import load_line, print_table, verdict

try:
    import resource
except ImportError:  # pragma: no cover - Windows: no context switch counts
    resource = None  # type: ignore[assignment]

TARGET_MS = 16.0
#: The deferred start-up work is waited for at most this long (s).
STARTUP_WORK_TIMEOUT = 15.0
#: How long the File menu stays open before Export support report… is chosen (a quick user).
MENU_SECONDS = 0.3


class StallProbe:
    """A 1 ms precise timer on the GUI thread; ``gaps`` holds the time between its ticks and
    ``app_gaps`` the same less the time the thread spent runnable but not running (waiting for
    a CPU the OS gave to another process).

    That time comes from the thread's scheduler statistics (``/proc/thread-self/schedstat``,
    Linux: time on a CPU, time waiting on a run queue). Where they are missing, only gaps in
    which the thread was preempted and never blocked have their time off the CPU set apart."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[float] = []
        self.app_gaps: list[float] = []
        self._last: tuple[float, float, float, int, int] | None = None
        self._schedstat: int | None = None
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._on_tick)

    def _now(self) -> tuple[float, float, float, int, int]:
        """(wall, on a CPU, waiting for a CPU (-1: unknown), voluntary and involuntary
        context switches); on the GUI thread."""
        wall = time.perf_counter()
        waiting = -1.0
        if self._schedstat is not None:
            fields = os.pread(self._schedstat, 128, 0).split()
            waiting = int(fields[1]) / 1e9
        if resource is None or not hasattr(resource, "RUSAGE_THREAD"):
            return wall, time.thread_time(), waiting, 0, 0
        usage = resource.getrusage(resource.RUSAGE_THREAD)
        return wall, time.thread_time(), waiting, usage.ru_nvcsw, usage.ru_nivcsw

    def _on_tick(self) -> None:
        now = self._now()
        last = self._last
        if last is not None:
            gap = now[0] - last[0]
            if now[2] >= 0 and last[2] >= 0:
                machine = now[2] - last[2]
            else:
                on_cpu = now[1] - last[1]
                blocked = now[3] - last[3]
                preempted = now[4] - last[4]
                machine = gap - on_cpu if preempted and not blocked else 0.0
            self.gaps.append(gap)
            self.app_gaps.append(gap - min(gap, max(0.0, machine)))
        self._last = now

    def start(self) -> None:
        if self._schedstat is None:
            try:
                self._schedstat = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
            except OSError:
                self._schedstat = None
        self.gaps = []
        self.app_gaps = []
        self._last = self._now()  # a stall before the first tick counts too
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def close(self) -> None:
        self.stop()
        if self._schedstat is not None:
            os.close(self._schedstat)
            self._schedstat = None


class GcWatch:
    """Full (generation 2) garbage collections: how many, the longest (s)."""

    def __init__(self) -> None:
        self.full: list[float] = []
        self._started: float | None = None

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        elif self._started is not None:
            self.full.append(time.perf_counter() - self._started)
            self._started = None

    def __enter__(self) -> GcWatch:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)


@dataclasses.dataclass
class Outcome:
    name: str
    seconds: float
    gaps: list[float]
    app_gaps: list[float]
    full_gcs: list[float]
    note: str = ""

    @property
    def longest_ms(self) -> float:
        return max(self.gaps, default=0.0) * 1000

    @property
    def app_ms(self) -> float:
        return max(self.app_gaps, default=0.0) * 1000

    @property
    def p99_ms(self) -> float:
        if len(self.app_gaps) < 2:
            return self.app_ms
        return statistics.quantiles(self.app_gaps, n=100)[98] * 1000

    @property
    def over_target(self) -> int:
        return sum(1 for gap in self.app_gaps if gap * 1000 >= TARGET_MS)

    @property
    def gc_text(self) -> str:
        if not self.full_gcs:
            return "0"
        return f"{len(self.full_gcs)} ({max(self.full_gcs) * 1000:.1f} ms)"


async def run_scenario(
    probe: StallProbe, name: str, work: Callable[[], Awaitable[str | None]]
) -> Outcome:
    await asyncio.sleep(0.05)  # let what came before settle
    with GcWatch() as watch:
        probe.start()
        started = time.perf_counter()
        note = await work()
        seconds = time.perf_counter() - started
        await asyncio.sleep(0.02)  # a stall at the very end shows in the next gap
        probe.stop()
    return Outcome(name, seconds, probe.gaps, probe.app_gaps, watch.full, note or "")


# --- waiting without polling ---------------------------------------------------------------------


async def wait_for(
    predicate: Callable[[], bool], signals: Sequence[Any], *, timeout: float = 30.0
) -> None:
    """Wait until ``predicate()`` holds, looking again each time one of ``signals`` fires (and,
    as a safety net, every 0.25 s). Raises RuntimeError after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    wake = asyncio.Event()

    def poke(*_args: object) -> None:
        wake.set()

    for signal in signals:
        signal.connect(poke)
    try:
        end = loop.time() + timeout
        while not predicate():
            left = end - loop.time()
            if left <= 0:
                raise RuntimeError("timed out waiting for the window")
            wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), min(0.25, left))
    finally:
        for signal in signals:
            signal.disconnect(poke)


async def drive_flow(window: Any, *, timeout: float = 30.0) -> None:
    """:func:`startup.drive_flow`, each step woken by the bridge's signals rather than by
    polling (a polling timer would be a GUI-thread wake-up of its own)."""
    bridge = window.bridge
    signals = (bridge.busy, bridge.succeeded, bridge.failed, bridge.flow_changed)

    async def wait(predicate: Callable[[], bool], limit: float) -> None:
        await wait_for(predicate, signals, timeout=limit)

    await startup_drive_flow(window, timeout=timeout, wait=wait)


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


# --- the run -------------------------------------------------------------------------------------


async def measure(args: argparse.Namespace, workdir: Path) -> list[Outcome]:
    from PySide6.QtWidgets import QApplication, QFileDialog, QMenu

    from scb_console.ui.app import (
        apply_appearance,
        build_services,
        freeze_startup_objects,
        shutdown_services,
    )
    from scb_console.ui.main_window import MainWindow
    from scb_console.ui.worker import preloading

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_appearance(app, dark=False)
    services, _ = await build_services(log_dir=workdir / "log")
    window = MainWindow(services, restore_layout=False)
    window.wizard.open_url = lambda url: True
    window.show()
    freeze_startup_objects()  # as run_gui does once the window is shown
    probe = StallProbe()
    outcomes: list[Outcome] = []
    try:
        await asyncio.sleep(0.2)  # the first frames (the start-up benchmark's business)

        async def startup_work() -> str:
            await wait_for(lambda: not preloading(), (), timeout=STARTUP_WORK_TIMEOUT)
            return "until the imports put off after the first frame are done"

        outcomes.append(await run_scenario(probe, "start-up, deferred work", startup_work))

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
            panel = window.exchange_panel

            async def export_har() -> str:
                chosen.append(str(har_path))
                panel.on_export_clicked()
                await wait_for(
                    lambda: har_path.exists() and not panel.exporting,
                    (panel.har_exported,),
                    timeout=120,
                )
                size = har_path.stat().st_size / 1e6
                return f"{len(services.exchange_log):,} exchanges, {size:.1f} MB"

            outcomes.append(await run_scenario(probe, "export HAR", export_har))

            bridge = window.bridge

            async def export_report() -> str:
                # as a user gets there: File opens (which loads the report's modules on a
                # thread), a moment to find the item, then Export support report…
                chosen.append(str(report_path))
                menu = next(
                    m
                    for m in window.export_report_action.associatedObjects()
                    if isinstance(m, QMenu)
                )
                menu.popup(window.mapToGlobal(window.rect().center()))
                await asyncio.sleep(MENU_SECONDS)
                menu.close()
                window.export_report_action.trigger()
                await wait_for(
                    lambda: report_path.exists() and not bridge.running("export_report"),
                    (bridge.succeeded, bridge.failed, bridge.cancelled, bridge.busy),
                    timeout=120,
                )
                size = report_path.stat().st_size / 1e6
                return f"{len(services.exchange_log):,} exchanges, {size:.1f} MB"

            outcomes.append(await run_scenario(probe, "export support report", export_report))
        finally:
            QFileDialog.getSaveFileName = original  # type: ignore[method-assign]
    finally:
        probe.close()
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
    from PySide6.QtWidgets import QApplication

    import scb_console.ui.qtfix  # noqa: F401  (before the GUI runs)
    from scb_console.ui.worker import make_event_loop

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
        with asyncio.Runner(loop_factory=make_event_loop) as runner:
            outcomes = runner.run(measure(args, home))
    rows = [
        [
            outcome.name,
            f"{outcome.seconds:.2f} s",
            f"{len(outcome.gaps):,}",
            f"{outcome.longest_ms:.1f} ms",
            f"{outcome.app_ms:.1f} ms",
            f"{outcome.p99_ms:.1f} ms",
            str(outcome.over_target),
            outcome.gc_text,
            f"< {TARGET_MS:.0f} ms",
            verdict(outcome.app_ms < TARGET_MS),
            outcome.note,
        ]
        for outcome in outcomes
    ]
    print_table(
        "Longest gap between ticks of a 1 ms timer on the GUI thread "
        "(app: the gap less the GUI thread's waits for a CPU)",
        [
            "scenario",
            "duration",
            "ticks",
            "longest",
            "app",
            "app p99",
            ">=16 ms",
            "gen2",
            "target",
            "result",
            "what",
        ],
        rows,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
