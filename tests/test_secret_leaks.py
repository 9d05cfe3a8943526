"""No secret leaks: every flow run with sentinel secrets, then everything the app wrote scanned.

The local sandbox is configured with a recognisable API secret (:data:`SENTINEL_SECRET`); the
tokens and authorization codes it issues are taken from the flows' results and become sentinels
too. After the flows (the window's server token and full 3-legged flow with refresh and profile
call, the CLI's ``token server``, ``token user --keep``, ``token refresh`` and ``call profile``),
the exports (HAR, written at once and on a worker thread; the support report as HTML and as
Markdown; the profiles), the log file (set up as the app sets it up, at DEBUG), QSettings and the
clipboard after its clear delay are scanned for every sentinel, as is and encoded (URL, JSON,
HTML, base64, UTF-16). None may appear; masked forms (``SENT…(40)``) are fine. Each scan proves
it looks by finding a sentinel written on purpose.

Also here: TLS verification cannot be turned off (the client refuses an unverified HTTP client;
profiles, the window and the CLI have no such setting), listeners bind loopback only, and the
sandbox's state endpoints answer loopback clients only.
"""

# ruff: noqa: F811  (the fixtures imported from tests/ui and tests/cli are the tests' parameters)
from __future__ import annotations

import base64
import html
import json
import logging
import re
import ssl
import sys
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QWidget

from scb_console.core.client import SCBClient
from scb_console.core.contract import Environment
from scb_console.core.errors import ConnectError
from scb_console.core.flow import FlowEvent, FlowState
from scb_console.core.masking import mask
from scb_console.core.models import Profile
from scb_console.infra import logfile
from scb_console.infra.profiles import import_profiles_json
from scb_console.infra.secrets import SERVICE
from scb_console.sandbox import EmbeddedSandbox, SandboxApp, SandboxConfig
from scb_console.sandbox.defaults import DEMO_CUSTOMERS
from scb_console.ui.clipboard import secret_clear_delay, set_secret_clear_delay
from scb_console.ui.main_window import MainWindow
from scb_console.ui.wizard import Step
from tests.cli.conftest import Cli, cli, free_port  # noqa: F401  (fixtures)
from tests.ui.conftest import (  # noqa: F401  (fixtures)
    OFFSCREEN_NOISE,
    WAIT_MS,
    aloop,
    make_services,
    make_window,
    qloop,
    receiver,
    run,
    sandbox,
    services,
    window,
)
from tests.ui.test_gui_flows import approve, authorize, click, exchange, server_token

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)

#: The sandbox app's API secret in these tests: easy to find anywhere it should not be.
SENTINEL_SECRET = "SENTINEL-SECRET-7f3a9c2e5b8d4f6a1c0e9b7d"
SENTINEL_KEY = "l7xxsentinel0key00000000000000000001"


@pytest.fixture
def sandbox_config() -> SandboxConfig:
    """The demo sandbox, but its app's secret is the sentinel (overrides tests/ui's fixture)."""
    config = SandboxConfig.default()
    demo = config.apps[0]
    config.apps[0] = SandboxApp(
        name=demo.name,
        api_key=SENTINEL_KEY,
        api_secret=SENTINEL_SECRET,
        callback_urls=dict(demo.callback_urls),
    )
    return config


# --- the scanner ----------------------------------------------------------------------------------


def encodings(secret: str) -> dict[str, bytes]:
    """The forms a secret could be written in."""
    forms = {
        "as is": secret,
        "URL-encoded": urllib.parse.quote(secret, safe=""),
        "JSON-escaped": json.dumps(secret)[1:-1],
        "HTML-escaped": html.escape(secret),
        "base64": base64.b64encode(secret.encode()).decode(),
    }
    found = {name: text.encode("utf-8") for name, text in forms.items()}
    found["UTF-16"] = secret.encode("utf-16-le")
    return found


def find_in(data: bytes, sentinels: dict[str, str], where: str) -> list[str]:
    hits = []
    for label, secret in sentinels.items():
        for form, needle in encodings(secret).items():
            if needle in data:
                hits.append(f"{where}: {label} ({form})")
    return hits


def files_under(roots: Iterable[Path], skip: Iterable[Path] = ()) -> Iterator[Path]:
    skipped = {path.resolve() for path in skip}
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink() and path.resolve() not in skipped:
                yield path


def scan(
    roots: Iterable[Path], sentinels: dict[str, str], *, skip: Iterable[Path] = ()
) -> tuple[list[str], list[Path]]:
    """(every sentinel found, in what form and where; every file looked at)."""
    hits: list[str] = []
    looked: list[Path] = []
    for path in files_under(roots, skip):
        looked.append(path)
        hits += find_in(path.read_bytes(), sentinels, str(path))
    return hits, looked


def prove_the_scan_looks(
    roots: list[Path], sentinels: dict[str, str], *, skip: Iterable[Path] = ()
) -> None:
    """The self-check: a sentinel written on purpose is found; its masked form is not."""
    label, secret = next(iter(sentinels.items()))
    probe = roots[0] / "selfcheck" / "planted.txt"
    probe.parent.mkdir(parents=True, exist_ok=True)
    try:
        probe.write_text(f"masked is fine: {mask(secret)}\n", encoding="utf-8")
        assert scan(roots, sentinels, skip=skip)[0] == []
        probe.write_text(f"noise {secret} noise\n", encoding="utf-16-le")
        hits, _ = scan(roots, sentinels, skip=skip)
        assert hits == [f"{probe}: {label} (UTF-16)"]
    finally:
        probe.unlink(missing_ok=True)
        probe.parent.rmdir()


def sentinels_of(tokens: Iterable[Any], codes: Iterable[str]) -> dict[str, str]:
    found = {"API secret": SENTINEL_SECRET}
    for token in tokens:
        found[f"access token {token.request_uid}"] = token.access_token
        if token.refresh_token:
            found[f"refresh token {token.request_uid}"] = token.refresh_token
    for index, code in enumerate(dict.fromkeys(codes)):
        found[f"authorization code {index + 1}"] = code
    return found


def clipboard_text() -> str:
    return QGuiApplication.clipboard().text()


# --- the window -----------------------------------------------------------------------------------


@pytest.fixture
def short_clipboard_delay() -> Iterator[float]:
    """Secrets leave the clipboard after 0.2 s in this test (the app's setting, restored)."""
    before = secret_clear_delay()
    set_secret_clear_delay(0.2)
    try:
        yield 0.2
    finally:
        set_secret_clear_delay(before)


@pytest.fixture
def log_file(test_home: Path) -> Iterator[Path]:
    """The app's log file (as run_gui sets it up), at DEBUG so everything reaches it."""
    root = logging.getLogger()
    level = root.level
    path = logfile.setup_logging(level="DEBUG", log_dir=test_home / "state" / "log")
    try:
        yield path
    finally:
        logfile.shutdown_logging()
        root.setLevel(level)


def test_no_secret_of_the_window_flows_is_written_anywhere(
    window: MainWindow,
    qtbot: Any,
    tmp_path: Path,
    test_home: Path,
    log_file: Path,
    short_clipboard_delay: float,
) -> None:
    codes: list[str] = []

    def on_flow(event: FlowEvent) -> None:
        flow = window.session.flow
        if event.state is FlowState.CODE_RECEIVED and flow is not None and flow.code:
            codes.append(flow.code)

    window.bridge.flow_changed.connect(on_flow)
    assert window.credentials.api_secret_edit.text() == SENTINEL_SECRET  # the sandbox's app
    try:
        server = server_token(window, qtbot)
        authorize(window, qtbot)
        approve(window, qtbot)
        user = exchange(window, qtbot)
        wizard = window.wizard
        wizard.go_to(Step.REFRESH)
        click(qtbot, wizard.refresh_button)
        flow = window.session.flow
        assert flow is not None
        qtbot.waitUntil(lambda: len(flow.history) == 2, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)
        wizard.go_to(Step.PROFILE)
        click(qtbot, wizard.call_profile_button)
        qtbot.waitUntil(lambda: wizard.thai_name_label.text() != "—", timeout=WAIT_MS)
        # a second sign-in whose code is never exchanged: a code that never became a token
        wizard.go_to(Step.AUTHORIZE)
        click(qtbot, wizard.authorize_button)
        qtbot.waitUntil(lambda: flow.state is FlowState.AWAITING_CONSENT, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)
        approve(window, qtbot)
        assert len(codes) == 2
    finally:
        window.bridge.flow_changed.disconnect(on_flow)
    tokens = [server, *flow.history]
    assert user in tokens
    sentinels = sentinels_of(tokens, codes)
    # the secret, 3 access tokens (server, user, refreshed), 1 refresh token (kept by the
    # refresh: the sandbox does not rotate it), 2 codes
    assert len(set(sentinels.values())) == 1 + 3 + 1 + 2

    # the clipboard: secret copies are taken back after the delay; plain copies are masked
    inspector = window.inspector
    inspector.set_clipboard_clear_delay(short_clipboard_delay)
    inspector.select_source_row(inspector.model.row_of(flow.history[-1].request_uid) or 0)
    for copy in (inspector.copy_authorization_header, inspector.copy_curl):
        copy()
        assert find_in(clipboard_text().encode(), sentinels, "clipboard")  # it was there...
        qtbot.waitUntil(lambda: clipboard_text() == "", timeout=WAIT_MS)  # ...and is gone
    for step in Step:
        wizard.go_to(step)
        wizard.copy_current()
        assert find_in(clipboard_text().encode(), sentinels, f"copy on {step.name}") == []

    # every export the window offers
    exports = tmp_path / "exports"
    exports.mkdir()
    window.exchange_panel.export_har(exports / "at-once.har")
    task = window.exchange_panel.start_export(exports / "in-background.har")
    assert task is not None
    qtbot.waitUntil(lambda: not window.exchange_panel.exporting, timeout=WAIT_MS)
    for har in ("at-once.har", "in-background.har"):
        document = json.loads((exports / har).read_text(encoding="utf-8"))
        assert len(document["log"]["entries"]) == len(window.services.exchange_log)
    # written entry by entry on a worker thread, the same bytes as written at once
    assert (exports / "in-background.har").read_bytes() == (exports / "at-once.har").read_bytes()
    export_report: Callable[[Path], Path] | None = getattr(window, "export_report", None)
    if export_report is not None:
        export_report(exports / "report.html")
        export_report(exports / "report.md")
        assert server.request_uid in (exports / "report.html").read_text(encoding="utf-8")
    assert window.credentials.export_to(exports / "profiles.json")
    window.close()  # saves the layout (QSettings)
    qtbot.waitUntil(lambda: not window.bridge.running(), timeout=WAIT_MS)
    logfile.shutdown_logging()  # flushed and closed before it is read

    roots = [tmp_path, test_home]
    hits, looked = scan(roots, sentinels)
    assert hits == []
    names = {path.name for path in looked}
    assert {"at-once.har", "in-background.har", "profiles.json", "ui.ini"} <= names
    assert log_file.name in names
    logged = log_file.read_text(encoding="utf-8")
    # it really logged (at DEBUG: a line for each exchange) while the flows ran
    assert user.request_uid in logged
    assert server.request_uid in logged
    prove_the_scan_looks(roots, sentinels)


# --- the CLI --------------------------------------------------------------------------------------


def _approve(box: EmbeddedSandbox, deeplink: str) -> str:
    customer = DEMO_CUSTOMERS[0]
    login_id = deeplink.rsplit("/", 1)[1]
    response = httpx.post(
        f"{box.root_url}/_sandbox/logins/{login_id}/approve",
        json={"customerId": customer.id, "pin": customer.pin},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    url = response.json()["redirectUrl"]
    assert isinstance(url, str)
    return url


def test_no_secret_of_the_cli_flows_is_written_anywhere(
    cli: Cli,
    sandbox: EmbeddedSandbox,
    free_port: int,
    tmp_path: Path,
    test_home: Path,
) -> None:
    callback = f"http://127.0.0.1:{free_port}/callback"
    sandbox.set_callback_url(callback)
    outputs: list[tuple[str, str]] = []

    def ok(result: Any, what: str) -> Any:
        assert result.returncode == 0, result.stderr
        outputs.append((f"{what} stdout", result.stdout))
        outputs.append((f"{what} stderr", result.stderr))
        return result

    ok(
        cli(
            "profiles",
            "add",
            "partner",
            "--environment",
            "local",
            "--base-url",
            sandbox.base_url,
            "--api-key",
            SENTINEL_KEY,
            "--callback-url",
            callback,
            "--api-secret-stdin",
            input=SENTINEL_SECRET + "\n",
        ),
        "profiles add",
    )
    server = ok(
        cli("token", "server", "--profile", "partner", "--har", str(tmp_path / "server.har")),
        "token server",
    )
    revealed = cli("token", "server", "--profile", "partner", "--reveal")
    assert revealed.returncode == 0, revealed.stderr
    outputs.append(("token server --reveal stderr", revealed.stderr))  # stdout shows it on
    server_tokens = [json.loads(revealed.stdout)["accessToken"]]  # purpose: a sentinel too
    assert mask(server_tokens[0]) != server_tokens[0]

    running = cli.popen(
        "token",
        "user",
        "--profile",
        "partner",
        "--keep",
        "--no-qr",
        "--receiver-port",
        str(free_port),
        "--har",
        str(tmp_path / "user.har"),
    )
    try:
        deeplink = running.wait_for_line("deeplink: ").removeprefix("deeplink: ")
        running.wait_for_line(f"listening for the redirect on {callback}")
        redirect = _approve(sandbox, deeplink)
        assert httpx.get(redirect, timeout=10).status_code == 200
    finally:
        user = running.finish()
    ok(user, "token user --keep")
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(redirect).query)["code"][0]
    kept_first = dict(cli.keyring())
    ok(cli("token", "refresh", "--profile", "partner", "--keep"), "token refresh --keep")
    ok(cli("call", "profile", "--profile", "partner", "--verbose"), "call profile")
    kept_last = dict(cli.keyring())

    sentinels = {"API secret": SENTINEL_SECRET, "authorization code": code}
    sentinels["server token"] = server_tokens[0]
    for index, kept in enumerate((kept_first, kept_last)):
        for key in ("access_token", "refresh_token"):
            value = kept.get((SERVICE, f"partner:{key}"))
            assert value, f"--keep stored no {key}"
            sentinels[f"{key} {index}"] = value
    assert sentinels["access_token 0"] != sentinels["access_token 1"]  # the refresh replaced it
    assert kept_last[(SERVICE, "partner:api_secret")] == SENTINEL_SECRET  # in the keyring only

    keyring_file = cli.keyring_file  # the OS keyring's stand-in: where secrets belong
    roots = [tmp_path, test_home]
    hits, looked = scan(roots, sentinels, skip=[keyring_file])
    for what, text in outputs:
        hits += find_in(text.encode(), sentinels, what)
    assert hits == []
    assert {"server.har", "user.har", "profiles.toml"} <= {path.name for path in looked}
    assert re.fullmatch(r".{0,4}…\(\d+\)", json.loads(server.stdout)["accessToken"])
    prove_the_scan_looks(roots, sentinels, skip=[keyring_file])


# --- TLS verification stays on --------------------------------------------------------------------


def _unverified_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


@pytest.mark.parametrize(
    "make_http",
    [
        lambda: httpx.AsyncClient(verify=False),
        lambda: httpx.AsyncClient(verify=_unverified_context()),
        lambda: httpx.AsyncClient(mounts={"https://": httpx.AsyncHTTPTransport(verify=False)}),
    ],
    ids=["verify-false", "cert-none-context", "unverified-mount"],
)
async def test_a_client_that_does_not_verify_tls_is_refused_for_every_environment(
    make_http: Callable[[], httpx.AsyncClient],
) -> None:
    async with make_http() as http:
        for environment in Environment:
            profile = Profile(name="p", environment=environment, base_url="https://x.example")
            with pytest.raises(ConnectError, match="verif"):
                SCBClient(http, profile, SENTINEL_SECRET)


def test_profiles_have_no_setting_that_turns_verification_off() -> None:
    names = {field.name.lower() for field in fields(Profile)}
    assert not {n for n in names if re.search(r"verif|tls|ssl|insecure|cert", n)}
    imported = import_profiles_json(
        json.dumps(
            [
                {
                    "name": "Prod",
                    "environment": "production",
                    "api_key": "k",
                    "verify": False,
                    "insecure": True,
                    "tls_verify": False,
                }
            ]
        )
    )
    assert [p.name for p in imported] == ["Prod"]
    assert not hasattr(imported[0], "verify")
    assert imported[0].resolved_base_url.startswith("https://")


def test_the_window_has_no_control_that_turns_verification_off(window: MainWindow) -> None:
    pattern = re.compile(r"verif|insecure|\btls\b|\bssl\b|certificat", re.IGNORECASE)
    offenders = []
    for widget in window.findChildren(QWidget):
        texts = [widget.objectName(), widget.toolTip(), widget.accessibleName()]
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        offenders += [f"{type(widget).__name__}: {t}" for t in texts if pattern.search(t)]
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        actions = menu.actions() if menu is not None else []
        offenders += [a.text() for a in actions if pattern.search(a.text())]
    assert offenders == []


def test_the_cli_has_no_option_that_turns_verification_off(cli: Cli) -> None:
    for command in (("token", "server"), ("token", "user"), ("call", "profile"), ("profiles",)):
        result = cli(*command, "--help")
        assert result.returncode == 0, result.stderr
        assert not re.search(r"--(no-verify|insecure|verify|no-tls|cacert)", result.stdout)
    refused = cli("token", "server", "--insecure")
    assert refused.returncode == 2
    assert "--insecure" in refused.stderr


# --- loopback only --------------------------------------------------------------------------------


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a LISTEN socket on ``port`` (Linux's /proc/net/tcp{,6})."""
    found: set[str] = set()
    for table, size in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state != "0A" or int(hex_port, 16) != port or len(address) != size:
                continue
            raw = bytes.fromhex(address)
            if size == 8:
                found.add(".".join(str(b) for b in raw[::-1]))
            else:  # four little-endian 32-bit words
                words = [raw[i : i + 4][::-1] for i in range(0, 16, 4)]
                found.add(":".join(b"".join(words).hex()[i : i + 4] for i in range(0, 32, 4)))
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/net/tcp")
async def test_the_app_listens_on_loopback_only() -> None:
    from scb_console.ui.app import build_services, shutdown_services

    started, _ = await build_services()
    try:
        assert started.sandbox is not None
        assert started.receiver is not None
        for port in (started.sandbox.port, started.receiver.port):
            assert port
            assert listening_addresses(port) == {"127.0.0.1"}
        for url in (started.sandbox.root_url, started.receiver.callback_url):
            assert urllib.parse.urlsplit(url).hostname == "127.0.0.1"
    finally:
        await shutdown_services(started)


@pytest.mark.parametrize(
    "headers",
    [{"Host": "evil.example"}, {"Origin": "http://evil.example"}, {"Host": "192.168.1.20:8766"}],
    ids=["foreign-host", "foreign-origin", "lan-host"],
)
@pytest.mark.parametrize("path", ["/_sandbox/requests", "/_sandbox/faults", "/_sandbox/info"])
def test_the_sandbox_state_endpoints_answer_loopback_clients_only(
    sandbox: EmbeddedSandbox,
    headers: dict[str, str],
    path: str,
) -> None:
    url = sandbox.root_url + path
    assert httpx.get(url, timeout=10).status_code == 200  # a loopback client: answered
    refused = httpx.get(url, headers=headers, timeout=10)
    assert refused.status_code == 403
    assert "loopback" in refused.json()["error"]
    assert SENTINEL_SECRET not in refused.text
