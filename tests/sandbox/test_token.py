"""POST /v1/oauth/token (server token and code exchange) and the error table, over loopback."""

from __future__ import annotations

import email.utils
import uuid

import httpx
import pytest

from scb_console.core.clock import FakeClock
from scb_console.core.contract import PATH_AUTHORIZE, PATH_PROFILE, PATH_REFRESH, PATH_TOKEN
from scb_console.sandbox import DEMO_API_KEY, DEMO_API_SECRET, EmbeddedSandbox
from tests.sandbox.conftest import CUSTOMER, Scb, status_of

GOOD_BODY = {"applicationKey": DEMO_API_KEY, "applicationSecret": DEMO_API_SECRET}


def test_server_token_has_the_contract_shape(scb: Scb, clock: FakeClock) -> None:
    response = scb.server_token()
    assert status_of(response) == (200, 1000)
    body = response.json()
    assert body["status"]["description"] == "Success"
    data = body["data"]
    assert set(data) == {"accessToken", "tokenType", "expiresIn", "expiresAt"}
    assert data["tokenType"] == "Bearer"
    assert data["expiresIn"] == 1800
    assert data["expiresAt"] == int(clock.wall()) + 1800
    assert isinstance(data["accessToken"], str)
    assert len(data["accessToken"]) > 20
    assert response.headers["content-type"].startswith("application/json")
    assert "resourceOwnerId" not in response.headers


def test_two_server_tokens_differ(scb: Scb) -> None:
    first = scb.server_token().json()["data"]["accessToken"]
    second = scb.server_token().json()["data"]["accessToken"]
    assert first != second
    assert first[:4] != second[:4]  # masks keep 4 characters: two tokens must tell apart


def test_date_header_comes_from_the_sandbox_clock(scb: Scb, clock: FakeClock) -> None:
    clock.advance(3600)
    response = scb.server_token()
    assert email.utils.parsedate_to_datetime(response.headers["date"]).timestamp() == int(
        clock.wall()
    )
    error = scb.client.get(PATH_TOKEN)  # errors carry it too
    assert email.utils.parsedate_to_datetime(error.headers["date"]).timestamp() == int(clock.wall())


def test_header_names_are_case_insensitive(scb: Scb) -> None:
    headers = {"RESOURCEOWNERID": DEMO_API_KEY, "RequestUid": str(uuid.uuid4())}
    response = scb.client.post(
        PATH_TOKEN, headers={**headers, "CONTENT-TYPE": "application/json"}, json=GOOD_BODY
    )
    assert status_of(response) == (200, 1000)
    authorize = scb.client.get(
        PATH_AUTHORIZE,
        headers={
            "APIKEY": DEMO_API_KEY,
            "ApiSecret": DEMO_API_SECRET,
            "resourceownerid": DEMO_API_KEY,
            "REQUESTUID": "r-1",
            "Response-Channel": "mobile",
            "ENDSTATE": "mobile_web",
        },
    )
    assert status_of(authorize) == (200, 1000)


def test_resource_owner_id_may_be_any_non_empty_value(scb: Scb) -> None:
    response = scb.client.post(
        PATH_TOKEN,
        headers={"resourceOwnerId": str(uuid.uuid4()), "requestUId": "r"},
        json=GOOD_BODY,
    )
    assert status_of(response) == (200, 1000)


@pytest.mark.parametrize("missing", ["resourceOwnerId", "requestUId"])
def test_missing_header_is_400_9100_naming_it(scb: Scb, missing: str) -> None:
    headers = scb.headers()
    del headers[missing]
    response = scb.client.post(PATH_TOKEN, headers=headers, json=GOOD_BODY)
    assert status_of(response) == (400, 9100)
    assert response.json()["status"]["description"] == (
        f"Required standard headers ({missing}) not found"
    )


def test_empty_header_counts_as_missing(scb: Scb) -> None:
    response = scb.client.post(PATH_TOKEN, headers=scb.headers(requestUId=""), json=GOOD_BODY)
    assert status_of(response) == (400, 9100)
    assert "requestUId" in response.json()["status"]["description"]


def test_missing_content_type_is_a_missing_header(scb: Scb) -> None:
    response = scb.client.post(PATH_TOKEN, headers=scb.headers(), content=b'{"a": "b"}')
    assert status_of(response) == (400, 9100)
    assert "content-type" in response.json()["status"]["description"]


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_wrong_content_type_is_415(scb: Scb, content_type: str) -> None:
    response = scb.client.post(
        PATH_TOKEN,
        headers=scb.headers(**{"content-type": content_type}),
        content=b'{"applicationKey": "x"}',
    )
    assert status_of(response) == (415, 9901)


def test_json_with_charset_is_fine(scb: Scb) -> None:
    response = scb.client.post(
        PATH_TOKEN,
        headers=scb.headers(**{"content-type": "application/json; charset=utf-8"}),
        content=httpx.Request("POST", "http://x", json=GOOD_BODY).read(),
    )
    assert status_of(response) == (200, 1000)


@pytest.mark.parametrize(
    "raw", [b"{not json", b"", b'{"applicationKey": ', b"\xff\xfe", b"[1, 2]", b'"text"']
)
def test_malformed_json_is_400_1102(scb: Scb, raw: bytes) -> None:
    response = scb.client.post(
        PATH_TOKEN, headers=scb.headers(**{"content-type": "application/json"}), content=raw
    )
    assert status_of(response) == (400, 1102)


@pytest.mark.parametrize("field", ["applicationKey", "applicationSecret"])
def test_missing_body_field_is_400_1101(scb: Scb, field: str) -> None:
    body = dict(GOOD_BODY)
    del body[field]
    response = scb.client.post(PATH_TOKEN, headers=scb.headers(), json=body)
    assert status_of(response) == (400, 1101)
    assert field in response.json()["status"]["description"]


def test_null_field_is_missing(scb: Scb) -> None:
    response = scb.client.post(
        PATH_TOKEN, headers=scb.headers(), json={**GOOD_BODY, "applicationSecret": None}
    )
    assert status_of(response) == (400, 1101)


@pytest.mark.parametrize("field", ["applicationKey", "applicationSecret", "authCode"])
def test_empty_string_is_400_1103(scb: Scb, field: str) -> None:
    response = scb.client.post(PATH_TOKEN, headers=scb.headers(), json={**GOOD_BODY, field: ""})
    assert status_of(response) == (400, 1103)
    assert field in response.json()["status"]["description"]


def test_unknown_body_field_is_400_1105(scb: Scb) -> None:
    response = scb.client.post(
        PATH_TOKEN, headers=scb.headers(), json={**GOOD_BODY, "grantType": "client_credentials"}
    )
    assert status_of(response) == (400, 1105)
    assert "grantType" in response.json()["status"]["description"]


def test_non_string_field_is_400_1102(scb: Scb) -> None:
    response = scb.client.post(
        PATH_TOKEN, headers=scb.headers(), json={**GOOD_BODY, "applicationKey": 42}
    )
    assert status_of(response) == (400, 1102)


@pytest.mark.parametrize(
    "body",
    [
        {"applicationKey": DEMO_API_KEY, "applicationSecret": "wrong"},
        {"applicationKey": "unknown-key", "applicationSecret": DEMO_API_SECRET},
    ],
)
def test_wrong_key_or_secret_is_401_9500(scb: Scb, body: dict[str, str]) -> None:
    response = scb.client.post(PATH_TOKEN, headers=scb.headers(), json=body)
    assert status_of(response) == (401, 9500)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", PATH_TOKEN),
        ("PUT", PATH_TOKEN),
        ("DELETE", PATH_TOKEN),
        ("POST", PATH_AUTHORIZE),
        ("GET", PATH_REFRESH),
        ("POST", PATH_PROFILE),
        ("HEAD", PATH_AUTHORIZE),
    ],
)
def test_wrong_method_is_405_9900(scb: Scb, method: str, path: str) -> None:
    response = scb.client.request(method, path, headers=scb.headers())
    assert response.status_code == 405
    if method != "HEAD":
        assert status_of(response) == (405, 9900)
        assert response.headers["content-type"].startswith("application/json")


def test_unknown_path_is_an_envelope_not_an_html_page(scb: Scb) -> None:
    response = scb.client.get("/v9/nothing")
    assert status_of(response) == (404, 1104)


def test_oversized_body_is_an_envelope(scb: Scb) -> None:
    response = scb.client.post(
        PATH_TOKEN,
        headers=scb.headers(**{"content-type": "application/json"}),
        content=b'{"applicationKey": "' + b"x" * 100_000 + b'"}',
    )
    assert status_of(response)[1] == 1102


# --- code exchange ------------------------------------------------------------------------------


def test_code_exchange_adds_refresh_fields_and_the_owner_header(scb: Scb, clock: FakeClock) -> None:
    response = scb.exchange(scb.code())
    assert status_of(response) == (200, 1000)
    data = response.json()["data"]
    assert set(data) == {
        "accessToken",
        "tokenType",
        "expiresIn",
        "expiresAt",
        "refreshToken",
        "refreshExpiresIn",
        "refreshExpiresAt",
    }
    now = int(clock.wall())
    assert (data["expiresIn"], data["expiresAt"]) == (1800, now + 1800)
    assert (data["refreshExpiresIn"], data["refreshExpiresAt"]) == (3600, now + 3600)
    assert response.headers["resourceOwnerId"] == CUSTOMER
    assert response.headers["RESOURCEOWNERID"] == CUSTOMER


def test_code_is_single_use(scb: Scb) -> None:
    code = scb.code()
    assert status_of(scb.exchange(code)) == (200, 1000)
    again = scb.exchange(code)
    assert status_of(again) == (401, 9300)


def test_unknown_code_is_401_9300(scb: Scb) -> None:
    assert status_of(scb.exchange(str(uuid.uuid4()))) == (401, 9300)


def test_code_expires_after_60_seconds(scb: Scb, clock: FakeClock) -> None:
    alive, dead = scb.code(), scb.code()
    clock.advance(59.9)
    assert status_of(scb.exchange(alive)) == (200, 1000)
    clock.advance(0.1)
    assert status_of(scb.exchange(dead)) == (401, 9300)


def test_code_of_another_app_is_refused_and_not_spent(sandbox: EmbeddedSandbox) -> None:
    from scb_console.sandbox import SandboxApp

    other = SandboxApp("other", "other-key", "other-secret", {"mobile_app": "http://127.0.0.1:1/"})
    sandbox.config.apps.append(other)
    with httpx.Client(base_url=sandbox.base_url) as http:
        scb = Scb(sandbox, http)
        code = scb.code()
        scb.key, scb.secret = other.api_key, other.api_secret
        assert status_of(scb.exchange(code)) == (401, 9300)
        scb.key, scb.secret = DEMO_API_KEY, DEMO_API_SECRET
        assert status_of(scb.exchange(code)) == (200, 1000)


def test_code_exchange_with_wrong_secret_does_not_spend_the_code(scb: Scb) -> None:
    code = scb.code()
    scb.secret = "wrong"
    assert status_of(scb.exchange(code)) == (401, 9500)
    scb.secret = DEMO_API_SECRET
    assert status_of(scb.exchange(code)) == (200, 1000)


def test_state_and_code_challenge_fields_are_accepted(scb: Scb) -> None:
    response = scb.server_token(authCode=scb.code(), state="s-1", codeChallenge="abc")
    assert status_of(response) == (200, 1000)


async def test_concurrent_exchanges_of_one_code_exactly_one_wins(scb: Scb) -> None:
    import asyncio

    code = scb.code()
    body = {**GOOD_BODY, "authCode": code}
    async with httpx.AsyncClient(
        base_url=scb.sandbox.base_url, limits=httpx.Limits(max_connections=20)
    ) as http:
        responses = await asyncio.gather(
            *(http.post(PATH_TOKEN, headers=scb.headers(), json=body) for _ in range(20))
        )
    outcomes = sorted(status_of(r) for r in responses)
    assert outcomes.count((200, 1000)) == 1
    assert outcomes.count((401, 9300)) == 19
