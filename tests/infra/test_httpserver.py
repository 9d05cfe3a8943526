"""The h11 HTTP server, over real loopback sockets: httpx for ordinary requests, raw asyncio
streams for what a client library will not send (garbage, slow heads, pipelines, aborts)."""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import errno
import json
import logging
import re
import socket
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scb_console.infra.httpserver import Headers, HttpServer, Request, Response

SECRET = "a2f816bf-5e33-4a7b-a3fd-3babd1e95428"
LOGGER = "scb_console.infra.httpserver"
WAIT = 5.0  # the most any read waits (a safety net: every answer comes at once)

# --- the handler and helpers ---------------------------------------------------------------------


def describe(request: Request) -> dict[str, Any]:
    return {
        "method": request.method,
        "target": request.target,
        "path": request.path,
        "query_string": request.query_string,
        "query": dict(request.query),
        "headers": [[n.decode("latin-1"), v.decode("latin-1")] for n, v in request.headers.raw],
        "body": request.body.decode("latin-1"),
        "remote": request.remote,
        "http_version": request.http_version,
        "match_info": request.match_info,
        "content_length": request.content_length,
    }


async def echo(request: Request) -> Response:
    """Describes the request as JSON; a few paths do something else."""
    path = request.path
    if path == "/yield":  # answers after giving the loop a turn (a task, not the fast path)
        await asyncio.sleep(0)
    elif path == "/boom":
        raise RuntimeError(f"boom on {request.target}")
    elif path == "/abort":
        request.abort()
        return Response.text("never sent")
    elif path == "/abort-later":
        await asyncio.sleep(0)
        request.abort()
        return Response.text("never sent")
    elif path == "/big":
        return Response(200, b"b" * int(request.query["n"]), content_type="application/x-big")
    elif path == "/not-a-response":
        return "text"  # type: ignore[return-value]
    elif path == "/bad-header":
        return Response(200, "x", headers={"X-Injected": "a\r\nSet-Cookie: evil=1"})
    elif path == "/no-content":
        return Response(204, b"ignored")
    elif path == "/enum":
        return Response(HTTPStatus.IM_A_TEAPOT, "short and stout")
    elif path == "/framing":  # the handler's own framing headers are replaced by the server's
        return Response(
            200,
            b"four",
            headers=[
                ("Content-Length", "999"),
                ("Transfer-Encoding", "chunked"),
                ("X-Mixed-Case", "kept"),
                ("Date", "Sun, 06 Nov 1994 08:49:37 GMT"),
            ],
            reason="Fine Thanks",
        )
    elif path == "/close":
        return Response(200, "bye", headers={"Connection": "close"})
    return Response.json(describe(request))


@dataclass
class Served:
    server: HttpServer
    port: int
    errors: list[tuple[Request | None, int, str]]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.asynccontextmanager
async def serving(
    handler: Callable[[Request], Awaitable[Response]] = echo,
    *,
    error_handler: bool = False,
    **options: Any,
) -> AsyncIterator[Served]:
    errors: list[tuple[Request | None, int, str]] = []

    def on_error(request: Request | None, status: int, reason: str) -> Response:
        errors.append((request, status, reason))
        return Response.html(f"<p>custom {status}</p>", status)

    server = HttpServer(handler, error_handler=on_error if error_handler else None, **options)
    port = await server.start("127.0.0.1", 0)
    try:
        yield Served(server, port, errors)
    finally:
        await server.stop()
    assert server.connections == 0
    assert not server.running


@contextlib.asynccontextmanager
async def raw(port: int) -> AsyncIterator[tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        yield reader, writer
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


@dataclass
class Answer:
    status: int
    reason: str
    head: bytes
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


async def read_answer(reader: asyncio.StreamReader, *, head_only: bool = False) -> Answer:
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), WAIT)
    lines = head[:-4].decode("latin-1").split("\r\n")
    version, status, reason = lines[0].split(" ", 2)
    assert version == "HTTP/1.1"
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        assert name.lower() not in headers, f"{name} twice"
        headers[name.lower()] = value.strip()
    length = 0 if head_only else int(headers.get("content-length", "0"))
    body = await asyncio.wait_for(reader.readexactly(length), WAIT)
    return Answer(int(status), reason, head, headers, body)


async def read_rest(reader: asyncio.StreamReader) -> bytes:
    """Everything until the server closes ("" when it reset the connection)."""
    try:
        return await asyncio.wait_for(reader.read(), WAIT)
    except ConnectionResetError:
        return b""


async def until(condition: Callable[[], bool]) -> None:
    """Let the loop run (no sleeping) until ``condition`` holds; fails after WAIT seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while not condition():
        assert loop.time() < deadline, "the condition never held"
        await asyncio.sleep(0)


@pytest.fixture
async def served() -> AsyncIterator[Served]:
    async with serving() as s:
        yield s


@pytest.fixture
async def http(served: Served) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=served.url, timeout=WAIT) as client:
        yield client


# --- ordinary requests ---------------------------------------------------------------------------


async def test_get_describes_the_request(http: httpx.AsyncClient) -> None:
    response = await http.get(
        "/a%20b/c%2Fd?x=1&x=2&blank=&plus=a+b&enc=%C3%A5#frag", headers={"X-Thing": "v"}
    )
    assert response.status_code == 200
    assert response.reason_phrase == "OK"
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    seen = response.json()
    assert seen["method"] == "GET"
    assert seen["target"] == "/a%20b/c%2Fd?x=1&x=2&blank=&plus=a+b&enc=%C3%A5"  # no fragment
    assert seen["path"] == "/a b/c/d"
    assert seen["query_string"] == "x=1&x=2&blank=&plus=a+b&enc=%C3%A5"
    assert seen["query"] == {"x": "1", "blank": "", "plus": "a b", "enc": "å"}
    assert ["X-Thing", "v"] in seen["headers"]  # the case it was sent with
    assert seen["remote"] == "127.0.0.1"
    assert seen["http_version"] == "1.1"
    assert seen["match_info"] == {}
    assert seen["body"] == ""


async def test_post_bodies(http: httpx.AsyncClient) -> None:
    seen = (await http.post("/p", json={"k": "å"})).json()
    assert json.loads(seen["body"].encode("latin-1")) == {"k": "å"}
    assert seen["content_length"] == len(seen["body"])
    seen = (await http.post("/p", data={"a": "1 2"})).json()
    assert seen["body"] == "a=1+2"


async def test_date_and_content_length(http: httpx.AsyncClient) -> None:
    response = await http.get("/")
    date = response.headers["date"]
    assert re.fullmatch(r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT", date)
    assert abs(email.utils.parsedate_to_datetime(date).timestamp() - time.time()) < 5
    assert int(response.headers["content-length"]) == len(response.content)


async def test_handler_framing_headers_are_replaced(served: Served) -> None:
    async with raw(served.port) as (reader, writer):
        writer.write(b"GET /framing HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = await read_answer(reader)
    assert answer.status == 200
    assert answer.reason == "Fine Thanks"
    assert answer.body == b"four"
    assert answer.headers["content-length"] == "4"
    assert "transfer-encoding" not in answer.headers
    assert answer.headers["date"] == "Sun, 06 Nov 1994 08:49:37 GMT"  # given: not added
    assert b"\r\nX-Mixed-Case: kept\r\n" in answer.head  # names keep their case


async def test_no_content_has_no_body(served: Served) -> None:
    async with raw(served.port) as (reader, writer):
        writer.write(
            b"GET /no-content HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        first = await read_answer(reader)
        second = await read_answer(reader)
    assert first.status == 204
    assert "content-length" not in first.headers
    assert second.status == 200


async def test_status_as_an_enum_and_an_unknown_reason(served: Served) -> None:
    async with raw(served.port) as (reader, writer):
        writer.write(b"GET /enum HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = await read_answer(reader)
    assert (answer.status, answer.reason, answer.body) == (418, "", b"short and stout")


async def test_keep_alive_uses_one_connection(served: Served, http: httpx.AsyncClient) -> None:
    for _ in range(5):
        assert (await http.get("/")).status_code == 200
        assert (await http.get("/yield")).status_code == 200
    assert served.server.connections == 1


async def test_pipelined_requests_are_answered_in_order(served: Served) -> None:
    async with raw(served.port) as (reader, writer):
        writer.write(
            b"GET /yield?n=1 HTTP/1.1\r\nHost: x\r\n\r\n"
            b"POST /p?n=2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
            b"GET /yield?n=3 HTTP/1.1\r\nHost: x\r\n\r\n"
            b"GET /?n=4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        answers = [await read_answer(reader) for _ in range(4)]
        assert await read_rest(reader) == b""
    assert [a.json()["query"]["n"] for a in answers] == ["1", "2", "3", "4"]
    assert answers[1].json()["body"] == "abc"
    assert answers[3].headers["connection"] == "close"


async def test_a_long_pipeline_in_one_chunk(served: Served) -> None:
    count = 3000  # answered in a loop: recursion would overflow the stack
    async with raw(served.port) as (reader, writer):
        writer.write(b"".join(b"GET /%d HTTP/1.1\r\nHost: x\r\n\r\n" % i for i in range(count)))
        paths = [(await read_answer(reader)).json()["path"] for _ in range(count)]
    assert paths == [f"/{i}" for i in range(count)]


async def test_head_sends_no_body(served: Served) -> None:
    async with raw(served.port) as (reader, writer):
        writer.write(
            b"HEAD /big?n=1000 HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        head = await read_answer(reader, head_only=True)
        following = await read_answer(reader)
    assert head.status == 200
    assert head.headers["content-length"] == "1000"  # what a GET would get
    assert following.json()["path"] == "/next"


async def test_expect_100_continue(served: Served) -> None:
    async with raw(served.port) as (reader, writer):
        writer.write(
            b"POST /p HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"
        )
        interim = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), WAIT)
        assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
        writer.write(b"hello")
        answer = await read_answer(reader)
    assert answer.json()["body"] == "hello"


async def test_expect_100_continue_with_a_body_too_large() -> None:
    async with serving(max_body=10) as s, raw(s.port) as (reader, writer):
        writer.write(
            b"POST /p HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n"
        )
        answer = await read_answer(reader)
        assert answer.status == 413  # no 100 first: the client need not send the body
        assert await read_rest(reader) == b""


async def test_http10_closes_unless_keep_alive(served: Served) -> None:
    async with raw(served.port) as (reader, writer):
        writer.write(b"GET /one HTTP/1.0\r\n\r\n")
        answer = await read_answer(reader)
        assert answer.json()["http_version"] == "1.0"
        assert answer.headers["connection"] == "close"
        assert await read_rest(reader) == b""
    async with raw(served.port) as (reader, writer):
        writer.write(b"GET /one HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        first = await read_answer(reader)
        assert first.headers["connection"] == "keep-alive"
        writer.write(b"GET /two HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
        second = await read_answer(reader)
    assert second.json()["path"] == "/two"


async def test_connection_close_from_either_side(served: Served) -> None:
    async with raw(served.port) as (reader, writer):
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert (await read_answer(reader)).headers["connection"] == "close"
        assert await read_rest(reader) == b""
    async with raw(served.port) as (reader, writer):
        writer.write(b"GET /close HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = await read_answer(reader)
        assert answer.body == b"bye"
        assert answer.headers["connection"] == "close"
        assert await read_rest(reader) == b""


async def test_half_closed_client_still_gets_its_answer(served: Served) -> None:
    async with raw(served.port) as (reader, writer):
        writer.write(b"GET /yield HTTP/1.1\r\nHost: x\r\n\r\n")
        writer.write_eof()
        answer = await read_answer(reader)
        assert answer.status == 200
        assert await read_rest(reader) == b""


async def test_chunked_request_body(served: Served) -> None:
    async with raw(served.port) as (reader, writer):
        writer.write(
            b"POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
        )
        answer = await read_answer(reader)
    assert answer.json()["body"] == "hello world"
    assert answer.json()["content_length"] is None


async def test_big_answers_and_a_slow_reader(served: Served) -> None:
    size = 4 << 20  # more than the socket buffers: the server waits for the reader to drain
    async with raw(served.port) as (reader, writer):
        writer.write(b"GET /big?n=%d HTTP/1.1\r\nHost: x\r\n\r\n" % size * 2)
        writer.write(b"GET /last HTTP/1.1\r\nHost: x\r\n\r\n")
        await writer.drain()
        first = await read_answer(reader)
        second = await read_answer(reader)
        last = await read_answer(reader)
    assert first.body == second.body == b"b" * size
    assert last.json()["path"] == "/last"


# --- the server's own answers --------------------------------------------------------------------


async def test_garbage_is_a_400_and_the_server_keeps_serving() -> None:
    async with serving(error_handler=True) as s:
        async with raw(s.port) as (reader, writer):
            writer.write(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 TLS hello\r\n\r\n")
            answer = await read_answer(reader)
            assert answer.status == 400
            assert answer.body == b"<p>custom 400</p>"
            assert answer.headers["connection"] == "close"
            assert await read_rest(reader) == b""
        assert s.errors == [(None, 400, "the request is not valid HTTP/1.1")]
        async with httpx.AsyncClient() as client:
            assert (await client.get(s.url)).status_code == 200


async def test_default_error_page_and_missing_host(served: Served) -> None:
    async with raw(served.port) as (reader, writer):
        writer.write(b"GET / HTTP/1.1\r\n\r\n")  # HTTP/1.1 requires Host
        answer = await read_answer(reader)
    assert answer.status == 400
    assert answer.reason == "Bad Request"
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert answer.body == b"400 Bad Request: the request is not valid HTTP/1.1\n"


async def test_unknown_transfer_encoding_is_501(served: Served) -> None:
    async with raw(served.port) as (reader, writer):
        writer.write(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n")
        assert (await read_answer(reader)).status == 501


@pytest.mark.parametrize("split", [False, True])
async def test_head_too_large_is_431(split: bool) -> None:
    async with serving(max_head=1024, error_handler=True) as s, raw(s.port) as (reader, writer):
        head = b"GET /?code=" + SECRET.encode() + b" HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"p" * 2000
        if split:  # h11 sees an incomplete head growing past the limit
            writer.write(head)
            await writer.drain()
        else:  # the whole head in one chunk
            writer.write(head + b"\r\n\r\n")
        answer = await read_answer(reader)
        assert answer.status == 431
        assert await read_rest(reader) == b""
        assert [(r, status) for r, status, _ in s.errors] == [(None, 431)]


async def test_head_just_under_the_limit_is_fine() -> None:
    async with serving(max_head=1024) as s, raw(s.port) as (reader, writer):
        head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Pad: "
        head += b"p" * (1000 - len(head)) + b"\r\n\r\n"
        writer.write(head + b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n")
        writer.write(b"z" * 2000)  # a body is not part of the head
        assert (await read_answer(reader)).status == 200
        assert (await read_answer(reader)).status == 200


async def test_body_too_large_is_413_before_it_is_read() -> None:
    async with serving(max_body=100, error_handler=True) as s, raw(s.port) as (reader, writer):
        writer.write(b"POST /upload?code=x HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n")
        answer = await read_answer(reader)  # no body sent at all: decided from the length
        assert answer.status == 413
        assert await read_rest(reader) == b""
        [(request, status, reason)] = s.errors
        assert status == 413
        assert reason == "the request body is larger than 100 bytes"
        assert request is not None
        assert (request.method, request.path, request.query_string) == ("POST", "/upload", "code=x")


async def test_chunked_body_too_large_is_413(caplog: pytest.LogCaptureFixture) -> None:
    async with serving(max_body=10) as s, raw(s.port) as (reader, writer):
        writer.write(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        writer.write(b"8\r\n12345678\r\n8\r\n12345678\r\n")
        writer.write(b"8\r\n12345678\r\n" * 50)  # what the client still sends is dropped
        answer = await read_answer(reader)
        assert answer.status == 413
        assert await read_rest(reader) == b""
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_body_of_exactly_max_body_is_read() -> None:
    async with serving(max_body=10) as s, httpx.AsyncClient(base_url=s.url) as client:
        assert (await client.post("/", content=b"0123456789")).json()["body"] == "0123456789"


async def test_handler_error_is_500_and_logged_without_the_query(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with serving(error_handler=True) as s, raw(s.port) as (reader, writer):
        writer.write(b"GET /boom?code=" + SECRET.encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = await read_answer(reader)
        assert answer.status == 500
        assert answer.headers["connection"] == "close"
        assert await read_rest(reader) == b""
        assert [(r.path if r else None, st) for r, st, _ in s.errors] == [("/boom", 500)]
    [record] = [r for r in caplog.records if r.name == LOGGER]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "the handler failed on GET /boom"
    assert record.exc_info is not None  # the traceback, for the log file's reader


@pytest.mark.parametrize("path", ["/not-a-response", "/bad-header"])
async def test_unsendable_answers_are_500(path: str, caplog: pytest.LogCaptureFixture) -> None:
    async with serving() as s, raw(s.port) as (reader, writer):
        writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        answer = await read_answer(reader)
        assert answer.status == 500
        assert b"Set-Cookie" not in answer.head
    [record] = [r for r in caplog.records if r.name == LOGGER]
    assert path in record.getMessage()


async def test_a_failing_error_handler_falls_back_to_the_default_page(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(request: Request | None, status: int, reason: str) -> Response:
        raise KeyError("oops")

    server = HttpServer(echo, error_handler=broken)
    port = await server.start("127.0.0.1")
    try:
        async with raw(port) as (reader, writer):
            writer.write(b"NOT HTTP\r\n\r\n")
            answer = await read_answer(reader)
    finally:
        await server.stop()
    assert answer.status == 400
    assert answer.body.startswith(b"400 Bad Request")
    assert any("error handler failed" in r.getMessage() for r in caplog.records)


async def test_error_answers_to_head_have_no_body() -> None:
    async with serving(max_body=1) as s, raw(s.port) as (reader, writer):
        writer.write(b"HEAD / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n")
        answer = await read_answer(reader, head_only=True)
        assert answer.status == 413
        assert int(answer.headers["content-length"]) > 0
        assert await read_rest(reader) == b""


# --- timeouts and limits -------------------------------------------------------------------------


async def test_slowloris_head_gets_408() -> None:
    # the idle timer is long: the request's shorter deadline must re-arm it
    async with serving(request_timeout=0.05, idle_timeout=30, error_handler=True) as s:
        async with raw(s.port) as (reader, writer):
            writer.write(b"GET /?code=x HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            answer = await read_answer(reader)
            assert answer.status == 408
            assert await read_rest(reader) == b""
        assert s.errors == [(None, 408, "the request did not arrive within 0.05 s")]


async def test_slow_body_gets_408_with_the_request() -> None:
    async with serving(request_timeout=0.05, error_handler=True) as s:
        async with raw(s.port) as (reader, writer):
            writer.write(b"POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n123")
            assert (await read_answer(reader)).status == 408
        [(request, status, _)] = s.errors
        assert status == 408
        assert request is not None
        assert request.path == "/slow"


async def test_idle_connections_close_quietly() -> None:
    async with serving(idle_timeout=0.05, request_timeout=30) as s:
        async with raw(s.port) as (reader, _):
            assert await read_rest(reader) == b""  # never said anything: closed, no answer
        async with raw(s.port) as (reader, writer):
            writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            assert (await read_answer(reader)).status == 200
            assert await read_rest(reader) == b""  # then idle: closed
        await until(lambda: s.server.connections == 0)


async def test_a_client_that_never_reads_is_dropped() -> None:
    size = 16 << 20  # far more than the kernel buffers with a small receive buffer
    async with serving(idle_timeout=0.05) as s:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", s.port))
        reader, writer = await asyncio.open_connection(sock=sock)
        try:
            writer.write(b"GET /big?n=%d HTTP/1.1\r\nHost: x\r\n\r\n" % size)
            await until(lambda: s.server.connections == 0)  # no reading, idle: aborted
            assert len(await read_rest(reader)) < size
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


async def test_max_connections_gets_503() -> None:
    async with (
        serving(max_connections=2, error_handler=True) as s,
        raw(s.port) as (r1, w1),
        raw(s.port) as (r2, w2),
    ):
        for reader, writer in ((r1, w1), (r2, w2)):
            writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            assert (await read_answer(reader)).status == 200
        async with raw(s.port) as (r3, w3):
            w3.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = await read_answer(r3)
            assert answer.status == 503
            assert answer.headers["connection"] == "close"
            assert await read_rest(r3) == b""
        assert s.errors == [(None, 503, "too many connections (at most 2)")]
        w1.close()
        await until(lambda: s.server.connections == 1)
        async with raw(s.port) as (r4, w4):
            w4.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            assert (await read_answer(r4)).status == 200


async def test_many_connections_at_once(served: Served) -> None:
    async def one(i: int) -> int:
        async with raw(served.port) as (reader, writer):
            writer.write(b"GET /yield?i=%d HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % i)
            answer = await read_answer(reader)
            assert await read_rest(reader) == b""
            return int(answer.json()["query"]["i"])

    assert sorted(await asyncio.gather(*(one(i) for i in range(300)))) == list(range(300))
    await until(lambda: served.server.connections == 0)


# --- clients that go away, aborts ----------------------------------------------------------------


async def test_client_gone_mid_body_is_not_an_error(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    async with raw(served.port) as (_, writer):
        writer.write(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789")
        await writer.drain()
    await until(lambda: served.server.connections == 0)
    assert not [r for r in caplog.records if r.levelno > logging.DEBUG]


async def test_client_gone_mid_answer_is_not_an_error(caplog: pytest.LogCaptureFixture) -> None:
    gate = asyncio.Event()
    started: list[str] = []
    finished: list[str] = []

    async def slow(request: Request) -> Response:
        started.append(request.path)
        await gate.wait()
        finished.append(request.path)
        return Response.text("late")

    async with serving(slow) as s:
        async with raw(s.port) as (_, writer):
            writer.write(b"GET /late HTTP/1.1\r\nHost: x\r\n\r\n")
            await until(lambda: started == ["/late"])
        # the client has gone (to the server, a half-closed connection that may still read)
        gate.set()
        await until(lambda: finished == ["/late"])  # the handler ran to its end
        await until(lambda: s.server.connections == 0)  # the answer went nowhere: closed
    assert not [r for r in caplog.records if r.levelno > logging.DEBUG]


async def test_client_gone(caplog: pytest.LogCaptureFixture) -> None:
    gate = asyncio.Event()
    requests: dict[str, Request] = {}
    seen: dict[str, list[bool]] = {}

    async def watch(request: Request) -> Response:
        requests[request.path] = request
        marks = seen.setdefault(request.path, [request.client_gone])
        await gate.wait()
        marks.append(request.client_gone)
        if request.path == "/abort":
            request.abort()
            marks.append(request.client_gone)
        return Response.text("ok")

    async with serving(watch) as s:
        async with raw(s.port) as (_, writer):
            writer.write(b"GET /leaves HTTP/1.1\r\nHost: x\r\n\r\n")
            await until(lambda: "/leaves" in requests)
        await until(lambda: requests["/leaves"].client_gone)
        async with raw(s.port) as (r2, w2), raw(s.port) as (r3, w3):
            w2.write(b"GET /stays HTTP/1.1\r\nHost: x\r\n\r\n")
            w3.write(b"GET /abort HTTP/1.1\r\nHost: x\r\n\r\n")
            await until(lambda: len(requests) == 3)
            gate.set()
            assert (await read_answer(r2)).body == b"ok"
            assert await read_rest(r3) == b""
    assert seen == {
        "/leaves": [False, True],
        "/stays": [False, False],
        "/abort": [False, False, True],
    }
    assert not requests["/stays"].client_gone  # answered
    assert not Request("GET", "/").client_gone
    assert not [r for r in caplog.records if r.levelno > logging.DEBUG]


@pytest.mark.parametrize("path", ["/abort", "/abort-later"])
async def test_abort_sends_nothing(path: str, caplog: pytest.LogCaptureFixture) -> None:
    async with serving() as s:
        async with raw(s.port) as (reader, writer):
            writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            assert await read_rest(reader) == b""
        async with httpx.AsyncClient(base_url=s.url) as client:
            with pytest.raises(httpx.TransportError):
                await client.get(path)
            assert (await client.get("/")).status_code == 200
    assert not [r for r in caplog.records if r.levelno > logging.DEBUG]


async def test_abort_after_the_answer_does_nothing() -> None:
    kept: list[Request] = []

    async def keep(request: Request) -> Response:
        kept.append(request)
        return Response.text("ok")

    async with serving(keep) as s, raw(s.port) as (reader, writer):
        writer.write(b"GET /1 HTTP/1.1\r\nHost: x\r\n\r\n")
        assert (await read_answer(reader)).body == b"ok"
        kept[0].abort()  # an old request must not drop the connection's next one
        writer.write(b"GET /2 HTTP/1.1\r\nHost: x\r\n\r\n")
        assert (await read_answer(reader)).body == b"ok"


async def test_cancelled_handler_drops_the_connection(caplog: pytest.LogCaptureFixture) -> None:
    async def cancelled(request: Request) -> Response:
        raise asyncio.CancelledError

    async with serving(cancelled) as s, raw(s.port) as (reader, writer):
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert await read_rest(reader) == b""
    assert not [r for r in caplog.records if r.levelno > logging.DEBUG]


async def test_a_handler_returning_a_future() -> None:
    def handler(request: Request) -> Awaitable[Response]:
        future: asyncio.Future[Response] = asyncio.get_running_loop().create_future()
        future.set_result(Response.text("from a future"))
        return future

    async with (
        serving(handler) as s,
        httpx.AsyncClient(base_url=s.url) as client,
    ):
        assert (await client.get("/")).text == "from a future"


# --- start and stop ------------------------------------------------------------------------------


async def test_start_stop_and_properties() -> None:
    server = HttpServer(echo)
    assert not server.running
    assert server.port is None
    await server.stop()  # before start: nothing to do
    port = await server.start("127.0.0.1")
    assert server.running
    assert (server.host, server.port) == ("127.0.0.1", port)
    with pytest.raises(RuntimeError, match="already running"):
        await server.start("127.0.0.1")
    await server.stop()
    await server.stop()  # twice
    assert not server.running
    assert server.port is None
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=WAIT).close()
    port = await server.start("127.0.0.1")  # again
    async with httpx.AsyncClient() as client:
        assert (await client.get(f"http://127.0.0.1:{port}/")).status_code == 200
    await server.stop()


async def test_port_in_use_is_oserror_and_nothing_listens() -> None:
    async with serving() as s:
        clash = HttpServer(echo)
        with pytest.raises(OSError) as caught:
            await clash.start("127.0.0.1", s.port)
        assert caught.value.errno == errno.EADDRINUSE
        assert not clash.running
        assert clash.port is None


async def test_stop_closes_idle_connections_at_once(served: Served) -> None:
    async with raw(served.port) as (reader, writer):
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert (await read_answer(reader)).status == 200
        await served.server.stop(grace=30)  # nothing in progress: no waiting
        assert await read_rest(reader) == b""
        assert served.server.connections == 0


async def test_stop_lets_a_request_in_progress_finish() -> None:
    gate = asyncio.Event()
    started: list[bool] = []

    async def slow(request: Request) -> Response:
        started.append(True)
        await gate.wait()
        return Response.text("finished")

    async with serving(slow) as s, raw(s.port) as (reader, writer):
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        await until(lambda: started == [True])
        stopping = asyncio.ensure_future(s.server.stop(grace=30))
        await until(lambda: not s.server.running)
        gate.set()
        answer = await read_answer(reader)
        assert answer.body == b"finished"
        assert answer.headers["connection"] == "close"
        await stopping


async def test_stop_cancels_a_request_after_the_grace() -> None:
    started: list[bool] = []
    cancelled: list[bool] = []

    async def stuck(request: Request) -> Response:
        started.append(True)
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.append(True)
            raise
        raise AssertionError("unreachable")

    async with serving(stuck) as s, raw(s.port) as (reader, writer):
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        await until(lambda: started == [True])
        await s.server.stop(grace=0.05)
        assert cancelled == [True]
        assert await read_rest(reader) == b""
        assert s.server.connections == 0


# --- Headers, Request, Response on their own -----------------------------------------------------


def test_headers_mapping() -> None:
    headers = Headers(
        [(b"Content-Type", b"text/plain"), (b"X-A", b"1"), (b"x-a", b"2"), (b"X-L", b"caf\xe9")]
    )
    assert headers["content-type"] == headers["CONTENT-TYPE"] == "text/plain"
    assert headers.get("x-a") == "1"
    assert headers.getall("X-A") == ["1", "2"]
    assert headers.getall("missing") == []
    assert headers["x-l"] == "café"  # latin-1
    assert list(headers) == ["content-type", "x-a", "x-l"]
    assert len(headers) == 3
    assert "X-A" in headers
    assert 3 not in headers
    assert headers.get("missing") is None
    assert headers.get("missing", "d") == "d"
    with pytest.raises(KeyError):
        headers["missing"]
    assert headers.raw[1] == (b"X-A", b"1")
    assert dict(headers) == {"content-type": "text/plain", "x-a": "1", "x-l": "café"}
    assert "text/plain" not in repr(headers)  # names only


def test_request_parts() -> None:
    request = Request(
        "POST",
        "http://example.com/a%2Fb?code=" + SECRET,
        [(b"Content-Length", b"12")],
        b"a=1&b=x+y&a=2",
    )
    assert request.path == "/a/b"
    assert request.query == {"code": SECRET}
    assert request.content_length == 12
    assert request.form() == {"a": "1", "b": "x y"}
    assert SECRET not in repr(request)
    request.abort()  # no connection: nothing to do
    assert Request("OPTIONS", "*").path == "*"
    assert Request("GET", "http://example.com").path == "/"
    assert Request("GET", "/").content_length is None


@pytest.mark.parametrize(
    ("body", "method"),
    [
        (b"\xff\xfe", "text"),
        (b"\xff", "json"),
        (b"{", "json"),
        (b"a=%FF", "form"),
        (b"\xff", "form"),
    ],
)
def test_request_body_errors_are_value_errors(body: bytes, method: str) -> None:
    request = Request("POST", "/", body=body)
    with pytest.raises(ValueError):
        getattr(request, method)()


def test_response_helpers() -> None:
    assert Response.json({"å": 1}).body == '{"å":1}'.encode()
    assert Response.json([]).get_header("content-type") == "application/json; charset=utf-8"
    assert Response.text("x").get_header("Content-Type") == "text/plain; charset=utf-8"
    assert Response.html("<p>", 404).status == 404
    assert Response(200, "å").get_header("content-type") == "text/plain; charset=utf-8"
    assert Response(200, "{}", content_type="application/problem+json").headers == [
        ("Content-Type", "application/problem+json; charset=utf-8")
    ]
    assert Response(200, "x", content_type="text/csv; charset=latin-1").headers == [
        ("Content-Type", "text/csv; charset=latin-1")
    ]
    assert Response(200, b"x", content_type="text/plain").headers == [
        ("Content-Type", "text/plain")
    ]
    assert Response(200, "x", content_type="image/svg").headers == [("Content-Type", "image/svg")]
    response = Response(headers={"X-A": "1", "x-b": "2"})
    response.set_header("x-a", "3")
    response.set_header("X-C", "4")
    assert response.headers == [("x-b", "2"), ("x-a", "3"), ("X-C", "4")]
    assert response.get_header("X-B") == "2"
    assert response.get_header("missing") is None
    assert Response(headers=[("A", "1"), ("A", "2")]).headers == [("A", "1"), ("A", "2")]


# --- garbage, property-based ---------------------------------------------------------------------


class ThreadedServer:
    """An echo server on its own loop and thread, for hypothesis's synchronous examples."""

    def __init__(self) -> None:
        self.records: list[logging.LogRecord] = []
        handler = logging.Handler()
        handler.emit = self.records.append  # type: ignore[method-assign]
        self.log = logging.getLogger("tests.httpserver.threaded")
        self.log.addHandler(handler)
        self.log.propagate = False
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.server = HttpServer(echo, max_body=4096, max_head=2048, logger=self.log)

    def __enter__(self) -> ThreadedServer:
        self.thread.start()
        self.port = self.call(self.server.start("127.0.0.1"))
        return self

    def __exit__(self, *exc: object) -> None:
        self.call(self.server.stop())
        self.call(self.loop.shutdown_asyncgens())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(WAIT)
        self.loop.close()
        self.log.handlers.clear()

    def call(self, coro: Awaitable[Any]) -> Any:
        async def run() -> Any:
            return await coro

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(WAIT)

    def exchange(self, data: bytes) -> bytes:
        """Send ``data`` then EOF; everything the server sent back before closing."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=WAIT) as sock:
            with contextlib.suppress(OSError):  # the server may have answered and closed
                sock.sendall(data)
                sock.shutdown(socket.SHUT_WR)
            received = bytearray()
            with contextlib.suppress(ConnectionResetError):
                while chunk := sock.recv(65536):
                    received += chunk
        return bytes(received)


@pytest.fixture(scope="module")
def threaded() -> Iterator[ThreadedServer]:
    with ThreadedServer() as server:
        yield server


PIECES = [
    b"GET",
    b"POST",
    b"HEAD",
    b" ",
    b"/",
    b"/x?a=1",
    b"*",
    b"HTTP/1.1",
    b"HTTP/1.0",
    b"HTTP/2.0",
    b"\r\n",
    b"\n",
    b"Host: x",
    b"Content-Length: 5",
    b"Content-Length: -1",
    b"Content-Length: 99999",
    b"Transfer-Encoding: chunked",
    b"Connection: close",
    b"Expect: 100-continue",
    b"5\r\nhello\r\n0\r\n\r\n",
    b"ffffffffffffffffffff\r\n",
    b":",
    b"\x00",
    b"\xff",
    b"\t",
    b"x" * 3000,
]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(st.sampled_from(PIECES), max_size=20).map(b"".join),
    )
)
def test_any_bytes_get_an_answer_or_a_close(threaded: ThreadedServer, data: bytes) -> None:
    received = threaded.exchange(data)
    statuses = [int(s) for s in re.findall(rb"^HTTP/1\.1 (\d{3}) ", received, re.MULTILINE)]
    if received:
        assert received.startswith(b"HTTP/1.1 ")
        assert statuses
    assert set(statuses) <= {100, 200, 400, 413, 431, 501}
    # the server keeps serving, and logged no error
    assert b'"path":"/after"' in threaded.exchange(b"GET /after HTTP/1.1\r\nHost: x\r\n\r\n")
    assert not [r for r in threaded.records if r.levelno >= logging.WARNING]
