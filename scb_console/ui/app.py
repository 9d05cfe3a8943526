"""Starting the GUI: QApplication, the qasync loop, the services, the window; a clean shutdown.

:func:`run_gui` is what ``scb-console`` (no subcommand) calls. It

1. creates the QApplication (name and organisation for QSettings, Fusion style, the light or dark
   palette the system asks for),
2. runs asyncio inside Qt's event loop with qasync (``asyncio.Runner(loop_factory=QEventLoop)``),
3. starts the embedded local sandbox (its own thread), the loopback redirect receiver (on
   :data:`~scb_console.core.contract.DEFAULT_RECEIVER_PORT`, or a free port when that one is
   taken) and registers the receiver's URL as the sandbox demo app's callback,
4. opens one shared ``httpx.AsyncClient`` (TLS verification on), the secret store (the OS keyring
   or session memory) and the profile store,
5. on first launch creates the "Local sandbox" profile with the demo credentials, so a new user
   walks the whole flow with no setup; every launch re-points local profiles at the sandbox,
6. shows the window, and when it closes stops the receiver, closes the HTTP client and stops the
   sandbox.

``--screenshot PATH`` renders the window offscreen instead and exits. When the active profile is
the local sandbox, the screenshot is taken after a server token and an authorize call (so it
shows a token in the inspector, the exchange log and the QR code of step 1); other profiles are
shown as they open, with no request sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from scb_console.core import contract
from scb_console.core.clock import Clock, SystemClock
from scb_console.core.contract import Environment
from scb_console.core.errors import ProfileError, SCBConsoleError, SecretStoreError
from scb_console.core.exchange import ExchangeLog
from scb_console.core.models import Profile
from scb_console.core.ports import ProfileStore, SecretStore
from scb_console.ui.session import API_SECRET_KEY, LOCAL_PROFILE_NAME, Services

if TYPE_CHECKING:  # the sandbox (aiohttp) loads on run_gui's start-up thread (EarlyStart)
    from scb_console.sandbox.config import SandboxConfig
    from scb_console.sandbox.faults import Faults

log = logging.getLogger(__name__)

#: Seconds the screenshot mode waits, at most, for its requests to the local sandbox.
SCREENSHOT_TIMEOUT = 20.0


def prepare_profiles(
    profile_store: ProfileStore,
    secret_store: SecretStore,
    *,
    sandbox_base_url: str | None,
    api_key: str,
    api_secret: str,
    callback_url: str | None,
    accept_language: str = contract.ACCEPT_LANGUAGES[0],
) -> list[str]:
    """First launch: create the "Local sandbox" profile. Every launch: point LOCAL profiles at
    the running sandbox (and the receiver), and give the demo profile its secret back when a
    session-only store forgot it. The new profile's ``accept_language`` is the interface
    language's (``EN`` / ``TH``). Returns one-line notes for the status bar."""
    notes: list[str] = []
    try:
        profiles = list(profile_store.load())
    except ProfileError as exc:
        notes.append(str(exc))
        profiles = []
    changed = False
    if not profiles and sandbox_base_url:
        profiles = [
            Profile(
                name=LOCAL_PROFILE_NAME,
                environment=Environment.LOCAL,
                api_key=api_key,
                base_url=sandbox_base_url,
                callback_url=callback_url or "",
                accept_language=accept_language,
            )
        ]
        changed = True
        notes.append(
            translate(
                "Startup", "Welcome: the Local sandbox profile is ready; press Ctrl+Enter to start"
            )
        )
    if sandbox_base_url:
        updated = []
        for profile in profiles:
            if profile.environment is Environment.LOCAL:
                new = replace(
                    profile,
                    base_url=sandbox_base_url,
                    callback_url=callback_url or profile.callback_url,
                )
                changed = changed or new != profile
                profile = new
            updated.append(profile)
        profiles = updated
    if changed:
        try:
            profile_store.save(profiles)
            if len(profiles) == 1:
                profile_store.set_last_used(profiles[0].name)
        except ProfileError as exc:
            notes.append(translate("Startup", "Profiles not saved: {error}").format(error=exc))
    for profile in profiles:
        if profile.environment is Environment.LOCAL and profile.api_key == api_key:
            try:
                if not secret_store.get(profile.name, API_SECRET_KEY):
                    secret_store.set(profile.name, API_SECRET_KEY, api_secret)
            except SecretStoreError as exc:
                notes.append(
                    translate("Startup", "The demo secret could not be stored: {error}").format(
                        error=exc
                    )
                )
    return notes


def translate(context: str, text: str) -> str:
    """``text`` in the interface language when Qt is loaded (``QCoreApplication.translate``),
    as it is otherwise: this module imports Qt only inside the functions that need it."""
    core = sys.modules.get("PySide6.QtCore")
    if core is None:
        return text
    return str(core.QCoreApplication.translate(context, text))


def setup_logging(log_dir: Path | None) -> None:
    """The rotating log file, masked (scb_console.infra.logfile), unless there is no folder."""
    if log_dir is None:
        return
    from scb_console.infra import logfile

    try:
        logfile.setup_logging(log_dir=log_dir)
    except OSError as exc:
        print(f"warning: no log file: {exc}", file=sys.stderr)


def apply_appearance(app: object, *, dark: bool | None = None) -> bool:
    """Fusion style, the palette (light or dark, following the system unless told), stylesheet."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from scb_console.ui import theme

    assert isinstance(app, QApplication)
    if dark is None:
        scheme = app.styleHints().colorScheme()
        dark = scheme == Qt.ColorScheme.Dark
    app.setStyle("Fusion")
    app.setPalette(theme.dark_palette() if dark else theme.light_palette())
    app.setStyleSheet(theme.app_stylesheet(dark))
    return dark


def start_language(app: object, lang: str | None = None) -> str:
    """Register the bundled Thai font, then set the interface language: ``lang`` (``--lang``),
    else the one picked in View ▸ Language last time, else the system locale's; and the
    Buddhist-era years setting. Returns the language code."""
    from PySide6.QtGui import QGuiApplication

    from scb_console.ui import i18n
    from scb_console.ui.settings import UiSettings

    i18n.register_fonts(app if isinstance(app, QGuiApplication) else None)
    settings = UiSettings()
    code = i18n.set_language(lang or settings.language() or i18n.system_language())
    i18n.set_buddhist_era(settings.buddhist_era())
    return code


class EarlyStart:
    """The embedded sandbox started on a thread from the first lines of :func:`run_gui`, so its
    import (aiohttp) and start overlap Qt's start-up; the keyring's backend is looked up there
    too (keyring caches it). :func:`build_services` takes the sandbox with :meth:`result`."""

    def __init__(self) -> None:
        import threading

        self.clock = SystemClock()
        self._sandbox: Any = None
        self._base_url = ""
        self._error: Exception | None = None
        self._taken = False
        self._done = threading.Event()
        threading.Thread(target=self._run, name="early-start", daemon=True).start()

    def _run(self) -> None:
        try:
            try:
                from scb_console.sandbox import EmbeddedSandbox

                self._sandbox = EmbeddedSandbox(clock=self.clock)
                self._base_url = self._sandbox.start()
            except Exception as exc:
                self._error = exc
            with contextlib.suppress(Exception):  # open_secret_store reports any problem
                import keyring

                keyring.get_keyring()
        finally:
            self._done.set()

    async def result(self) -> tuple[Any, str]:
        """``(sandbox, base_url)`` once started; the exception that stopped it otherwise."""
        if not self._done.is_set():
            await asyncio.to_thread(self._done.wait)
        self._taken = True
        if self._error is not None:
            raise self._error
        return self._sandbox, self._base_url

    def discard(self) -> None:
        """Stop the sandbox when :func:`build_services` never took it."""
        if self._taken:
            return
        self._taken = True
        self._done.wait()
        if self._sandbox is not None and self._error is None:
            with contextlib.suppress(Exception):
                self._sandbox.stop()


async def start_receiver(port: int = contract.DEFAULT_RECEIVER_PORT) -> tuple[object | None, str]:
    """The receiver on ``port``, else on a free port; ``(None, why)`` when neither works."""
    from scb_console.infra.receiver import RedirectReceiver

    problems = []
    for candidate in (port, 0):
        receiver = RedirectReceiver(port=candidate)
        try:
            await receiver.start()
        except (SCBConsoleError, OSError) as exc:
            problems.append(str(exc))
            continue
        return receiver, ""
    return None, "; ".join(problems)


async def build_services(
    *,
    clock: Clock | None = None,
    lang: str | None = None,
    settings_path: Path | None = None,
    log_dir: Path | None = None,
    accept_language: str | None = None,
    early: EarlyStart | None = None,
) -> tuple[Services, list[str]]:
    """Start the sandbox, the receiver, the HTTP client and the stores (the app's, not tests').

    ``lang`` overrides every profile's Accept-Language for this run (None keeps their own);
    ``accept_language`` is the one a first launch gives the new Local sandbox profile.
    ``early`` is a sandbox already starting (:class:`EarlyStart`); its clock is used.
    """
    from scb_console.infra.profiles import FileProfileStore
    from scb_console.infra.receiver import RedirectReceiver
    from scb_console.infra.secrets import open_secret_store

    if clock is None:
        clock = early.clock if early is not None else SystemClock()
    notes: list[str] = []
    try:
        if early is not None:
            sandbox, base_url = await early.result()
        else:
            from scb_console.sandbox import EmbeddedSandbox

            sandbox = EmbeddedSandbox(clock=clock)
            base_url = await asyncio.to_thread(sandbox.start)
    except Exception as exc:  # the console still works against SCB without its sandbox
        log.exception("the embedded sandbox did not start")
        notes.append(
            translate("Startup", "The local sandbox did not start: {error}").format(error=exc)
        )
        sandbox_or_none = None
        base_url = None
    else:
        sandbox_or_none = sandbox
    receiver, problem = await start_receiver()
    if receiver is not None:
        assert isinstance(receiver, RedirectReceiver)
        if sandbox_or_none is not None:
            sandbox_or_none.set_callback_url(receiver.callback_url)
    else:
        notes.append(
            translate(
                "Startup", "The redirect receiver is not listening ({problem}); paste redirects"
            ).format(problem=problem)
        )
    secret_store = open_secret_store()
    if secret_store.persistent:
        usable, description = True, secret_store.description
    else:
        usable, description = False, str(getattr(secret_store, "reason", secret_store.description))
    profile_store = FileProfileStore()
    http = httpx.AsyncClient(timeout=httpx.Timeout(15.0, connect=5.0))
    if sandbox_or_none is not None and base_url is not None:
        app = sandbox_or_none.config.apps[0]
        notes += prepare_profiles(
            profile_store,
            secret_store,
            sandbox_base_url=base_url,
            api_key=app.api_key,
            api_secret=app.api_secret,
            callback_url=receiver.callback_url if isinstance(receiver, RedirectReceiver) else None,
            accept_language=accept_language or contract.ACCEPT_LANGUAGES[0],
        )
    services = Services(
        clock=clock,
        http=http,
        secret_store=secret_store,
        profile_store=profile_store,
        exchange_log=ExchangeLog(),
        sandbox=sandbox_or_none,
        receiver=receiver if isinstance(receiver, RedirectReceiver) else None,
        keyring=(usable, description),
        settings_path=settings_path,
        lang=lang,
        log_dir=log_dir,
        receiver_problem=problem or None,
    )
    return services, notes


async def shutdown_services(services: Services) -> None:
    """Stop the receiver, close the HTTP client, stop the sandbox: each even if another fails."""
    if services.receiver is not None:
        try:
            await services.receiver.stop()
        except Exception:
            log.exception("stopping the redirect receiver failed")
    try:
        await services.http.aclose()
    except Exception:
        log.exception("closing the HTTP client failed")
    if services.sandbox is not None:
        try:
            await asyncio.to_thread(services.sandbox.stop)
        except Exception:
            log.exception("stopping the sandbox failed")


def drop_source_cache() -> None:
    """Empty :mod:`linecache`. PySide6's import hook reads the whole source of every module
    that imports it (``inspect.getsource``, to look for ``__feature__``), and linecache keeps
    it: megabytes of lines nothing needs (a traceback reads them again)."""
    import linecache

    linecache.clearcache()


def freeze_startup_objects() -> None:
    """Move what start-up made (modules, widgets, services) to the garbage collector's
    permanent generation. Its full passes then scan only what came later, so an export that
    makes hundreds of thousands of objects pauses the GUI thread for milliseconds, not for a
    tenth of a second (see benchmarks/responsiveness.py)."""
    gc.freeze()


def parse_size(text: str) -> tuple[int, int]:
    """``1280x800`` -> (1280, 800); ValueError with a clear message otherwise."""
    width, sep, height = text.lower().partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        raise ValueError(f"size {text!r} is not WIDTHxHEIGHT, e.g. 1280x800") from None
    if not sep or not (200 <= size[0] <= 10000 and 200 <= size[1] <= 10000):
        raise ValueError(f"size {text!r} must be WIDTHxHEIGHT between 200 and 10000 pixels")
    return size


async def _wait_for(predicate: object, timeout: float) -> bool:
    assert callable(predicate)
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() >= end:
            return False
        await asyncio.sleep(0.02)
    return True


def parse_sandbox_faults(specs: Sequence[str], config: SandboxConfig | None = None) -> Faults:
    """``ENDPOINT:SETTING=VALUE`` items (the syntax of ``scb-console sandbox --fault``, read by
    the sandbox CLI's own parser) over ``config``'s faults; ValueError names the bad item."""
    import argparse

    from scb_console.sandbox import cli as sandbox_cli
    from scb_console.sandbox.config import SandboxConfig
    from scb_console.sandbox.faults import FaultsError

    parsed = []
    for spec in specs:
        try:
            parsed.append(sandbox_cli._endpoint_fault(spec))
        except argparse.ArgumentTypeError as exc:
            raise ValueError(f"--sandbox-fault {exc}") from None
    base = config if config is not None else SandboxConfig.default()
    try:
        return sandbox_cli._faults_from_args(argparse.Namespace(fault=parsed), base)
    except FaultsError as exc:
        raise ValueError(str(exc).replace("--fault ", "--sandbox-fault ", 1)) from None


async def _play_demo(
    window: object, *, speed: float, exit_when_done: bool, closed: asyncio.Future[None]
) -> int | None:
    """Start the autopilot; with ``exit_when_done`` wait for it and return the exit status."""
    from scb_console.ui.demo import DEMO_FAILED_EXIT, DemoAutopilot, demo_timeout
    from scb_console.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    timeout = demo_timeout(speed) if exit_when_done else None
    outcome: asyncio.Future[tuple[bool, str]] = asyncio.get_running_loop().create_future()

    def on_finished(ok: bool, message: str) -> None:
        if not outcome.done():
            outcome.set_result((ok, message))

    pilot = DemoAutopilot(window, speed=speed, timeout=timeout)
    pilot.finished.connect(on_finished)
    pilot.start()
    if not exit_when_done:
        return None
    assert timeout is not None
    waiting: set[asyncio.Future[Any]] = {outcome, closed}
    await asyncio.wait(waiting, timeout=timeout + 15, return_when=asyncio.FIRST_COMPLETED)
    if outcome.done():
        ok, message = outcome.result()
    else:
        step = pilot.current_step
        name = step.name if step is not None else "start"
        why = "the window was closed" if closed.done() else f"no end after {timeout:.0f} s"
        ok, message = False, f"demo failed at step {name!r}: {why}"
    print(message, file=sys.stdout if ok else sys.stderr, flush=True)
    if not closed.done():
        window.close()
        await closed
    return 0 if ok else DEMO_FAILED_EXIT


async def _main(
    *,
    screenshot: str | None,
    size: tuple[int, int] | None,
    profile: str | None,
    lang: str | None,
    demo: bool = False,
    demo_speed: float = 1.0,
    exit_when_done: bool = False,
    present: bool = False,
    sandbox_faults: Sequence[str] = (),
    early: EarlyStart | None = None,
) -> int:
    from PySide6.QtWidgets import QApplication

    from scb_console.infra import paths
    from scb_console.ui.main_window import MainWindow

    drop_source_cache()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    log_dir = paths.log_dir()
    if screenshot is None:
        setup_logging(log_dir)
    from scb_console.ui import i18n

    # --lang is the interface language; each profile keeps its own Accept-Language
    services, notes = await build_services(
        lang=None, log_dir=log_dir, accept_language=i18n.accept_language(), early=early
    )
    window: MainWindow | None = None
    try:
        if sandbox_faults:
            if services.sandbox is None:
                print("error: --sandbox-fault: the local sandbox is not running", file=sys.stderr)
                return 2
            try:
                faults = parse_sandbox_faults(sandbox_faults, services.sandbox.config)
            except ValueError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
            services.sandbox.set_faults(faults)
        window = MainWindow(services, initial_profile=profile, restore_layout=screenshot is None)
        if profile is not None and (
            window.session.profile is None or window.session.profile.name != profile
        ):
            names = ", ".join(repr(p.name) for p in window.credentials.profiles) or "none"
            message = f"no profile named {profile!r} (profiles: {names})"
            print(f"error: {message}", file=sys.stderr)
            if screenshot is not None:
                return 2
            notes.append(message[:1].upper() + message[1:])
        if size is not None:
            window.resize(*size)
        elif screenshot is not None:
            window.resize(1280, 800)
        if notes:
            window.on_message(notes[-1])
        if present:
            from scb_console.ui.presentation import presentation_for

            presentation_for(window).set_enabled(True)
        if screenshot is not None:
            return await _take_screenshot(window, Path(screenshot))
        closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def on_closed() -> None:
            if not closed.done():
                closed.set_result(None)

        window.closed.connect(on_closed)
        app.aboutToQuit.connect(on_closed)
        drop_source_cache()
        window.show()
        freeze_startup_objects()
        if demo:
            status = await _play_demo(
                window, speed=demo_speed, exit_when_done=exit_when_done, closed=closed
            )
            if status is not None:
                return status
        await closed
        return 0
    finally:
        if window is not None:
            await window.bridge.drain()
            if window.session.flow is not None:
                await window.session.flow.wait_idle()
            window.deleteLater()
        await shutdown_services(services)


async def _take_screenshot(window: object, path: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from scb_console.core.flow import FlowState
    from scb_console.ui.main_window import MainWindow
    from scb_console.ui.wizard import Step

    assert isinstance(window, MainWindow)
    window.show()
    session = window.session
    if session.environment is Environment.LOCAL and session.client is not None:
        wizard = window.wizard
        wizard.on_server_token_clicked()
        await _wait_for(lambda: not window.bridge.running(), SCREENSHOT_TIMEOUT)
        wizard.go_to(Step.AUTHORIZE)
        wizard.on_authorize_clicked()
        await _wait_for(
            lambda: (
                not window.bridge.running()
                and session.flow is not None
                and session.flow.state is not FlowState.IDLE
            ),
            SCREENSHOT_TIMEOUT,
        )
    for _ in range(3):
        QApplication.processEvents()
        await asyncio.sleep(0.05)
    image = window.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        print(f"error: could not write the screenshot to {path}", file=sys.stderr)
        window.close()
        return 1
    print(f"screenshot saved to {path} ({image.width()}x{image.height()})", file=sys.stderr)
    window.close()
    return 0


#: Messages the offscreen platform prints about itself (not about the console).
_OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints",)


def _quiet_offscreen_noise() -> None:
    """Drop the offscreen platform's own warnings; pass every other Qt message on."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if any(noise in message for noise in _OFFSCREEN_NOISE):
            return
        if kind != QtMsgType.QtDebugMsg:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def run_gui(
    *,
    screenshot: str | None = None,
    size: tuple[int, int] | None = None,
    profile: str | None = None,
    lang: str | None = None,
    demo: bool = False,
    demo_speed: float = 1.0,
    exit_when_done: bool = False,
    present: bool = False,
    sandbox_faults: list[str] | None = None,
) -> int:
    """Run the console window; returns the process exit status.

    ``demo`` plays the autopilot (:mod:`scb_console.ui.demo`) at ``demo_speed``; with
    ``exit_when_done`` the process exits when it ends: 0 when every step passed, 3 with the
    failing step named on stderr otherwise. ``present`` opens in presentation mode.
    ``sandbox_faults`` are ``ENDPOINT:SETTING=VALUE`` faults for the embedded sandbox.
    ``lang`` (``"en"`` / ``"th"``, any case) is the interface language for this run; without
    it the console speaks the language picked in View ▸ Language, else the system's.
    """
    problem = None
    if not demo_speed > 0:
        problem = f"--demo-speed must be above 0, not {demo_speed!r}"
    elif exit_when_done and not demo:
        problem = "--exit-when-done needs --demo"
    elif demo and screenshot is not None:
        problem = "--demo cannot be combined with --screenshot"
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    early = EarlyStart()  # the sandbox comes up on its thread while Qt starts here
    try:
        return _run_gui(
            early,
            screenshot=screenshot,
            size=size,
            profile=profile,
            lang=lang,
            demo=demo,
            demo_speed=demo_speed,
            exit_when_done=exit_when_done,
            present=present,
            sandbox_faults=sandbox_faults,
        )
    finally:
        early.discard()


def _run_gui(
    early: EarlyStart,
    *,
    screenshot: str | None,
    size: tuple[int, int] | None,
    profile: str | None,
    lang: str | None,
    demo: bool,
    demo_speed: float,
    exit_when_done: bool,
    present: bool,
    sandbox_faults: list[str] | None,
) -> int:
    if screenshot is not None and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import qasync
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from scb_console import __version__
    from scb_console.ui.settings import APPLICATION, ORGANIZATION

    if screenshot is not None or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        _quiet_offscreen_noise()
    from scb_console.core import i18n as core_i18n

    if lang is not None:
        try:
            lang = core_i18n.normalize_language(lang)
        except ValueError:
            print(
                f"error: --lang {lang!r} is not one of: {', '.join(core_i18n.LANGUAGES)}",
                file=sys.stderr,
            )
            return 2
    if QApplication.instance() is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationDisplayName("SCB Console")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("scb-console")
    from scb_console.ui import resources

    app.setWindowIcon(resources.app_icon())
    start_language(app, lang)
    app.setQuitOnLastWindowClosed(False)
    apply_appearance(app, dark=False if screenshot is not None else None)
    with contextlib.suppress(Exception):
        app.styleHints().colorSchemeChanged.connect(lambda *_: apply_appearance(app))
    try:
        with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
            return runner.run(
                _main(
                    screenshot=screenshot,
                    size=size,
                    profile=profile,
                    lang=lang,
                    demo=demo,
                    demo_speed=demo_speed,
                    exit_when_done=exit_when_done,
                    present=present,
                    sandbox_faults=sandbox_faults or (),
                    early=early,
                )
            )
    except KeyboardInterrupt:
        return 130
