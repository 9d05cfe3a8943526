"""Faults: latency, error rate, malformed bodies, dropped connections, clock offset."""

from __future__ import annotations

import email.utils
import json

import httpx
import pytest

from scb_console.core.clock import FakeClock
from scb_console.sandbox import (
    EmbeddedSandbox,
    Faults,
    FaultsError,
    FaultSpec,
    SandboxConfig,
)
from tests.sandbox.conftest import Scb, status_of


def test_no_faults_by_default(scb: Scb) -> None:
    response = scb.admin("GET", "/_sandbox/faults")
    assert response.status_code == 200
    assert response.json() == {
        "default": {
            "latency_ms": 0,
            "error_rate": 0.0,
            "malformed": None,
            "drop_rate": 0.0,
            "clock_offset": 0,
        },
        "endpoints": {},
    }


def test_small_latency_still_answers(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    sandbox.set_faults(latency_ms=1)
    assert status_of(scb.server_token()) == (200, 1000)


def test_error_rate_one_answers_500_9700(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    sandbox.set_faults(error_rate=1.0)
    assert status_of(scb.server_token()) == (500, 9700)
    assert status_of(scb.authorize()) == (500, 9700)
    assert scb.admin("GET", "/_sandbox/health").status_code == 200  # admin routes unaffected


def test_error_fault_does_not_spend_the_code(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    code = scb.code()
    sandbox.set_faults(endpoint="token", error_rate=1.0)
    assert status_of(scb.exchange(code)) == (500, 9700)
    sandbox.set_faults()
    assert status_of(scb.exchange(code)) == (200, 1000)


def test_fault_on_one_endpoint_only(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    sandbox.set_faults(endpoint="authorize", error_rate=1.0)
    assert status_of(scb.authorize()) == (500, 9700)
    assert status_of(scb.server_token()) == (200, 1000)


def test_malformed_truncated_json(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    code = scb.code()
    sandbox.set_faults(endpoint="token", malformed="truncated")
    response = scb.exchange(code)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.content.startswith(b'{"status"')
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)
    sandbox.set_faults()
    assert status_of(scb.exchange(code)) == (401, 9300)  # handled: the code is spent


def test_malformed_html_page(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    sandbox.set_faults(malformed="html")
    response = scb.server_token()
    assert response.headers["content-type"].startswith("text/html")
    assert "<html>" in response.text
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_dropped_connection(sandbox: EmbeddedSandbox, scb: Scb) -> None:
    sandbox.set_faults(drop_rate=1.0)
    with pytest.raises(httpx.RemoteProtocolError):
        scb.server_token()
    sandbox.set_faults()
    assert status_of(scb.server_token()) == (200, 1000)  # the client recovers
    dropped = [e for e in sandbox.requests() if e["fault"] == "drop"]
    assert len(dropped) == 1
    assert dropped[0]["status"] is None


def test_clock_offset_shifts_expires_at_and_date(
    sandbox: EmbeddedSandbox, scb: Scb, clock: FakeClock
) -> None:
    sandbox.set_faults(clock_offset=-120)
    response = scb.server_token()
    assert response.json()["data"]["expiresAt"] == int(clock.wall()) - 120 + 1800
    date = email.utils.parsedate_to_datetime(response.headers["date"]).timestamp()
    assert date == int(clock.wall()) - 120
    tokens = scb.user_tokens()
    assert tokens["refreshExpiresAt"] == int(clock.wall()) - 120 + 3600
    # lifetimes still run on the sandbox's own clock: the token lives its full 1800 s
    clock.advance(1799)
    assert status_of(scb.profile(tokens["accessToken"])) == (200, 1000)


def test_put_faults_changes_them_at_run_time(scb: Scb) -> None:
    faults = {
        "default": {"clock_offset": 30},
        "endpoints": {"token": {"error_rate": 1.0}},
    }
    response = scb.admin("PUT", "/_sandbox/faults", json=faults)
    assert response.status_code == 200
    assert response.json()["endpoints"]["token"]["error_rate"] == 1.0
    assert scb.admin("GET", "/_sandbox/faults").json() == response.json()
    assert status_of(scb.server_token()) == (500, 9700)
    authorize = scb.authorize()
    assert status_of(authorize) == (200, 1000)
    assert scb.admin("PUT", "/_sandbox/faults", json={}).status_code == 200
    assert status_of(scb.server_token()) == (200, 1000)


def test_put_faults_flat_shorthand_sets_the_default(scb: Scb) -> None:
    response = scb.admin("PUT", "/_sandbox/faults", json={"error_rate": 1.0})
    assert response.json()["default"]["error_rate"] == 1.0
    assert status_of(scb.server_token()) == (500, 9700)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"error_rate": 2}, "error_rate"),
        ({"drop_rate": "a lot"}, "drop_rate"),
        ({"latency_ms": -1}, "latency_ms"),
        ({"malformed": "xml"}, "malformed"),
        ({"endpoints": {"nope": {}}}, "nope"),
        ({"default": {"typo": 1}}, "typo"),
        ({"other": 1}, "other"),
        ([], "object"),
    ],
)
def test_put_faults_rejects_nonsense_with_a_clear_message(
    scb: Scb, body: object, words: str
) -> None:
    response = scb.admin("PUT", "/_sandbox/faults", json=body)
    assert response.status_code == 400
    assert words in response.json()["error"]
    assert status_of(scb.server_token()) == (200, 1000)  # nothing changed


def test_put_faults_with_a_non_json_body(scb: Scb) -> None:
    response = scb.admin("PUT", "/_sandbox/faults", content=b"{nope")
    assert response.status_code == 400


def test_reset_restores_the_configured_faults(clock: FakeClock) -> None:
    config = SandboxConfig.default()
    config.faults = Faults(FaultSpec(clock_offset=5))
    with EmbeddedSandbox(config, clock=clock) as box:
        box.set_faults(error_rate=1.0)
        assert box.server.faults.default.error_rate == 1.0
        box.reset()
        assert box.server.faults == config.faults


def test_error_rate_is_random_but_repeatable_with_a_seed(clock: FakeClock) -> None:
    def outcomes(seed: int) -> list[int]:
        config = SandboxConfig.default()
        config.faults = Faults(FaultSpec(error_rate=0.5))
        box = EmbeddedSandbox(config, clock=clock, seed=seed)
        with box, httpx.Client(base_url=box.start()) as http:
            scb = Scb(box, http)
            return [scb.server_token().status_code for _ in range(30)]

    first = outcomes(7)
    assert first == outcomes(7)
    assert set(first) == {200, 500}


def test_set_faults_validates(sandbox: EmbeddedSandbox) -> None:
    with pytest.raises(FaultsError, match="error_rate"):
        sandbox.set_faults(error_rate=3)
    with pytest.raises(FaultsError, match="endpoint"):
        sandbox.set_faults(endpoint="nope", error_rate=1.0)
    with pytest.raises(FaultsError, match="unexpected keyword"):
        sandbox.set_faults(typo=1)
    with pytest.raises(TypeError):
        sandbox.set_faults(Faults(), error_rate=1.0)


def test_fault_spec_json_round_trip() -> None:
    faults = Faults(
        FaultSpec(latency_ms=5, clock_offset=2.5),
        {"profile": FaultSpec(malformed="html", drop_rate=0.25)},
    )
    assert Faults.from_json(json.loads(json.dumps(faults.to_json()))) == faults
