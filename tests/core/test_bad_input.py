"""Bad input a stranger can feed, where the parsers' own tests do not already go.

Already covered elsewhere (and not repeated here): any bytes and any JSON into the envelope
parsers (tests/core/test_envelope.py), any text into the redirect reader
(tests/core/test_redirect.py), any profile file and import (tests/infra/test_profiles.py), any
HAR (tests/core/test_har.py), any token input (tests/core/test_tokencheck.py), and the loopback
receiver's wrong paths, wrong state, oversized requests and 50 concurrent GETs
(tests/infra/test_receiver.py).

Here: the CLI's stdin (token JSON, non-UTF-8 bytes), ``--size``, the sandbox's fault settings and
configuration file, huge and deeply nested profile files, non-UTF-8 bytes into every parser that
takes text, the local sandbox's HTTP endpoints under garbage, and the receiver under raw garbage
and 100 connections at once. Each gets one clear line naming what was wrong, and carries on.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scb_console.cli.common import UsageError, parse_token_document
from scb_console.cli.console import StdinReader
from scb_console.cli.main import parse_size
from scb_console.core.envelope import Answer, Step, parse_authorize, parse_token
from scb_console.core.errors import MalformedResponse, ProfileError, RedirectError, SCBConsoleError
from scb_console.core.models import RedirectParams
from scb_console.core.redirect import params_from_query, read_redirect
from scb_console.infra.profiles import FileProfileStore, import_profiles_json
from scb_console.infra.receiver import RedirectReceiver
from scb_console.sandbox import EmbeddedSandbox
from scb_console.sandbox.config import ConfigError, SandboxConfig
from scb_console.sandbox.faults import Faults, FaultsError, FaultSpec

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)

#: Byte strings that are not UTF-8 (or not what they claim): what a misconfigured proxy sends.
NOT_UTF8 = [
    b"\xff\xfe\x00{",
    b'{"status": {"code": 1000}, "data": {"accessToken": "\xe9t\xe9"}}',  # Latin-1
    '{"data": 1}'.encode("utf-16"),  # a BOM and NULs
    b"\xc3\x28\xa0\xa1",  # invalid continuation bytes
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\x00" * 64,
]


def one_line(message: str) -> None:
    assert message.strip()
    assert "\n" not in message
    assert "Traceback" not in message


# --- the CLI's inputs -----------------------------------------------------------------------------


@given(st.text(max_size=300) | _json.map(json.dumps))
def test_any_stdin_token_document_is_a_dict_or_one_usage_line(text: str) -> None:
    try:
        document = parse_token_document(text, "a token set")
    except UsageError as exc:
        one_line(str(exc))
    else:
        assert isinstance(document, dict)


def test_a_masked_or_deep_token_document_is_refused_clearly() -> None:
    with pytest.raises(UsageError, match="masked"):
        parse_token_document('{"accessToken": "3436…(36)"}', "a token set")
    with pytest.raises(UsageError, match="not valid JSON"):
        parse_token_document("[" * 100_000, "a token set")  # a RecursionError inside json


@pytest.mark.parametrize("data", NOT_UTF8)
def test_stdin_with_bytes_that_are_not_utf8(data: bytes) -> None:
    read, write = os.pipe()
    try:
        os.write(write, data + b"\nsecond line\n")
        os.close(write)
        write = -1
        reader = StdinReader(read)
        first = reader.readline()
        assert first is not None  # undecodable bytes become U+FFFD, never an exception
        assert reader.readline() == "second line"
        assert reader.readline() is None
    finally:
        os.close(read)
        if write >= 0:
            os.close(write)
    try:
        parse_token_document(first, "a token set")
    except UsageError as exc:
        one_line(str(exc))


@given(st.text(max_size=40))
def test_any_size_option_is_a_size_or_one_usage_line(text: str) -> None:
    try:
        width, height = parse_size(text)
    except argparse.ArgumentTypeError as exc:  # argparse prints it as the usage error
        problem = str(exc)
    else:
        assert 200 <= width <= 10000
        assert 200 <= height <= 10000
        return
    one_line(problem)
    assert "WIDTHxHEIGHT" in problem


# --- the sandbox's settings -----------------------------------------------------------------------


@given(_json)
def test_any_fault_settings_are_faults_or_one_faults_error(value: Any) -> None:
    try:
        faults = Faults.from_json(value)
    except FaultsError as exc:
        one_line(str(exc))
    else:
        assert Faults.from_json(faults.to_json()) == faults  # what was accepted round-trips


@given(
    st.fixed_dictionaries(
        {},
        optional={
            "latency_ms": _json,
            "error_rate": _json,
            "malformed": _json,
            "drop_rate": _json,
            "clock_offset": _json,
        },
    )
)
def test_near_valid_fault_specs_are_checked(value: dict[str, Any]) -> None:
    try:
        spec = FaultSpec.from_json(value)
    except FaultsError as exc:
        problem = str(exc)
    else:
        assert 0 <= spec.latency_ms <= 600_000
        assert 0.0 <= spec.error_rate <= 1.0
        assert 0.0 <= spec.drop_rate <= 1.0
        return
    one_line(problem)
    assert problem.startswith("faults")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(content=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_sandbox_config_file_is_a_config_or_one_config_error(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "sandbox.toml"
    path.write_bytes(content)
    try:
        config = SandboxConfig.from_toml(path)
    except ConfigError as exc:
        problem = str(exc)
    else:
        config.validate()
        return
    one_line(problem)
    assert str(path) in problem


@pytest.mark.parametrize(
    "content",
    [
        b"a = " + b"[" * 5000 + b"]" * 5000,  # deeply nested
        b"code_ttl = 60\n" + b"#" * (2 * 1024 * 1024),  # a huge file
        b"\xff\xfe" + "code_ttl = 60".encode("utf-16-le"),
        b"[[apps]]\napi_key = 1\n",
        b"code_ttl = 1e400\n",
        b"[faults]\nlatency_ms = -1\n",
        b"[faults.endpoints.nowhere]\nerror_rate = 1\n",
    ],
    ids=["nested", "huge", "utf16", "wrong-type", "infinite", "negative", "unknown-endpoint"],
)
def test_bad_sandbox_config_files_name_the_problem(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "sandbox.toml"
    path.write_bytes(content)
    try:
        SandboxConfig.from_toml(path)
    except ConfigError as exc:
        one_line(str(exc)[:500])
    else:  # only the huge file (a comment) is fine: it is valid TOML
        assert content.startswith(b"code_ttl = 60\n#")


# --- profile files: huge, deep, non-UTF-8 ---------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b'[[profiles]]\nname = "x"\n' + b"#" * (2 * 1024 * 1024),  # over the size cap
        b"a = " + b"[" * 5000 + b"]" * 5000,  # nesting past the recursion limit
        b'[[profiles]]\nname = "\xff\xfe"\n',  # not UTF-8
        b'[[profiles]]\nname = "ok"\ntimeout = "fast"\n',  # the wrong type
    ],
    ids=["huge", "nested", "not-utf8", "wrong-type"],
)
def test_an_unusable_profile_file_is_moved_aside_with_one_line(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "profiles.toml"
    path.write_bytes(content)
    store = FileProfileStore(path)
    try:
        profiles = store.load()
    except ProfileError as exc:
        one_line(str(exc))
        assert not path.exists()  # moved aside, kept for the user
        kept = list(tmp_path.iterdir())
        assert len(kept) == 1
        assert kept[0].read_bytes() == content
        assert store.load() == []  # and the console carries on with no profiles
    else:
        assert profiles == []
        assert store.warnings


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        json.dumps([{"name": f"p{i}"} for i in range(2000)]),
        json.dumps({"profiles": [{"name": "x" * 10_000}]}),
        "\ufffd\ufffd{",
    ],
    ids=["nested", "too-many", "long-name", "replacement-chars"],
)
def test_profile_imports_that_cannot_be_used_are_one_line(text: str) -> None:
    with pytest.raises(ProfileError) as caught:
        import_profiles_json(text)
    one_line(str(caught.value))


# --- non-UTF-8 into the parsers that take text ----------------------------------------------------


@pytest.mark.parametrize("body", NOT_UTF8)
def test_envelope_parsers_name_bodies_that_are_not_utf8(body: bytes) -> None:
    answer = Answer(
        status=200,
        headers=(("content-type", "application/json; charset=l\xe1tin"),),
        body=body,
        request_uid="3f1e0d27-0000-4000-8000-000000000001",
    )
    for parse in (
        lambda: parse_token(answer, step=Step.REFRESH, profile_name="p", require_refresh=False),
        lambda: parse_authorize(answer, profile_name="p"),
    ):
        with pytest.raises(MalformedResponse) as caught:
            parse()
        one_line(str(caught.value))
        assert "3f1e0d27-0000-4000-8000-000000000001" in str(caught.value)


@pytest.mark.parametrize(
    "query",
    [
        "code=%FF%FE%FD&state=abc",
        "code=abcdef123&state=%C3%28",
        "code=%ED%A0%80abcdef&state=x",
        "status=%FF&state=x",
        "%FF%FE=1&code=abcdef123",
    ],
)
def test_redirect_queries_with_bytes_that_are_not_utf8(query: str) -> None:
    for read in (params_from_query, read_redirect):
        try:
            params = read(query)
        except RedirectError as exc:
            one_line(str(exc))
        else:
            assert isinstance(params, RedirectParams)
            assert params.code is None or "\ufffd" not in params.code


# --- the local sandbox over HTTP, fed garbage -----------------------------------------------------


def _garbage_requests(sandbox: EmbeddedSandbox, body: bytes) -> list[httpx.Response]:
    base, root = sandbox.base_url, sandbox.root_url
    headers = {
        "content-type": "application/json",
        "resourceOwnerId": "k",
        "requestUId": "r",
    }
    with httpx.Client(timeout=10) as http:
        return [
            http.post(f"{base}/v1/oauth/token", content=body, headers=headers),
            http.post(f"{base}/v1/oauth/token/refresh", content=body, headers=headers),
            http.post(f"{root}/_sandbox/logins/nope/approve", content=body),
            *(  # a valid faults object would be taken (and it is the sandbox's own admin API)
                [http.put(f"{root}/_sandbox/faults", content=body)] if not _is_faults(body) else []
            ),
        ]


def _is_faults(body: bytes) -> bool:
    try:
        Faults.from_json(json.loads(body))
    except (ValueError, FaultsError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return False
    return True


def _check_answers(responses: list[httpx.Response]) -> None:
    for response in responses:
        assert 400 <= response.status_code < 500, (response.request.url, response.text)
        body = response.json()  # always JSON, never an HTML traceback
        if "status" in body:  # SCB's envelope on SCB's paths
            assert body["data"] is None
            assert body["status"]["code"] != 1000
            one_line(body["status"]["description"])
        else:
            one_line(body["error"])


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    max_examples=25,
    deadline=None,
)
@given(body=st.binary(max_size=200) | _json.map(lambda v: json.dumps(v).encode()))
def test_the_sandbox_answers_any_body_with_a_4xx_and_carries_on(
    sandbox: EmbeddedSandbox, body: bytes
) -> None:
    _check_answers(_garbage_requests(sandbox, body))


@pytest.mark.parametrize("body", NOT_UTF8)
def test_the_sandbox_answers_bodies_that_are_not_utf8(
    sandbox: EmbeddedSandbox, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="scb_console"):
        _check_answers(_garbage_requests(sandbox, body))
    assert not [r for r in caplog.records if r.exc_info]  # nothing unexpected happened
    health = httpx.get(f"{sandbox.root_url}/_sandbox/health", timeout=10)
    assert health.json() == {"status": "ok"}


@pytest.mark.parametrize("limit", ["²", "٣", "1" * 5000, "-1", "1e3", "%FF", "", "0x10"], ids=repr)
def test_the_request_journal_limit_must_be_a_plain_number(
    sandbox: EmbeddedSandbox, limit: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="scb_console"):
        response = httpx.get(f"{sandbox.root_url}/_sandbox/requests?limit={limit}", timeout=10)
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        one_line(response.json()["error"])
    else:
        assert isinstance(response.json()["requests"], list)
    assert not [r for r in caplog.records if r.exc_info]


# --- the loopback receiver under raw garbage ------------------------------------------------------


async def _raw(port: int, data: bytes) -> bytes:
    """Send ``data`` on a fresh connection; whatever comes back before the server closes it."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(data)
        await writer.drain()
        if not data.endswith(b"\r\n\r\n") and writer.can_write_eof():
            writer.write_eof()  # an incomplete request: let the server see the end of it
        return await asyncio.wait_for(reader.read(65536), timeout=10)
    except ConnectionResetError:
        return b""
    finally:
        writer.close()
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):
            await writer.wait_closed()


#: A 4xx answer (the receiver's HTTP server answers HTTP/1.1 even to what it cannot parse).
_REFUSED = re.compile(rb"HTTP/1\.1 4\d\d ")

GARBAGE = [
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS ClientHello on plain HTTP
    b"\xff\xfe\xfd\r\n\r\n",
    b"GET /callback?code=%FF%FE%FD&state=S HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /callback?code=abc\xff\xfedef&state=S HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /\xc3\x28 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /callback HTTP/1.1\r\n" + b"X: y\r\n" * 200 + b"\r\n",  # too many headers
    b"GET /callback HTTP/9.9\r\n\r\n",
    b"BREW /callback HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /callback HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
    b"GET /callback HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    b"",
]


async def test_the_receiver_survives_raw_garbage_and_100_connections_at_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[RedirectParams] = []
    async with RedirectReceiver() as receiver:
        receiver.arm("S", seen.append)
        port = receiver.port
        assert port is not None
        with caplog.at_level(logging.DEBUG):
            for data in GARBAGE:
                answer = await _raw(port, data)
                assert answer == b"" or _REFUSED.match(answer), (data, answer[:80])
            wrong_state = (
                b"GET /callback?code=abcdef123&state=forged HTTP/1.1\r\n"
                b"Host: 127.0.0.1\r\nConnection: close\r\n\r\n"
            )
            mix = [GARBAGE[i % len(GARBAGE)] for i in range(50)] + [wrong_state] * 50
            answers = await asyncio.gather(*(_raw(port, data) for data in mix))
        assert all(a == b"" or _REFUSED.match(a) for a in answers)
        assert all(a.startswith(b"HTTP/1.1 400 ") for a in answers[50:])  # the wrong state
        assert seen == []  # none of it reached the flow
        # nothing was logged with a traceback, and the code never reached a log line
        assert not [r for r in caplog.records if r.exc_info]
        assert all("abc\ufffd" not in r.getMessage() for r in caplog.records)
        # and the real redirect still works
        async with httpx.AsyncClient(timeout=10) as http:
            ok = await http.get(receiver.callback_url, params={"code": "abcdef123", "state": "S"})
        assert ok.status_code == 200
        assert [p.code for p in seen] == ["abcdef123"]


def test_every_error_here_is_an_scb_console_error() -> None:
    """The one-line messages above come from the console's own error tree."""
    for error in (UsageError, ProfileError, RedirectError, MalformedResponse):
        assert issubclass(error, SCBConsoleError)
