"""SCBClient over real loopback HTTP: the local sandbox for SCB's answers, raw sockets for network
trouble, and httpx.MockTransport only for what neither can produce (a mistyped field, a 10 MiB body,
a redirect to elsewhere)."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import ipaddress
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from scb_console.core.client import PreparedRequest, SCBClient
from scb_console.core.clock import FakeClock
from scb_console.core.contract import Environment
from scb_console.core.envelope import MAX_BODY_BYTES
from scb_console.core.errors import (
    ApiError,
    ConnectError,
    ConnectionDropped,
    FlowError,
    MalformedResponse,
    ProfileError,
    RequestTimeout,
)
from scb_console.core.exchange import ExchangeLog, ExchangeRecord
from scb_console.core.models import AuthorizeResult, Profile, TokenKind, TokenSet
from scb_console.sandbox import EmbeddedSandbox, SandboxConfig
from scb_console.sandbox.defaults import DEMO_CUSTOMERS
from tests.core.test_exchange import _check_har_1_2

CUSTOMER = DEMO_CUSTOMERS[0]


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


@pytest.fixture
def log() -> ExchangeLog:
    return ExchangeLog()


def _profile(sandbox: EmbeddedSandbox, **changes: Any) -> Profile:
    profile = Profile(
        name="demo",
        environment=Environment.LOCAL,
        api_key=sandbox.config.apps[0].api_key,
        base_url=sandbox.base_url,
    )
    return dataclasses.replace(profile, **changes)


@pytest.fixture
def secret(sandbox: EmbeddedSandbox) -> str:
    return sandbox.config.apps[0].api_secret


@pytest.fixture
def client(
    http: httpx.AsyncClient,
    sandbox: EmbeddedSandbox,
    secret: str,
    clock: FakeClock,
    log: ExchangeLog,
) -> SCBClient:
    return SCBClient(http, _profile(sandbox), secret, clock=clock, log=log)


async def _approve(
    http: httpx.AsyncClient, sandbox: EmbeddedSandbox, result: AuthorizeResult
) -> httpx.URL:
    response = await http.post(
        f"{sandbox.root_url}/_sandbox/logins/{result.login_id}/approve",
        json={"customerId": CUSTOMER.id, "pin": CUSTOMER.pin},
    )
    assert response.status_code == 200, response.text
    return httpx.URL(response.json()["redirectUrl"])


async def _user_token(
    client: SCBClient, http: httpx.AsyncClient, sandbox: EmbeddedSandbox
) -> TokenSet:
    redirect = await _approve(http, sandbox, await client.authorize(state="st-1"))
    return await client.exchange_code(redirect.params["code"], state="st-1")


def _journal(sandbox: EmbeddedSandbox, request_uid: str) -> dict[str, Any]:
    entries = [e for e in sandbox.requests() if e["requestUId"] == request_uid]
    assert len(entries) == 1, entries
    return entries[0]


def _headers(entry: dict[str, Any]) -> dict[str, str]:
    return {name.lower(): value for name, value in entry["requestHeaders"]}


def _record_text(records: tuple[ExchangeRecord, ...] | Any) -> str:
    return json.dumps([dataclasses.asdict(r) for r in records], ensure_ascii=False)


# --- server token -----------------------------------------------------------------------------


async def test_server_token(
    client: SCBClient, sandbox: EmbeddedSandbox, clock: FakeClock, log: ExchangeLog, secret: str
) -> None:
    clock.advance(0.25)  # a wall clock between seconds: the Date header has whole seconds
    token = await client.server_token()
    assert token.kind is TokenKind.SERVER
    assert token.token_type == "Bearer"
    assert token.expires_in == 1800
    assert token.expires_at == int(clock.wall()) + 1800
    assert token.refresh_token is None
    assert token.refresh_deadline is None
    assert token.resource_owner_id is None
    assert (token.issued_mono, token.issued_wall) == (clock.monotonic(), clock.wall())
    assert token.server_date == int(clock.wall())
    assert token.skew == pytest.approx(-0.25)
    assert token.raw["accessToken"] == token.access_token
    assert (token.profile_name, token.environment) == ("demo", Environment.LOCAL)
    assert token.base_url == sandbox.base_url
    assert token.access_remaining(clock) == 1800

    entry = _journal(sandbox, token.request_uid)
    assert entry["method"] == "POST"
    assert entry["path"] == "/partners/sandbox/v1/oauth/token"
    headers = _headers(entry)
    assert headers["content-type"] == "application/json"
    assert headers["resourceownerid"] == client.profile.api_key
    assert headers["requestuid"] == token.request_uid
    assert headers["accept-language"] == "EN"
    assert "apisecret" not in headers
    assert set(entry["requestBody"]) == {"applicationKey", "applicationSecret"}
    assert entry["requestBody"]["applicationKey"] == client.profile.api_key

    (record,) = log.records
    assert (record.step, record.status, record.scb_code, record.error) == (
        "server_token",
        200,
        1000,
        None,
    )
    assert record.request_uid == token.request_uid
    assert record.url == sandbox.base_url + "/v1/oauth/token"
    assert record.profile_name == "demo"
    assert record.environment == "local"
    assert json.loads(record.request_body)["applicationSecret"] == "sand…(24)"
    assert json.loads(record.response_body)["data"]["accessToken"].startswith(
        token.access_token[:4] + "…"
    )
    text = _record_text(log.records)
    assert secret not in text
    assert token.access_token not in text


async def test_every_request_has_a_fresh_uuid4_and_sends_what_was_prepared(
    client: SCBClient, sandbox: EmbeddedSandbox
) -> None:
    first, second = client.prepare_server_token(), client.prepare_server_token()
    assert first.request_uid != second.request_uid
    assert uuid.UUID(first.request_uid).version == 4
    token = await client.server_token(prepared=second)
    assert token.request_uid == second.request_uid
    assert _headers(_journal(sandbox, second.request_uid))["requestuid"] == second.request_uid
    other = await client.server_token()
    assert other.request_uid not in (first.request_uid, second.request_uid)


async def test_accept_language_comes_from_the_profile(
    http: httpx.AsyncClient, sandbox: EmbeddedSandbox, secret: str, clock: FakeClock
) -> None:
    client = SCBClient(http, _profile(sandbox, accept_language="TH"), secret, clock=clock)
    token = await client.server_token()
    assert _headers(_journal(sandbox, token.request_uid))["accept-language"] == "TH"
    assert client.log is None


async def test_a_wrong_secret_is_9500_naming_the_profile(
    http: httpx.AsyncClient, sandbox: EmbeddedSandbox, clock: FakeClock, log: ExchangeLog
) -> None:
    client = SCBClient(http, _profile(sandbox), "wrong-secret-123", clock=clock, log=log)
    prepared = client.prepare_server_token()
    with pytest.raises(ApiError) as info:
        await client.server_token(prepared=prepared)
    err = info.value
    assert (err.http_status, err.code) == (401, 9500)
    assert err.request_uid == prepared.request_uid
    assert str(err).startswith("SCB refused the API key or secret (9500 ")
    assert "check the API key and secret of profile 'demo'" in str(err)
    (record,) = log.records
    assert (record.status, record.scb_code) == (401, 9500)
    assert record.error == str(err)
    assert "wrong-secret-123" not in _record_text(log.records)


# --- the 3-legged flow ------------------------------------------------------------------------


async def test_the_three_legged_flow(
    client: SCBClient,
    http: httpx.AsyncClient,
    sandbox: EmbeddedSandbox,
    clock: FakeClock,
    log: ExchangeLog,
    secret: str,
) -> None:
    prepared = client.prepare_authorize(state="st-1")
    result = await client.authorize(prepared=prepared)
    assert result.deeplink.startswith("scbeasysim://login/")
    assert result.login_id is not None
    assert result.request_uid == prepared.request_uid
    assert result.state == "st-1"
    headers = _headers(_journal(sandbox, result.request_uid))
    assert headers["apikey"] == client.profile.api_key
    assert headers["resourceownerid"] == client.profile.api_key
    assert headers["response-channel"] == "mobile"
    assert headers["endstate"] == "mobile_app"
    assert headers["state"] == "st-1"
    assert "redirectoption" not in headers

    redirect = await _approve(http, sandbox, result)
    code = redirect.params["code"]
    assert redirect.params["state"] == "st-1"
    token = await client.exchange_code(code, state="st-1")
    assert token.kind is TokenKind.USER
    assert token.resource_owner_id == CUSTOMER.id
    assert token.refresh_token is not None
    assert token.refresh_expires_in == 3600
    assert token.refresh_expires_at == int(clock.wall()) + 3600
    assert token.refresh_remaining(clock) == 3600
    body = _journal(sandbox, token.request_uid)["requestBody"]
    assert set(body) == {"applicationKey", "applicationSecret", "authCode", "state"}

    profile = await client.customer_profile(token)
    assert profile.english_name
    assert profile.raw == CUSTOMER.profile
    headers = _headers(_journal(sandbox, profile.request_uid))
    assert headers["resourceownerid"] == CUSTOMER.id
    assert headers["authorization"].startswith("Bearer ")

    clock.advance(100)
    renewed = await client.refresh(token)
    assert renewed.access_token != token.access_token
    assert renewed.replaces == token.request_uid
    assert renewed.resource_owner_id == CUSTOMER.id
    assert renewed.kind is TokenKind.USER
    # the sandbox does not rotate: the old refresh token stays, with its deadline unchanged
    assert renewed.refresh_token == token.refresh_token
    assert renewed.refresh_deadline == token.refresh_deadline
    assert renewed.refresh_remaining(clock) == 3500
    assert renewed.access_remaining(clock) == 1800
    await client.customer_profile(renewed)

    assert [r.step for r in log.records] == [
        "authorize",
        "exchange_code",
        "customer_profile",
        "refresh",
        "customer_profile",
    ]
    text = _record_text(log.records)
    har = json.dumps(log.to_har(), ensure_ascii=False)
    curl = client.prepare_customer_profile(renewed).to_curl()
    assert "-H 'authorization: Bearer '\"${SCB_ACCESS_TOKEN}\"" in curl
    for value in (secret, code, token.access_token, token.refresh_token, renewed.access_token):
        assert value not in text
        assert value not in har
        assert value not in curl
    assert all(r.error is None for r in log.records)
    _check_har_1_2(log.to_har())


async def test_authorize_sends_the_profiles_options_and_partner_query(
    http: httpx.AsyncClient, sandbox: EmbeddedSandbox, secret: str, clock: FakeClock
) -> None:
    sandbox.config.apps[0].redirect_options["alt"] = "http://127.0.0.1:8765/other"
    profile = _profile(
        sandbox,
        end_state="mobile_web",
        redirect_option="alt",
        partner_query=(("shop", "42"), ("note", "a b&c")),
    )
    client = SCBClient(http, profile, secret, clock=clock)
    result = await client.authorize()
    entry = _journal(sandbox, result.request_uid)
    assert entry["query"] == "shop=42&note=a+b%26c"
    headers = _headers(entry)
    assert headers["endstate"] == "mobile_web"
    assert headers["redirectoption"] == "alt"
    assert "state" not in headers
    assert result.state is None
    redirect = await _approve(http, sandbox, result)
    assert str(redirect).startswith("http://127.0.0.1:8765/other?")
    assert redirect.params["shop"] == "42"
    assert redirect.params["note"] == "a b&c"


async def test_a_used_code_is_9300_start_again(
    client: SCBClient, http: httpx.AsyncClient, sandbox: EmbeddedSandbox
) -> None:
    redirect = await _approve(http, sandbox, await client.authorize())
    await client.exchange_code(redirect.params["code"])
    with pytest.raises(ApiError) as info:
        await client.exchange_code(redirect.params["code"])
    assert info.value.code == 9300
    assert "already used; start again at authorize" in str(info.value)


async def test_an_expired_code_is_9300(
    client: SCBClient, http: httpx.AsyncClient, sandbox: EmbeddedSandbox, clock: FakeClock
) -> None:
    redirect = await _approve(http, sandbox, await client.authorize())
    clock.advance(61)
    with pytest.raises(ApiError, match=r"authorization code \(9300 .*expired") as info:
        await client.exchange_code(redirect.params["code"])
    assert info.value.http_status == 401


async def test_a_dead_refresh_token_is_9300_authorize_again(
    client: SCBClient, http: httpx.AsyncClient, sandbox: EmbeddedSandbox, clock: FakeClock
) -> None:
    token = await _user_token(client, http, sandbox)
    clock.advance(3601)
    assert token.refresh_deadline is not None
    assert token.refresh_deadline.expired(clock)
    with pytest.raises(ApiError) as info:
        await client.refresh(token)
    assert info.value.code == 9300
    assert "refresh token" in str(info.value)
    assert "authorize again" in str(info.value)


async def test_an_expired_access_token_is_refused_by_the_profile_call(
    client: SCBClient, http: httpx.AsyncClient, sandbox: EmbeddedSandbox, clock: FakeClock
) -> None:
    token = await _user_token(client, http, sandbox)
    clock.advance(1801)
    with pytest.raises(ApiError) as info:
        await client.customer_profile(token)
    assert info.value.code == 9500  # the sandbox's choice for a dead access token
    assert "SCB refused the access token" in str(info.value)
    assert "refresh it or authorize again" in str(info.value)


@pytest.fixture
def rotating_sandbox(clock: FakeClock) -> Iterator[EmbeddedSandbox]:
    config = dataclasses.replace(SandboxConfig.default(), rotate_refresh=True)
    with EmbeddedSandbox(config, clock=clock) as box:
        yield box


async def test_a_rotated_refresh_token_replaces_the_old_one(
    http: httpx.AsyncClient, rotating_sandbox: EmbeddedSandbox, clock: FakeClock
) -> None:
    box = rotating_sandbox
    client = SCBClient(http, _profile(box), box.config.apps[0].api_secret, clock=clock)
    token = await _user_token(client, http, box)
    clock.advance(500)
    renewed = await client.refresh(token)
    assert renewed.refresh_token is not None
    assert renewed.refresh_token != token.refresh_token
    assert renewed.refresh_remaining(clock) == 3600
    assert renewed.refresh_expires_at == int(clock.wall()) + 3600


async def test_skew_is_measured_from_the_date_header(
    client: SCBClient, sandbox: EmbeddedSandbox, clock: FakeClock
) -> None:
    sandbox.set_faults(endpoint="token", clock_offset=120)
    token = await client.server_token()
    assert token.skew == pytest.approx(120)
    assert token.expires_at == int(clock.wall()) + 120 + 1800
    assert token.access_remaining(clock) == 1800  # our deadline runs on our monotonic clock


# --- faults the sandbox injects over real HTTP ------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "error", "words"),
    [
        ({"malformed": "html"}, MalformedResponse, "HTML page"),
        ({"malformed": "truncated"}, MalformedResponse, "is not JSON"),
        ({"error_rate": 1.0}, ApiError, "server-side error"),
        ({"drop_rate": 1.0}, ConnectionDropped, "closed the connection"),
    ],
)
async def test_sandbox_faults_become_typed_errors(
    client: SCBClient,
    sandbox: EmbeddedSandbox,
    log: ExchangeLog,
    secret: str,
    spec: dict[str, Any],
    error: type[Exception],
    words: str,
) -> None:
    sandbox.set_faults(endpoint="token", **spec)
    prepared = client.prepare_server_token()
    with pytest.raises(error, match=words) as info:
        await client.server_token(prepared=prepared)
    assert getattr(info.value, "request_uid", None) == prepared.request_uid
    assert prepared.request_uid in str(info.value)
    (record,) = log.records
    assert record.error == str(info.value)
    assert secret not in _record_text(log.records)
    if isinstance(info.value, MalformedResponse):
        assert info.value.excerpt
        assert not re.search(r'"accessToken"\s*:\s*"[^"…]{5}', info.value.excerpt)


# --- tokens stay with the profile and environment that obtained them --------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"profile_name": "other"},
        {"environment": Environment.SANDBOX},
        {"base_url": "http://127.0.0.1:1/partners/sandbox"},
    ],
)
async def test_a_token_is_never_sent_elsewhere(
    client: SCBClient,
    http: httpx.AsyncClient,
    sandbox: EmbeddedSandbox,
    log: ExchangeLog,
    changes: dict[str, Any],
) -> None:
    token = dataclasses.replace(await _user_token(client, http, sandbox), **changes)
    seen = len(sandbox.requests())
    records = len(log.records)
    with pytest.raises(FlowError, match="not sent to Local sandbox"):
        await client.refresh(token)
    with pytest.raises(FlowError, match=r"was issued by .* for profile"):
        await client.customer_profile(token)
    with pytest.raises(FlowError):
        client.prepare_customer_profile(token)
    assert len(sandbox.requests()) == seen
    assert len(log.records) == records


async def test_a_sandbox_token_is_not_sent_to_production(
    http: httpx.AsyncClient, sandbox: EmbeddedSandbox, clock: FakeClock, secret: str
) -> None:
    local = SCBClient(http, _profile(sandbox), secret, clock=clock)
    token = await _user_token(local, http, sandbox)
    production = SCBClient(
        http, Profile("demo", Environment.PRODUCTION, api_key="k"), "s", clock=clock
    )
    with pytest.raises(FlowError) as info:
        await production.customer_profile(token)
    assert str(info.value).startswith(
        f"This user token was issued by Local sandbox ({sandbox.base_url}) for profile 'demo'; "
        "not sent to SCB production (https://api.partners.scb/partners) of profile 'demo'"
    )


# --- curl -----------------------------------------------------------------------------------


def _run_shell(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=env, timeout=30, check=True
    )


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs the curl program")
async def test_the_masked_curl_command_runs_once_the_secret_is_exported(
    client: SCBClient, secret: str
) -> None:
    prepared = client.prepare_server_token()
    masked = prepared.to_curl()
    assert secret not in masked
    assert '"${SCB_API_SECRET}"' in masked
    assert prepared.curl_variables() == ("SCB_API_SECRET",)
    env = {"PATH": os.environ.get("PATH", ""), "SCB_API_SECRET": secret}
    out = await asyncio.to_thread(_run_shell, masked, env)
    assert "HTTP/1.1 200" in out.stdout
    assert '"code":1000' in out.stdout.replace(" ", "")
    revealed = client.prepare_authorize(state="s").to_curl(reveal=True)
    assert secret in revealed
    out = await asyncio.to_thread(_run_shell, revealed, {"PATH": env["PATH"]})
    assert "scbeasysim://login/" in out.stdout


async def test_masked_views_of_a_prepared_request_hide_every_secret(
    client: SCBClient, secret: str
) -> None:
    code = "c0de-1234-5678-90ab"
    prepared = client.prepare_exchange_code(code, state="st")
    for text in (
        repr(prepared),
        str(prepared),
        prepared.masked_body_text(),
        repr(prepared.masked_headers()),
        prepared.to_curl(),
    ):
        assert secret not in text
        assert code not in text
    assert json.loads(prepared.masked_body_text()) == {
        "applicationKey": client.profile.api_key,
        "applicationSecret": "sand…(24)",
        "authCode": "c0de…(19)",
        "state": "st",
    }
    assert '"${SCB_AUTH_CODE}"' in prepared.to_curl()
    assert code in prepared.to_curl(reveal=True)
    authorize = client.prepare_authorize()
    assert dict(authorize.masked_headers())["apisecret"] == "sand…(24)"
    assert authorize.header("APISECRET") == secret


# --- what is refused before anything is sent --------------------------------------------------


class Recorder:
    """An httpx.MockTransport handler that answers with ``reply`` and keeps every request."""

    def __init__(self, reply: Callable[[httpx.Request], httpx.Response] | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.reply = reply or (lambda request: httpx.Response(500))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.reply(request)


@asynccontextmanager
async def _mock_client(
    recorder: Recorder, profile: Profile | None = None, **kwargs: Any
) -> AsyncIterator[SCBClient]:
    profile = profile or Profile(
        "mock",
        Environment.LOCAL,
        api_key="key-0001",
        base_url="http://127.0.0.1:9/partners/sandbox",
    )
    async with httpx.AsyncClient(transport=httpx.MockTransport(recorder), **kwargs) as http:
        yield SCBClient(http, profile, "secret-0001-abcdef", clock=FakeClock(), log=ExchangeLog())


async def test_a_client_that_does_not_verify_tls_is_refused() -> None:
    async with httpx.AsyncClient(verify=False) as http:
        with pytest.raises(ConnectError, match="does not verify TLS"):
            SCBClient(http, Profile("p"), "s")
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    unverified = httpx.AsyncHTTPTransport(verify=context)
    async with httpx.AsyncClient(mounts={"https://": unverified}) as http:
        with pytest.raises(ConnectError, match="verify=False"):
            SCBClient(http, Profile("p"), "s")
    async with httpx.AsyncClient() as http:
        SCBClient(http, Profile("p"), "s")  # the default verifies


@pytest.mark.parametrize(
    ("base_url", "words"),
    [
        ("http://api.example.com/partners", "plain http to api.example.com"),
        ("", r"needs http\(s\)://host"),
        ("ftp://127.0.0.1/x", r"needs http\(s\)://host"),
        ("http://127.0.0.1:8766/x?y=1", "query or fragment"),
    ],
)
async def test_unusable_base_urls_are_refused_before_sending(base_url: str, words: str) -> None:
    recorder = Recorder()
    profile = Profile("custom", Environment.CUSTOM, api_key="k", base_url=base_url)
    async with _mock_client(recorder, profile) as client:
        with pytest.raises(ProfileError, match=words):
            await client.server_token()
    assert recorder.requests == []


async def test_plain_http_is_fine_on_loopback() -> None:
    for host in ("localhost", "127.0.0.2", "[::1]"):
        profile = Profile("p", Environment.CUSTOM, api_key="k", base_url=f"http://{host}:1/p")
        async with _mock_client(Recorder(), profile) as client:
            assert client.prepare_server_token().url == f"http://{host}:1/p/v1/oauth/token"


async def test_a_header_value_http_cannot_carry_is_a_profile_error() -> None:
    recorder = Recorder()
    profile = Profile("thai", api_key="คีย์", base_url="http://127.0.0.1:9/p")
    async with _mock_client(recorder, profile) as client:
        with pytest.raises(ProfileError, match="API key of profile 'thai'"):
            await client.server_token()
    async with _mock_client(recorder) as client:
        with pytest.raises(ProfileError, match="state of profile 'mock'"):
            client.prepare_authorize(state="bad\r\nInjected: 1")
    assert recorder.requests == []


async def test_prepared_requests_must_match_the_call_and_the_profile() -> None:
    async with _mock_client(Recorder()) as client:
        with pytest.raises(FlowError, match="cannot be sent as the server token request"):
            await client.server_token(prepared=client.prepare_authorize())
        foreign = dataclasses.replace(
            client.prepare_server_token(), url="https://evil.example/v1/oauth/token"
        )
        with pytest.raises(FlowError, match="prepare it again"):
            await client.server_token(prepared=foreign)
        with pytest.raises(FlowError, match="another code"):
            await client.exchange_code("b", prepared=client.prepare_exchange_code("a"))
        with pytest.raises(FlowError, match="another state"):
            await client.authorize(state="b", prepared=client.prepare_authorize(state="a"))
        with pytest.raises(FlowError, match="no authorization code"):
            await client.exchange_code("  ")


async def test_server_tokens_cannot_be_refreshed_or_call_the_profile() -> None:
    recorder = Recorder(
        lambda r: httpx.Response(
            200,
            json={
                "status": {"code": 1000, "description": "Success"},
                "data": {"accessToken": "a" * 36, "tokenType": "Bearer", "expiresIn": 1800},
            },
        )
    )
    async with _mock_client(recorder) as client:
        token = await client.server_token()
        with pytest.raises(FlowError, match="no refresh token"):
            await client.refresh(token)
        with pytest.raises(FlowError, match="needs a user token"):
            await client.customer_profile(token)
    assert len(recorder.requests) == 1


async def test_every_call_carries_the_profile_timeout() -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        data: dict[str, Any] = {"callbackUrl": "scbeasysim://login/x"}
        if path.endswith(("/token", "/refresh")):
            data = {
                "accessToken": "a" * 36,
                "tokenType": "Bearer",
                "expiresIn": 1800,
                "refreshToken": "r" * 36,
                "refreshExpiresIn": 3600,
            }
        elif path.endswith("/profile"):
            data = {"profile": {"engFirstName": "A"}}
        return httpx.Response(
            200,
            json={"status": {"code": 1000, "description": "Success"}, "data": data},
            headers={"resourceOwnerId": "owner-1"},
        )

    recorder = Recorder(reply)
    profile = Profile("t", api_key="k", base_url="http://127.0.0.1:9/p", timeout=7.5)
    async with _mock_client(recorder, profile) as client:
        await client.server_token()
        await client.authorize()
        token = await client.exchange_code("code-1")
        await client.refresh(token)
        await client.customer_profile(token)
    assert len(recorder.requests) == 5
    for request in recorder.requests:
        assert request.extensions["timeout"] == {
            "connect": 7.5,
            "read": 7.5,
            "write": 7.5,
            "pool": 7.5,
        }


# --- what only a mock can answer ------------------------------------------------------------


async def test_expires_in_as_a_string_is_malformed_and_logged_masked() -> None:
    token = "tok-" + "x" * 32
    recorder = Recorder(
        lambda r: httpx.Response(
            200,
            json={
                "status": {"code": 1000, "description": "Success"},
                "data": {"accessToken": token, "tokenType": "Bearer", "expiresIn": "1800"},
            },
        )
    )
    async with _mock_client(recorder) as client:
        prepared = client.prepare_server_token()
        with pytest.raises(MalformedResponse) as info:
            await client.server_token(prepared=prepared)
        assert 'data.expiresIn is a string ("1800"), expected an integer' in str(info.value)
        assert info.value.request_uid == prepared.request_uid
        assert client.log is not None
        (record,) = client.log.records
    assert record.status == 200
    assert record.scb_code is None
    assert record.error == str(info.value)
    assert token not in _record_text([record])
    assert "tok-…(36)" in record.response_body


async def test_a_huge_body_is_read_only_up_to_the_cap() -> None:
    produced: list[int] = []

    async def endless() -> AsyncIterator[bytes]:
        for _ in range(160):  # 10 MiB if read to the end
            produced.append(1)
            yield b"x" * 65536

    recorder = Recorder(lambda r: httpx.Response(200, content=endless()))
    async with _mock_client(recorder) as client:
        with pytest.raises(MalformedResponse, match="size cap"):
            await client.server_token()
        assert client.log is not None
        assert len(client.log.records[0].response_body) < 70_000
    assert len(produced) <= MAX_BODY_BYTES // 65536 + 2


async def test_redirects_are_never_followed() -> None:
    recorder = Recorder(
        lambda r: httpx.Response(307, headers={"location": "https://elsewhere.example/steal"})
    )
    async with _mock_client(recorder, follow_redirects=True) as client:
        with pytest.raises(MalformedResponse, match="HTTP 307"):
            await client.server_token()
    assert [r.url.host for r in recorder.requests] == ["127.0.0.1"]


# --- network trouble over real loopback sockets ----------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _local(port: int, scheme: str = "http", **changes: Any) -> Profile:
    profile = Profile(
        "net", Environment.CUSTOM, api_key="key-0001", base_url=f"{scheme}://127.0.0.1:{port}/p"
    )
    return dataclasses.replace(profile, **changes)


Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@asynccontextmanager
async def _raw_server(
    handler: Handler, ssl_context: ssl.SSLContext | None = None
) -> AsyncIterator[tuple[int, asyncio.Event]]:
    """A loopback TCP server running ``handler``; yields its port and a "connected" event."""
    connected = asyncio.Event()
    tasks: set[asyncio.Task[None]] = set()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        tasks.add(asyncio.current_task())  # type: ignore[arg-type]
        connected.set()
        try:
            await handler(reader, writer)
        except (ConnectionError, ssl.SSLError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=ssl_context)
    try:
        yield server.sockets[0].getsockname()[1], connected
    finally:
        server.close()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await server.wait_closed()


async def _read_request(reader: asyncio.StreamReader) -> None:
    await reader.readuntil(b"\r\n\r\n")


async def test_connection_refused(log: ExchangeLog) -> None:
    port = _free_port()
    async with httpx.AsyncClient() as http:
        client = SCBClient(http, _local(port), "secret-0001", clock=FakeClock(), log=log)
        prepared = client.prepare_server_token()
        with pytest.raises(ConnectError) as info:
            await client.server_token(prepared=prepared)
    message = str(info.value)
    assert f"Connection to 127.0.0.1:{port} refused" in message
    assert "is the local sandbox running?" in message
    assert message.endswith(f"(requestUId {prepared.request_uid})")
    (record,) = log.records
    assert record.status is None
    assert record.error == message
    assert record.response_body == ""


async def test_no_answer_within_the_timeout() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        await asyncio.Event().wait()

    async with _raw_server(silent) as (port, _), httpx.AsyncClient() as http:
        client = SCBClient(http, _local(port, timeout=0.3), "s", clock=FakeClock())
        with pytest.raises(RequestTimeout, match=r"within 0\.3 s; the request may have been"):
            await client.server_token()


async def test_a_connection_dropped_mid_exchange() -> None:
    async def rude(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)

    async with _raw_server(rude) as (port, _), httpx.AsyncClient() as http:
        client = SCBClient(http, _local(port), "s", clock=FakeClock())
        with pytest.raises(ConnectionDropped, match="closed the connection during the"):
            await client.server_token()


async def test_an_answer_that_is_not_http() -> None:
    async def garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.write(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")
        await writer.drain()

    async with _raw_server(garbage) as (port, _), httpx.AsyncClient() as http:
        client = SCBClient(http, _local(port), "s", clock=FakeClock())
        with pytest.raises(ConnectionDropped, match="not HTTP"):
            await client.server_token()


async def test_cancelling_a_call_still_logs_the_exchange(log: ExchangeLog) -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        await asyncio.Event().wait()

    async with _raw_server(silent) as (port, connected), httpx.AsyncClient() as http:
        client = SCBClient(http, _local(port), "s", clock=FakeClock(), log=log)
        task = asyncio.create_task(client.server_token())
        await connected.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    (record,) = log.records
    assert record.status is None
    assert record.error == "cancelled before an answer was read"


def _self_signed(tmp_path: Path) -> ssl.SSLContext:
    crypto = pytest.importorskip("cryptography")
    del crypto
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return context


async def test_an_unverifiable_certificate_is_a_tls_error(tmp_path: Path) -> None:
    context = _self_signed(tmp_path)

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)

    async with _raw_server(answer, context) as (port, _), httpx.AsyncClient() as http:
        client = SCBClient(http, _local(port, "https"), "s", clock=FakeClock())
        with pytest.raises(ConnectError, match=f"TLS with 127.0.0.1:{port} failed"):
            await client.server_token()


def test_prepared_request_is_frozen_and_hashable() -> None:
    prepared = PreparedRequest("server_token", "POST", "http://x", (), {"a": "b"}, "uid")
    assert hash(prepared) == hash(dataclasses.replace(prepared, json_body={"c": "d"}))
    with pytest.raises(dataclasses.FrozenInstanceError):
        prepared.url = "http://y"  # type: ignore[misc]
