"""GUI test fixtures: offscreen Qt, one qasync loop for the session, a window over real services.

The pattern (see shared/design.md): one session-scoped ``qasync.QEventLoop(qapp,
already_running=True)`` (from ``make_event_loop``: with the app's default executor), made the
running asyncio loop only while a GUI test runs (pytest-asyncio runs the plain async tests on
loops of its own). Tasks still pending when a test ends are
cancelled and drained while Qt processes events. The loop is never stopped or closed per test:
``stop()`` quits the QApplication and every later qtbot wait would time out.

GUI tests are synchronous ``def test_x(qtbot, ...)`` functions that click real widgets and wait
with ``qtbot.waitUntil`` / ``qtbot.waitSignal``; the requests go over real loopback HTTP to an
:class:`~scb_console.sandbox.EmbeddedSandbox` that runs on the test's FakeClock.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

import scb_console.ui.qtfix  # noqa: F401  (before the GUI runs: see the module)
from scb_console.core.clock import FakeClock
from scb_console.core.exchange import ExchangeLog
from scb_console.core.ports import MemorySecretStore
from scb_console.infra.profiles import FileProfileStore
from scb_console.infra.receiver import RedirectReceiver
from scb_console.sandbox import EmbeddedSandbox, SandboxConfig
from scb_console.ui.app import apply_appearance, prepare_profiles
from scb_console.ui.main_window import MainWindow
from scb_console.ui.session import Services
from scb_console.ui.settings import UiSettings
from scb_console.ui.worker import make_event_loop

T = TypeVar("T")

#: How long a GUI test waits for one round trip to the local sandbox (ms).
WAIT_MS = 10_000


#: Qt warnings of the offscreen platform itself, not of the console.
OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture(scope="session")
def qloop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """The one qasync loop of the session (not running between GUI tests)."""
    apply_appearance(qapp, dark=False)
    loop = make_event_loop(qapp, already_running=True)
    asyncio.events._set_running_loop(None)  # the constructor made it the running loop
    yield loop
    loop.stop()  # the session is over: qapp.exit() is harmless now
    loop.close()


@pytest.fixture
def aloop(qloop: asyncio.AbstractEventLoop, qtbot: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """The qasync loop as the running loop for one GUI test; pending tasks drained after it."""
    asyncio.events._set_running_loop(qloop)
    try:
        yield qloop
        pending = [task for task in asyncio.all_tasks(qloop) if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            qtbot.waitUntil(lambda: all(task.done() for task in pending), timeout=WAIT_MS)
    finally:
        asyncio.events._set_running_loop(None)


class Runner:
    """Runs a coroutine on the GUI loop and waits for it while Qt processes events."""

    def __init__(self, loop: asyncio.AbstractEventLoop, qtbot: Any) -> None:
        self.loop = loop
        self.qtbot = qtbot

    def __call__(self, coro: Coroutine[Any, Any, T], timeout: int = WAIT_MS) -> T:
        task = self.loop.create_task(coro)
        self.qtbot.waitUntil(task.done, timeout=timeout)
        return task.result()


@pytest.fixture
def run(aloop: asyncio.AbstractEventLoop, qtbot: Any) -> Runner:
    return Runner(aloop, qtbot)


@pytest.fixture
def sandbox_config() -> SandboxConfig:
    """The sandbox's configuration (a test may override this fixture)."""
    return SandboxConfig.default()


@pytest.fixture
def sandbox(clock: FakeClock, sandbox_config: SandboxConfig) -> Iterator[EmbeddedSandbox]:
    box = EmbeddedSandbox(sandbox_config, clock=clock)
    box.start()
    try:
        yield box
    finally:
        box.stop()


@pytest.fixture
def receiver(run: Runner, sandbox: EmbeddedSandbox) -> Iterator[RedirectReceiver]:
    rcv = RedirectReceiver(port=0)
    run(rcv.start())
    sandbox.set_callback_url(rcv.callback_url)
    try:
        yield rcv
    finally:
        run(rcv.stop())


@pytest.fixture
def make_services(
    run: Runner,
    clock: FakeClock,
    tmp_path: Path,
    sandbox: EmbeddedSandbox,
    receiver: RedirectReceiver,
) -> Iterator[Callable[..., Services]]:
    """Build Services over the running sandbox and receiver; ``first_launch`` creates the
    Local sandbox profile as the app does."""
    clients: list[httpx.AsyncClient] = []

    def make(*, first_launch: bool = True) -> Services:
        http = httpx.AsyncClient(timeout=httpx.Timeout(5.0))
        clients.append(http)
        secrets = MemorySecretStore()
        profiles = FileProfileStore(tmp_path / "config" / "profiles.toml")
        if first_launch:
            app = sandbox.config.apps[0]
            prepare_profiles(
                profiles,
                secrets,
                sandbox_base_url=sandbox.base_url,
                api_key=app.api_key,
                api_secret=app.api_secret,
                callback_url=receiver.callback_url,
            )
        return Services(
            clock=clock,
            http=http,
            secret_store=secrets,
            profile_store=profiles,
            exchange_log=ExchangeLog(),
            sandbox=sandbox,
            receiver=receiver,
            keyring=(False, "session memory only (tests)"),
            settings_path=tmp_path / "config" / "ui.ini",
            log_dir=tmp_path / "log",
        )

    try:
        yield make
    finally:
        for http in clients:
            run(http.aclose())


@pytest.fixture
def services(make_services: Callable[..., Services]) -> Services:
    return make_services()


def close_window(window: MainWindow, run: Runner, *, delete_now: bool = True) -> None:
    """Close ``window`` as a person would, drain its tasks and flow while the services still
    run, and delete it (``delete_now``: at once; else with the next posted-events pass)."""
    if not shiboken6.isValid(window):
        return
    window.close()
    run(window.bridge.drain())
    flow = window.session.flow
    if flow is not None:
        run(flow.wait_idle())
    window.deleteLater()
    if delete_now:
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def make_window(
    qtbot: Any, run: Runner, tmp_path: Path, make_services: Callable[..., Services]
) -> Iterator[Callable[..., MainWindow]]:
    """Open windows (closed and drained before the services they use are shut down)."""
    windows: list[MainWindow] = []

    def make(services: Services, size: tuple[int, int] | None = (1280, 800)) -> MainWindow:
        window = MainWindow(services, settings=UiSettings(tmp_path / "config" / "ui.ini"))
        window.wizard.open_url = lambda url: True  # never start a browser from a test
        if size is not None:
            window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        # what the first frame does not show is built just after it: tests get the whole window
        qtbot.waitUntil(window.is_ready, timeout=WAIT_MS)
        return window

    try:
        yield make
    finally:
        # not qtbot.addWidget: pytest-qt would close and delete the windows before this
        # teardown, and their tasks must be drained while the services still run
        for window in windows:
            close_window(window, run, delete_now=False)
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(make_window: Callable[..., MainWindow], services: Services) -> MainWindow:
    return make_window(services)
