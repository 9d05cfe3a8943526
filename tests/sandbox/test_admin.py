"""The admin routes: journal, reset, health, info; and that they answer loopback clients only."""

from __future__ import annotations

import email.utils
import json

import pytest

from scb_console.core.clock import FakeClock
from scb_console.sandbox import DEMO_API_KEY, DEMO_API_SECRET, DEMO_CUSTOMERS, EmbeddedSandbox
from scb_console.sandbox.protocol import is_loopback_address, is_loopback_host
from tests.sandbox.conftest import CUSTOMER, PIN, Scb, status_of


def _secrets_of(scb: Scb) -> tuple[dict[str, str], list[str]]:
    tokens = scb.user_tokens()
    server = scb.server_token().json()["data"]["accessToken"]
    scb.refresh(tokens["refreshToken"])
    scb.profile(tokens["accessToken"])
    return tokens, [
        DEMO_API_SECRET,
        tokens["accessToken"],
        tokens["refreshToken"],
        server,
    ]


def test_journal_records_requests_with_secrets_masked(scb: Scb) -> None:
    tokens, secrets = _secrets_of(scb)
    response = scb.admin("GET", "/_sandbox/requests")
    assert response.status_code == 200
    entries = response.json()["requests"]
    text = response.text
    for secret in secrets:
        assert secret not in text, f"unmasked secret in the journal: {secret[:4]}"
    paths = [(e["method"], e["path"].rsplit("/", 2)[-2:]) for e in entries]
    assert paths[0] == ("GET", ["oauth", "authorize"])
    assert paths[1][0] == "POST"
    assert paths[1][1][-1] == "approve"
    exchange = entries[2]
    assert exchange["endpoint"] == "token"
    assert exchange["status"] == 200
    assert exchange["scbCode"] == 1000
    assert exchange["requestBody"]["applicationKey"] == DEMO_API_KEY  # not a secret
    assert exchange["requestBody"]["applicationSecret"].startswith("sand…")
    assert exchange["requestBody"]["authCode"].endswith("…(36)")
    assert exchange["responseBody"]["data"]["accessToken"].startswith(tokens["accessToken"][:4])
    assert exchange["requestUId"]
    assert isinstance(exchange["durationMs"], float)
    approve = entries[1]
    assert approve["requestBody"]["pin"] != PIN
    assert "code=" in approve["responseBody"]["redirectUrl"]
    profile = entries[-1]
    headers = dict((k.lower(), v) for k, v in profile["requestHeaders"])
    assert headers["authorization"].startswith("Bearer ")
    assert tokens["accessToken"] not in headers["authorization"]


def test_journal_records_errors_with_their_scb_code(scb: Scb) -> None:
    scb.exchange("not-a-code")
    entry = scb.admin("GET", "/_sandbox/requests").json()["requests"][-1]
    assert (entry["status"], entry["scbCode"]) == (401, 9300)


def test_journal_masks_a_malformed_body_entirely(scb: Scb) -> None:
    scb.client.post(
        "/v1/oauth/token",
        headers=scb.headers(**{"content-type": "application/json"}),
        content=b'{"applicationSecret": "' + DEMO_API_SECRET.encode(),
    )
    response = scb.admin("GET", "/_sandbox/requests")
    assert DEMO_API_SECRET not in response.text
    assert "not valid JSON" in response.json()["requests"][-1]["requestBody"]


def test_journal_limit_and_bound(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    for _ in range(5):
        scb.server_token()
    assert len(scb.admin("GET", "/_sandbox/requests?limit=2").json()["requests"]) == 2
    assert scb.admin("GET", "/_sandbox/requests?limit=x").status_code == 400
    for _ in range(sandbox.config.journal_size + 10):
        scb.exchange("x")
    assert len(sandbox.requests()) == sandbox.config.journal_size


def test_admin_reads_are_not_journaled(scb: Scb) -> None:
    scb.admin("GET", "/_sandbox/health")
    scb.admin("GET", "/_sandbox/faults")
    assert scb.admin("GET", "/_sandbox/requests").json()["requests"] == []


def test_reset_clears_state_and_journal(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    login = scb.login()
    code = scb.code()
    assert sandbox.server.state.sizes()["logins"] == 1
    response = scb.admin("POST", "/_sandbox/reset")
    assert response.status_code == 200
    assert sandbox.server.state.sizes() == {
        "logins": 0,
        "codes": 0,
        "refresh_tokens": 0,
        "journal": 0,
    }
    assert scb.approve(login).status_code == 404
    assert status_of(scb.exchange(code)) == (401, 9300)


def test_health(scb: Scb, clock: FakeClock) -> None:
    response = scb.admin("GET", "/_sandbox/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    date = email.utils.parsedate_to_datetime(response.headers["date"]).timestamp()
    assert date == int(clock.wall())  # every answer, admin ones too, on the sandbox clock


def test_info_lists_apps_and_customers(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    info = scb.admin("GET", "/_sandbox/info").json()
    assert info["base_url"] == sandbox.base_url
    assert info["root_url"] == sandbox.root_url
    (app,) = info["apps"]
    assert (app["api_key"], app["api_secret"]) == (DEMO_API_KEY, DEMO_API_SECRET)
    assert app["callback_urls"] == {
        "mobile_app": "http://127.0.0.1:8765/callback",
        "mobile_web": "http://127.0.0.1:8765/callback",
    }
    assert [c["id"] for c in info["customers"]] == [c.id for c in DEMO_CUSTOMERS]
    assert info["customers"][0]["pin"] == PIN
    assert info["customers"][0]["thai_name"] == "นาย สมชาย ใจดี"
    assert info["customers"][0]["english_name"] == "Mr. Somchai Jaidee"
    assert info == sandbox.info()


def test_unknown_admin_route_is_a_json_404(scb: Scb) -> None:
    response = scb.admin("GET", "/_sandbox/nothing")
    assert response.status_code == 404
    assert "error" in response.json()


def test_wrong_method_on_admin_route(scb: Scb) -> None:
    response = scb.admin("DELETE", "/_sandbox/faults")
    assert response.status_code == 405
    assert "error" in response.json()


@pytest.mark.parametrize(
    ("headers", "path"),
    [
        ({"Host": "evil.example"}, "/_sandbox/info"),
        ({"Host": "evil.example:80"}, "/_sandbox/requests"),
        ({"Origin": "http://evil.example"}, "/_sandbox/info"),
        ({"Origin": "null"}, "/_sandbox/info"),
    ],
)
def test_admin_refuses_foreign_host_or_origin(scb: Scb, headers: dict[str, str], path: str) -> None:
    """DNS rebinding and cross-site form posts: a loopback peer is not enough."""
    response = scb.admin("GET", path, headers=headers)
    assert response.status_code == 403
    assert "loopback" in response.json()["error"]


def test_admin_refuses_a_cross_site_approval(scb: Scb) -> None:
    login = scb.login()
    response = scb.admin(
        "POST",
        f"/_sandbox/easy/login/{login}",
        data={"customerId": CUSTOMER, "pin": PIN},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert scb.approve(login).status_code == 200  # the login was left alone


def test_admin_accepts_its_own_origin(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    response = scb.admin("GET", "/_sandbox/info", headers={"Origin": sandbox.root_url})
    assert response.status_code == 200


def test_health_answers_any_host(scb: Scb) -> None:
    assert scb.admin("GET", "/_sandbox/health", headers={"Host": "evil.example"}).status_code == 200


def test_scb_api_answers_any_host(scb: Scb) -> None:
    """Partners may reach the API through a name of their own (a container, a proxy)."""
    response = scb.client.post(
        "/v1/oauth/token",
        headers=scb.headers(Host="sandbox.internal"),
        json={"applicationKey": DEMO_API_KEY, "applicationSecret": DEMO_API_SECRET},
    )
    assert status_of(response) == (200, 1000)


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("10.0.0.5", False),
        ("192.0.2.1", False),
        ("::ffff:192.0.2.1", False),
        ("2001:db8::1", False),
        ("", False),
        (None, False),
        ("not-an-ip", False),
    ],
)
def test_is_loopback_address(address: str | None, loopback: bool) -> None:
    assert is_loopback_address(address) is loopback


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1:8766", True),
        ("localhost:1", True),
        ("LOCALHOST", True),
        ("[::1]:8766", True),
        ("a.localhost", True),
        ("evil.example", False),
        ("127.0.0.1.evil.example", False),
        ("[2001:db8::1]:80", False),
    ],
)
def test_is_loopback_host(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


@pytest.mark.parametrize(
    ("remote", "status"), [("192.0.2.7", 403), ("10.1.2.3", 403), (None, 403), ("127.0.0.1", 200)]
)
async def test_non_loopback_peer_is_refused(
    clock: FakeClock, remote: str | None, status: int
) -> None:
    """A peer address this machine cannot produce on loopback: a Request handed to the
    sandbox's own handler (its router and guard) as the HTTP server would hand it over."""
    from scb_console.infra.httpserver import Request
    from scb_console.sandbox import SandboxConfig, SandboxServer

    server = SandboxServer(SandboxConfig.default(), clock=clock)
    request = Request("GET", "/_sandbox/info", [(b"Host", b"127.0.0.1")], remote=remote)
    response = await server._handle(request)
    assert response.status == status
    if status == 403:
        assert "loopback" in json.loads(response.body)["error"]
