"""Starting the GUI: QApplication, the qasync loop, the services, the window; a clean shutdown.

:func:`run_gui` is what ``scb-console`` (no subcommand) calls. It

1. creates the QApplication (name and organisation for QSettings, Fusion style, the light or dark
   palette the system asks for),
2. runs asyncio inside Qt's event loop with qasync
   (``asyncio.Runner(loop_factory=worker.make_event_loop)``),
3. starts the embedded local sandbox (its own thread, from the first line of :func:`run_gui`)
   and opens the profile store; on first launch it creates the "Local sandbox" profile with
   the demo credentials, so a new user walks the whole flow with no setup; every launch
   re-points local profiles at the sandbox,
4. shows the window; once its first frame is painted (:func:`finish_services`) it starts the
   loopback redirect receiver (on :data:`~scb_console.core.contract.DEFAULT_RECEIVER_PORT`, or
   a free port when that one is taken) and registers its URL as the sandbox demo app's
   callback, opens the secret store (the OS keyring or session memory; the demo secret goes
   there) and the one shared ``httpx.AsyncClient`` (TLS verification on), and the window then
   activates its profile: the first frame waits for none of them (issue 7),
5. when the window closes stops the receiver, closes the HTTP client and stops the sandbox.

:func:`build_services` does steps 3 and 4 at once, for callers that want everything up.

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
from typing import TYPE_CHECKING, Any, cast

from scb_console.core import contract
from scb_console.core.clock import Clock, SystemClock
from scb_console.core.contract import Environment
from scb_console.core.errors import ProfileError, SCBConsoleError, SecretStoreError
from scb_console.core.exchange import ExchangeLog
from scb_console.core.models import Profile
from scb_console.core.ports import ProfileStore, SecretStore
from scb_console.ui.session import (
    API_SECRET_KEY,
    LOCAL_PROFILE_NAME,
    DeferredSecretStore,
    LazyHttpClient,
    Services,
    Startup,
    WriteBehindProfileStore,
)

if TYPE_CHECKING:  # loaded where used: the sandbox on run_gui's start-up thread (EarlyStart),
    # httpx and the receiver after the first frame (finish_services)
    import httpx

    from scb_console.sandbox.config import SandboxConfig
    from scb_console.sandbox.faults import Faults
    from scb_console.ui.settings import UiSettings

log = logging.getLogger(__name__)

#: Seconds the screenshot mode waits, at most, for its requests to the local sandbox.
SCREENSHOT_TIMEOUT = 20.0
#: Seconds the demo and screenshot modes wait, at most, for the window to be fully ready.
READY_TIMEOUT = 30.0


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
    language's (``EN`` / ``TH``). Returns one-line notes for the status bar.

    The two halves are :func:`prepare_profile_list` and :func:`store_demo_secret` (the app
    runs the second after the first frame, when the secret store is open)."""
    profiles, notes, _ = prepare_profile_list(
        profile_store,
        sandbox_base_url=sandbox_base_url,
        api_key=api_key,
        callback_url=callback_url,
        accept_language=accept_language,
    )
    if sandbox_base_url:
        notes += store_demo_secret(profiles, secret_store, api_key=api_key, api_secret=api_secret)
    return notes


def prepare_profile_list(
    profile_store: ProfileStore,
    *,
    sandbox_base_url: str | None,
    api_key: str,
    callback_url: str | None,
    accept_language: str = contract.ACCEPT_LANGUAGES[0],
) -> tuple[list[Profile], list[str], bool]:
    """The profiles half of :func:`prepare_profiles`: ``(profiles, notes, saved)``, where
    ``saved`` says the profile file was written (a first launch, or a re-pointed profile)."""
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
    saved = False
    if changed:
        try:
            profile_store.save(profiles)
            if len(profiles) == 1:
                profile_store.set_last_used(profiles[0].name)
            saved = True
        except ProfileError as exc:
            notes.append(translate("Startup", "Profiles not saved: {error}").format(error=exc))
    return profiles, notes, saved


def store_demo_secret(
    profiles: Sequence[Profile], secret_store: SecretStore, *, api_key: str, api_secret: str
) -> list[str]:
    """The secrets half of :func:`prepare_profiles`: each local profile with the demo key gets
    the demo secret when the store has none for it. Returns notes for the status bar."""
    notes: list[str] = []
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


class EarlyLog(logging.Handler):
    """Keeps what is logged before the log file opens: :func:`run_gui` opens it after the
    first frame (its module, the platform's description and the file cost some 8 ms), and
    :func:`open_log_file` then writes these records to it, in order."""

    #: At most this many records are kept.
    CAPACITY = 1000

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []
        self.done = False

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < self.CAPACITY:
            self.records.append(record)


def buffer_early_logs() -> EarlyLog:
    """An :class:`EarlyLog` on the root logger (INFO and up, as the log file takes)."""
    handler = EarlyLog()
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return handler


def open_log_file(log_dir: Path | None, early: EarlyLog | None = None) -> None:
    """:func:`setup_logging`, then what ``early`` kept goes to the file (to stderr, warnings
    and worse, when there is no file). Once: later calls do nothing."""
    if early is not None:
        if early.done:
            return
        early.done = True
        logging.getLogger().removeHandler(early)
    setup_logging(log_dir)
    if early is None:
        return
    records, early.records = early.records, []
    root = logging.getLogger()
    for record in records:
        if root.handlers:
            root.handle(record)
        elif record.levelno >= logging.WARNING and logging.lastResort is not None:
            logging.lastResort.handle(record)


#: A QApplication property: :func:`run_gui` made it with ``-style Fusion`` already.
FUSION_FROM_ARGS = "scbFusionFromArgs"


def apply_appearance(app: object, *, dark: bool | None = None, stylesheet: bool = True) -> bool:
    """Fusion style, the palette (light or dark, following the system unless told), and the
    stylesheet on the application; with ``stylesheet`` False (:func:`run_gui`) the stylesheet
    is left to the main window, which puts it on itself (the same look: dialogs and tooltips
    follow their window's stylesheet; Qt then styles only the window's widgets, not every
    widget made before it goes into the window, which costs the first frame less).

    Then :func:`theme.notifier` tells every widget that follows the appearance
    (:func:`theme.styled`, :func:`theme.follow`); returns whether it is dark."""
    from PySide6.QtWidgets import QApplication

    from scb_console.ui import theme

    assert isinstance(app, QApplication)
    if dark is None:
        dark = theme.system_is_dark(app)
    if not app.property(FUSION_FROM_ARGS):
        app.setStyle("Fusion")  # (returns a QStyle: its Python wrapper costs some 5 ms)
    app.setPalette(theme.dark_palette() if dark else theme.light_palette())
    if stylesheet:
        app.setStyleSheet(theme.app_stylesheet(dark))
    theme.notifier().changed.emit(dark)
    return dark


def starts_dark(
    app: object, *, screenshot: str | None = None, settings: UiSettings | None = None
) -> bool:
    """Whether the console starts dark: View ▸ Appearance's choice (saved in ``settings``,
    default the user's), the system's when that is "Follow the system"; a screenshot is always
    light (as the docs show the console)."""
    from PySide6.QtWidgets import QApplication

    from scb_console.ui import theme
    from scb_console.ui.settings import UiSettings

    assert isinstance(app, QApplication)
    if screenshot is not None:
        return False
    return theme.appearance_is_dark(app, (settings or UiSettings()).theme())


def apply_chosen_appearance(app: object, appearance: str) -> bool:
    """View ▸ Appearance's choice (``"system"``, ``"light"``, ``"dark"``) on ``app``, the
    stylesheet where it is now (on the application, or on the main window); whether dark."""
    from PySide6.QtWidgets import QApplication

    from scb_console.ui import theme

    assert isinstance(app, QApplication)
    dark = theme.appearance_is_dark(app, appearance)
    return apply_appearance(app, dark=dark, stylesheet=bool(app.styleSheet()))


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
    import and start overlap Qt's start-up. :func:`open_services` takes it with :meth:`result`.

    Nothing else runs here: this thread holds the GIL whenever it runs Python, so whatever it
    does before the first frame delays the first frame (the keyring's backend lookup, some
    100 ms, moved after it: :func:`finish_services`)."""

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
            from scb_console.sandbox import EmbeddedSandbox

            self._sandbox = EmbeddedSandbox(clock=self.clock)
            self._base_url = self._sandbox.start()
        except Exception as exc:
            self._error = exc
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


def expected_callback_url(port: int = contract.DEFAULT_RECEIVER_PORT) -> str:
    """The receiver's callback URL when it gets ``port`` (what profiles say before it starts)."""
    return f"http://127.0.0.1:{port}{contract.RECEIVER_PATH}"


def make_http_client() -> httpx.AsyncClient:
    """The one shared HTTP client: TLS verification on (httpx's default), 15 s timeouts; the
    CA certificates are loaded when an HTTPS profile is activated or first used
    (:class:`scb_console.core.transport.DeferredTLSTransport`)."""
    import httpx

    from scb_console.core.transport import DeferredTLSTransport

    return httpx.AsyncClient(
        timeout=httpx.Timeout(15.0, connect=5.0), transport=DeferredTLSTransport()
    )


def open_secret_store() -> SecretStore:
    """The OS keyring when one is usable, else session memory (infra.session_secrets)."""
    from scb_console.infra.session_secrets import open_secret_store as open_store

    return open_store()


def keyring_state(store: SecretStore) -> tuple[bool, str]:
    """``(usable, description)`` of the OS keyring for the status bar, from the open store."""
    if store.persistent:
        return True, store.description
    return False, str(getattr(store, "reason", "") or store.description)


async def _take_sandbox(
    early: EarlyStart | None, clock: Clock
) -> tuple[Any, str | None, list[str]]:
    """``(sandbox, base_url, notes)``: the early thread's sandbox, or one started now; None and
    a note when it did not start (the console still works against SCB without it)."""
    try:
        if early is not None:
            sandbox, base_url = await early.result()
        else:
            from scb_console.sandbox import EmbeddedSandbox

            sandbox = EmbeddedSandbox(clock=clock)
            base_url = await asyncio.to_thread(sandbox.start)
    except Exception as exc:
        log.exception("the embedded sandbox did not start")
        note = translate("Startup", "The local sandbox did not start: {error}").format(error=exc)
        return None, None, [note]
    return sandbox, base_url, []


async def open_services(
    *,
    clock: Clock | None = None,
    lang: str | None = None,
    settings_path: Path | None = None,
    log_dir: Path | None = None,
    accept_language: str | None = None,
    early: EarlyStart | None = None,
) -> tuple[Services, list[str]]:
    """What the first frame needs: the sandbox and the profiles (first launch: the Local
    sandbox profile, pointing at the receiver's usual callback URL).

    The rest starts when ``services.startup.begin()`` is called (the window calls it after its
    first frame): :func:`finish_services`. Until then the secret store is a
    :class:`~scb_console.ui.session.DeferredSecretStore` and the HTTP client a
    :class:`~scb_console.ui.session.LazyHttpClient`, each opened at once by an early use.
    Arguments as for :func:`build_services`.
    """
    from scb_console.infra.profiles import FileProfileStore

    if clock is None:
        clock = early.clock if early is not None else SystemClock()
    sandbox, base_url, notes = await _take_sandbox(early, clock)
    # the profiles are prepared now (the first frame shows them), written after it
    profile_store = WriteBehindProfileStore(FileProfileStore())
    profile_store.holding = True
    expected = expected_callback_url()
    demo: tuple[str, str] | None = None
    if sandbox is not None and base_url is not None:
        app = sandbox.config.apps[0]
        demo = (app.api_key, app.api_secret)
        _, more, _ = prepare_profile_list(
            profile_store,
            sandbox_base_url=base_url,
            api_key=app.api_key,
            callback_url=expected,
            accept_language=accept_language or contract.ACCEPT_LANGUAGES[0],
        )
        notes += more
    loop = asyncio.get_running_loop()

    def begin() -> None:
        startup.task = loop.create_task(
            finish_services(services, expected_callback=expected, demo=demo)
        )

    startup = Startup(begin)
    lazy_http = LazyHttpClient(make_http_client)
    services = Services(
        clock=clock,
        http=cast("httpx.AsyncClient", lazy_http),
        secret_store=DeferredSecretStore(open_secret_store),
        profile_store=profile_store,
        exchange_log=ExchangeLog(),
        sandbox=sandbox,
        receiver=None,
        keyring=(False, ""),
        settings_path=settings_path,
        lang=lang,
        log_dir=log_dir,
        receiver_problem=None,
        startup=startup,
    )
    return services, notes


async def finish_services(
    services: Services,
    *,
    expected_callback: str | None = None,
    demo: tuple[str, str] | None = None,
) -> None:
    """Start what :func:`open_services` left for after the first frame, then
    ``services.startup.finish()`` (the window activates its profile then):

    1. the receiver, listening and registered as the sandbox demo app's callback before any
       authorize can go out; should it not get ``expected_callback`` (its usual port is
       taken), the local profiles are pointed at the URL it got;
    2. on worker threads (blocking work: the keyring's backend lookup and D-Bus, the CA
       certificates), the secret store (the demo secret put in it: ``demo`` is the demo app's
       ``(api_key, api_secret)``) and the HTTP client, which takes the
       :class:`~scb_console.ui.session.LazyHttpClient` 's place.
    """
    from scb_console.infra.receiver import RedirectReceiver

    startup = services.startup
    notes: list[str] = []
    sandbox = services.sandbox
    notes += flush_profiles(services)
    try:
        receiver, problem = await start_receiver()
        if isinstance(receiver, RedirectReceiver):
            services.receiver = receiver
            services.receiver_problem = None
            if sandbox is not None:
                sandbox.set_callback_url(receiver.callback_url)
                if demo is not None and receiver.callback_url != expected_callback:
                    _, more, saved = prepare_profile_list(
                        services.profile_store,
                        sandbox_base_url=sandbox.base_url,
                        api_key=demo[0],
                        callback_url=receiver.callback_url,
                    )
                    notes += more
                    if startup is not None:
                        startup.profiles_changed = saved
        else:
            services.receiver_problem = problem or None
            notes.append(
                translate(
                    "Startup",
                    "The redirect receiver is not listening ({problem}); paste redirects",
                ).format(problem=problem)
            )
        store = services.secret_store

        def open_store() -> list[str]:
            opened = store.resolve() if isinstance(store, DeferredSecretStore) else store
            if demo is None:
                return []
            profiles = services.profile_store.load()
            return store_demo_secret(profiles, opened, api_key=demo[0], api_secret=demo[1])

        lazy = services.http

        async def make_client() -> None:
            if isinstance(lazy, LazyHttpClient) and not lazy.built:
                client = await asyncio.to_thread(make_http_client)
                if not lazy.adopt(client):  # an early use made one meanwhile
                    await client.aclose()

        store_notes, _ = await asyncio.gather(asyncio.to_thread(open_store), make_client())
        notes += store_notes
        opened = store.resolve() if isinstance(store, DeferredSecretStore) else store
        services.keyring = keyring_state(opened)
        if isinstance(lazy, LazyHttpClient):
            services.http = lazy.client()
    except (ProfileError, SecretStoreError) as exc:
        notes.append(str(exc))
    except Exception as exc:
        log.exception("finishing the start-up failed")
        notes.append(str(exc) or type(exc).__name__)
    if startup is not None:
        startup.notes += notes
        startup.finish()


def flush_profiles(services: Services) -> list[str]:
    """Write the profiles :func:`open_services` prepared (a disk sync or two); notes."""
    store = services.profile_store
    if not isinstance(store, WriteBehindProfileStore):
        return []
    try:
        store.flush()
    except ProfileError as exc:
        return [translate("Startup", "Profiles not saved: {error}").format(error=exc)]
    return []


async def build_services(
    *,
    clock: Clock | None = None,
    lang: str | None = None,
    settings_path: Path | None = None,
    log_dir: Path | None = None,
    accept_language: str | None = None,
    early: EarlyStart | None = None,
) -> tuple[Services, list[str]]:
    """Start the sandbox, the receiver, the HTTP client and the stores (the app's, not tests'),
    all of it before returning: :func:`open_services` then :func:`finish_services`.

    ``lang`` overrides every profile's Accept-Language for this run (None keeps their own);
    ``accept_language`` is the one a first launch gives the new Local sandbox profile.
    ``early`` is a sandbox already starting (:class:`EarlyStart`); its clock is used.
    """
    services, notes = await open_services(
        clock=clock,
        lang=lang,
        settings_path=settings_path,
        log_dir=log_dir,
        accept_language=accept_language,
        early=early,
    )
    startup = services.startup
    assert startup is not None
    startup.begin()
    if startup.task is not None:
        await startup.task
    return services, notes + startup.notes


async def shutdown_services(services: Services) -> None:
    """Stop the receiver, close the HTTP client, stop the sandbox: each even if another fails
    (and first the start-up's work when it is still going on)."""
    startup = services.startup
    task = startup.task if startup is not None else None
    if task is not None and not task.done():
        task.cancel()
        await asyncio.wait([task])
    for note in flush_profiles(services):  # (still held when the window never painted)
        log.warning("%s", note)
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
    """Empty :mod:`linecache` of the sources PySide6's import hook read through it (its check
    for ``"PySide6"`` in every module imported after it, :mod:`scb_console.ui.feature_check`):
    since that module answers the check, only those of the modules imported before it took
    over (shiboken6's own, enum's). Nothing needs them (a traceback reads them again)."""
    import linecache

    linecache.clearcache()


def pause_collector_for_startup() -> bool:
    """Switch the cyclic garbage collector off until :func:`freeze_startup_objects`; True if
    it was on. Start-up makes some 300,000 objects that live as long as the process and next
    to no garbage cycles (under a thousand objects), yet the collector ran 80 times over them,
    10 to 13 ms of a 280 ms start."""
    was_on = gc.isenabled()
    gc.disable()
    return was_on


def freeze_startup_objects(*, resume_collector: bool = True) -> None:
    """Move what start-up made (modules, widgets, services) to the garbage collector's
    permanent generation, and switch the collector back on (``resume_collector``). Its full
    passes then scan only what came later, so an export that makes hundreds of thousands of
    objects pauses the GUI thread for milliseconds, not for a tenth of a second (see
    benchmarks/responsiveness.py)."""
    gc.freeze()
    if resume_collector:
        gc.enable()


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
    if not await _wait_for(window.is_ready, READY_TIMEOUT):
        print("error: the console did not finish starting", file=sys.stderr)
        return DEMO_FAILED_EXIT if exit_when_done else None
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
    collector_was_on: bool = True,
) -> int:
    from PySide6.QtWidgets import QApplication

    from scb_console.infra import paths
    from scb_console.ui.main_window import MainWindow

    drop_source_cache()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    log_dir = paths.log_dir()
    # the log file opens after the first frame; what is logged before waits for it
    early_log = buffer_early_logs() if screenshot is None else None
    from scb_console.ui import i18n

    # --lang is the interface language; each profile keeps its own Accept-Language. What the
    # first frame does not need starts once it is painted (the window begins it: finish_services)
    services, notes = await open_services(
        lang=None, log_dir=log_dir, accept_language=i18n.accept_language(), early=early
    )
    if services.startup is not None:
        # the application's version is not needed by the first frame either
        services.startup.on_begin(lambda: _set_application_version(app))
        if early_log is not None:
            services.startup.on_begin(lambda: open_log_file(log_dir, early_log))
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
            from scb_console.core.i18n import tr as engine_tr

            names = ", ".join(repr(p.name) for p in window.credentials.profiles)
            message = engine_tr(
                "no profile named {name!r} (profiles: {known})",
                name=profile,
                known=names or engine_tr("none yet"),
            )
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
        freeze_startup_objects(resume_collector=collector_was_on)
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
        if early_log is not None:  # (never opened when the window never painted)
            open_log_file(log_dir, early_log)


def _set_application_version(app: object) -> None:
    from PySide6.QtCore import QCoreApplication

    from scb_console import __version__

    assert isinstance(app, QCoreApplication)
    app.setApplicationVersion(__version__)


async def _take_screenshot(window: object, path: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from scb_console.core.flow import FlowState
    from scb_console.ui.main_window import MainWindow
    from scb_console.ui.wizard import Step

    assert isinstance(window, MainWindow)
    window.show()
    if not await _wait_for(window.is_ready, READY_TIMEOUT):
        print("error: the console did not finish starting", file=sys.stderr)
        window.close()
        return 1
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
    collector_was_on = pause_collector_for_startup()  # on again once the window is shown
    from scb_console.infra.deferred import defer_unused_imports

    defer_unused_imports()  # before the sandbox, httpx or keyring import them
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
            collector_was_on=collector_was_on,
        )
    finally:
        early.discard()
        if collector_was_on:
            gc.enable()  # (when start-up stopped before the window was shown)


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
    collector_was_on: bool = True,
) -> int:
    if screenshot is not None and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from scb_console.ui import feature_check

    feature_check.install()  # before the Qt modules: PySide6 checks every import after it
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from scb_console.ui.settings import APPLICATION, ORGANIZATION
    from scb_console.ui.worker import make_event_loop

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
    app = QApplication.instance()
    if app is None:
        app = QApplication([*sys.argv[:1], "-style", "Fusion"])
        app.setProperty(FUSION_FROM_ARGS, True)
    assert isinstance(app, QApplication)
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationDisplayName("SCB Console")
    app.setDesktopFileName("scb-console")  # (the version is set after the first frame: _main)
    from scb_console.ui import resources

    app.setWindowIcon(resources.app_icon())
    start_language(app, lang)
    app.setQuitOnLastWindowClosed(False)
    from scb_console.ui.settings import UiSettings

    # (a QApplication made before keeps its stylesheet; else the window carries it)
    apply_appearance(
        app, dark=starts_dark(app, screenshot=screenshot), stylesheet=bool(app.styleSheet())
    )

    def system_scheme_changed(*_: object) -> None:
        if screenshot is None and UiSettings().theme() == "system":
            apply_chosen_appearance(app, "system")

    with contextlib.suppress(Exception):
        app.styleHints().colorSchemeChanged.connect(system_scheme_changed)
    try:
        with asyncio.Runner(loop_factory=make_event_loop) as runner:
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
                    collector_was_on=collector_was_on,
                )
            )
    except KeyboardInterrupt:
        return 130
