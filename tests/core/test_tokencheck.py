"""Token check: verdicts for tokens, token responses and HARs made by real flows against the local
sandbox (and HARs written by hand where another tool or host is the point); the live check calls
the sandbox only for a token of its environment; any input gives a result or an SCBConsoleError."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scb_console.core.client import SCBClient
from scb_console.core.clock import FakeClock
from scb_console.core.contract import Environment
from scb_console.core.errors import ApiError, InputError, SCBConsoleError
from scb_console.core.exchange import ExchangeLog
from scb_console.core.har import parse_har
from scb_console.core.masking import mask
from scb_console.core.models import TokenKind, TokenSet
from scb_console.core.tokencheck import (
    CheckResult,
    FlowStep,
    InputKind,
    Level,
    TokenFacts,
    Verdict,
    check_har,
    check_input,
    describe_base,
    detect_kind,
    environment_of,
    format_span,
    live_check,
    live_check_refusal,
    parse_bare_token,
    parse_token_response,
    same_base,
)
from scb_console.sandbox import EmbeddedSandbox

from .sandbox_flow import approve, local_profile, user_token

SCB_SANDBOX = "https://api-sandbox.partners.scb/partners/sandbox"
SCB_PRODUCTION = "https://api.partners.scb/partners"


def titles(result: CheckResult | list[Verdict], level: Level | None = None) -> list[str]:
    verdicts = result.verdicts if isinstance(result, CheckResult) else result
    return [v.title for v in verdicts if level is None or v.level is level]


def find(result: CheckResult, words: str) -> Verdict:
    found = [v for v in result.verdicts if words in v.title]
    assert len(found) == 1, titles(result)
    return found[0]


def envelope(token: TokenSet) -> str:
    return json.dumps({"status": {"code": 1000, "description": "Success"}, "data": dict(token.raw)})


def all_text(result: CheckResult) -> str:
    parts = [f"{v.title} {v.detail} {v.request_uid}" for v in result.verdicts]
    parts += [repr(t) for t in result.tokens]
    parts += [f"{r.note} {r.path} {r.origin}" for r in result.flow]
    return "\n".join(parts)


# --- a token: valid, expired, bare ----------------------------------------------------------


async def test_a_valid_token_response_is_valid_by_the_servers_clock(
    client: SCBClient, http: httpx.AsyncClient, sandbox: EmbeddedSandbox, clock: FakeClock
) -> None:
    token = await user_token(client, http, sandbox)
    for text in (envelope(token), json.dumps(dict(token.raw))):  # the envelope, or data alone
        result = check_input(text, clock=clock, resource_owner_id=token.resource_owner_id)
        assert result.kind is InputKind.TOKEN_RESPONSE
        assert result.level is Level.OK, titles(result)
        assert titles(result) == [
            "The access token is valid for 30 min by the server's clock (expiresAt)",
            "Issued about 2025-06-15 15:06:40 UTC by the server's clock",
            "The refresh token is valid for 1 h",
        ]
        facts = result.candidate
        assert facts is not None
        assert facts.access_token == token.access_token
        assert facts.kind is TokenKind.USER
        assert facts.expires_at == token.expires_at
        assert facts.resource_owner_id == token.resource_owner_id
        assert facts.base_url is None  # a pasted answer does not say where it came from
        assert token.access_token not in all_text(result)
        assert mask(token.access_token) in repr(facts)
        assert token.access_token not in repr(facts)


async def test_an_expired_token_is_expired_by_both_clocks(
    client: SCBClient, http: httpx.AsyncClient, sandbox: EmbeddedSandbox, clock: FakeClock
) -> None:
    token = await user_token(client, http, sandbox)
    clock.advance(1801)
    result = check_input(envelope(token), clock=clock)
    assert result.level is Level.ERROR
    expired = find(result, "expired 1 s ago by the server's clock")
    assert expired.level is Level.ERROR
    assert "Refresh it or authorize again" in expired.detail
    assert find(result, "The refresh token is valid for").level is Level.OK
    clock.advance(1800)
    result = check_input(envelope(token), clock=clock)
    assert find(result, "The refresh token expired 1 s ago").level is Level.ERROR


async def test_a_token_expiring_within_five_minutes_is_a_warning(
    client: SCBClient, clock: FakeClock
) -> None:
    token = await client.server_token()
    clock.advance(1800 - 120)
    result = check_input(envelope(token), clock=clock)
    assert result.level is Level.WARN
    assert titles(result, Level.WARN) == [
        "The access token expires in 2 min by the server's clock (expiresAt)"
    ]
    assert result.candidate is not None
    assert result.candidate.kind is TokenKind.SERVER


def test_a_bare_token_has_no_expiry_to_judge() -> None:
    clock = FakeClock()
    for text in (
        "tok-0123456789abcdef",
        "  Bearer tok-0123456789abcdef\n",
        '"tok-0123456789abcdef"',
        "Authorization: Bearer tok-0123456789abcdef",
    ):
        result = check_input(text, clock=clock, resource_owner_id=" owner-1 ")
        assert result.kind is InputKind.TOKEN
        verdict = find(result, "Expiry unknown")
        assert verdict.level is Level.WARN
        assert "Only a live call" in verdict.detail
        facts = result.candidate
        assert facts is not None
        assert facts.access_token == "tok-0123456789abcdef"
        assert facts.resource_owner_id == "owner-1"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "Nothing to check"),
        ("Bearer ", "Nothing to check"),
        ("two words", "contains spaces or line breaks"),
        ("tok\x00en", "a control character"),
        ("tökén", "the character 'ö'"),
        ("abcd…(36)", "This token is masked (abcd…(36))"),
        ("x" * 9000, "at most 8192"),
    ],
)
def test_what_is_not_a_token_is_a_clear_input_error(text: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        parse_bare_token(text)
    assert words in str(info.value)


def test_token_response_oddities_become_verdicts() -> None:
    clock = FakeClock()
    now = int(clock.wall())
    facts, verdicts = parse_token_response(
        json.dumps(
            {
                "accessToken": "a" * 36,
                "expiresIn": "1800",
                "expiresAt": (now + 1800) * 1000,
                "refreshExpiresIn": True,
            }
        )
    )
    assert facts is not None
    assert facts.expires_in == 1800
    assert facts.expires_at == now + 1800
    assert facts.refresh_expires_in is None
    found = titles(verdicts)
    assert "expiresIn is a string" in found
    assert "expiresAt looks like milliseconds" in found
    assert "refreshExpiresIn is not a number" in found


def test_an_error_envelope_says_what_scb_refused() -> None:
    text = json.dumps(
        {"status": {"code": 9500, "description": "Invalid authorization credentials"}, "data": None}
    )
    result = check_input(text, clock=FakeClock())
    assert result.tokens == ()
    verdict = find(result, "This is SCB's error answer 9500, not a token")
    assert verdict.level is Level.ERROR
    assert "API key and secret" in verdict.detail


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"status": {"code": 1000}, "data": "x"}', "data is not an object"),
        ('{"status": {"code": 1000}, "data": {"tokenType": "Bearer"}}', "has no accessToken"),
        ("[1]", "not an object"),
        ('{"accessToken": "abc', "cut short"),
        ('{"accessToken": }', "not valid JSON"),
    ],
)
def test_what_is_not_a_token_response_is_a_clear_input_error(text: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        check_input(text, clock=FakeClock())
    assert words in str(info.value)


def test_input_kinds_are_detected() -> None:
    assert detect_kind("abc") is InputKind.TOKEN
    assert detect_kind('{"data": {}}') is InputKind.TOKEN_RESPONSE
    assert detect_kind('\ufeff {"log": {"entries": []}}') is InputKind.HAR
    assert detect_kind("[]") is InputKind.TOKEN_RESPONSE


def test_helpers() -> None:
    assert format_span(0.4) == "0 s"
    assert format_span(61) == "1 min 1 s"
    assert format_span(7200) == "2 h"
    assert format_span(3 * 86400 + 3600) == "3 d 1 h"
    assert environment_of(SCB_SANDBOX) is Environment.SANDBOX
    assert environment_of(SCB_PRODUCTION + "/x") is Environment.PRODUCTION
    assert environment_of("http://127.0.0.1:9/partners/sandbox") is Environment.LOCAL
    assert environment_of("http://localhost/") is Environment.LOCAL
    assert environment_of("https://gw.example.test") is Environment.CUSTOM
    assert same_base("HTTPS://API.partners.scb:443/partners/", SCB_PRODUCTION)
    assert not same_base(SCB_SANDBOX, SCB_PRODUCTION)
    assert describe_base(SCB_SANDBOX) == "SCB sandbox (api-sandbox.partners.scb)"
    assert describe_base("http://127.0.0.1:8766/x") == "Local sandbox (127.0.0.1:8766)"


# --- a HAR of a failed flow, made for real ----------------------------------------------------


async def test_a_har_of_a_failed_flow_shows_what_went_wrong(
    http: httpx.AsyncClient,
    sandbox: EmbeddedSandbox,
    clock: FakeClock,
    log: ExchangeLog,
) -> None:
    profile = local_profile(sandbox)
    wrong = SCBClient(http, profile, "not-the-secret-000000", clock=clock, log=log)
    with pytest.raises(ApiError):
        await wrong.server_token()
    right = SCBClient(http, profile, sandbox.config.apps[0].api_secret, clock=clock, log=log)
    code = await approve(http, sandbox, await right.authorize())
    clock.advance(61)
    with pytest.raises(ApiError):
        await right.exchange_code(code)  # expired
    token = await user_token(right, http, sandbox)  # then it worked
    records = log.records
    uids = {r.step + str(i): r.request_uid for i, r in enumerate(records)}
    assert len(records) == 5

    result = check_input(json.dumps(log.to_har()), clock=clock)

    assert result.kind is InputKind.HAR
    assert result.entry_count == 5
    assert [row.step for row in result.flow] == [
        FlowStep.SERVER_TOKEN,
        FlowStep.AUTHORIZE,
        FlowStep.EXCHANGE,
        FlowStep.AUTHORIZE,
        FlowStep.EXCHANGE,
    ]
    assert [row.level for row in result.flow] == [
        Level.ERROR,
        Level.OK,
        Level.ERROR,
        Level.OK,
        Level.OK,
    ]
    assert [row.request_uid for row in result.flow] == [r.request_uid for r in records]
    assert result.flow[0].status == 401
    assert result.flow[0].scb_code == 9500
    assert result.flow[0].note == "wrong API key or secret"

    secret = find(result, "Wrong API key or secret")
    assert secret.level is Level.ERROR
    assert secret.request_uid == uids["server_token0"]
    assert "9500" in secret.detail
    assert "Local sandbox (127.0.0.1:" in secret.detail

    expired = next(v for v in result.verdicts if v.request_uid == uids["exchange_code2"])
    assert expired.level is Level.ERROR
    assert expired.title == "Expired or already used authorization code"
    assert "1 min 1 s after the authorize request" in expired.detail
    assert "most likely expired" in expired.detail

    assert find(result, "The code was exchanged for a user token").request_uid == (
        token.request_uid
    )
    assert result.sorted_verdicts()[0].level is Level.ERROR
    # tokens are masked in the HAR: known, but not sendable
    candidate = result.candidate
    assert candidate is None
    assert result.tokens[0].is_masked
    assert result.tokens[0].masked == mask(token.access_token)
    assert token.access_token not in all_text(result)


async def test_a_reused_code_and_a_dead_refresh_token(
    client: SCBClient,
    http: httpx.AsyncClient,
    sandbox: EmbeddedSandbox,
    clock: FakeClock,
    log: ExchangeLog,
) -> None:
    code = await approve(http, sandbox, await client.authorize())
    token = await client.exchange_code(code)
    with pytest.raises(ApiError):
        await client.exchange_code(code)
    clock.advance(3601)
    with pytest.raises(ApiError):
        await client.refresh(token)
    result = check_input(json.dumps(log.to_har()), clock=clock)
    reused = find(result, "Reused authorization code")
    assert reused.request_uid == log.records[2].request_uid
    assert f"same code ({mask(code)}) was already sent" in reused.detail
    assert log.records[1].request_uid in reused.detail
    dead = find(result, "Dead refresh token")
    assert dead.request_uid == log.records[3].request_uid
    assert "it had expired 1 s before this refresh" in dead.detail
    assert [row.note for row in result.flow][2:] == [
        "reused authorization code",
        "dead refresh token",
    ]


async def test_clock_skew_in_a_har_is_flagged(
    client: SCBClient, sandbox: EmbeddedSandbox, clock: FakeClock, log: ExchangeLog
) -> None:
    sandbox.set_faults(endpoint="token", clock_offset=120)
    await client.server_token()
    result = check_input(json.dumps(log.to_har()), clock=clock)
    skew = find(result, "Clock skew of about +120.0 s with Local sandbox")
    assert skew.level is Level.WARN
    assert skew.request_uid == log.records[0].request_uid
    assert "Date header" in skew.detail
    assert result.flow[0].level is Level.WARN


async def test_a_clean_har_has_no_problem(
    client: SCBClient,
    http: httpx.AsyncClient,
    sandbox: EmbeddedSandbox,
    clock: FakeClock,
    log: ExchangeLog,
) -> None:
    await client.server_token()
    token = await user_token(client, http, sandbox)
    await client.customer_profile(token)
    clock.advance(100)
    await client.refresh(token)
    result = check_input(json.dumps(log.to_har()), clock=clock)
    assert titles(result, Level.ERROR) == []
    assert titles(result, Level.WARN) == []
    assert "The customer profile call succeeded" in titles(result)
    assert "The refresh returned a new access token" in titles(result)
    user = [t for t in result.tokens if t.kind is TokenKind.USER]
    assert user[-1].resource_owner_id == token.resource_owner_id  # carried to the refresh


# --- hand-written HARs: other hosts, other tools ----------------------------------------------


def entry(
    started: str,
    method: str,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    body: Any = None,
    status: int = 200,
    answer: Any = None,
    response_headers: dict[str, str] | None = None,
    time: float = 40.0,
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "method": method,
        "url": url,
        "headers": [{"name": k, "value": v} for k, v in (headers or {}).items()],
    }
    if body is not None:
        request["postData"] = {"mimeType": "application/json", "text": json.dumps(body)}
    return {
        "startedDateTime": started,
        "time": time,
        "request": request,
        "response": {
            "status": status,
            "headers": [{"name": k, "value": v} for k, v in (response_headers or {}).items()],
            "content": {"mimeType": "application/json", "text": json.dumps(answer or {})},
        },
    }


ACCESS = "c0ffee00-1111-4222-8333-444455556666"
REFRESH = "deadbeef-1111-4222-8333-444455556666"
CODE = "0c0de000-1111-4222-8333-444455556666"


def ok(data: dict[str, Any]) -> dict[str, Any]:
    return {"status": {"code": 1000, "description": "Success"}, "data": data}


def token_data(issued: int) -> dict[str, Any]:
    return {
        "accessToken": ACCESS,
        "tokenType": "Bearer",
        "expiresIn": 1800,
        "expiresAt": issued + 1800,
        "refreshToken": REFRESH,
        "refreshExpiresIn": 3600,
        "refreshExpiresAt": issued + 3600,
    }


def hand_written_har() -> dict[str, Any]:
    """A partner's proxy HAR: a code from SCB's sandbox exchanged, then the token sent to
    production without a resourceOwnerId."""
    issued = 1_750_000_100
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "mitmproxy", "version": "10"},
            "entries": [
                entry(
                    "2025-06-15T15:08:20.000Z",
                    "POST",
                    f"{SCB_SANDBOX}/v1/oauth/token",
                    headers={"requestUId": "uid-exchange", "resourceOwnerId": "key"},
                    body={"applicationKey": "key", "applicationSecret": "s" * 24, "authCode": CODE},
                    answer=ok(token_data(issued)),
                    response_headers={
                        "Date": "Sun, 15 Jun 2025 15:08:20 GMT",
                        "resourceOwnerId": "customer-42",
                    },
                ),
                entry(
                    "2025-06-15T15:09:00.000Z",
                    "GET",
                    f"{SCB_PRODUCTION}/v2/customers/profile",
                    headers={"authorization": f"Bearer {ACCESS}", "requestUId": "uid-profile"},
                    status=401,
                    answer={"status": {"code": 9500, "description": "Invalid"}, "data": None},
                ),
                entry(  # unrelated traffic is left out of the flow
                    "2025-06-15T15:09:01.000Z", "GET", "https://cdn.example.test/app.js"
                ),
            ],
        }
    }


def test_a_token_used_against_another_host_is_the_wrong_environment() -> None:
    clock = FakeClock(wall=1_750_000_200)
    result = check_input(json.dumps(hand_written_har()), clock=clock)
    assert [row.step for row in result.flow] == [FlowStep.EXCHANGE, FlowStep.PROFILE]
    assert result.entry_count == 3
    wrong = find(result, "A token was used against the wrong environment")
    assert wrong.level is Level.ERROR
    assert wrong.request_uid == "uid-profile"
    assert f"The access token {mask(ACCESS)} was issued by SCB sandbox" in wrong.detail
    assert "(requestUId uid-exchange)" in wrong.detail
    assert "then sent to SCB production (api.partners.scb)" in wrong.detail
    missing = find(result, "The profile call has no resourceOwnerId header")
    assert missing.request_uid == "uid-profile"
    assert find(result, "The access token was refused").request_uid == "uid-profile"
    row = result.flow[1]
    assert row.level is Level.ERROR
    assert "token from another environment" in row.note
    assert "no resourceOwnerId header" in row.note
    # the token is known in full: the live check may try it, where it came from
    candidate = result.candidate
    assert candidate is not None
    assert candidate.access_token == ACCESS
    assert candidate.base_url == SCB_SANDBOX
    assert candidate.resource_owner_id == "customer-42"
    text = all_text(result)
    for secret in (ACCESS, REFRESH, CODE):
        assert secret not in text


def test_a_code_exchanged_more_than_60_s_after_the_redirect_expired() -> None:
    doc = {
        "log": {
            "entries": [
                entry(
                    "2025-06-15T15:06:40.000Z",
                    "GET",
                    f"{SCB_SANDBOX}/v2/oauth/authorize",
                    headers={"requestUId": "uid-auth"},
                    answer=ok({"callbackUrl": "scbeasysim://login/x"}),
                ),
                entry(  # the redirect to the partner's callback, caught by their proxy
                    "2025-06-15T15:07:00.000Z",
                    "GET",
                    f"https://partner.example.test/callback?code={CODE}&state=s1",
                    status=302,
                    answer={},
                ),
                entry(
                    "2025-06-15T15:08:15.500Z",
                    "POST",
                    f"{SCB_SANDBOX}/v1/oauth/token",
                    headers={"requestUId": "uid-late"},
                    body={"applicationKey": "k", "applicationSecret": "s" * 24, "authCode": CODE},
                    status=401,
                    answer={
                        "status": {"code": 9300, "description": "Invalid/expired temporary token"},
                        "data": None,
                    },
                    response_headers={"Date": "Sun, 15 Jun 2025 15:08:15 GMT"},
                ),
            ]
        }
    }
    result = check_input(json.dumps(doc), clock=FakeClock())
    assert [row.step for row in result.flow] == [
        FlowStep.AUTHORIZE,
        FlowStep.REDIRECT,
        FlowStep.EXCHANGE,
    ]
    assert result.flow[1].note == f"code {mask(CODE)}"
    expired = find(result, "Expired authorization code")
    assert expired.request_uid == "uid-late"
    assert "1 min 15 s after the redirect: a code lives 60 s" in expired.detail
    assert titles(result, Level.WARN) == []  # the Date header agrees with the local clock


def test_skew_from_expires_at_and_a_late_date_header() -> None:
    issued = 1_750_000_100
    data = token_data(issued + 300)  # the server's clock is 5 minutes ahead
    doc = {
        "log": {
            "entries": [
                entry(
                    "2025-06-15T15:08:20.000Z",
                    "POST",
                    f"{SCB_SANDBOX}/v1/oauth/token",
                    headers={"requestUId": "uid-1"},
                    body={"applicationKey": "k"},
                    answer=ok(data),
                )
            ]
        }
    }
    result = check_input(json.dumps(doc), clock=FakeClock(wall=issued))
    skew = find(result, "Clock skew of about +300.0 s with SCB sandbox")
    assert "expiresAt" in skew.detail


def test_a_har_without_auth_calls_says_so() -> None:
    doc = {"log": {"entries": [entry("2025-06-15T15:08:20Z", "GET", "https://x.test/")]}}
    result = check_input(json.dumps(doc), clock=FakeClock())
    assert titles(result) == ["No SCB auth calls in this HAR"]
    assert result.flow == ()


def test_a_har_with_no_answer_and_a_server_error() -> None:
    doc = {
        "log": {
            "entries": [
                {
                    **entry("2025-06-15T15:08:20Z", "POST", f"{SCB_SANDBOX}/v1/oauth/token"),
                    "response": {"status": 0, "_error": "timed out"},
                },
                entry(
                    "2025-06-15T15:08:30Z",
                    "POST",
                    f"{SCB_SANDBOX}/v1/oauth/token",
                    status=500,
                    answer={"status": {"code": 9700, "description": "boom"}, "data": None},
                ),
            ]
        }
    }
    result = check_input(json.dumps(doc), clock=FakeClock())
    assert find(result, "No answer to the server token").level is Level.ERROR
    assert "timed out" in find(result, "No answer to the server token").detail
    failed = find(result, "The server token failed (9700)")
    assert "give SCB support the requestUId" in failed.detail


# --- the live check ---------------------------------------------------------------------------


async def test_the_live_check_calls_the_sandbox_for_a_token_of_its_environment(
    client: SCBClient,
    http: httpx.AsyncClient,
    sandbox: EmbeddedSandbox,
    clock: FakeClock,
    log: ExchangeLog,
) -> None:
    token = await user_token(client, http, sandbox)
    result = check_input(envelope(token), clock=clock, resource_owner_id=token.resource_owner_id)
    facts = result.candidate
    assert facts is not None

    refusal = live_check_refusal(facts, client)
    assert refusal is not None
    assert refusal.startswith("Not sent: confirm that this token was issued by Local sandbox")
    before = len(sandbox.requests())
    verdict = await live_check(facts, client)
    assert verdict.level is Level.WARN
    assert len(sandbox.requests()) == before  # nothing was sent

    verdict = await live_check(facts, client, confirmed=True)
    assert verdict.level is Level.OK, verdict
    assert verdict.title == "The token works: the customer profile call succeeded"
    assert verdict.request_uid == log.records[-1].request_uid
    assert log.records[-1].step == "customer_profile"
    journal = [e for e in sandbox.requests() if e["requestUId"] == verdict.request_uid]
    assert len(journal) == 1
    assert token.access_token not in f"{verdict.title} {verdict.detail}"

    clock.advance(1801)  # the same token, expired
    verdict = await live_check(facts, client, confirmed=True)
    assert verdict.level is Level.ERROR
    assert (
        verdict.title
        == "The token does not work: Local sandbox (127.0.0.1:"
        + str(httpx.URL(sandbox.base_url).port)
        + ") refused it (9500)"
    )
    assert verdict.request_uid == log.records[-1].request_uid


async def test_the_live_check_refuses_a_token_of_another_environment(
    client: SCBClient,
    http: httpx.AsyncClient,
    sandbox: EmbeddedSandbox,
    clock: FakeClock,
    log: ExchangeLog,
) -> None:
    # a HAR says the token came from SCB's sandbox; the active profile is the local one
    result = check_input(json.dumps(hand_written_har()), clock=clock)
    facts = result.candidate
    assert facts is not None
    before = (len(sandbox.requests()), len(log))
    refusal = live_check_refusal(facts, client, confirmed=True)  # confirming changes nothing
    assert refusal is not None
    assert "this token came from SCB sandbox (api-sandbox.partners.scb)" in refusal
    assert "the active profile 'Partner app' talks to Local sandbox" in refusal
    verdict = await live_check(facts, client, confirmed=True)
    assert verdict == Verdict(Level.WARN, "Live check not sent", refusal)
    assert (len(sandbox.requests()), len(log)) == before

    # a token pasted alone, with a profile of SCB's sandbox active: refused unless confirmed
    scb = SCBClient(
        http,
        local_profile(sandbox, name="SCB", environment=Environment.SANDBOX),
        "secret",
        clock=clock,
        log=log,
    )
    pasted = dataclasses.replace(facts, base_url=None)
    assert "confirm that this token was issued by SCB sandbox" in (
        live_check_refusal(pasted, scb) or ""
    )
    # and one from the HAR of a local flow, to another local sandbox: another environment
    moved = dataclasses.replace(facts, base_url="http://127.0.0.1:1/partners/sandbox")
    assert "came from Local sandbox (127.0.0.1:1)" in (live_check_refusal(moved, client) or "")
    # masked tokens and missing resourceOwnerIds are not sent either
    masked = dataclasses.replace(facts, access_token=mask(ACCESS), base_url=None)
    assert "the token is masked" in (live_check_refusal(masked, client, confirmed=True) or "")
    ownerless = dataclasses.replace(facts, resource_owner_id=None, base_url=None)
    assert "needs the customer's resourceOwnerId" in (
        live_check_refusal(ownerless, client, confirmed=True) or ""
    )
    assert (len(sandbox.requests()), len(log)) == before


async def test_a_har_token_of_the_active_environment_is_checked_live(
    client: SCBClient,
    http: httpx.AsyncClient,
    sandbox: EmbeddedSandbox,
    clock: FakeClock,
) -> None:
    """A partner's unmasked HAR (written by hand from a real exchange): where it came from is
    known, so no confirmation is needed."""
    token = await user_token(client, http, sandbox)
    exchange = entry(
        "2025-06-15T15:06:40Z",
        "POST",
        f"{sandbox.base_url}/v1/oauth/token",
        headers={"requestUId": token.request_uid},
        body={"authCode": "x" * 36},
        answer=ok(dict(token.raw)),
        response_headers={"resourceOwnerId": token.resource_owner_id or ""},
    )
    result = check_input(json.dumps({"log": {"entries": [exchange]}}), clock=clock)
    facts = result.candidate
    assert facts is not None
    assert facts.base_url == sandbox.base_url
    assert live_check_refusal(facts, client) is None
    verdict = await live_check(facts, client)
    assert verdict.level is Level.OK


async def test_a_live_check_that_cannot_connect_is_a_warning(
    sandbox: EmbeddedSandbox, clock: FakeClock
) -> None:
    async with httpx.AsyncClient() as http:
        dead = SCBClient(
            http,
            local_profile(sandbox, base_url="http://127.0.0.1:1/partners/sandbox", timeout=5),
            "s",
            clock=clock,
        )
        facts = TokenFacts(access_token="t" * 36, resource_owner_id="c-1")
        verdict = await live_check(facts, dead, confirmed=True)
    assert verdict.level is Level.WARN
    assert verdict.title == "Could not reach Local sandbox (127.0.0.1:1)"


# --- strangers' input -----------------------------------------------------------------------


def _check_or_error(data: bytes | str, **kwargs: Any) -> CheckResult | SCBConsoleError:
    try:
        return check_input(data, clock=FakeClock(), **kwargs)
    except SCBConsoleError as exc:
        return exc


def _sane(result: CheckResult | SCBConsoleError) -> None:
    if isinstance(result, SCBConsoleError):
        assert str(result)
        assert "\n" not in str(result)
        return
    for verdict in result.verdicts:
        assert verdict.title
        assert isinstance(verdict.level, Level)
    result.sorted_verdicts()
    _ = (result.level, result.candidate)


_keys = st.sampled_from(
    [
        "status",
        "code",
        "description",
        "data",
        "accessToken",
        "tokenType",
        "expiresIn",
        "expiresAt",
        "refreshToken",
        "refreshExpiresIn",
        "refreshExpiresAt",
        "log",
        "entries",
        "request",
        "response",
        "url",
        "method",
        "headers",
        "name",
        "value",
        "postData",
        "text",
        "content",
        "startedDateTime",
        "time",
        "authCode",
        "_step",
        "_scbCode",
        "redirectURL",
    ]
)
_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "2025-06-15T15:06:40Z",
            f"{SCB_SANDBOX}/v1/oauth/token",
            f"{SCB_SANDBOX}/v1/oauth/token/refresh",
            f"{SCB_PRODUCTION}/v2/customers/profile",
            "https://partner.test/cb?code=abc",
            "Bearer " + ACCESS,
            "Sun, 15 Jun 2025 15:08:20 GMT",
            "authorization",
            "date",
            "resourceOwnerId",
            "requestUId",
            "POST",
        ]
    ),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_keys, children, max_size=6),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.one_of(st.none(), st.text(max_size=20)))
def test_the_token_parser_takes_any_text(text: str, owner: str | None) -> None:
    try:
        facts = parse_bare_token(text, resource_owner_id=owner)
    except InputError as exc:
        _sane(exc)
    else:
        assert facts.access_token
        assert all("!" <= ch <= "~" for ch in facts.access_token)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), _json.map(json.dumps)))
def test_the_token_response_parser_takes_any_input(data: bytes | str) -> None:
    try:
        facts, verdicts = parse_token_response(data)
    except InputError as exc:
        _sane(exc)
    else:
        assert facts is not None or verdicts
        for verdict in verdicts:
            assert verdict.title


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_any_bytes_give_a_result_or_a_clear_error(data: bytes) -> None:
    _sane(_check_or_error(data))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.text(max_size=20))
def test_any_text_gives_a_result_or_a_clear_error(text: str, owner: str) -> None:
    _sane(_check_or_error(text, resource_owner_id=owner))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_json)
def test_any_json_gives_a_result_or_a_clear_error(value: Any) -> None:
    for doc in (value, {"data": value}, {"status": {"code": 1000}, "data": value}):
        _sane(_check_or_error(json.dumps(doc)))
    for kind in InputKind:
        _sane(_check_or_error(json.dumps(value), kind=kind))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_json, max_size=6))
def test_any_har_entries_give_a_result(entries: list[Any]) -> None:
    log = parse_har(json.dumps({"log": {"entries": entries}}))
    _sane(check_har(log, clock=FakeClock()))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "startedDateTime": st.sampled_from(
                    ["2025-06-15T15:06:40Z", "2025-06-15T15:08:40Z", "x", "9999-12-31T23:59:59Z"]
                ),
                "time": st.one_of(st.none(), st.floats(), st.integers()),
                "request": st.fixed_dictionaries(
                    {
                        "method": st.sampled_from(["GET", "POST"]),
                        "url": st.sampled_from(
                            [
                                f"{SCB_SANDBOX}/v1/oauth/token",
                                f"{SCB_SANDBOX}/v1/oauth/token/refresh",
                                f"{SCB_PRODUCTION}/v2/customers/profile",
                                f"{SCB_SANDBOX}/v2/oauth/authorize",
                                "https://p.test/cb?code=c0de",
                            ]
                        ),
                        "headers": st.lists(
                            st.fixed_dictionaries(
                                {
                                    "name": st.sampled_from(
                                        ["authorization", "resourceOwnerId", "requestUId"]
                                    ),
                                    "value": st.sampled_from(["Bearer " + ACCESS, "", "x y", "u"]),
                                }
                            ),
                            max_size=3,
                        ),
                        "postData": st.fixed_dictionaries({"text": _json.map(json.dumps)}),
                    }
                ),
                "response": st.fixed_dictionaries(
                    {
                        "status": st.sampled_from([0, 200, 401, 500]),
                        "headers": st.just(
                            [{"name": "Date", "value": "Sun, 15 Jun 2025 15:08:20 GMT"}]
                        ),
                        "content": st.fixed_dictionaries(
                            {
                                "text": st.one_of(
                                    _json.map(json.dumps),
                                    st.builds(
                                        lambda d: json.dumps(ok(d)),
                                        st.dictionaries(_keys, _json, max_size=6),
                                    ),
                                    st.just(json.dumps(ok(token_data(1_750_000_000)))),
                                )
                            }
                        ),
                    }
                ),
            }
        ),
        max_size=6,
    )
)
def test_flow_shaped_hars_give_a_result(entries: list[Any]) -> None:
    log = parse_har(json.dumps({"log": {"entries": entries}}))
    _sane(check_har(log, clock=FakeClock()))
