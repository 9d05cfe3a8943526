"""A small asyncio HTTP/1.1 server on h11, for the local sandbox and the redirect receiver.

Why h11 and not aiohttp: see docs/architecture.md ("The HTTP server"). In short: the console
must paint its first frame with the embedded sandbox answering within 2.5x a bare Qt window's
start-up (issue 7); importing aiohttp.web alone costs ~180 ms and ~25 MiB, more than that whole
budget, while h11 (python-hyper's sans-I/O HTTP/1.1 protocol library) is already loaded by
httpx/httpcore and costs ~10 ms. h11 does the protocol (parsing, framing, keep-alive, chunked
bodies, 100-continue, limits); this module only moves bytes between it and asyncio and calls
one handler per request.

Behaviour:

- One handler for every request: ``async def handler(request: Request) -> Response``. The whole
  body is read (at most ``max_body`` bytes) before the handler runs.
- HTTP/1.1 keep-alive (and HTTP/1.0), pipelined requests answered in order, ``Expect:
  100-continue``, HEAD (the body is not sent), chunked request bodies.
- The server answers by itself, through ``error_handler`` when one is given (else a short
  ``text/plain`` page): a request it cannot parse (400, ``request`` None), a head larger than
  ``max_head`` (431), a body larger than ``max_body`` (413, decided from Content-Length before
  reading it, or while reading a chunked one), a handler that raised (500, logged without the
  query string: query strings carry authorization codes). Also: an unsupported
  ``Transfer-Encoding`` (501, ``request`` None), a slow request (408, the request when its
  head had arrived, else None), a connection over ``max_connections`` (503 at once, ``request``
  None), a handler that returned something that cannot be sent (500). After such an answer the
  connection closes (it sends FIN, and drops what the client still sends, for up to 2 s, so
  that the client reads the answer rather than a reset).
- ``request.abort()`` closes the connection at once with nothing sent (the sandbox's
  "dropped connection" fault); the handler then returns anything, it is ignored.
- A ``Date`` header is added when the response has none; ``Content-Length`` always (the
  server frames every body itself). Header names are sent with the case they were given.
- A client that goes away mid-request or mid-answer is not an error (no log above DEBUG).
- Idle keep-alive connections close after ``idle_timeout``; a request whose head and body
  do not arrive within ``request_timeout`` gets 408 and the connection closes.
- ``stop()`` closes the listener, closes idle connections at once, lets requests in
  progress finish for up to ``grace`` seconds, then cancels them.
- No access log. Binding policy (loopback only, LAN) is the caller's: this module binds what
  it is given.

How it is built (the parts that matter for speed): one :class:`asyncio.Protocol` per
connection and a fresh ``h11.Connection`` per request (cheaper than h11's own reset, and it lets
the server write the answer itself: a status line and headers joined in one string, a ``Date``
cached per second, one ``write``). The handler's coroutine is stepped at once in the callback
that read the request's last byte; a task is made only when it actually waits for something.
Timeouts use one lazily re-armed timer per connection, not one per request.
"""

from __future__ import annotations

import asyncio
import json as _json
import logging
import time
import types
from collections.abc import Awaitable, Callable, Generator, Iterable, Iterator, Mapping
from typing import Any, Final, TypeVar, overload
from urllib.parse import parse_qsl, unquote

import h11

#: Largest request body read by default (1 MiB).
DEFAULT_MAX_BODY: Final = 1 << 20
#: Largest request head (request line + headers) by default (16 KiB).
DEFAULT_MAX_HEAD: Final = 16 * 1024

#: How long a connection being closed after an answer keeps reading (and dropping) what the
#: client still sends, so that the answer is not lost to a reset (capped by idle_timeout).
_LINGER: Final = 2.0
#: The listen backlog (asyncio's default, 100, drops a burst of connections into SYN retries).
_BACKLOG: Final = 1024
#: The largest read from a socket at once.
_READ_SIZE: Final = 64 * 1024
#: Bodies larger than this are written apart from the head (no copy into one buffer).
_JOIN_LIMIT: Final = 64 * 1024

_T = TypeVar("_T")

_REASONS: Final[dict[int, str]] = {
    100: "Continue",
    101: "Switching Protocols",
    200: "OK",
    201: "Created",
    202: "Accepted",
    203: "Non-Authoritative Information",
    204: "No Content",
    205: "Reset Content",
    206: "Partial Content",
    300: "Multiple Choices",
    301: "Moved Permanently",
    302: "Found",
    303: "See Other",
    304: "Not Modified",
    307: "Temporary Redirect",
    308: "Permanent Redirect",
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    408: "Request Timeout",
    409: "Conflict",
    410: "Gone",
    411: "Length Required",
    412: "Precondition Failed",
    413: "Content Too Large",
    414: "URI Too Long",
    415: "Unsupported Media Type",
    416: "Range Not Satisfiable",
    417: "Expectation Failed",
    421: "Misdirected Request",
    422: "Unprocessable Content",
    425: "Too Early",
    426: "Upgrade Required",
    428: "Precondition Required",
    429: "Too Many Requests",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    505: "HTTP Version Not Supported",
}

_DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
#: (the second, its IMF-fixdate): replaced as a whole, so threads may share it.
_date_cache: tuple[int, str] = (0, "")


def _http_date() -> str:
    """Now as an HTTP date (``Sun, 06 Nov 1994 08:49:37 GMT``), formatted once a second."""
    global _date_cache
    now = int(time.time())
    cached = _date_cache
    if cached[0] == now:
        return cached[1]
    t = time.gmtime(now)
    text = (
        f"{_DAYS[t.tm_wday]}, {t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} GMT"
    )
    _date_cache = (now, text)
    return text


class Headers(Mapping[str, str]):
    """Request headers: case-insensitive lookups (``headers["content-type"]``,
    ``headers.get("Content-Type")``), the FIRST value of a repeated name; ``getall(name)``
    for every value; ``raw`` is the headers as received: ``((b"Content-Type", b"..."), ...)``
    with their original case and order. Values are decoded as latin-1 (HTTP's rule)."""

    __slots__ = ("_first", "_raw")

    def __init__(self, raw: Iterable[tuple[bytes, bytes]]) -> None:
        pairs = tuple(raw)
        first: dict[str, str] = {}
        for name, value in pairs:
            key = name.decode("latin-1").lower()
            if key not in first:
                first[key] = value.decode("latin-1")
        self._raw = pairs
        self._first = first

    @property
    def raw(self) -> tuple[tuple[bytes, bytes], ...]:
        return self._raw

    def getall(self, name: str) -> list[str]:
        key = name.lower()
        return [
            value.decode("latin-1")
            for raw_name, value in self._raw
            if raw_name.decode("latin-1").lower() == key
        ]

    def __getitem__(self, name: str) -> str:
        try:
            return self._first[name.lower()]
        except AttributeError:
            raise KeyError(name) from None

    @overload
    def get(self, name: str, /) -> str | None: ...

    @overload
    def get(self, name: str, /, default: str | _T) -> str | _T: ...

    def get(self, name: str, /, default: object = None) -> object:
        try:
            return self._first.get(name.lower(), default)
        except AttributeError:
            return default

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._first

    def __iter__(self) -> Iterator[str]:  # lower-case names, each once
        return iter(self._first)

    def __len__(self) -> int:
        return len(self._first)

    def __repr__(self) -> str:  # names only: values carry secrets (Authorization, ...)
        return f"Headers({list(self._first)!r})"


class Request:
    """One request, its body read. Attributes:

    - ``method``: ``"GET"``, ``"POST"``, ... (upper case, as sent)
    - ``target``: the request target as sent (``/callback?code=...``)
    - ``path``: the target's path, percent-decoded (``/a b`` for ``/a%20b``)
    - ``query_string``: the raw query (after ``?``, before ``#``), ``""`` when none
    - ``headers``: :class:`Headers`
    - ``body``: bytes
    - ``remote``: the peer's IP address (``"127.0.0.1"``), None when unknown
    - ``http_version``: ``"1.1"`` or ``"1.0"``
    - ``match_info``: ``dict[str, str]``, empty; free for the caller's router to fill
    - ``client_gone`` (property): whether the client has hung up while the request is handled
    """

    __slots__ = (
        "_conn",
        "_query",
        "body",
        "headers",
        "http_version",
        "match_info",
        "method",
        "path",
        "query_string",
        "remote",
        "target",
    )

    method: str
    target: str
    path: str
    query_string: str
    headers: Headers
    body: bytes
    remote: str | None
    http_version: str
    match_info: dict[str, str]

    def __init__(
        self,
        method: str,
        target: str,
        headers: Headers | Iterable[tuple[bytes, bytes]] = (),
        body: bytes = b"",
        *,
        remote: str | None = None,
        http_version: str = "1.1",
    ) -> None:
        self.method = method
        self.target = target
        if "#" in target:
            target = target.partition("#")[0]
        raw_path, question, query = target.partition("?")
        self.query_string = query if question else ""
        if raw_path[:1] != "/" and "://" in raw_path:  # absolute form: http://host/path
            slash = raw_path.find("/", raw_path.index("://") + 3)
            raw_path = raw_path[slash:] if slash >= 0 else "/"
        self.path = unquote(raw_path) if "%" in raw_path else raw_path
        self.headers = headers if isinstance(headers, Headers) else Headers(headers)
        self.body = body
        self.remote = remote
        self.http_version = http_version
        self.match_info = {}
        self._query: dict[str, str] | None = None
        self._conn: _Connection | None = None

    @property
    def query(self) -> Mapping[str, str]:
        """The query parsed (blank values kept, ``+`` as space); the first value of a name."""
        parsed = self._query
        if parsed is None:
            parsed = {}
            for name, value in parse_qsl(self.query_string, keep_blank_values=True):
                parsed.setdefault(name, value)
            self._query = parsed
        return parsed

    @property
    def content_length(self) -> int | None:
        value = self.headers.get("content-length")
        if value is None or not value.isdigit():
            return None
        return int(value)

    def text(self) -> str:
        """The body as UTF-8; UnicodeDecodeError when it is not."""
        return self.body.decode("utf-8")

    def json(self) -> Any:
        """The body parsed as JSON; ValueError (incl. UnicodeDecodeError) when it is not."""
        return _json.loads(self.body.decode("utf-8"))

    def form(self) -> dict[str, str]:
        """An ``application/x-www-form-urlencoded`` body; the first value of a name.
        ValueError when it is not UTF-8."""
        parsed: dict[str, str] = {}
        text = self.body.decode("utf-8")
        for name, value in parse_qsl(text, keep_blank_values=True, errors="strict"):
            parsed.setdefault(name, value)
        return parsed

    @property
    def client_gone(self) -> bool:
        """True once the client has closed its side of the connection while this request was
        being handled (EOF seen: it may still read, but most clients that close have gone),
        or the connection was lost or aborted. False otherwise, for a request built by hand,
        and once the request has been answered. (While a pipelined request waits to be read,
        reading is paused and an EOF is seen only later.)"""
        conn = self._conn
        return conn is not None and (conn._eof or conn._lost or conn._aborted)

    def abort(self) -> None:
        """Close the connection now, with nothing sent (nothing more is read or written)."""
        conn = self._conn
        if conn is not None:
            conn.abort_now()

    def __repr__(self) -> str:  # no query string: it carries authorization codes
        return f"<Request {self.method} {self.path}>"


def _is_texty(content_type: str) -> bool:
    base = content_type.partition(";")[0].strip().lower()
    return base.startswith("text/") or base == "application/json" or base.endswith("+json")


class Response:
    """What a handler returns.

    ``Response(status=200, body=b"", *, content_type=None, headers=None, reason=None)``;
    ``headers`` a mapping or ``(name, value)`` pairs, names keep their case. ``body`` may be
    ``str`` (encoded UTF-8; ``; charset=utf-8`` is then added to a ``text/*`` or JSON content
    type that has none; ``text/plain`` when no content type is given). Helpers:
    ``Response.text(text, status=200)``, ``Response.html(text, status=200)``,
    ``Response.json(payload, status=200)`` (compact ``json.dumps``, ``ensure_ascii=False``).
    ``set_header(name, value)`` replaces every header of that name (case-insensitive);
    ``get_header(name)`` returns the first or None; ``headers`` is the list of ``(name, value)``
    pairs. ``body`` and ``status`` are plain, writable attributes. No ``Content-Length`` here:
    the server adds it (one given is ignored, as are ``Transfer-Encoding`` and ``Connection``
    other than ``close``).
    """

    __slots__ = ("body", "headers", "reason", "status")

    status: int
    body: bytes
    reason: str | None
    headers: list[tuple[str, str]]

    def __init__(
        self,
        status: int = 200,
        body: bytes | str = b"",
        *,
        content_type: str | None = None,
        headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
        reason: str | None = None,
    ) -> None:
        self.status = status
        self.reason = reason
        if headers is None:
            self.headers = []
        elif isinstance(headers, Mapping):
            self.headers = list(headers.items())
        else:
            self.headers = list(headers)
        if isinstance(body, str):
            self.body = body.encode("utf-8")
            if content_type is None:
                content_type = self.get_header("Content-Type") or "text/plain"
            if "charset=" not in content_type.lower() and _is_texty(content_type):
                content_type += "; charset=utf-8"
        else:
            self.body = bytes(body) if type(body) is not bytes else body
        if content_type is not None:
            self.set_header("Content-Type", content_type)

    @classmethod
    def text(cls, text: str, status: int = 200) -> Response:
        return cls(status, text.encode("utf-8"), content_type="text/plain; charset=utf-8")

    @classmethod
    def html(cls, text: str, status: int = 200) -> Response:
        return cls(status, text.encode("utf-8"), content_type="text/html; charset=utf-8")

    @classmethod
    def json(cls, payload: Any, status: int = 200) -> Response:
        response = cls.__new__(cls)  # the fast path: a handler's usual answer
        response.status = status
        response.reason = None
        response.body = "".join(_JSON_ENCODER.iterencode(payload, True)).encode("utf-8")
        response.headers = [("Content-Type", "application/json; charset=utf-8")]
        return response

    def set_header(self, name: str, value: str) -> None:
        key = name.lower()
        headers = self.headers
        if any(existing.lower() == key for existing, _ in headers):
            headers[:] = [(n, v) for n, v in headers if n.lower() != key]
        headers.append((name, value))

    def get_header(self, name: str) -> str | None:
        key = name.lower()
        for existing, value in self.headers:
            if existing.lower() == key:
                return value
        return None

    def __repr__(self) -> str:
        return f"<Response {self.status} {[name for name, _ in self.headers]!r}>"


_JSON_ENCODER: Final = _json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

Handler = Callable[[Request], Awaitable[Response]]
#: ``(request or None when it could not be parsed, status, reason) -> Response``.
ErrorHandler = Callable[[Request | None, int, str], Response]


def _default_error(status: int, reason: str) -> Response:
    phrase = _REASONS.get(status, "Error")
    return Response(
        status,
        f"{status} {phrase}: {reason}\n".encode(),
        headers=[
            ("Content-Type", "text/plain; charset=utf-8"),
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-store"),
        ],
    )


def _encode(
    response: Response, head_only: bool, close: bool, http10_keep_alive: bool
) -> tuple[bytes, bytes, bool]:
    """``(head, body to send, close)``; ValueError when the response cannot be sent."""
    status = response.status
    if type(status) is not int:  # an IntEnum (HTTPStatus) is fine, a bool or str is not
        if not isinstance(status, int) or isinstance(status, bool):
            raise ValueError(f"status {status!r} is not an HTTP status")
        status = int(status)
    if not 200 <= status <= 999:
        raise ValueError(f"status {status} is not a final HTTP status (200-999)")
    body = response.body
    if type(body) is not bytes:
        body = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    lines = []
    has_date = False
    for name, value in response.headers:
        lower = name.lower()
        if lower == "content-length" or lower == "transfer-encoding":
            continue
        if lower == "connection":
            if "close" in value.lower():
                close = True
            continue
        if lower == "date":
            has_date = True
        lines.append(f"{name}: {value}\r\n")
    if not has_date:
        lines.append(f"Date: {_http_date()}\r\n")
    if status == 204 or status == 304:
        body = b""
    else:
        lines.append(f"Content-Length: {len(body)}\r\n")
    if close:
        lines.append("Connection: close\r\n")
    elif http10_keep_alive:
        lines.append("Connection: keep-alive\r\n")
    block = "".join(lines)
    count = len(lines)
    reason = response.reason
    if reason is None:
        reason = _REASONS.get(status, "")
    if block.count("\n") != count or block.count("\r") != count or "\n" in reason or "\r" in reason:
        raise ValueError("a header or the reason holds a line break")
    head = f"HTTP/1.1 {status} {reason}\r\n{block}\r\n".encode("latin-1")
    return head, b"" if head_only else body, close


class _Rest:
    """The rest of a handler's coroutine after its first step (which yielded ``yielded``),
    as an awaitable a task can drive: ``await _Rest(coro, yielded)``."""

    __slots__ = ("_coro", "_yielded")

    def __init__(self, coro: types.CoroutineType[Any, Any, Any], yielded: Any) -> None:
        self._coro = coro
        self._yielded = yielded

    def __await__(self) -> Generator[Any, Any, Any]:
        coro, yielded = self._coro, self._yielded
        while True:
            try:
                sent = yield yielded
            except GeneratorExit:
                coro.close()
                raise
            except BaseException as exc:  # thrown in by the task (cancelled, a failed future)
                try:
                    yielded = coro.throw(exc)
                except StopIteration as stop:
                    return stop.value
            else:
                try:
                    yielded = coro.send(sent)
                except StopIteration as stop:
                    return stop.value


async def _finish(rest: Awaitable[Any]) -> Any:
    return await rest


# connection phases
_IDLE: Final = 0  # between requests: idle_timeout, closed quietly
_READING: Final = 1  # a request is arriving: request_timeout, then 408
_HANDLING: Final = 2  # the handler runs (no timeout: stop()'s grace bounds it)
_DRAINING: Final = 3  # answered; the client reads slowly: idle_timeout, then abort
_CLOSING: Final = 4  # last answer sent, lingering until the client closes


class _Connection(asyncio.BufferedProtocol):
    """One client connection. A buffered protocol: the transport reads into the server's one
    read buffer (``recv_into``), and what was read is copied out at once; a plain Protocol's
    transport would allocate 256 KiB for every read (an mmap/munmap pair and page faults per
    request with glibc)."""

    __slots__ = (
        "_aborted",
        "_body",
        "_body_size",
        "_counted",
        "_cycle_bytes",
        "_deadline",
        "_eof",
        "_h11",
        "_head_only",
        "_http10_keep_alive",
        "_in_process",
        "_keep_alive",
        "_loop",
        "_lost",
        "_phase",
        "_read_paused",
        "_remote",
        "_request",
        "_server",
        "_timer",
        "_timer_at",
        "_transport",
        "_write_paused",
    )

    def __init__(self, server: HttpServer, loop: asyncio.AbstractEventLoop) -> None:
        self._server = server
        self._loop = loop
        self._h11 = h11.Connection(h11.SERVER, max_incomplete_event_size=server._max_head)
        self._transport: asyncio.Transport | None = None
        self._remote: str | None = None
        self._phase = _IDLE
        self._request: Request | None = None
        self._body: list[bytes | bytearray] = []
        self._body_size = 0
        self._cycle_bytes = 0
        self._keep_alive = True
        self._http10_keep_alive = False
        self._head_only = False
        self._read_paused = False
        self._write_paused = False
        self._eof = False
        self._in_process = False
        self._aborted = False
        self._lost = False
        self._counted = False
        self._deadline = 0.0
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at = 0.0

    # --- asyncio callbacks ----------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        server = self._server
        server._conns.add(self)
        peer = transport.get_extra_info("peername")
        if isinstance(peer, tuple) and peer:
            self._remote = str(peer[0])
        if server._stopping:
            transport.abort()
            return
        if server._active >= server._max_connections:
            self._answer_error(
                None, 503, f"too many connections (at most {server._max_connections})"
            )
            return
        server._active += 1
        self._counted = True
        self._set_deadline(self._loop.time() + server._idle_timeout)

    def get_buffer(self, sizehint: int) -> memoryview:
        return self._server._read_view

    def buffer_updated(self, nbytes: int) -> None:
        self.data_received(self._server._read_view[:nbytes].tobytes())

    def data_received(self, data: bytes) -> None:
        phase = self._phase
        if phase == _READING:
            self._cycle_bytes += len(data)
        elif phase == _IDLE:
            self._phase = _READING
            self._cycle_bytes = len(data)
            self._set_deadline(self._loop.time() + self._server._request_timeout)
        elif phase == _CLOSING or self._aborted:
            return  # lingering: what the client still sends is dropped
        else:  # handling or draining: keep it for the next request, read no more until then
            self._h11.receive_data(data)
            if not self._read_paused:
                self._read_paused = True
                assert self._transport is not None
                self._transport.pause_reading()
            return
        self._h11.receive_data(data)
        self._process()

    def eof_received(self) -> bool:
        phase = self._phase
        self._eof = True
        if phase in (_CLOSING, _IDLE):
            return False  # the transport closes itself
        self._h11.receive_data(b"")
        if phase == _READING:
            self._process()
        return True  # still to answer (or already closing): we close it

    def pause_writing(self) -> None:
        self._write_paused = True

    def resume_writing(self) -> None:
        self._write_paused = False
        if self._phase == _DRAINING and not self._lost:
            self._next_cycle()

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost = True
        timer = self._timer
        if timer is not None:
            timer.cancel()
            self._timer = None
        self._request = None
        self._body = []
        server = self._server
        server._conns.discard(self)
        if self._counted:
            self._counted = False
            server._active -= 1
        if exc is not None:
            server._log.debug("a client connection ended: %s", type(exc).__name__)
        if not server._conns:
            waiter = server._closed_waiter
            if waiter is not None and not waiter.done():
                waiter.set_result(None)

    # --- reading --------------------------------------------------------------------------------

    def _process(self) -> None:
        """Parse what has arrived; answer every complete request (pipelined ones in a loop,
        not by recursion: a chunk may hold thousands of them)."""
        if self._in_process:
            return
        self._in_process = True
        try:
            self._process_events()
        finally:
            self._in_process = False

    def _process_events(self) -> None:
        max_body = self._server._max_body
        while True:
            try:
                event = self._h11.next_event()
            except h11.RemoteProtocolError as err:
                self._protocol_error(err)
                return
            kind = type(event)
            if kind is h11.Data:
                data = event.data  # type: ignore[union-attr]
                size = self._body_size + len(data)
                if size > max_body:
                    self._answer_error(
                        self._request, 413, f"the request body is larger than {max_body} bytes"
                    )
                    return
                self._body_size = size
                self._body.append(data)
            elif kind is h11.Request:
                if not self._on_head(event):  # type: ignore[arg-type]
                    return
            elif kind is h11.EndOfMessage:
                self._dispatch()
                if self._phase != _READING:  # answered (or not yet), nothing more to parse now
                    return
                # answered at once, and the next request is already here: parse it
            elif kind is h11.ConnectionClosed:
                self._close()
                return
            else:  # NEED_DATA (or PAUSED, which a fresh h11 connection per request never gives)
                return

    def _on_head(self, event: h11.Request) -> bool:
        server = self._server
        if self._cycle_bytes > server._max_head and _head_size(event) > server._max_head:
            self._answer_error(
                None, 431, f"the request head is larger than {server._max_head} bytes"
            )
            return False
        version = event.http_version
        request = Request(
            event.method.decode("ascii"),
            event.target.decode("latin-1"),
            event.headers.raw_items(),
            remote=self._remote,
            http_version=version.decode("ascii"),
        )
        request._conn = self
        headers = request.headers._first
        connection = headers.get("connection")
        if connection is None:
            keep_alive = version == b"1.1"
        else:
            tokens = {
                token.strip()
                for value in request.headers.getall("connection")
                for token in value.lower().split(",")
            }
            keep_alive = "close" not in tokens and (version == b"1.1" or "keep-alive" in tokens)
        self._keep_alive = keep_alive
        self._http10_keep_alive = keep_alive and version != b"1.1"
        self._head_only = request.method == "HEAD"
        self._request = request
        self._body = []
        self._body_size = 0
        length = headers.get("content-length")
        if length is not None and int(length) > server._max_body:
            self._answer_error(
                request, 413, f"the request body is larger than {server._max_body} bytes"
            )
            return False
        if self._h11.they_are_waiting_for_100_continue and (
            "transfer-encoding" in headers if length is None else length != "0"
        ):
            assert self._transport is not None
            self._transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        return True

    def _protocol_error(self, err: h11.RemoteProtocolError) -> None:
        if self._eof:  # the client went away mid-request: not an error
            self._server._log.debug("a client closed its connection mid-request")
            self._close()
            return
        status = err.error_status_hint
        if status == 431:
            reason = f"the request head is larger than {self._server._max_head} bytes"
        elif status == 501:
            reason = "the request's Transfer-Encoding is not supported"
        else:
            status, reason = 400, "the request is not valid HTTP/1.1"
        self._server._log.debug("refused a request: %d (%s)", status, type(err).__name__)
        self._answer_error(self._request if status != 431 else None, status, reason)

    # --- the handler ----------------------------------------------------------------------------

    def _dispatch(self) -> None:
        request = self._request
        assert request is not None
        self._request = None
        body = self._body
        if body:
            request.body = bytes(body[0]) if len(body) == 1 else b"".join(body)
            self._body = []
        self._phase = _HANDLING
        self._deadline = 0.0
        server = self._server
        try:
            awaitable = server._handler(request)
            if type(awaitable) is not types.CoroutineType:
                self._wait_for(request, asyncio.ensure_future(awaitable))
                return
            yielded = awaitable.send(None)
        except StopIteration as stop:
            self._answer(request, stop.value)
            return
        except asyncio.CancelledError:
            self.abort_now()
            return
        except Exception as exc:
            self._handler_failed(request, exc)
            return
        self._wait_for(request, self._loop.create_task(_finish(_Rest(awaitable, yielded))))

    def _wait_for(self, request: Request, task: asyncio.Future[Any]) -> None:
        self._server._tasks.add(task)
        task.add_done_callback(lambda done: self._task_done(request, done))

    def _task_done(self, request: Request, task: asyncio.Future[Any]) -> None:
        self._server._tasks.discard(task)
        if task.cancelled():
            self.abort_now()
            return
        exc = task.exception()
        if exc is not None:
            self._handler_failed(request, exc)
        else:
            self._answer(request, task.result())

    def _handler_failed(self, request: Request, exc: BaseException) -> None:
        self._server._log.error(
            "the handler failed on %s %s",
            request.method,
            request.path,
            exc_info=(type(exc), exc, exc.__traceback__),
        )
        self._answer_error(request, 500, "the server failed on this request")

    # --- writing --------------------------------------------------------------------------------

    def _answer(self, request: Request, response: Any) -> None:
        request._conn = None
        if self._lost or self._aborted:
            return
        if not isinstance(response, Response):
            self._server._log.error(
                "the handler of %s %s returned %s, not a Response",
                request.method,
                request.path,
                type(response).__name__,
            )
            self._answer_error(request, 500, "the server failed on this request")
            return
        try:
            head, body, close = _encode(
                response,
                self._head_only,
                not self._keep_alive or self._server._stopping,
                self._http10_keep_alive,
            )
        except (ValueError, TypeError) as err:
            self._server._log.error(
                "the handler of %s %s returned a response that cannot be sent: %s",
                request.method,
                request.path,
                err,
            )
            self._answer_error(request, 500, "the server failed on this request")
            return
        transport = self._transport
        assert transport is not None
        if len(body) <= _JOIN_LIMIT:
            transport.write(head + body)
        else:
            transport.write(head)
            transport.write(body)
        if close:
            self._linger()
        elif self._write_paused:
            self._phase = _DRAINING
            self._set_deadline(self._loop.time() + self._server._idle_timeout)
        else:
            self._next_cycle()

    def _answer_error(self, request: Request | None, status: int, reason: str) -> None:
        """The server's own answer; the connection then closes."""
        if request is not None:
            request._conn = None
        if self._lost or self._aborted or self._phase == _CLOSING:
            return
        server = self._server
        response: Any = None
        if server._error_handler is not None:
            try:
                response = server._error_handler(request, status, reason)
            except Exception:
                server._log.exception("the error handler failed on a %d answer", status)
        head_only = request is not None and request.method == "HEAD"
        try:
            if not isinstance(response, Response):
                raise TypeError("the error handler returned no Response")
            head, body, _ = _encode(response, head_only, True, False)
        except (ValueError, TypeError) as err:
            if response is not None:
                server._log.error("the error handler's %d answer cannot be sent: %s", status, err)
            head, body, _ = _encode(_default_error(status, reason), head_only, True, False)
        assert self._transport is not None
        self._transport.write(head + body)
        self._linger()

    def _next_cycle(self) -> None:
        trailing, closed = self._h11.trailing_data
        h = self._h11 = h11.Connection(h11.SERVER, max_incomplete_event_size=self._server._max_head)
        if self._read_paused:
            self._read_paused = False
            assert self._transport is not None
            self._transport.resume_reading()
        if trailing:
            self._phase = _READING
            self._cycle_bytes = len(trailing)
            self._set_deadline(self._loop.time() + self._server._request_timeout)
            h.receive_data(trailing)
            if closed:
                h.receive_data(b"")
            self._process()
        elif closed:
            self._close()
        else:
            self._phase = _IDLE
            self._set_deadline(self._loop.time() + self._server._idle_timeout)

    # --- closing --------------------------------------------------------------------------------

    def _linger(self) -> None:
        """After the last answer: send FIN, drop what still comes until the client closes."""
        self._phase = _CLOSING
        transport = self._transport
        assert transport is not None
        if self._eof or not transport.can_write_eof():
            transport.close()
            return
        transport.write_eof()
        if self._read_paused:
            self._read_paused = False
            transport.resume_reading()
        self._set_deadline(self._loop.time() + min(_LINGER, self._server._idle_timeout))

    def _close(self) -> None:
        self._phase = _CLOSING
        if self._transport is not None and not self._lost:
            self._transport.close()
            self._set_deadline(self._loop.time() + min(_LINGER, self._server._idle_timeout))

    def abort_now(self) -> None:
        """Close at once, nothing more sent."""
        if self._lost or self._aborted:
            return
        self._aborted = True
        assert self._transport is not None
        self._transport.abort()

    def on_server_stop(self) -> None:
        if self._phase in (_IDLE, _READING):
            self._close()

    # --- timeouts -------------------------------------------------------------------------------

    def _set_deadline(self, when: float) -> None:
        self._deadline = when
        timer = self._timer
        if timer is None or when < self._timer_at:
            if timer is not None:
                timer.cancel()
            self._timer = self._loop.call_at(when, self._on_timer)
            self._timer_at = when

    def _on_timer(self) -> None:
        self._timer = None
        deadline = self._deadline
        if not deadline or self._lost:
            return
        if self._loop.time() < deadline:  # moved later since the timer was set
            self._timer = self._loop.call_at(deadline, self._on_timer)
            self._timer_at = deadline
            return
        self._deadline = 0.0
        phase = self._phase
        if phase == _IDLE:
            self._close()
        elif phase == _READING:
            timeout = self._server._request_timeout
            self._answer_error(
                self._request, 408, f"the request did not arrive within {timeout:g} s"
            )
        else:  # draining or closing: the client does not read (or does not close)
            self.abort_now()


def _head_size(event: h11.Request) -> int:
    """About the size of the request head as it was sent."""
    size = len(event.method) + len(event.target) + 13
    for name, value in event.headers.raw_items():
        size += len(name) + len(value) + 4
    return size


class HttpServer:
    """``handler`` served on one listening socket in the running asyncio loop."""

    def __init__(
        self,
        handler: Handler,
        *,
        max_body: int = DEFAULT_MAX_BODY,
        max_head: int = DEFAULT_MAX_HEAD,
        idle_timeout: float = 15.0,
        request_timeout: float = 30.0,
        max_connections: int = 1000,
        error_handler: ErrorHandler | None = None,
        logger: logging.Logger | None = None,
    ) -> None:
        if max_body < 0 or max_head < 1 or max_connections < 1:
            raise ValueError("max_body, max_head and max_connections must be positive")
        if idle_timeout <= 0 or request_timeout <= 0:
            raise ValueError("idle_timeout and request_timeout must be positive")
        self._handler = handler
        self._max_body = max_body
        self._max_head = max_head
        self._idle_timeout = idle_timeout
        self._request_timeout = request_timeout
        self._max_connections = max_connections
        self._error_handler = error_handler
        self._log = logger if logger is not None else logging.getLogger(__name__)
        self._listener: asyncio.Server | None = None
        self._host: str | None = None
        self._port: int | None = None
        self._conns: set[_Connection] = set()
        self._tasks: set[asyncio.Future[Any]] = set()
        self._active = 0
        self._stopping = False
        self._closed_waiter: asyncio.Future[None] | None = None
        # shared by the connections: each read is copied out before the next one starts
        self._read_view = memoryview(bytearray(_READ_SIZE))

    async def start(self, host: str, port: int = 0) -> int:
        """Listen on ``host:port`` (0: a free port); returns the bound port. OSError as is
        (EADDRINUSE, EACCES, ...) with nothing left listening."""
        if self._listener is not None:
            raise RuntimeError("the server is already running")
        loop = asyncio.get_running_loop()
        self._stopping = False
        listener = await loop.create_server(
            lambda: _Connection(self, loop),
            host,
            port,
            reuse_address=True,
            backlog=_BACKLOG,  # a burst of connections is accepted, not left to SYN retries
        )
        name = listener.sockets[0].getsockname()
        self._listener = listener
        self._host = str(name[0])
        self._port = int(name[1])
        return self._port

    async def stop(self, grace: float = 1.0) -> None:
        """Stop listening, close every connection (see the module doc). Safe twice."""
        listener, self._listener = self._listener, None
        self._stopping = True
        if listener is not None:
            listener.close()
        for conn in list(self._conns):
            conn.on_server_stop()
        pending = set(self._tasks)
        if pending:
            _, pending = await asyncio.wait(pending, timeout=max(grace, 0.0))
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending, timeout=1.0)
        for conn in list(self._conns):
            conn.abort_now()
        if self._conns:
            waiter = self._closed_waiter = asyncio.get_running_loop().create_future()
            try:
                await asyncio.wait_for(waiter, 1.0)
            except TimeoutError:
                self._log.debug("%d connections did not report closing", len(self._conns))
            finally:
                self._closed_waiter = None
        if listener is not None:
            await listener.wait_closed()
        self._host = self._port = None

    @property
    def running(self) -> bool:
        return self._listener is not None

    @property
    def host(self) -> str | None:
        return self._host

    @property
    def port(self) -> int | None:
        return self._port

    @property
    def connections(self) -> int:
        """Open connections now."""
        return len(self._conns)
