#!/usr/bin/env python3
"""Make the documentation's screenshots from the real console: ``docs/screenshots/*.png``.

    python scripts/make_screenshots.py                  # every screenshot, into docs/screenshots/
    python scripts/make_screenshots.py --out /tmp/shots --only main step1-authorize
    python scripts/make_screenshots.py --list           # the names, and what each shows

It builds the real :class:`~scb_console.ui.main_window.MainWindow` in this process (offscreen
unless ``QT_QPA_PLATFORM`` says otherwise), over the real services: an embedded local sandbox,
the loopback redirect receiver (on 8765 when that port is free) and one httpx client. It then
walks the whole flow by clicking the window's own buttons (server token, authorize, the SCB
Easy stand-in's approval, code exchange, refresh, customer profile), and grabs each panel on the
way. Time is a FakeClock that the script moves forward between steps, so the countdowns and the
token timeline show a session a few minutes old. The sandbox's consent page is rendered by
headless Chromium (``--no-browser`` skips it; ``$SCB_CHROMIUM`` names another binary).

Nothing outside a temporary folder is touched: the config, data and log folders (XDG) point
into it, and the secrets live in memory. That in-memory store says it is "Secret Service", so
the window shows what it shows on a desktop with gnome-keyring, not the no-keyring warning.

The PNGs are reduced to a 256-colour palette when Pillow is installed (a third of the size,
no visible change on a UI); without it, Qt writes them losslessly.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QWidget

    from scb_console.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "screenshots"
WINDOW_SIZE = (1280, 800)
#: The consent page's viewport in Chromium: a phone-sized column.
CONSENT_SIZE = (480, 820)
#: Seconds to wait for one request to the embedded sandbox.
WAIT = 15.0

#: name -> what it shows (the order is the order they are taken in).
SHOTS: dict[str, str] = {
    "main": "the whole window after the 3-legged flow (1280x800)",
    "credentials": "the Credentials panel: profiles, environment, key, masked secret",
    "step0-server-token": "wizard step 0: the server token, with what was sent and answered",
    "step1-authorize": "wizard step 1: the deeplink as a QR code",
    "consent": "the local sandbox's SCB Easy stand-in: sign in and approve (Chromium)",
    "step2-receive": "wizard step 2: the code arrived on the loopback receiver, 60 s clock",
    "step3-exchange": "wizard step 3: the code exchanged for an access and a refresh token",
    "step4-refresh": "wizard step 4: a new access token from the refresh token",
    "step5-profile": "wizard step 5: the customer profile call proves the token works",
    "tokens": "the Tokens tab: every token, both clocks, and the validity timeline",
    "exchange-log": "the Exchange log: every request, filterable, masked detail, HAR export",
    "token-check": "the Token check tab: a HAR a partner sent, checked",
    "presentation": "presentation mode: large type and QR code, every secret hidden",
    "faults": "Fault rehearsal: 'SCB is down' on, and the step's error banner",
}


class ShotError(RuntimeError):
    """A step of the walk did not happen (the message says which)."""


# --- the isolated environment ---------------------------------------------------------------


@contextmanager
def isolated_home() -> Iterator[Path]:
    """XDG folders in a temporary directory for as long as the script runs."""
    with tempfile.TemporaryDirectory(prefix="scb-shots-") as tmp:
        home = Path(tmp)
        saved = {var: os.environ.get(var) for var in _XDG}
        for var, sub in _XDG.items():
            (home / sub).mkdir()
            os.environ[var] = str(home / sub)
        try:
            yield home
        finally:
            for var, value in saved.items():
                if value is None:
                    os.environ.pop(var, None)
                else:
                    os.environ[var] = value


_XDG = {
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "data",
    "XDG_CACHE_HOME": "cache",
    "XDG_STATE_HOME": "state",
}


# --- writing PNGs ---------------------------------------------------------------------------


def save_png(pixmap: QPixmap, path: Path) -> int:
    """Write ``pixmap`` as a small PNG; return its size in bytes."""
    from PySide6.QtCore import QBuffer, QIODevice

    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not pixmap.save(buffer, "PNG"):
        raise ShotError(f"Qt could not encode {path.name}")
    raw = bytes(buffer.data().data())
    try:
        from PIL import Image
    except ImportError:  # lossless, as Qt wrote it (quality 0: the smallest zlib output)
        if not pixmap.save(str(path), "PNG", 0):
            raise ShotError(f"could not write {path}") from None
        return path.stat().st_size
    image = Image.open(io.BytesIO(raw)).convert("RGB")
    small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, "PNG", optimize=True)
    return path.stat().st_size


def trim_bottom(pixmap: QPixmap, margin: int = 12) -> QPixmap:
    """``pixmap`` without the empty rows at its bottom (those of the bottom-left pixel's colour)."""
    image = pixmap.toImage()
    background = image.pixel(0, image.height() - 1)
    bottom = image.height() - 1
    while bottom > 0 and all(image.pixel(x, bottom) == background for x in range(image.width())):
        bottom -= 1
    return pixmap.copy(0, 0, pixmap.width(), min(image.height(), bottom + 1 + margin))


# --- the consent page in Chromium -----------------------------------------------------------


def find_chromium() -> str | None:
    named = os.environ.get("SCB_CHROMIUM")
    if named:
        return named
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_screenshot(browser: str, url: str, target: Path) -> None:
    """Render ``url`` with headless Chromium into ``target`` (a PNG)."""
    with tempfile.TemporaryDirectory(prefix="scb-chromium-") as profile:
        raw = Path(profile) / "shot.png"
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--window-size={CONSENT_SIZE[0]},{CONSENT_SIZE[1]}",
            f"--screenshot={raw}",
            url,
        ]
        result = subprocess.run(  # noqa: S603 - a fixed browser command on a loopback URL
            command, capture_output=True, text=True, timeout=90, check=False
        )
        if result.returncode != 0 or not raw.exists():
            tail = (result.stderr.strip().splitlines() or ["no output"])[-1]
            raise ShotError(f"Chromium could not render {url}: {tail}")
        from PySide6.QtGui import QPixmap

        pixmap = QPixmap(str(raw))
        if pixmap.isNull():
            raise ShotError(f"Chromium wrote an unreadable PNG for {url}")
        save_png(pixmap, target)


# --- the walk -------------------------------------------------------------------------------


@dataclass
class Walk:
    """The window, where to write, and which shots are wanted."""

    window: MainWindow
    out: Path
    wanted: set[str]
    browser: str | None
    written: list[tuple[str, int]]

    def want(self, name: str) -> bool:
        return name in self.wanted

    async def settle(self) -> None:
        """Let Qt lay out and paint what changed."""
        from PySide6.QtWidgets import QApplication

        for _ in range(4):
            QApplication.processEvents()
            await asyncio.sleep(0.03)

    async def shoot(self, name: str, widget: QWidget | None = None, *, trim: bool = False) -> None:
        if not self.want(name):
            return
        await self.settle()
        target = widget if widget is not None else self.window
        pixmap = target.grab()
        if trim:
            pixmap = trim_bottom(pixmap)
        size = save_png(pixmap, self.out / f"{name}.png")
        self.written.append((name, size))
        print(f"  {name}.png  {size // 1024} KiB", file=sys.stderr)


async def until(what: str, predicate: Callable[[], bool], timeout: float = WAIT) -> None:
    """Wait (the Qt loop keeps running) until ``predicate()``; ShotError naming ``what``."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise ShotError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def _click(button: Any) -> None:
    if not (button.isVisible() and button.isEnabled()):
        raise ShotError(f"button {button.objectName() or button.text()!r} cannot be clicked")
    button.click()


async def walk(shots: Walk, clock: Any) -> None:
    """Click through the whole flow, grabbing each panel on the way."""
    from PySide6.QtWidgets import QTableView

    from scb_console.core.flow import FlowState
    from scb_console.ui.presentation import presentation_for
    from scb_console.ui.wizard import Step

    window = shots.window
    wizard = window.wizard
    bridge = window.bridge

    def idle() -> bool:
        return not bridge.running()

    def tick(seconds: float) -> None:
        clock.advance(seconds)
        window.ticker.fire()

    flow = window.session.flow
    if flow is None:
        raise ShotError("the Local sandbox profile did not open")

    # step 0: server token
    wizard.go_to(Step.SERVER_TOKEN)
    _click(wizard.server_token_button)
    await until("the server token", lambda: window.inspector.model.rowCount() == 1 and idle())
    tick(25)
    await shots.shoot("step0-server-token", window.tabs)
    await shots.shoot("credentials", window.credentials_dock, trim=True)

    # step 1: authorize -> deeplink and QR code
    tick(40)
    wizard.go_to(Step.AUTHORIZE)
    _click(wizard.authorize_button)
    await until(
        "the deeplink",
        lambda: wizard.deeplink_edit.text().startswith("scbeasysim://") and idle(),
    )
    tick(3)
    await shots.shoot("step1-authorize", window.tabs)
    consent_url = wizard.consent_url()
    if shots.want("consent") and consent_url:
        if shots.browser is None:
            print("  consent.png  skipped: no Chromium (see --help)", file=sys.stderr)
        else:
            target = shots.out / "consent.png"
            await asyncio.to_thread(chromium_screenshot, shots.browser, consent_url, target)
            shots.written.append(("consent", target.stat().st_size))
            print(f"  consent.png  {target.stat().st_size // 1024} KiB", file=sys.stderr)

    # step 2: the SCB Easy stand-in approves; the redirect reaches the loopback receiver
    tick(9)
    _click(wizard.simulate_button)
    await until("the authorization code", lambda: flow.state is FlowState.CODE_RECEIVED)
    await until("the approval to finish", idle)
    tick(17)
    await shots.shoot("step2-receive", window.tabs)

    # step 3: exchange the code
    wizard.go_to(Step.EXCHANGE)
    _click(wizard.exchange_button)
    await until("the user tokens", lambda: flow.state is FlowState.AUTHORIZED and idle())
    tick(6 * 60 + 12)
    await shots.shoot("step3-exchange", window.tabs)

    # step 4: refresh
    wizard.go_to(Step.REFRESH)
    _click(wizard.refresh_button)
    await until(
        "the refreshed token",
        lambda: len(flow.history) == 2 and flow.state is FlowState.AUTHORIZED and idle(),
    )
    tick(2 * 60 + 5)
    await shots.shoot("step4-refresh", window.tabs)

    # step 5: the customer profile
    wizard.go_to(Step.PROFILE)
    _click(wizard.call_profile_button)
    await until("the customer profile", lambda: wizard.thai_name_label.text() != "—" and idle())
    tick(4)
    await shots.shoot("step5-profile", window.tabs)
    await shots.shoot("main")

    # the exchange log, with the code exchange selected
    table = window.findChild(QTableView, "exchangeLogTable")
    if table is not None:
        panel = window.exchange_panel
        rows = panel.model.records()
        exchange_row = next(
            (i for i, record in enumerate(rows) if "oauth/token" in record.url and i > 1),
            len(rows) - 1,
        )
        panel.select_row(exchange_row)
    window.exchange_dock.resize(window.exchange_dock.width(), 300)
    await shots.shoot("exchange-log", window.exchange_dock)

    # the token inspector
    window.show_tokens_action.trigger()
    window.inspector.select_source_row(window.inspector.model.rowCount() - 1)
    await shots.shoot("tokens", window.tabs)

    # token check: the session's own HAR, as a partner would send it
    if shots.want("token-check"):
        har = shots.out.parent / ".session.har"
        try:
            window.exchange_panel.export_har(har)
            window.tabs.setCurrentWidget(window.token_check)
            window.token_check.open_file(har)
            await until("the token check", lambda: window.token_check.result is not None)
        finally:
            har.unlink(missing_ok=True)
        await shots.shoot("token-check", window.tabs)

    # presentation mode, on a fresh authorize (the QR code large)
    window.tabs.setCurrentIndex(0)
    window.restart_action.trigger()
    await until("the restarted flow", idle)
    presentation = presentation_for(window)
    presentation.set_enabled(True)
    window.resize(*WINDOW_SIZE)
    wizard.go_to(Step.AUTHORIZE)
    await shots.settle()
    _click(wizard.authorize_button)
    await until(
        "the deeplink (presentation)",
        lambda: wizard.deeplink_edit.text().startswith("scbeasysim://") and idle(),
    )
    tick(12)
    await shots.shoot("presentation")
    presentation.set_enabled(False)
    window.resize(*WINDOW_SIZE)

    # fault rehearsal: SCB is down, and what the server token step makes of it
    window.on_show_faults()
    _click(window.faults_panel.preset_buttons["down"])
    if not window.faults_panel.current_faults().default.error_rate:
        raise ShotError("the 'SCB is down' preset did not apply")
    window.resize(*WINDOW_SIZE)
    wizard.go_to(Step.SERVER_TOKEN)
    await shots.settle()
    _click(wizard.server_token_button)
    await until(
        "the failed server token", lambda: idle() and bool(wizard.banner_text(Step.SERVER_TOKEN))
    )
    window.exchange_panel.select_row(window.exchange_panel.model.rowCount() - 1)
    await shots.shoot("faults")
    _click(window.faults_panel.preset_buttons["clear"])


async def _main(out: Path, wanted: set[str], browser: str | None) -> list[tuple[str, int]]:
    import httpx
    from PySide6.QtWidgets import QApplication

    from scb_console.core.clock import FakeClock
    from scb_console.core.exchange import ExchangeLog
    from scb_console.core.ports import MemorySecretStore
    from scb_console.infra.profiles import FileProfileStore
    from scb_console.infra.receiver import RedirectReceiver
    from scb_console.sandbox import EmbeddedSandbox
    from scb_console.ui.app import prepare_profiles, start_receiver
    from scb_console.ui.main_window import MainWindow
    from scb_console.ui.session import Services
    from scb_console.ui.settings import UiSettings

    class DesktopKeyring(MemorySecretStore):
        """In memory, labelled as the keyring of a GNOME desktop (see the module docstring)."""

        description = "Secret Service"
        persistent = True

    home = Path(os.environ["XDG_CONFIG_HOME"]).parent
    clock = FakeClock()
    sandbox = EmbeddedSandbox(clock=clock, seed=7)
    await asyncio.to_thread(sandbox.start)
    receiver, problem = await start_receiver()
    if not isinstance(receiver, RedirectReceiver):
        await asyncio.to_thread(sandbox.stop)
        raise ShotError(f"the redirect receiver cannot listen: {problem}")
    sandbox.set_callback_url(receiver.callback_url)
    http = httpx.AsyncClient(timeout=httpx.Timeout(WAIT))
    written: list[tuple[str, int]] = []
    window: MainWindow | None = None
    try:
        secrets = DesktopKeyring()
        profiles = FileProfileStore(home / "config" / "scb-console" / "profiles.toml")
        app_config = sandbox.config.apps[0]
        prepare_profiles(
            profiles,
            secrets,
            sandbox_base_url=sandbox.base_url,
            api_key=app_config.api_key,
            api_secret=app_config.api_secret,
            callback_url=receiver.callback_url,
        )
        services = Services(
            clock=clock,
            http=http,
            secret_store=secrets,
            profile_store=profiles,
            exchange_log=ExchangeLog(),
            sandbox=sandbox,
            receiver=receiver,
            keyring=(True, secrets.description),
            settings_path=home / "config" / "ui.ini",
            log_dir=home / "state" / "log",
        )
        window = MainWindow(
            services, settings=UiSettings(home / "config" / "ui.ini"), restore_layout=False
        )
        window.wizard.open_url = lambda url: True  # never start a browser
        window.resize(*WINDOW_SIZE)
        window.show()
        QApplication.processEvents()
        shots = Walk(window, out, wanted, browser, written)
        await walk(shots, clock)
    finally:
        if window is not None:
            window.close()
            await window.bridge.drain()
            if window.session.flow is not None:
                await window.session.flow.wait_idle()
            window.deleteLater()
        await receiver.stop()
        await http.aclose()
        await asyncio.to_thread(sandbox.stop)
    return written


def quiet_offscreen_noise() -> None:
    """Drop the offscreen platform's own chatter; print every other Qt warning."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg and "propagateSizeHints" not in message:
            print(f"qt: {message}", file=sys.stderr)

    qInstallMessageHandler(handler)


def run(out: Path, wanted: set[str], browser: str | None) -> list[tuple[str, int]]:
    """Take the ``wanted`` screenshots into ``out``; returns (name, bytes) per file written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["LANGUAGE"] = "en"  # the docs are English, whatever this machine's locale
    os.environ["LC_ALL"] = "C.UTF-8"
    from PySide6.QtWidgets import QApplication

    import scb_console.ui.qtfix  # noqa: F401  (before the GUI runs: see the module)
    from scb_console.ui.app import apply_appearance
    from scb_console.ui.worker import make_event_loop

    quiet_offscreen_noise()

    app = QApplication.instance() or QApplication(["scb-console"])
    assert isinstance(app, QApplication)
    app.setApplicationName("SCB Console screenshots")
    app.setApplicationDisplayName("SCB Console")
    app.setQuitOnLastWindowClosed(False)
    apply_appearance(app, dark=False)
    with isolated_home(), asyncio.Runner(loop_factory=make_event_loop) as runner:
        return runner.run(_main(out, wanted, browser))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make_screenshots.py",
        description="Make the documentation's screenshots from the real console.",
        epilog="Names: " + ", ".join(SHOTS) + ". The consent page needs Chromium "
        "(chromium on PATH, or $SCB_CHROMIUM).",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder (docs/screenshots)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="just these screenshots")
    parser.add_argument("--no-browser", action="store_true", help="skip the consent page")
    parser.add_argument("--list", action="store_true", help="list the screenshots and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, what in SHOTS.items():
            print(f"{name + '.png':<24} {what}")
        return 0
    wanted = set(args.only or SHOTS)
    unknown = sorted(wanted - set(SHOTS))
    if unknown:
        parser.error(f"unknown screenshot {unknown[0]!r} (see --list)")
    browser = None if args.no_browser else find_chromium()
    print(f"writing screenshots to {args.out}", file=sys.stderr)
    try:
        written = run(args.out, wanted, browser)
    except ShotError as exc:
        print(f"make_screenshots: {exc}", file=sys.stderr)
        return 1
    total = sum(size for _, size in written)
    print(f"{len(written)} screenshots, {total / 1024:.0f} KiB in all", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
