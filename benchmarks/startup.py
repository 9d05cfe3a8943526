"""Start-up: process start to the console's first painted frame, beside a bare PySide6 window.

    python benchmarks/startup.py [--runs 5]

Each run starts a fresh process and times it from ``Popen`` to the JSON line the child prints
once its main window has been painted (the first paint event, then one more turn of the event
loop so the whole frame is done), offscreen. The console's child runs what the ``scb-console``
command runs (``scb_console.cli.main.main``: its argument parser, then ``run_gui``: the embedded
sandbox, the first-launch profile, the window; then the loopback receiver, the keyring lookup
and the HTTP client) in fresh XDG folders, and checks ``GET /_sandbox/health``
answers ``ok`` before it reports. The baseline is ``benchmarks/bare_window.py``. The two
alternate, run by run, so a noisy neighbour hurts both alike. Printed: median and min of each,
and their ratio. Target (the verdict): the console's median at most 2.5 times the bare window's.

The console paints its first frame before it is all there: what that frame does not show is
built just after it (the other wizard steps, the Tokens tab, the Fault rehearsal dock, the phone
demo, the report recorder), and the receiver, the OS keyring and the HTTP client start then
(see ``scb_console/ui/main_window.py`` and ``scb_console.ui.app.finish_services``). So the
report is honest about what was put off, a second, informational figure is printed: process
start to *fully ready* (``MainWindow.is_ready()``: every deferred part built, the receiver
listening and registered with the sandbox, the secret store open, the HTTP client made, the
profile's client and flow made), timed from ``Popen`` to a second line the child prints then.
The Token check tab (built when first opened) and the modules preloaded a second after start-up
are not part of it: they were on demand before too.

This module also hosts what the other GUI benchmarks share: the console child (``--child``;
``--flow`` also walks the whole 3-legged flow before reporting, for ``memory.py``), the flow
driver :func:`drive_flow`, and :func:`print_table`.
"""

from __future__ import annotations

# the console child imports from here: only what it needs (the parent's tools load in the
# parent's functions), so the harness adds nothing to the console's start-up
import asyncio
import contextlib
import importlib.machinery
import os
import socket
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import subprocess

HERE = Path(__file__).resolve().parent
TARGET_RATIO = 2.5
#: How long a child may take before the run counts as failed.
CHILD_TIMEOUT = 60.0

# --- shared helpers ------------------------------------------------------------------------------


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain text table: the first column left-aligned, the others right-aligned."""
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        parts = [row[0].ljust(widths[0])]
        parts += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(parts).rstrip()

    print(title)
    print(line(cells[0]))
    print("  ".join("-" * w for w in widths))
    for row in cells[1:]:
        print(line(row))
    print()


def load_line() -> str:
    """``load average 1.92 2.05 1.88 on 2 CPUs``: what else the machine was doing."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


#: Where the children's compiled bytecode is kept, under the temporary folder (an installed
#: app has its .pyc files; a source tree run with PYTHONDONTWRITEBYTECODE would compile every
#: module each start).
PYCACHE_NAME = "scb-console-bench-pycache"


def pycache_dir() -> Path:
    """The children's bytecode folder (:data:`PYCACHE_NAME` in the temporary folder)."""
    import tempfile

    return Path(tempfile.gettempdir()) / PYCACHE_NAME


#: The environment variable that lists, comma-separated, the top-level modules a child may not
#: import (see :func:`not_in_a_user_install`).
BLOCK_ENV = "SCB_BENCH_NOT_INSTALLED"


def not_in_a_user_install() -> list[str]:  # (the parent's)
    """Top-level modules installed here that a user's install of scb-console would not have.

    The benchmarks run in the development environment, which also holds the test tools
    (``pip install -e '.[test]'``: Pillow, pytest, hypothesis...). Some libraries the console
    uses import an optional package when it is there: qrcode imports Pillow (some 20 ms and
    4 MiB) for image drawers the console never uses, since it paints the QR code with Qt. So the
    children are run as a user's install: every distribution outside scb-console's runtime
    requirements (followed transitively, markers evaluated; pip and setuptools kept) is hidden
    from them (:class:`_NotInstalled`)."""
    import importlib.metadata as md
    import re as regex

    try:
        from packaging.requirements import Requirement
    except ImportError:  # (pytest brings it; without the test tools there is nothing to hide)
        return []

    def norm(name: str) -> str:
        return regex.sub(r"[-_.]+", "-", name).lower()

    def top_levels(dist: md.Distribution) -> set[str]:
        text = dist.read_text("top_level.txt")
        if text:
            return {line.strip() for line in text.splitlines() if line.strip()}
        found = set()
        for file in dist.files or ():
            first = file.parts[0] if file.parts else ""
            if first.endswith((".dist-info", ".data")) or first in ("..", "__pycache__"):
                continue
            name = first[:-3] if first.endswith(".py") else first
            if name.isidentifier():
                found.add(name)
        return found

    installed = {norm(d.metadata["Name"]): d for d in md.distributions() if d.metadata["Name"]}
    wanted = {"scb-console", "pip", "setuptools"}
    queue = ["scb-console"]
    while queue:
        dist = installed.get(queue.pop())
        for text in (dist.requires or []) if dist is not None else []:
            requirement = Requirement(text)
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue
            name = norm(requirement.name)
            if name not in wanted:
                wanted.add(name)
                queue.append(name)
    kept = set().union(*(top_levels(d) for n, d in installed.items() if n in wanted))
    hidden = set().union(*(top_levels(d) for n, d in installed.items() if n not in wanted))
    return sorted(hidden - kept)


class _NotInstalled:
    """A meta path finder that makes the modules named in :data:`BLOCK_ENV` unimportable, as
    they would be in a user's install (a child's)."""

    def __init__(self, names: set[str]) -> None:
        self.names = names

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname.partition(".")[0] in self.names:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


def hide_what_a_user_install_lacks() -> None:
    """In a child: install :class:`_NotInstalled` for the modules the parent listed."""
    names = {n for n in os.environ.get(BLOCK_ENV, "").split(",") if n}
    if names:
        sys.meta_path.insert(0, _NotInstalled(names))


def child_env(home: Path) -> dict[str, str]:  # (the parent's)
    """The environment of a child: offscreen Qt, XDG folders under ``home`` (a first launch),
    and bytecode cached in :func:`pycache_dir` as an installed app's would be."""
    env = dict(os.environ)
    env[BLOCK_ENV] = ",".join(not_in_a_user_install())
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache_dir())
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        path = home / sub
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    return env


def run_child(
    command: Sequence[str], *, timeout: float = CHILD_TIMEOUT
) -> tuple[float, dict[str, Any]]:
    """Start ``command``, wait for its JSON line; return (seconds from Popen, the JSON).

    The seconds run to the child's ``"at"``, its ``time.monotonic()`` read at the paint: the
    monotonic clock is the machine's, the same in both processes, so neither what the child does
    after the paint (the console's child checks its sandbox answers) nor the pipe counts.

    A child whose line says ``"more": true`` prints a second line when it is fully ready: its
    payload is merged in, with ``ready_s``, the seconds from Popen to that second line."""
    import json
    import subprocess
    import tempfile

    def parse(line: str, process: subprocess.Popen[str], err: Any) -> dict[str, Any]:
        try:
            payload: dict[str, Any] = json.loads(line)
        except ValueError:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"{' '.join(command)} printed {line!r}; stderr:\n{tail}") from None
        return payload

    with tempfile.TemporaryDirectory(prefix="scb-bench-") as tmp, tempfile.TemporaryFile() as err:
        env = child_env(Path(tmp))
        started = time.monotonic()
        process = subprocess.Popen(
            list(command), stdout=subprocess.PIPE, stderr=err, env=env, text=True
        )
        assert process.stdout is not None
        try:
            line = process.stdout.readline()
            elapsed = time.monotonic() - started
            payload = parse(line, process, err)
            if "at" in payload:  # the child's own clock reading at the paint (see above)
                elapsed = float(payload["at"]) - started
            if payload.get("more"):
                second = process.stdout.readline()
                ready_s = time.monotonic() - started
                payload.update(parse(second, process, err), ready_s=ready_s)
            process.wait(timeout=timeout)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()
    if not payload.get("painted"):
        raise RuntimeError(f"{' '.join(command)} did not paint: {payload}")
    return elapsed, payload


def bare_command() -> list[str]:
    return [sys.executable, str(HERE / "bare_window.py")]


def app_command(*, flow: bool = False) -> list[str]:
    return [sys.executable, str(HERE / "startup.py"), "--child", *(["--flow"] if flow else [])]


# --- driving the window ---------------------------------------------------------------------------


async def wait_until(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    """Let the event loop run until ``predicate()`` holds (RuntimeError after ``timeout`` s)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise RuntimeError("timed out waiting for the window")
        await asyncio.sleep(0.005)


async def drive_flow(
    window: Any,
    *,
    timeout: float = 30.0,
    wait: Callable[[Callable[[], bool], float], Awaitable[None]] | None = None,
) -> None:
    """Walk the window's wizard through server token, authorize, the simulated approval, the
    code exchange, a refresh and the profile call, as the buttons would (Local sandbox), once
    the window is fully ready (its services up, its profile activated). Each step waits with
    ``wait(predicate, timeout)``: by default :func:`wait_until` (polls every 5 ms);
    responsiveness.py passes one that wakes on the bridge's signals instead."""
    from scb_console.core.flow import FlowState
    from scb_console.ui.wizard import Step

    if not window.is_ready():
        await wait_until(window.is_ready, timeout)
    until = wait if wait is not None else wait_until
    wizard = window.wizard
    bridge = window.bridge
    flow = window.session.flow
    assert flow is not None, "no active profile"

    async def step(action: Callable[[], object], done: Callable[[], bool]) -> None:
        action()
        await until(lambda: done() and not bridge.running(), timeout)

    failures: list[str] = []

    def failed(label: str, message: str) -> None:
        failures.append(f"{label}: {message}")

    bridge.failed.connect(failed)
    try:
        wizard.go_to(Step.SERVER_TOKEN)
        await step(wizard.on_server_token_clicked, lambda: wizard._server_token is not None)
        wizard.go_to(Step.AUTHORIZE)
        await step(wizard.on_authorize_clicked, lambda: flow.state is FlowState.AWAITING_CONSENT)
        await step(wizard.on_simulate_clicked, lambda: flow.state is FlowState.CODE_RECEIVED)
        wizard.go_to(Step.EXCHANGE)
        await step(wizard.on_exchange_clicked, lambda: flow.state is FlowState.AUTHORIZED)
        wizard.go_to(Step.REFRESH)
        before = len(flow.history)
        await step(
            wizard.on_refresh_clicked,
            lambda: len(flow.history) > before and flow.state is FlowState.AUTHORIZED,
        )
        wizard.go_to(Step.PROFILE)
        await step(wizard.on_call_profile_clicked, lambda: wizard._profile_result is not None)
    finally:
        bridge.failed.disconnect(failed)
    if failures:
        raise RuntimeError("the flow failed: " + "; ".join(failures))


def sandbox_health(root_url: str) -> bool:
    """``GET /_sandbox/health`` over a plain socket (no HTTP library to import): ok?"""
    rest = root_url.split("://", 1)[1]
    hostport = rest.split("/", 1)[0]
    host, _, port = hostport.rpartition(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(f"GET /_sandbox/health HTTP/1.0\r\nHost: {hostport}\r\n\r\n".encode("ascii"))
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return head.startswith(b"HTTP/1.") and b" 200 " in head[:16] and b'"ok"' in body


# --- the console child ----------------------------------------------------------------------------


class _WatchMainWindow:
    """Patches ``MainWindow.show`` the moment ``scb_console.ui.main_window`` is imported, so
    the child imports nothing earlier than the app itself would (a meta path finder: it has
    ``find_spec``)."""

    NAME = "scb_console.ui.main_window"

    def __init__(self, on_show: Callable[[Any], None]) -> None:
        self.on_show = on_show

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.NAME:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        on_show = self.on_show
        original_exec = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            original_exec(module)
            cls = module.MainWindow
            original_show = cls.show

            def show(window: Any) -> None:
                original_show(window)
                on_show(window)

            cls.show = show

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def app_child(*, flow: bool) -> None:
    """Run the console as ``scb-console`` does; report once the window is painted, then once
    it is fully ready (with ``flow``: once, when the whole flow has been walked)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    hide_what_a_user_install_lacks()
    import json

    from bare_window import memory_kb, report

    def on_show(window: Any) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        class FirstPaint(QObject):
            seen = False

            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and not self.seen:
                    self.seen = True
                    QTimer.singleShot(0, painted)
                return False

        def painted() -> None:
            at = time.monotonic()  # before the harness's own check below
            sandbox = window.services.sandbox
            healthy = sandbox is not None and sandbox_health(sandbox.root_url)
            if not flow:
                line = {"painted": True, "at": at, "sandbox": healthy, "more": True}
                line.update(memory_kb())
                sys.stdout.write(json.dumps(line) + "\n")
                sys.stdout.flush()
                if window.is_ready():
                    ready()
                else:
                    window.ready.connect(ready)
                return
            after_paint = memory_kb()
            task = asyncio.get_running_loop().create_task(drive_flow(window))

            def done(_: object) -> None:
                error = None if task.cancelled() else task.exception()
                report(
                    {
                        "painted": True,
                        "sandbox": healthy,
                        "startup_hwm_kb": after_paint["hwm_kb"],
                        "flow_error": None if error is None else str(error),
                        "exchanges": len(window.services.exchange_log),
                        **memory_kb(),
                    }
                )

            task.add_done_callback(done)

        def ready() -> None:
            import gc

            receiver = window.services.receiver
            listening = receiver is not None and receiver.running
            # the collector is off during start-up: it must be on again by now
            report({"ready": True, "receiver": listening, "gc": gc.isenabled(), **memory_kb()})

        watcher = FirstPaint(window)
        window.installEventFilter(watcher)
        window._bench_watcher = watcher  # keep it alive

    sys.meta_path.insert(0, _WatchMainWindow(on_show))
    # the path the ``scb-console`` command takes: its argument parser, then the desktop console
    from scb_console.cli.main import main

    with contextlib.suppress(SystemExit):
        main([])
    report({"painted": False, **memory_kb()})


# --- the benchmark --------------------------------------------------------------------------------


def warm_up() -> None:
    """One untimed run of each child: bytecode compiled, files in the page cache."""
    run_child(bare_command())
    run_child(app_command())


def measure(runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"bare": [], "console": [], "ready": []}
    for index in range(runs):
        order = ("bare", "console") if index % 2 == 0 else ("console", "bare")
        for kind in order:
            command = bare_command() if kind == "bare" else app_command()
            elapsed, payload = run_child(command)
            if kind == "console":
                if not payload.get("sandbox"):
                    raise RuntimeError("the embedded sandbox did not answer /_sandbox/health")
                if not payload.get("ready") or not payload.get("receiver") or not payload["gc"]:
                    raise RuntimeError(f"the console did not get fully ready: {payload}")
                times["ready"].append(float(payload["ready_s"]))
            times[kind].append(elapsed)
    return times


def main(argv: Sequence[str] | None = None) -> int:
    import argparse
    import statistics

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each process (default 5)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--flow", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        app_child(flow=args.flow)
        return 0
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    print(f"Start-up benchmark: {args.runs} runs each, interleaved; {load_line()}")
    warm_up()
    times = measure(args.runs)
    bare, console = times["bare"], times["console"]
    ratio_median = statistics.median(console) / statistics.median(bare)
    ratio_min = min(console) / min(bare)
    rows: list[list[object]] = []
    for label, values in (("bare PySide6 window (baseline)", bare), ("SCB Console", console)):
        rows.append(
            [
                label,
                f"{statistics.median(values) * 1000:.0f} ms",
                f"{min(values) * 1000:.0f} ms",
                f"{max(values) * 1000:.0f} ms",
                "",
                "",
            ]
        )
    rows.append(
        [
            "console / bare",
            f"{ratio_median:.2f}x",
            f"{ratio_min:.2f}x",
            "",
            f"<= {TARGET_RATIO:.1f}x",
            verdict(ratio_median <= TARGET_RATIO),
        ]
    )
    print_table(
        "Process start to the first painted frame (offscreen; the console with its sandbox up)",
        ["process", "median", "min", "max", "target", "result"],
        rows,
    )
    ready = times["ready"]
    after = statistics.median(r - c for r, c in zip(ready, console, strict=True))
    print_table(
        "Process start to fully ready (informational: every deferred part built, the receiver "
        "listening, the keyring and the HTTP client open, the profile activated)",
        ["process", "median", "min", "max", "after the first frame (median)"],
        [
            [
                "SCB Console",
                f"{statistics.median(ready) * 1000:.0f} ms",
                f"{min(ready) * 1000:.0f} ms",
                f"{max(ready) * 1000:.0f} ms",
                f"+{after * 1000:.0f} ms",
            ]
        ],
    )
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:  # the console child: no argparse to load
        app_child(flow="--flow" in sys.argv[2:])
        sys.exit(0)
    sys.exit(main())
