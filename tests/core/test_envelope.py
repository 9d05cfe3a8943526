"""The envelope parser: any bytes in, a typed result or one SCBConsoleError out."""

from __future__ import annotations

import json
import socket
import ssl
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scb_console.core.envelope import (
    EXCERPT_CHARS,
    MAX_BODY_BYTES,
    Answer,
    Step,
    TokenData,
    excerpt,
    parse_authorize,
    parse_customer_profile,
    parse_envelope,
    parse_http_date,
    parse_token,
    transport_error,
)
from scb_console.core.errors import (
    ApiError,
    ConnectError,
    ConnectionDropped,
    MalformedResponse,
    RequestTimeout,
    SCBConsoleError,
)

UID = "5d5b7ab0-5bd5-4c1e-9a1e-3c1c1f0b8d11"
ACCESS = "34362373-8b4a-4d0e-a5a0-6f5f0c1e2d3f"
REFRESH = "9e80be84-aaaa-bbbb-cccc-ddddeeeeffff"
SECRET = "the-api-secret-0001"
JSON_HEADERS = (("Content-Type", "application/json"),)


def _answer(
    body: Any, status: int = 200, headers: tuple[tuple[str, str], ...] = JSON_HEADERS
) -> Answer:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Answer(status=status, headers=headers, body=raw, request_uid=UID)


def _ok(data: Any) -> dict[str, Any]:
    return {"status": {"code": 1000, "description": "Success"}, "data": data}


def _error(http: int, code: int, description: str) -> Answer:
    return _answer({"status": {"code": code, "description": description}, "data": None}, http)


TOKEN_DATA = {
    "accessToken": ACCESS,
    "tokenType": "Bearer",
    "expiresIn": 1800,
    "expiresAt": 1_750_001_800,
    "refreshToken": REFRESH,
    "refreshExpiresIn": 3600,
    "refreshExpiresAt": 1_750_003_600,
}


def _token(answer: Answer, *, step: Step = Step.EXCHANGE_CODE, require: bool = True) -> TokenData:
    return parse_token(
        answer, step=step, profile_name="demo", require_refresh=require, secrets=[SECRET]
    )


def _malformed(answer: Answer, **kwargs: Any) -> MalformedResponse:
    with pytest.raises(MalformedResponse) as info:
        _token(answer, **kwargs)
    err = info.value
    assert err.request_uid == UID
    assert "\n" not in str(err)
    assert UID in str(err)
    return err


# --- success ------------------------------------------------------------------------------------


def test_a_user_token_answer_is_parsed_field_by_field() -> None:
    data = _token(_answer(_ok(TOKEN_DATA)))
    assert data.access_token == ACCESS
    assert data.token_type == "Bearer"
    assert data.expires_in == 1800
    assert data.expires_at == 1_750_001_800
    assert data.refresh_token == REFRESH
    assert data.refresh_expires_in == 3600
    assert data.refresh_expires_at == 1_750_003_600
    assert data.raw == TOKEN_DATA
    assert ACCESS not in repr(data)
    assert REFRESH not in repr(data)


def test_a_server_token_needs_no_refresh_fields_and_expires_at_is_optional() -> None:
    data = _token(
        _answer(_ok({"accessToken": ACCESS, "tokenType": "Bearer", "expiresIn": 1800})),
        step=Step.SERVER_TOKEN,
        require=False,
    )
    assert data.expires_at is None
    assert data.refresh_token is None
    assert data.refresh_expires_in is None


def test_authorize_and_profile_answers() -> None:
    deeplink = "scbeasysim://login/a2f816bf-5e33-4a7b-a3fd-3babd1e95428"
    assert parse_authorize(_answer(_ok({"callbackUrl": deeplink})), profile_name="p") == deeplink
    profile = {"citizenID": "1", "engFirstName": "Somchai"}
    parsed = parse_customer_profile(_answer(_ok({"profile": profile})), profile_name="p")
    assert parsed == profile


def test_envelope_keeps_code_description_and_data() -> None:
    env = parse_envelope(_answer(_ok({"a": 1})), step="x", profile_name="p")
    assert (env.code, env.description, env.data) == (1000, "Success", {"a": 1})


# --- mistyped and missing fields ----------------------------------------------------------


def test_expires_in_as_a_string_is_rejected_with_the_field_and_its_type() -> None:
    err = _malformed(_answer(_ok({**TOKEN_DATA, "expiresIn": "1800"})))
    assert 'data.expiresIn is a string ("1800"), expected an integer' in str(err)
    assert "code exchange" in str(err)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("expiresIn", True, "data.expiresIn is a boolean"),
        ("expiresIn", 1800.5, "data.expiresIn is a number with a fraction"),
        ("expiresIn", 0, "data.expiresIn is 0, outside 1.."),
        ("expiresIn", -5, "data.expiresIn is -5, outside"),
        ("expiresIn", 10**30, "outside"),
        ("expiresIn", None, "data.expiresIn is null"),
        ("expiresAt", "soon", 'data.expiresAt is a string ("soon")'),
        ("tokenType", 7, "data.tokenType is an integer (7), expected a non-empty string"),
        ("tokenType", "", "data.tokenType is a string"),
        ("refreshExpiresIn", [1], "data.refreshExpiresIn is an array"),
        ("refreshToken", {"x": 1}, "data.refreshToken is an object"),
    ],
)
def test_mistyped_fields_are_named(field: str, value: Any, words: str) -> None:
    assert words in str(_malformed(_answer(_ok({**TOKEN_DATA, field: value}))))


@pytest.mark.parametrize("field", ["accessToken", "tokenType", "expiresIn", "refreshToken"])
def test_missing_fields_are_named(field: str) -> None:
    data = {k: v for k, v in TOKEN_DATA.items() if k != field}
    assert f"data.{field} is missing" in str(_malformed(_answer(_ok(data))))


def test_a_refresh_token_needs_its_lifetime_even_where_refresh_is_optional() -> None:
    data = {k: v for k, v in TOKEN_DATA.items() if k != "refreshExpiresIn"}
    err = _malformed(_answer(_ok(data)), step=Step.REFRESH, require=False)
    assert "data.refreshExpiresIn is missing" in str(err)


def test_a_mistyped_secret_field_does_not_show_its_value() -> None:
    err = _malformed(_answer(_ok({**TOKEN_DATA, "accessToken": 123456789012345})))
    assert "data.accessToken is an integer, expected a non-empty string" in str(err)
    assert "123456789012345" not in str(err)


@pytest.mark.parametrize(
    ("data", "words"),
    [(None, "data is null, expected an object"), ([1], "data is an array, expected an object")],
)
def test_data_must_be_an_object(data: Any, words: str) -> None:
    assert words in str(_malformed(_answer(_ok(data))))


def test_profile_must_be_an_object() -> None:
    with pytest.raises(MalformedResponse, match=r"data\.profile is missing"):
        parse_customer_profile(_answer(_ok({})), profile_name="p")
    with pytest.raises(MalformedResponse, match=r"data\.callbackUrl is missing"):
        parse_authorize(_answer(_ok({})), profile_name="p")


# --- not the envelope at all --------------------------------------------------------------


def test_an_html_error_page_is_named_with_an_excerpt() -> None:
    page = (
        b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
        b"<body>nginx</body></html>"
    )
    err = _malformed(_answer(page, 502, (("content-type", "text/html"),)))
    assert "HTTP 502" in str(err)
    assert "HTML page" in str(err)
    assert "<title>502 Bad Gateway</title>" in err.excerpt
    assert err.http_status == 502
    # and without a content-type saying so
    assert "HTML page" in str(_malformed(_answer(b"  <html>oops</html>", 500, ())))


def test_a_body_that_is_not_json() -> None:
    err = _malformed(_answer(b"Service Unavailable", 503, (("content-type", "text/plain"),)))
    assert "is not JSON (text/plain)" in str(err)
    assert "Service Unavailable" in str(err)


def test_truncated_json_is_not_json_and_its_excerpt_masks_the_token() -> None:
    whole = json.dumps(_ok(TOKEN_DATA)).encode()
    err = _malformed(_answer(whole[: whole.index(b"tokenType")]))
    assert "is not JSON" in str(err)
    assert ACCESS not in str(err)
    assert ACCESS not in err.excerpt
    assert "3436…(36)" in err.excerpt


def test_an_empty_body() -> None:
    assert "empty body" in str(_malformed(_answer(b"", 200)))
    assert "empty body" in str(_malformed(_answer(b" \r\n", 500)))


def test_a_body_over_the_size_cap() -> None:
    body = b'{"status": {"code": 1000}, "data": {"x": "' + b"a" * MAX_BODY_BYTES + b'"}}'
    err = _malformed(_answer(body))
    assert "size cap" in str(err)
    assert len(err.excerpt) <= EXCERPT_CHARS + 1


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ([1, 2], "the top level is an array"),
        ("text", "the top level is a string"),
        ({"data": {}}, "status is missing"),
        ({"status": "ok", "data": {}}, 'status is a string ("ok"), expected an object'),
        ({"status": {"description": "x"}}, "status.code is missing"),
        ({"status": {"code": "1000"}}, 'status.code is a string ("1000"), expected an integer'),
    ],
)
def test_wrong_envelopes(body: Any, words: str) -> None:
    assert words in str(_malformed(_answer(body)))


def test_excerpt_is_one_short_line_with_secrets_masked() -> None:
    body = ("line one\n\n   line two " + SECRET + " " + "x" * 500).encode()
    text = excerpt(body, secrets=[SECRET])
    assert "\n" not in text
    assert SECRET not in text
    assert text.startswith("line one line two the-…(19)")
    assert len(text) == EXCERPT_CHARS + 1
    assert text.endswith("…")
    assert excerpt(b"\xff\xfe bad bytes").endswith("bad bytes")


# --- SCB's error envelopes ----------------------------------------------------------------


def _api(answer: Answer, step: Step = Step.SERVER_TOKEN) -> ApiError:
    with pytest.raises(ApiError) as info:
        parse_token(answer, step=step, profile_name="demo", require_refresh=False)
    err = info.value
    assert err.request_uid == UID
    assert "\n" not in str(err)
    return err


def test_9500_says_to_check_the_key_and_secret_of_the_profile() -> None:
    err = _api(_error(401, 9500, "Invalid authorization credentials"))
    assert str(err) == (
        "SCB refused the API key or secret (9500 Invalid authorization credentials): check the "
        f"API key and secret of profile 'demo' (requestUId {UID})"
    )
    assert (err.http_status, err.code, err.description) == (
        401,
        9500,
        "Invalid authorization credentials",
    )


def test_9300_depends_on_the_step() -> None:
    exchange = _api(_error(401, 9300, "Invalid/expired temporary token"), Step.EXCHANGE_CODE)
    assert "authorization code" in str(exchange)
    assert "start again at authorize" in str(exchange)
    refresh = _api(_error(401, 9300, "Invalid/expired temporary token"), Step.REFRESH)
    assert "refresh token" in str(refresh)
    assert "authorize again" in str(refresh)
    profile = _api(_error(401, 9300, "Invalid/expired temporary token"), Step.CUSTOMER_PROFILE)
    assert "access token" in str(profile)


@pytest.mark.parametrize(
    ("http", "code", "step", "words"),
    [
        (501, 4101, Step.AUTHORIZE, "check the response-channel of profile 'demo'"),
        (400, 1102, Step.AUTHORIZE, "endState, redirectOption and partner query"),
        (400, 1101, Step.SERVER_TOKEN, "rejected the parameters of the server token request"),
        (400, 9100, Step.SERVER_TOKEN, "required header or credential is missing"),
        (403, 9503, Step.AUTHORIZE, "developer portal"),
        (403, 9503, Step.CUSTOMER_PROFILE, "needs the user token of this customer"),
        (401, 9500, Step.CUSTOMER_PROFILE, "refused the access token"),
        (500, 9700, Step.REFRESH, "server-side error"),
        (502, 1234, Step.REFRESH, "server-side error"),
        (415, 9901, Step.SERVER_TOKEN, "content type"),
        (404, 1104, Step.CUSTOMER_PROFILE, "no such record"),
        (418, 4242, Step.AUTHORIZE, "refused the authorize request with HTTP 418 (4242 Teapot)"),
    ],
)
def test_each_code_gets_an_actionable_message(http: int, code: int, step: Step, words: str) -> None:
    assert words in str(_api(_error(http, code, "Teapot" if code == 4242 else ""), step))


def test_missing_description_falls_back_to_scbs_wording() -> None:
    err = _api(_answer({"status": {"code": 9500}, "data": None}, 401))
    assert "9500 Invalid authorization credentials" in str(err)


def test_a_non_success_code_on_http_200_is_an_api_error() -> None:
    assert _api(_error(200, 9700, "Generic server side error")).code == 9700


def test_http_error_with_success_code_is_still_an_api_error() -> None:
    assert _api(_error(500, 1000, "Success")).http_status == 500


def test_a_description_echoing_a_secret_is_masked() -> None:
    with pytest.raises(ApiError) as info:
        parse_token(
            _error(400, 1102, f"bad secret {SECRET}\nsecond line"),
            step=Step.SERVER_TOKEN,
            profile_name="demo",
            require_refresh=False,
            secrets=[SECRET],
        )
    assert SECRET not in str(info.value)
    assert SECRET not in info.value.description
    assert "\n" not in str(info.value)


# --- Date header ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "epoch"),
    [
        ("Sun, 15 Jun 2025 14:13:20 GMT", 1_749_996_800.0),
        ("Sun, 15 Jun 2025 21:13:20 +0700", 1_749_996_800.0),
        ("Sun, 15 Jun 2025 14:13:20 -0000", 1_749_996_800.0),
        ("", None),
        (None, None),
        ("yesterday", None),
        ("Sun, 99 Jun 2025 99:99:99 GMT", None),
    ],
)
def test_parse_http_date(value: str | None, epoch: float | None) -> None:
    assert parse_http_date(value) == epoch


# --- transport errors -------------------------------------------------------------------


URL = "https://api-sandbox.partners.scb/partners/sandbox/v1/oauth/token"


def _chained(outer: BaseException, cause: BaseException) -> BaseException:
    outer.__cause__ = cause
    return outer


@pytest.mark.parametrize(
    ("exc", "kind", "words"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), ConnectError, "refused"),
        (
            _chained(httpx.ConnectError("boom"), ConnectionRefusedError(111, "refused")),
            ConnectError,
            "Connection to api-sandbox.partners.scb refused",
        ),
        (
            httpx.ConnectError("[Errno -2] Name or service not known"),
            ConnectError,
            "Cannot resolve the host of api-sandbox.partners.scb (DNS)",
        ),
        (
            _chained(httpx.ConnectError("boom"), socket.gaierror(-3, "try again")),
            ConnectError,
            "(DNS)",
        ),
        (
            _chained(httpx.ConnectError("boom"), ssl.SSLCertVerificationError("self-signed")),
            ConnectError,
            "TLS with api-sandbox.partners.scb failed",
        ),
        (httpx.ConnectTimeout("t"), RequestTimeout, "the request was not sent"),
        (httpx.PoolTimeout("t"), RequestTimeout, "No free connection"),
        (httpx.ReadTimeout("t"), RequestTimeout, "may have been processed server-side"),
        (httpx.WriteTimeout("t"), RequestTimeout, "within 15 s"),
        (TimeoutError(), RequestTimeout, "did not answer the server token request within 15 s"),
        (
            httpx.RemoteProtocolError("Server disconnected without sending a response."),
            ConnectionDropped,
            "closed the connection during the server token request",
        ),
        (httpx.ReadError("reset"), ConnectionDropped, "may have been processed server-side"),
        (httpx.RemoteProtocolError("illegal status line"), ConnectionDropped, "not HTTP"),
        (httpx.ConnectError("weird"), ConnectError, "Could not connect to"),
        (httpx.UnsupportedProtocol("ftp"), ConnectError, "check the base URL"),
        (httpx.DecodingError("bad gzip"), MalformedResponse, "could not be decoded"),
    ],
)
def test_transport_errors_map_to_the_error_tree(
    exc: BaseException, kind: type[SCBConsoleError], words: str
) -> None:
    err = transport_error(exc, url=URL, request_uid=UID, step=Step.SERVER_TOKEN, timeout=15)
    assert type(err) is kind
    assert words in str(err)
    assert err.request_uid == UID
    assert str(err).endswith(f"(requestUId {UID})")


def test_refused_on_loopback_asks_about_the_local_sandbox() -> None:
    err = transport_error(
        httpx.ConnectError("[Errno 111] Connection refused"),
        url="http://127.0.0.1:8766/partners/sandbox/v1/oauth/token",
        request_uid=UID,
        step=Step.SERVER_TOKEN,
        timeout=15,
    )
    assert "127.0.0.1:8766" in str(err)
    assert "is the local sandbox running?" in str(err)


# --- properties: never anything but a typed result or a typed error ----------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
_field_names = st.sampled_from(
    [
        "accessToken",
        "tokenType",
        "expiresIn",
        "expiresAt",
        "refreshToken",
        "refreshExpiresIn",
        "refreshExpiresAt",
        "callbackUrl",
        "profile",
    ]
)
_data = st.dictionaries(_field_names, _json, max_size=9) | _json
_status = (
    st.fixed_dictionaries(
        {},
        optional={"code": st.sampled_from([1000, 9500, 9300, 4101]) | _json, "description": _json},
    )
    | _json
)
_envelope = st.fixed_dictionaries({}, optional={"status": _status, "data": _data}) | _json
_headers = st.lists(
    st.tuples(
        st.sampled_from(["content-type", "Date", "resourceOwnerId", "x"]),
        st.sampled_from(["application/json", "text/html", "", "Sun, 15 Jun 2025 14:13:20 GMT"])
        | st.text(max_size=30),
    ),
    max_size=3,
).map(tuple)


def _parse_every_way(answer: Answer) -> None:
    parsers = [
        lambda: parse_token(
            answer, step=Step.SERVER_TOKEN, profile_name="p", require_refresh=False
        ),
        lambda: parse_token(
            answer, step=Step.EXCHANGE_CODE, profile_name="p", require_refresh=True
        ),
        lambda: parse_authorize(answer, profile_name="p"),
        lambda: parse_customer_profile(answer, profile_name="p"),
        lambda: parse_envelope(answer, step="anything", profile_name="p"),
    ]
    for parse in parsers:
        error: SCBConsoleError | None = None
        try:
            result = parse()
        except SCBConsoleError as err:
            error = err
        else:
            assert isinstance(result, TokenData | str | dict) or hasattr(result, "code")
        if error is not None:
            assert "\n" not in str(error)
            assert error.request_uid == UID


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    status=st.integers(min_value=100, max_value=599), headers=_headers, body=st.binary(max_size=300)
)
def test_any_bytes_give_a_result_or_a_typed_error(
    status: int, headers: tuple[tuple[str, str], ...], body: bytes
) -> None:
    _parse_every_way(Answer(status, headers, body, UID))


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(
    status=st.sampled_from([200, 201, 400, 401, 500]) | st.integers(min_value=100, max_value=599),
    headers=_headers,
    value=_envelope,
)
def test_any_json_gives_a_result_or_a_typed_error(
    status: int, headers: tuple[tuple[str, str], ...], value: Any
) -> None:
    _parse_every_way(Answer(status, headers, json.dumps(value).encode(), UID))


@given(value=st.text(max_size=40))
def test_any_date_header_gives_a_number_or_none(value: str) -> None:
    result = parse_http_date(value)
    assert result is None or isinstance(result, float)


@pytest.mark.parametrize(
    "body", [b"[" * 100_000, b'{"a":' * 50_000, b"1" * 5000, b'"\xff"', b"\x00\x00\x00["]
)
def test_pathological_bodies(body: bytes) -> None:
    _parse_every_way(Answer(200, JSON_HEADERS, body, UID))


_lifetime = st.integers(min_value=1, max_value=100_000)
_required = {
    "accessToken": st.text(min_size=1, max_size=20) | _json,
    "tokenType": st.just("Bearer") | _json,
    "expiresIn": _lifetime | _json,
}
_maybe = {
    "expiresAt": st.integers(min_value=0, max_value=2_000_000_000) | _json,
    "refreshToken": st.text(max_size=20) | _json,
    "refreshExpiresIn": _lifetime | _json,
    "refreshExpiresAt": st.integers(min_value=0, max_value=2_000_000_000) | _json,
}


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.fixed_dictionaries(_required, optional=_maybe), require=st.booleans())
def test_near_valid_token_data_gives_checked_types_or_a_typed_error(
    data: dict[str, Any], require: bool
) -> None:
    answer = _answer(_ok(data))
    try:
        token = parse_token(answer, step=Step.REFRESH, profile_name="p", require_refresh=require)
    except MalformedResponse as err:
        error = err
    else:
        error = None
    if error is not None:
        assert "\n" not in str(error)
        return
    assert isinstance(token.access_token, str)
    assert token.access_token
    assert type(token.expires_in) is int
    assert token.expires_in > 0
    assert token.expires_at is None or type(token.expires_at) is int
    if token.refresh_token is not None:
        assert type(token.refresh_expires_in) is int
        assert token.refresh_expires_in > 0
    else:
        assert not require
        assert token.refresh_expires_in is None
