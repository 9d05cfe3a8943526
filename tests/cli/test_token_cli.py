"""``scb-console token`` and ``call profile`` in a subprocess, against the real local sandbox.

The sandbox runs in the test process on its own thread (the ``sandbox`` fixture, timed by a
FakeClock that nobody advances, so no code or token expires while a subprocess works); the CLI
speaks to it over real loopback HTTP. The customer's consent is given through the sandbox's
``/_sandbox/logins/<id>/approve`` route, as the SCB Easy simulator page would.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
import zxingcpp
from PIL import Image, ImageDraw

from scb_console.core.masking import mask
from scb_console.infra.secrets import SERVICE
from scb_console.sandbox import EmbeddedSandbox
from scb_console.sandbox.defaults import DEMO_CUSTOMERS
from tests.cli.conftest import Cli, Running

CUSTOMER = DEMO_CUSTOMERS[0]
MASKED = re.compile(r"^.{0,4}…\(\d+\)$")


def _app(sandbox: EmbeddedSandbox) -> tuple[str, str]:
    app = sandbox.config.apps[0]
    return app.api_key, app.api_secret


def _ad_hoc(sandbox: EmbeddedSandbox) -> tuple[str, ...]:
    api_key, _ = _app(sandbox)
    return ("--environment", "local", "--base-url", sandbox.base_url, "--api-key", api_key)


def _secret_env(sandbox: EmbeddedSandbox) -> dict[str, str]:
    return {"SCB_CONSOLE_API_SECRET": _app(sandbox)[1]}


def _as_dict(value: object) -> dict[str, Any]:
    assert isinstance(value, dict)
    return value


def _add_profile(cli: Cli, sandbox: EmbeddedSandbox, name: str, callback: str) -> None:
    api_key, api_secret = _app(sandbox)
    added = cli(
        "profiles",
        "add",
        name,
        "--environment",
        "local",
        "--base-url",
        sandbox.base_url,
        "--api-key",
        api_key,
        "--callback-url",
        callback,
        "--api-secret-stdin",
        input=api_secret + "\n",
    )
    assert added.returncode == 0, added.stderr


def _approve(sandbox: EmbeddedSandbox, deeplink: str, *, deny: bool = False) -> str:
    """Consent as the customer would in SCB Easy; returns the redirect URL SCB sends."""
    login_id = deeplink.rsplit("/", 1)[1]
    action = "deny" if deny else "approve"
    body = None if deny else {"customerId": CUSTOMER.id, "pin": CUSTOMER.pin}
    response = httpx.post(f"{sandbox.root_url}/_sandbox/logins/{login_id}/{action}", json=body)
    assert response.status_code == 200, response.text
    url = response.json()["redirectUrl"]
    assert isinstance(url, str)
    return url


_HALF_BLOCKS = {"\xa0": (0, 0), " ": (0, 0), "▀": (1, 0), "▄": (0, 1), "█": (1, 1)}


def _decode_terminal_qr(lines: list[str]) -> list[str]:
    """Read the block-character QR code the CLI drew back into text (with zxing)."""
    art = [line for line in lines if line and set(line) <= set(_HALF_BLOCKS)]
    assert art, "no QR code on stderr"
    rows: list[list[int]] = []
    for line in art:
        rows.append([_HALF_BLOCKS[ch][0] for ch in line])
        rows.append([_HALF_BLOCKS[ch][1] for ch in line])
    scale, pad = 6, 24
    width = max(len(r) for r in rows)
    image = Image.new("L", (width * scale + 2 * pad, len(rows) * scale + 2 * pad), 255)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                left, top = pad + x * scale, pad + y * scale
                draw.rectangle((left, top, left + scale - 1, top + scale - 1), fill=0)
    return [result.text for result in zxingcpp.read_barcodes(image)]


def _assert_masked_token_json(data: dict[str, Any], kind: str) -> None:
    assert data["kind"] == kind
    assert data["masked"] is True
    assert data["tokenType"] == "Bearer"
    assert data["expiresIn"] == 1800
    assert MASKED.match(data["accessToken"]), data["accessToken"]
    if kind == "user":
        assert MASKED.match(data["refreshToken"]), data["refreshToken"]
        assert data["refreshExpiresIn"] == 3600
        assert data["resourceOwnerId"] == CUSTOMER.id
    assert re.fullmatch(r"[0-9a-f-]{36}", data["requestUId"])


# --- token server -------------------------------------------------------------------------


def test_token_server_ad_hoc_masked_then_revealed(cli: Cli, sandbox: EmbeddedSandbox) -> None:
    api_secret = _app(sandbox)[1]
    masked = cli("token", "server", *_ad_hoc(sandbox), "--verbose", env=_secret_env(sandbox))
    assert masked.returncode == 0, masked.stderr
    data = _as_dict(masked.json())
    _assert_masked_token_json(data, "server")
    assert data["baseUrl"] == sandbox.base_url
    assert data["environment"] == "local"
    # --verbose: one line per exchange, with the requestUId SCB support would ask for
    assert f"POST {sandbox.base_url}/v1/oauth/token -> 200 code 1000" in masked.stderr
    assert f"requestUId {data['requestUId']}" in masked.stderr
    assert api_secret not in masked.stdout + masked.stderr

    revealed = cli("token", "server", *_ad_hoc(sandbox), "--reveal", env=_secret_env(sandbox))
    assert revealed.returncode == 0, revealed.stderr
    token = _as_dict(revealed.json())["accessToken"]
    assert "…" not in token
    assert len(token) > 20
    # the sandbox accepts it: it is the real token, in full
    check = httpx.get(
        f"{sandbox.base_url}/v2/customers/profile",
        headers={"authorization": f"Bearer {token}", "resourceOwnerId": "x", "requestUId": "u"},
    )
    assert check.json()["status"]["code"] != 9500


def test_token_server_from_a_profile_with_the_secret_in_the_keyring(
    cli: Cli, sandbox: EmbeddedSandbox
) -> None:
    _add_profile(cli, sandbox, "local", "http://127.0.0.1:8765/callback")
    result = cli("token", "server", "--profile", "local", "--timeout", "5")
    assert result.returncode == 0, result.stderr
    data = _as_dict(result.json())
    _assert_masked_token_json(data, "server")
    assert data["profile"] == "local"


def test_secret_from_stdin(cli: Cli, sandbox: EmbeddedSandbox) -> None:
    result = cli(
        "token", "server", *_ad_hoc(sandbox), "--api-secret-stdin", input=_app(sandbox)[1] + "\n"
    )
    assert result.returncode == 0, result.stderr


def test_wrong_secret_exits_3_with_the_request_uid(cli: Cli, sandbox: EmbeddedSandbox) -> None:
    result = cli(
        "token", "server", *_ad_hoc(sandbox), env={"SCB_CONSOLE_API_SECRET": "wrong-secret"}
    )
    assert result.returncode == 3
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "9500" in result.stderr
    uids = re.findall(r"requestUId ([0-9a-f-]{36})", result.stderr)
    assert len(uids) == 1
    # the very request the sandbox saw
    assert uids[0] in json.dumps(sandbox.requests())
    assert "wrong-secret" not in result.stderr


def test_dead_port_exits_4(cli: Cli, free_port: int) -> None:
    result = cli(
        "token",
        "server",
        "--environment",
        "local",
        "--base-url",
        f"http://127.0.0.1:{free_port}/partners/sandbox",
        "--api-key",
        "k",
        env={"SCB_CONSOLE_API_SECRET": "s"},
    )
    assert result.returncode == 4
    assert "refused" in result.stderr
    assert "requestUId" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_answer_exits_5(cli: Cli, sandbox: EmbeddedSandbox) -> None:
    sandbox.set_faults(endpoint="token", malformed="html")
    result = cli("token", "server", *_ad_hoc(sandbox), env=_secret_env(sandbox))
    assert result.returncode == 5
    assert "requestUId" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_secret_is_a_usage_error(cli: Cli, sandbox: EmbeddedSandbox) -> None:
    result = cli("token", "server", *_ad_hoc(sandbox))
    assert result.returncode == 2
    assert "no API secret" in result.stderr
    assert "SCB_CONSOLE_API_SECRET" in result.stderr


def test_profile_and_ad_hoc_options_do_not_mix(cli: Cli, sandbox: EmbeddedSandbox) -> None:
    result = cli("token", "server", "--profile", "x", "--base-url", sandbox.base_url)
    assert result.returncode == 2
    assert "use either --profile or the ad hoc options (--base-url), not both" in result.stderr


# --- token user ---------------------------------------------------------------------------


def _start_user(cli: Cli, *args: str, env: dict[str, str] | None = None) -> tuple[Running, str]:
    running = cli.popen("token", "user", *args, env=env)
    deeplink = running.wait_for_line("deeplink: ").removeprefix("deeplink: ")
    assert deeplink.startswith("scbeasysim://login/")
    return running, deeplink


def test_token_user_through_the_loopback_receiver(
    cli: Cli, sandbox: EmbeddedSandbox, free_port: int
) -> None:
    sandbox.set_callback_url(f"http://127.0.0.1:{free_port}/callback")
    running, deeplink = _start_user(
        cli, *_ad_hoc(sandbox), "--receiver-port", str(free_port), env=_secret_env(sandbox)
    )
    try:
        running.wait_for_line(f"listening for the redirect on http://127.0.0.1:{free_port}")
        running.wait_for_line("waiting for the redirect: 1:00 left")
        # the QR code on stderr scans back to the deeplink
        assert _decode_terminal_qr(list(running.lines)) == [deeplink]
        redirect = _approve(sandbox, deeplink)
        assert redirect.startswith(f"http://127.0.0.1:{free_port}/callback?")
        page = httpx.get(redirect)  # the "browser" follows SCB's redirect to the receiver
        assert page.status_code == 200
        assert "code=" not in page.text
    finally:
        result = running.finish()
    assert result.returncode == 0, result.stderr
    data = _as_dict(json.loads(result.stdout))
    _assert_masked_token_json(data, "user")
    assert "code received: exchanging it for tokens" in result.stderr
    assert "Traceback" not in result.stderr
    # the code was spent: the same redirect again is refused by the (stopped) receiver
    with pytest.raises(httpx.ConnectError):
        httpx.get(redirect)


def test_token_user_pasted_redirect_keep_then_refresh_and_call_profile(
    cli: Cli, sandbox: EmbeddedSandbox
) -> None:
    """A partner's https callback: the redirect is pasted; tokens kept in the keyring."""
    callback = "https://partner.example/scb/callback"
    sandbox.set_callback_url(callback)
    _add_profile(cli, sandbox, "partner", callback)
    running, deeplink = _start_user(cli, "--profile", "partner", "--keep", "--no-qr")
    try:
        running.wait_for_line("or paste the redirect URL")
        assert "listening" not in running.stderr  # nothing to listen on for an https callback
        redirect = _approve(sandbox, deeplink)
        assert redirect.startswith(callback + "?")
        running.write("this is not it\n")
        running.wait_for_line("cannot use that:")
        running.write(redirect + "\n")
    finally:
        result = running.finish()
    assert result.returncode == 0, result.stderr
    data = _as_dict(json.loads(result.stdout))
    _assert_masked_token_json(data, "user")
    kept = cli.keyring()
    access = kept[(SERVICE, "partner:access_token")]
    refresh = kept[(SERVICE, "partner:refresh_token")]
    assert data["accessToken"] == mask(access)
    assert data["refreshToken"] == mask(refresh)
    assert kept[(SERVICE, "partner:resource_owner_id")] == CUSTOMER.id

    refreshed = cli("token", "refresh", "--profile", "partner")
    assert refreshed.returncode == 0, refreshed.stderr
    new = _as_dict(refreshed.json())
    assert new["kind"] == "user"
    assert "updated in the keyring" in refreshed.stderr
    assert cli.keyring()[(SERVICE, "partner:access_token")] != access

    called = cli("call", "profile", "--profile", "partner")
    assert called.returncode == 0, called.stderr
    customer = _as_dict(called.json())
    assert customer["profile"]["engFirstName"] == CUSTOMER.profile["engFirstName"]
    assert re.fullmatch(r"[0-9a-f-]{36}", customer["requestUId"])


def test_revealed_tokens_pipe_into_refresh_and_call(cli: Cli, sandbox: EmbeddedSandbox) -> None:
    sandbox.set_callback_url("https://partner.example/cb")
    running, deeplink = _start_user(
        cli, *_ad_hoc(sandbox), "--no-receiver", "--reveal", env=_secret_env(sandbox)
    )
    try:
        running.write(_approve(sandbox, deeplink) + "\n")
    finally:
        result = running.finish()
    assert result.returncode == 0, result.stderr
    tokens = _as_dict(json.loads(result.stdout))
    assert tokens["masked"] is False

    called = cli("call", "profile", *_ad_hoc(sandbox), "--access-token-stdin", input=result.stdout)
    assert called.returncode == 0, called.stderr
    assert _as_dict(called.json())["profile"]["citizenID"] == CUSTOMER.profile["citizenID"]

    refreshed = cli(
        "token",
        "refresh",
        *_ad_hoc(sandbox),
        "--refresh-token-stdin",
        input=result.stdout,
        env=_secret_env(sandbox),
    )
    assert refreshed.returncode == 0, refreshed.stderr
    assert _as_dict(refreshed.json())["replaces"] == tokens["requestUId"]

    # masked output cannot be piped: a clear message, not a 401
    masked = json.dumps({**tokens, "accessToken": mask(tokens["accessToken"])})
    refused = cli("call", "profile", *_ad_hoc(sandbox), "--access-token-stdin", input=masked)
    assert refused.returncode == 2
    assert "is masked: run the first command with --reveal" in refused.stderr


def test_denied_consent_exits_2(cli: Cli, sandbox: EmbeddedSandbox, free_port: int) -> None:
    sandbox.set_callback_url(f"http://127.0.0.1:{free_port}/callback")
    running, deeplink = _start_user(
        cli, *_ad_hoc(sandbox), "--receiver-port", str(free_port), env=_secret_env(sandbox)
    )
    try:
        running.wait_for_line("listening for the redirect")
        httpx.get(_approve(sandbox, deeplink, deny=True))
    finally:
        result = running.finish()
    assert result.returncode == 2
    assert "declined consent" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_no_redirect_in_time_exits_2(cli: Cli, sandbox: EmbeddedSandbox) -> None:
    running, _ = _start_user(
        cli,
        *_ad_hoc(sandbox),
        "--receiver-port",
        "0",
        "--no-qr",
        "--wait",
        "0.3",
        env=_secret_env(sandbox),
    )
    result = running.finish()
    assert result.returncode == 2
    assert "no redirect arrived within 0.3 s" in result.stderr


def test_receiver_port_in_use_exits_4(cli: Cli, sandbox: EmbeddedSandbox) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli(
            "token",
            "user",
            *_ad_hoc(sandbox),
            "--receiver-port",
            str(port),
            env=_secret_env(sandbox),
        )
    assert result.returncode == 4
    assert f"port {port} is already in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_keep_needs_a_saved_profile(cli: Cli, sandbox: EmbeddedSandbox) -> None:
    result = cli("token", "user", *_ad_hoc(sandbox), "--keep", env=_secret_env(sandbox))
    assert result.returncode == 2
    assert "--keep needs a saved profile" in result.stderr


def test_refresh_and_call_without_tokens_say_where_to_get_them(
    cli: Cli, sandbox: EmbeddedSandbox
) -> None:
    refresh = cli("token", "refresh", *_ad_hoc(sandbox), env=_secret_env(sandbox))
    assert refresh.returncode == 2
    assert "no refresh token: pass it with --refresh-token-stdin" in refresh.stderr
    call = cli("call", "profile", *_ad_hoc(sandbox))
    assert call.returncode == 2
    assert "no access token: pass it with --access-token-stdin" in call.stderr


def test_a_bad_refresh_token_exits_3(cli: Cli, sandbox: EmbeddedSandbox) -> None:
    env = {**_secret_env(sandbox), "SCB_CONSOLE_REFRESH_TOKEN": "not-a-refresh-token"}
    result = cli("token", "refresh", *_ad_hoc(sandbox), env=env)
    assert result.returncode == 3
    assert "9300" in result.stderr
    assert "requestUId" in result.stderr
