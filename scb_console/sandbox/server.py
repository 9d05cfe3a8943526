"""The sandbox's HTTP server: SCB's auth endpoints, the SCB Easy stand-in and the admin routes.

Routes (every SCB path sits under ``/partners/sandbox``, like SCB's sandbox)::

    POST /partners/sandbox/v1/oauth/token           server token, or code exchange (authCode)
    GET  /partners/sandbox/v2/oauth/authorize       -> {"callbackUrl": "scbeasysim://login/<id>"}
    POST /partners/sandbox/v1/oauth/token/refresh   new access token (+ refresh when rotating)
    GET  /partners/sandbox/v2/customers/profile     the customer of a user access token
    GET  /_sandbox/easy/login/<id>                  HTML sign-in and consent page (form POST back)
    POST /_sandbox/logins/<id>/approve              {"customerId", "pin"} -> {"redirectUrl"}
    POST /_sandbox/logins/<id>/deny                 -> {"redirectUrl"}
    GET|PUT /_sandbox/faults, GET /_sandbox/requests, POST /_sandbox/reset,
    GET /_sandbox/info, GET /_sandbox/health

Choices where SCB's documentation is silent (each in one place below):

- SCB endpoints always answer the envelope ``{"status": {"code", "description"}, "data"}``, with
  ``data: null`` on errors, never an HTML page. A description names the header or field at fault
  in parentheses, as SCB's 9100 does: ``Required standard headers (requestUId) not found``,
  ``Missing required parameters (applicationSecret)``.
- A missing ``content-type`` is a missing header (400/9100); one that is not JSON is 415/9901.
- An unknown ``response-channel`` is 501/4101; an ``endState`` without a registered callback, an
  unknown ``redirectOption`` or a partner query over 255 characters is 400/1102.
- Profile call: no ``authorization`` header is 401/9101; a bad, expired or reset token is
  401/9500; a *server* token, or a ``resourceOwnerId`` that is not the token's customer, is
  403/9503 (the credentials are fine, the rights are not).
- Refresh without ``rotate_refresh`` answers the access fields only (the refresh token stays
  valid); with it, a new refresh token with a full lifetime, and the old one fails with 401/9300.
- The redirect after consent: see :func:`~scb_console.sandbox.protocol.build_redirect`.
- ``/_sandbox/*`` answers loopback clients only (403 otherwise, also for a non-loopback ``Host``
  or ``Origin`` header, against DNS rebinding and cross-site form posts); ``/_sandbox/health``
  answers anyone.

Served by :class:`~scb_console.infra.httpserver.HttpServer` (asyncio + h11; the sandbox used
aiohttp.web until importing it alone cost more than the console's whole start-up budget). The
server reads the whole body (at most :data:`MAX_BODY`) before the sandbox sees the request, and
answers what never reaches a route itself, through :meth:`SandboxServer._server_error`: a body
too large (413) as SCB's envelope (``{"error"}`` under ``/_sandbox/``), a request it cannot parse
as a 400 envelope. A small router finds the route (exact paths first, then the
``{login_id}`` patterns, else a catch-all 404), and :meth:`SandboxServer._serve` wraps every
route (method check, loopback guard, faults, errors as envelopes, the ``Date`` header, the
journal), so the hot path stays short.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import random
import re
import time
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qsl, urlsplit

from scb_console.core.clock import Clock, SystemClock
from scb_console.core.contract import (
    DEEPLINK_SCHEME,
    DESCRIPTIONS,
    END_STATES,
    MAX_PARTNER_QUERY_LENGTH,
    PATH_AUTHORIZE,
    PATH_PROFILE,
    PATH_REFRESH,
    PATH_TOKEN,
    REDIRECT_STATUS_DENIED,
    REDIRECT_STATUS_SUCCESS,
    RESPONSE_CHANNELS,
    SANDBOX_BASE_PATH,
    TOKEN_TYPE_BEARER,
    Field,
    Header,
    StatusCode,
)
from scb_console.infra.httpserver import HttpServer, Request, Response
from scb_console.sandbox import page
from scb_console.sandbox.config import SandboxConfig, check_url
from scb_console.sandbox.faults import Faults, FaultsError, FaultSpec
from scb_console.sandbox.journal import JournalEntry
from scb_console.sandbox.model import SandboxApp, SandboxCustomer
from scb_console.sandbox.protocol import (
    AdminError,
    ApiError,
    build_redirect,
    describe,
    envelope,
    is_loopback_address,
    is_loopback_host,
    new_uuid,
    url_host,
)
from scb_console.sandbox.state import (
    SERVER,
    USER,
    Login,
    LoginError,
    LoginLocked,
    LoginNotFound,
    RefreshGrant,
    SandboxState,
    WrongPin,
)

__all__ = [
    "ENDPOINT_BY_PATH",
    "RequestListener",
    "SandboxServer",
    "is_loopback_address",
    "is_loopback_host",
]

log = logging.getLogger("scb_console.sandbox")

ADMIN_PREFIX: Final = "/_sandbox/"
LOGIN_PAGE_PATH: Final = "/_sandbox/easy/login/{login_id}"
#: Largest request body accepted; SCB's bodies are a few hundred bytes.
MAX_BODY: Final = 64 * 1024

#: SCB endpoint name (as faults know it) by full path.
ENDPOINT_BY_PATH: Final = {
    SANDBOX_BASE_PATH + PATH_TOKEN: "token",
    SANDBOX_BASE_PATH + PATH_AUTHORIZE: "authorize",
    SANDBOX_BASE_PATH + PATH_REFRESH: "refresh",
    SANDBOX_BASE_PATH + PATH_PROFILE: "profile",
}

_TOKEN_FIELDS: Final = frozenset(
    {
        Field.APPLICATION_KEY,
        Field.APPLICATION_SECRET,
        Field.AUTH_CODE,
        Field.STATE,
        Field.CODE_CHALLENGE,
    }
)
_TOKEN_REQUIRED: Final = (Field.APPLICATION_KEY, Field.APPLICATION_SECRET)
_REFRESH_REQUIRED: Final = (Field.APPLICATION_KEY, Field.APPLICATION_SECRET, Field.REFRESH_TOKEN)
_REFRESH_FIELDS: Final = frozenset(_REFRESH_REQUIRED)
_AUTHORIZE_HEADERS: Final = (
    Header.API_KEY,
    Header.API_SECRET,
    Header.RESOURCE_OWNER_ID,
    Header.REQUEST_UID,
    Header.RESPONSE_CHANNEL,
    Header.END_STATE,
)
_OWNER_AND_UID: Final = (Header.RESOURCE_OWNER_ID, Header.REQUEST_UID)

#: Hears about every request (the CLI's log line): ``JournalEntry.summary()``, nothing secret.
RequestListener = Callable[[Mapping[str, Any]], None]


@dataclass(slots=True)
class _Exchange:
    """One request on its way through :meth:`SandboxServer._serve`."""

    spec: FaultSpec
    request_body: Any = None
    response_body: Any = None
    scb_code: int | None = None


#: A route's handler: synchronous (the body is read before the sandbox sees the request).
Handler = Callable[[Request, _Exchange], Response]
#: A route: ``(handler, methods, endpoint, admin, public, journaled)``, :meth:`_serve`'s first
#: arguments (methods empty: the catch-all).
_Route = tuple[Handler, frozenset[str], str | None, bool, bool, bool]


class _Dropped(Exception):
    """The dropped-connection fault fired."""


class _ClientGone(Exception):
    """The client hung up while its request waited (a latency fault)."""


class _InjectedError(ApiError):
    """The error-rate fault fired."""


_DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS: Final = (
    *("Jan", "Feb", "Mar", "Apr", "May", "Jun"),
    *("Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)


def http_date(epoch: int) -> str:
    """``epoch`` as an RFC 9110 IMF-fixdate (``Sun, 06 Nov 1994 08:49:37 GMT``), in English
    whatever the locale. What ``email.utils.formatdate(usegmt=True)`` gives, without importing
    the email package (some 3 ms of the embedded sandbox's start, on the console's start-up)."""
    t = time.gmtime(epoch)
    return (
        f"{_DAYS[t.tm_wday]}, {t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year:04d} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} GMT"
    )


class _HttpDate:
    """RFC 9110 dates, formatted once per second."""

    def __init__(self) -> None:
        self._second = -1
        self._text = ""

    def __call__(self, epoch: float) -> str:
        second = int(epoch)
        if second != self._second:
            self._text = http_date(second)
            self._second = second
        return self._text


def _make_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False)``, built once instead of on every call.

    ``json.dumps`` makes a new encoder, and ``JSONEncoder.encode`` a new C encoder, per call:
    for a token answer that costs more than the encoding itself. This builds the stdlib's C
    encoder once (the same output, byte for byte) and falls back to ``JSONEncoder.encode`` where
    the C accelerator is missing. No circular-reference check: every payload is the sandbox's
    own plain dicts, lists and scalars.
    """
    base = json.JSONEncoder(ensure_ascii=False)
    c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
    if c_make_encoder is None:  # pragma: no cover - CPython always has it
        return base.encode
    try:
        chunks = c_make_encoder(
            None,  # markers: no circular-reference check
            base.default,
            json.encoder.encode_basestring,  # ensure_ascii=False
            None,  # indent
            base.key_separator,
            base.item_separator,
            False,  # sort_keys
            False,  # skipkeys
            True,  # allow_nan
        )
    except TypeError:  # pragma: no cover - another Python's private signature
        return base.encode

    def encode(value: Any) -> str:
        return "".join(chunks(value, 0))

    return encode


_ENCODE: Final = _make_encoder()


def _dumps(value: Any) -> str:
    return _ENCODE(value)


#: The spec of every endpoint while no fault is set anywhere.
_NO_FAULTS: Final = FaultSpec()
_SUCCESS_CODE: Final = StatusCode.SUCCESS.value
_SUCCESS_TEXT: Final = DESCRIPTIONS[StatusCode.SUCCESS]
#: The success envelope up to its data, serialised once: ``_ok`` appends the data and ``}``.
_OK_PREFIX: Final = _ENCODE(envelope(StatusCode.SUCCESS, _SUCCESS_TEXT, 0))[: -len("0}")]
#: The success envelope's status, shared by the journal's entries (read only: masking copies).
_OK_STATUS: Final = envelope(StatusCode.SUCCESS, _SUCCESS_TEXT, None)[Field.STATUS]
#: Headers of every JSON answer (the Response copies them).
_JSON_HEADERS: Final = (("Content-Type", "application/json; charset=utf-8"),)
#: Headers of the consent page and its messages.
_PAGE_HEADERS: Final = (
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Security-Policy", page.CONTENT_SECURITY_POLICY),
    ("Referrer-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
)


class SandboxServer:
    """The sandbox, served by :class:`~scb_console.infra.httpserver.HttpServer` in the *current*
    asyncio loop.

    ``clock`` drives every lifetime (a FakeClock lets tests skip ahead); ``seed`` makes the
    random faults repeatable; ``on_request`` hears about every request (the CLI's log line).
    """

    def __init__(
        self,
        config: SandboxConfig,
        *,
        clock: Clock | None = None,
        seed: int | None = None,
        on_request: RequestListener | None = None,
    ) -> None:
        config.validate()
        self.config = config
        self.clock: Clock = clock or SystemClock()
        self.on_request = on_request
        self._faults = config.faults  # the property below: it also notes whether any is set
        self._state = SandboxState(self.clock, journal_size=config.journal_size)
        self._rng = random.Random(seed)  # noqa: S311 - fault dice, not cryptography
        self._date = _HttpDate()
        self._seq = 0
        self._http: HttpServer | None = None
        self._host = "127.0.0.1"
        self._port: int | None = None
        self._routes, self._patterns, self._catch_all = self._build_routes()

    # --- lifecycle -------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on ``host:port`` (0: a free port) and return the base URL. OSError (port in
        use, ...) with nothing left listening."""
        if self._http is not None:
            return self.base_url
        http = HttpServer(
            self._handle, max_body=MAX_BODY, error_handler=self._server_error, logger=log
        )
        bound = await http.start(host, port)
        self._http = http
        self._host = host
        self._port = bound
        log.info("sandbox listening on %s", self.base_url)
        return self.base_url

    async def stop(self) -> None:
        """Stop listening and close every connection (requests in progress get up to 2 s).
        Safe to call twice; :meth:`start` works again afterwards."""
        http, self._http = self._http, None
        if http is not None:
            await http.stop(grace=2.0)

    @property
    def running(self) -> bool:
        return self._http is not None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the sandbox is not started")
        return self._port

    @property
    def root_url(self) -> str:
        return f"http://{url_host(self._host)}:{self.port}"

    @property
    def base_url(self) -> str:
        return self.root_url + SANDBOX_BASE_PATH

    @property
    def state(self) -> SandboxState:
        return self._state

    # --- run-time settings (safe from any thread) -------------------------------------------

    @property
    def faults(self) -> Faults:
        return self._faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        self._faults = faults

    @property
    def _faults(self) -> Faults:
        return self._faults_now[0]

    @_faults.setter
    def _faults(self, faults: Faults) -> None:
        # one reference swap (atomic), with whether any fault is set at all: the hot path
        # skips the fault lookups when none is
        fault_free = not faults.default.active and not any(
            spec.active for spec in faults.endpoints.values()
        )
        self._faults_now = (faults, fault_free)

    def reset(self) -> None:
        """Forget all state and the journal, void every token, restore the configured faults."""
        self._state.reset()
        self._faults = self.config.faults

    def set_callback_url(self, url: str, app: int = 0) -> None:
        """Register ``url`` as the callback of app ``app`` (the demo app) for every endState."""
        check_url(url, "callback URL")
        self.config.apps[app].callback_urls = dict.fromkeys(END_STATES, url)

    def info(self) -> dict[str, Any]:
        """What ``--json`` prints and ``GET /_sandbox/info`` answers."""
        info = self.config.to_info(self.base_url if self.running else None)
        if self.running:
            info["root_url"] = self.root_url
            info["consent_page"] = self.root_url + LOGIN_PAGE_PATH.replace("{login_id}", "<id>")
        return info

    # --- routing ---------------------------------------------------------------------------------

    def _build_routes(
        self,
    ) -> tuple[dict[str, _Route], list[tuple[re.Pattern[str], _Route]], _Route]:
        """The router's tables: exact paths, ``{name}`` patterns (a segment each), the catch-all."""
        base = SANDBOX_BASE_PATH
        table: list[tuple[str, frozenset[str], Handler, bool]] = [
            # path, methods, handler, journaled
            (base + PATH_TOKEN, frozenset({"POST"}), self._token, True),
            (base + PATH_AUTHORIZE, frozenset({"GET"}), self._authorize, True),
            (base + PATH_REFRESH, frozenset({"POST"}), self._refresh, True),
            (base + PATH_PROFILE, frozenset({"GET"}), self._profile, True),
            (LOGIN_PAGE_PATH, frozenset({"GET", "POST"}), self._login_page, True),
            ("/_sandbox/logins/{login_id}/approve", frozenset({"POST"}), self._approve, True),
            ("/_sandbox/logins/{login_id}/deny", frozenset({"POST"}), self._deny, True),
            ("/_sandbox/faults", frozenset({"GET", "PUT"}), self._faults_route, False),
            ("/_sandbox/requests", frozenset({"GET"}), self._requests, False),
            ("/_sandbox/reset", frozenset({"POST"}), self._reset, False),
            ("/_sandbox/info", frozenset({"GET"}), self._info, False),
            ("/_sandbox/health", frozenset({"GET", "HEAD"}), self._health, False),
        ]
        exact: dict[str, _Route] = {}
        patterns: list[tuple[re.Pattern[str], _Route]] = []
        for path, methods, handler, journaled in table:
            endpoint = ENDPOINT_BY_PATH.get(path)
            admin = path.startswith(ADMIN_PREFIX)
            public = path == "/_sandbox/health"
            route: _Route = (handler, methods, endpoint, admin, public, journaled and not public)
            if "{" in path:
                patterns.append((_compile_path(path), route))
            else:
                exact[path] = route
        catch_all: _Route = (self._not_found, frozenset(), None, False, False, True)
        return exact, patterns, catch_all

    def _route_for(self, request: Request) -> _Route:
        """The route of ``request``'s path (its ``{name}`` segments into ``match_info``)."""
        route = self._routes.get(request.path)
        if route is not None:
            return route
        path = request.path
        for pattern, candidate in self._patterns:
            match = pattern.fullmatch(path)
            if match is not None:
                request.match_info.update(match.groupdict())
                return candidate
        return self._catch_all

    def _handle(self, request: Request) -> Coroutine[Any, Any, Response]:
        """HttpServer's handler: the route's :meth:`_serve` coroutine (returned, not awaited
        in another coroutine: one coroutine less per request)."""
        route = self._routes.get(request.path)
        if route is None:
            route = self._route_for(request)
        return self._serve(*route, request)

    async def _serve(
        self,
        handler: Handler,
        methods: frozenset[str],
        endpoint: str | None,
        admin: bool,
        public: bool,
        journaled: bool,
        request: Request,
    ) -> Response:
        """Every request: method check, loopback guard, faults, errors, Date, journal."""
        started = time.perf_counter()
        if not methods:  # the catch-all: an admin-looking path gets admin answers
            admin = request.path.startswith(ADMIN_PREFIX)
            journaled = not admin
        faults, fault_free = self._faults_now
        spec = _NO_FAULTS if fault_free else faults.for_endpoint(endpoint)
        exchange = _Exchange(spec)
        fault: str | None = None
        response: Response
        try:
            if admin and not public and not self._is_local(request):
                raise AdminError(
                    403, "the sandbox's /_sandbox/ routes answer loopback clients only"
                )
            if methods and request.method not in methods:
                allowed = ", ".join(sorted(methods))
                if admin:
                    raise AdminError(405, f"use {allowed} on {request.path}")
                raise ApiError(405, StatusCode.WRONG_METHOD)
            if not fault_free and endpoint is not None and spec.active:
                await self._play_faults(request, spec)
            response = handler(request, exchange)
        except _Dropped:
            fault = "drop"
            response = Response(499)  # never sent: the connection is gone
        except _ClientGone:
            fault = "client-gone"
            response = Response(499)  # never sent: nobody is listening
        except _InjectedError as exc:
            fault = "error"
            response = self._api_error(exchange, exc, request)
        except ApiError as exc:
            response = self._api_error(exchange, exc, request)
        except AdminError as exc:
            payload = {"error": str(exc), **exc.extra}
            response = self._json(exchange, payload, exc.http_status)
        except Exception:
            log.exception("sandbox: unexpected error on %s %s", request.method, request.path)
            if admin:
                response = self._json(exchange, {"error": "internal error in the sandbox"}, 500)
            else:
                error = ApiError(500, StatusCode.GENERIC_SERVER_ERROR)
                response = self._api_error(exchange, error, request)
        status: int | None = None
        if fault is None or fault == "error":
            status = response.status
            if status == 405 and methods:
                response.set_header("Allow", ", ".join(sorted(methods)))
            if endpoint is not None and spec.malformed and fault is None:
                fault = f"malformed:{spec.malformed}"
                _malform(response, spec.malformed)
            offset = spec.clock_offset
            if offset or type(self.clock) is not SystemClock:  # else the server's own Date
                response.headers.append(("Date", self._date(self.clock.wall() + offset)))
        if journaled or self.on_request is not None:
            self._record(request, exchange, endpoint, status, started, fault, journaled)
        return response

    def _set_date(self, response: Response, offset: float) -> None:
        """The ``Date`` header of a shifted or fake clock; else the server's own Date (the
        system clock's, formatted once a second)."""
        if offset or type(self.clock) is not SystemClock:
            response.headers.append(("Date", self._date(self.clock.wall() + offset)))

    def _server_error(self, request: Request | None, status: int, reason: str) -> Response:
        """HttpServer's own answers (a body too large, a request it cannot parse, a timeout, a
        failure outside :meth:`_serve`): SCB's envelope, or ``{"error"}`` on a ``/_sandbox/``
        path; journaled as the route would journal it."""
        started = time.perf_counter()
        exchange = _Exchange(_NO_FAULTS)
        code = StatusCode.GENERIC_SERVER_ERROR if status >= 500 else StatusCode.INVALID_PARAMETERS
        about = "body too large" if status == 413 else reason
        if request is None:  # not even a request head it could read
            response = self._api_error(exchange, ApiError(status, code, about))
            self._set_date(response, 0)
            return response
        _, methods, endpoint, admin, _, journaled = self._route_for(request)
        if not methods:  # the catch-all
            admin = request.path.startswith(ADMIN_PREFIX)
            journaled = not admin
        if admin:
            response = self._json(exchange, {"error": reason}, status)
        else:
            response = self._api_error(exchange, ApiError(status, code, about), request)
        self._set_date(response, 0)
        if journaled or self.on_request is not None:
            self._record(request, exchange, endpoint, status, started, None, journaled)
        return response

    async def _play_faults(self, request: Request, spec: FaultSpec) -> None:
        if spec.latency_ms:
            await asyncio.sleep(spec.latency_ms / 1000)
            if request.client_gone:  # it gave up waiting: nothing more is done for it
                request.abort()
                raise _ClientGone
        if spec.drop_rate and self._rng.random() < spec.drop_rate:
            request.abort()
            raise _Dropped
        if spec.error_rate and self._rng.random() < spec.error_rate:
            raise _InjectedError(500, StatusCode.GENERIC_SERVER_ERROR)

    def _record(
        self,
        request: Request,
        exchange: _Exchange,
        endpoint: str | None,
        status: int | None,
        started: float,
        fault: str | None,
        journaled: bool,
    ) -> None:
        self._seq += 1
        clock = self.clock  # the system clock's wall() is time.time(): one frame less
        fields = (  # JournalEntry's fields in order: made into an entry only when read
            self._seq,  # seq
            time.time() if type(clock) is SystemClock else clock.wall(),  # time
            request.method,
            request.path,
            request.query_string,  # query
            endpoint,
            request.headers.get(Header.REQUEST_UID),  # request_uid
            status,
            exchange.scb_code,
            (time.perf_counter() - started) * 1000,  # duration_ms
            fault,
            request.headers.raw,
            exchange.request_body,
            exchange.response_body,
        )
        if journaled:
            self._state.record(fields)
        listener = self.on_request
        if listener is not None:
            try:
                listener(JournalEntry(*fields).summary())
            except Exception:  # a listener's bug must not break the sandbox
                log.exception("sandbox: request listener failed")

    def journal_outside(
        self,
        request: Request,
        status: int,
        started: float,
        *,
        request_body: Any = None,
        response_body: Any = None,
    ) -> None:
        """Journal a request another listener answered for this sandbox (the LAN consent page,
        :mod:`scb_console.sandbox.lan`), as this server journals its own consent page; call it
        on the sandbox's thread. ``started``: ``time.perf_counter()`` when it arrived."""
        exchange = _Exchange(_NO_FAULTS)
        exchange.request_body = request_body
        exchange.response_body = response_body
        endpoint = ENDPOINT_BY_PATH.get(LOGIN_PAGE_PATH)
        self._record(request, exchange, endpoint, status, started, None, True)

    def _is_local(self, request: Request) -> bool:
        """A loopback peer, and no foreign ``Host`` or ``Origin`` (DNS rebinding, CSRF)."""
        if not is_loopback_address(request.remote):
            return False
        host = request.headers.get("Host")
        if host is not None and not is_loopback_host(host):
            return False
        origin = request.headers.get("Origin")
        if origin is not None:
            netloc = urlsplit(origin).netloc
            if not netloc or not is_loopback_host(netloc):
                return False
        return True

    # --- answers ---------------------------------------------------------------------------------

    @staticmethod
    def _json(exchange: _Exchange, payload: Any, status: int = 200) -> Response:
        exchange.response_body = payload
        return Response(status, _ENCODE(payload).encode(), headers=_JSON_HEADERS)

    def _ok(
        self, exchange: _Exchange, data: Any, headers: Mapping[str, str] | None = None
    ) -> Response:
        exchange.scb_code = _SUCCESS_CODE
        # the journal keeps the envelope; only the data is encoded per request
        exchange.response_body = {Field.STATUS: _OK_STATUS, Field.DATA: data}
        response = Response(200, (_OK_PREFIX + _ENCODE(data) + "}").encode(), headers=_JSON_HEADERS)
        if headers:
            response.headers.extend(headers.items())
        return response

    def _api_error(
        self, exchange: _Exchange, error: ApiError, request: Request | None = None
    ) -> Response:
        """SCB's error envelope; its description in the request's accept-language (TH: Thai,
        anything else: SCB's English)."""
        exchange.scb_code = int(error.code)
        description = str(error)
        if request is not None:
            language = request.headers.get(Header.ACCEPT_LANGUAGE)
            if language is not None and language[:2].lower() == "th":
                description = describe(error.code, error.about, accept_language=language)
        return self._json(exchange, envelope(error.code, description, None), error.http_status)

    # --- request parsing -----------------------------------------------------------------------

    @staticmethod
    def _require(request: Request, names: tuple[str, ...]) -> None:
        headers = request.headers
        for name in names:
            if not headers.get(name, "").strip():
                raise ApiError(400, StatusCode.MISSING_HEADER, name)

    def _json_body(
        self,
        request: Request,
        exchange: _Exchange,
        allowed: frozenset[str],
        required: tuple[str, ...],
    ) -> dict[str, str]:
        content_type = request.headers.get(Header.CONTENT_TYPE, "")
        if content_type != _JSON_TYPE:  # the usual spelling needs no parsing
            if not content_type.strip():
                raise ApiError(400, StatusCode.MISSING_HEADER, Header.CONTENT_TYPE)
            mime = content_type.partition(";")[0].strip().lower()
            if mime != _JSON_TYPE:
                raise ApiError(415, StatusCode.UNSUPPORTED_CONTENT_TYPE, mime)
        raw = request.body
        try:
            body = _loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            exchange.request_body = f"<{len(raw)} bytes, not valid JSON>"
            raise ApiError(400, StatusCode.INVALID_PARAMETERS, "body is not valid JSON") from None
        exchange.request_body = body
        if not isinstance(body, dict):
            raise ApiError(400, StatusCode.INVALID_PARAMETERS, "body must be a JSON object")
        for name in body:
            if name not in allowed:
                raise ApiError(400, StatusCode.UNRECOGNIZED_FIELD, str(name))
        for name in required:
            if body.get(name) is None:
                raise ApiError(400, StatusCode.MISSING_PARAMETERS, name)
        fields: dict[str, str] = {}
        for name, value in body.items():
            if value is None:
                continue
            if not isinstance(value, str):
                raise ApiError(400, StatusCode.INVALID_PARAMETERS, f"{name} must be a string")
            if not value.strip():
                raise ApiError(400, StatusCode.EMPTY_STRING, name)
            fields[name] = value
        return fields

    def _app(self, api_key: str, api_secret: str) -> SandboxApp:
        for app in self.config.apps:
            if hmac.compare_digest(app.api_key.encode(), api_key.encode()):
                if hmac.compare_digest(app.api_secret.encode(), api_secret.encode()):
                    return app
                break
        raise ApiError(401, StatusCode.INVALID_API_KEY)

    def _customer(self, customer_id: str) -> SandboxCustomer | None:
        for customer in self.config.customers:
            if customer.id == customer_id:
                return customer
        return None

    def _token_data(self, access_token: str, offset: float) -> dict[str, Any]:
        ttl = self.config.token_ttl
        clock = self.clock  # the system clock's wall() is time.time(): one frame less
        now = time.time() if type(clock) is SystemClock else clock.wall()
        return {
            Field.ACCESS_TOKEN: access_token,
            Field.TOKEN_TYPE: TOKEN_TYPE_BEARER,
            Field.EXPIRES_IN: ttl,
            Field.EXPIRES_AT: int(now + offset) + ttl,
        }

    def _refresh_data(self, refresh_token: str, offset: float) -> dict[str, Any]:
        ttl = self.config.refresh_ttl
        return {
            Field.REFRESH_TOKEN: refresh_token,
            Field.REFRESH_EXPIRES_IN: ttl,
            Field.REFRESH_EXPIRES_AT: int(self.clock.wall() + offset) + ttl,
        }

    # --- SCB endpoints ---------------------------------------------------------------------------

    def _token(self, request: Request, exchange: _Exchange) -> Response:
        self._require(request, _OWNER_AND_UID)
        body = self._json_body(request, exchange, _TOKEN_FIELDS, _TOKEN_REQUIRED)
        app = self._app(body[Field.APPLICATION_KEY], body[Field.APPLICATION_SECRET])
        offset = exchange.spec.clock_offset
        ttl = self.config.token_ttl
        code = body.get(Field.AUTH_CODE)
        if code is None:
            access = self._state.issue_access(SERVER, app.api_key, None, ttl)
            return self._ok(exchange, self._token_data(access, offset))
        grant = self._state.spend_code(code, app.api_key)
        if grant is None:
            raise ApiError(401, StatusCode.INVALID_TEMPORARY_TOKEN, "authCode")
        access = self._state.issue_access(USER, app.api_key, grant.customer_id, ttl)
        refresh = self._state.add_refresh(
            RefreshGrant(app.api_key, grant.customer_id), self.config.refresh_ttl
        )
        data = self._token_data(access, offset) | self._refresh_data(refresh, offset)
        return self._ok(exchange, data, {Header.RESOURCE_OWNER_ID: grant.customer_id})

    def _refresh(self, request: Request, exchange: _Exchange) -> Response:
        self._require(request, _OWNER_AND_UID)
        body = self._json_body(request, exchange, _REFRESH_FIELDS, _REFRESH_REQUIRED)
        app = self._app(body[Field.APPLICATION_KEY], body[Field.APPLICATION_SECRET])
        used = self._state.use_refresh(
            body[Field.REFRESH_TOKEN],
            app.api_key,
            rotate=self.config.rotate_refresh,
            ttl=self.config.refresh_ttl,
        )
        if used is None:
            raise ApiError(401, StatusCode.INVALID_TEMPORARY_TOKEN, "refreshToken")
        grant, new_refresh = used
        offset = exchange.spec.clock_offset
        access = self._state.issue_access(
            USER, app.api_key, grant.customer_id, self.config.token_ttl
        )
        data = self._token_data(access, offset)
        if new_refresh is not None:
            data |= self._refresh_data(new_refresh, offset)
        return self._ok(exchange, data)

    def _authorize(self, request: Request, exchange: _Exchange) -> Response:
        self._require(request, _AUTHORIZE_HEADERS)
        headers = request.headers
        app = self._app(headers[Header.API_KEY].strip(), headers[Header.API_SECRET].strip())
        channel = headers[Header.RESPONSE_CHANNEL].strip()
        if channel not in RESPONSE_CHANNELS:
            raise ApiError(501, StatusCode.CHANNEL_NOT_SUPPORTED, channel)
        end_state = headers[Header.END_STATE].strip()
        if end_state not in END_STATES:
            raise ApiError(400, StatusCode.INVALID_PARAMETERS, Header.END_STATE)
        option = headers.get(Header.REDIRECT_OPTION, "").strip()
        if option:
            callback = app.redirect_options.get(option)
            if callback is None:
                raise ApiError(400, StatusCode.INVALID_PARAMETERS, Header.REDIRECT_OPTION)
        else:
            callback = app.callback_urls.get(end_state)
            if callback is None:
                raise ApiError(
                    400,
                    StatusCode.INVALID_PARAMETERS,
                    f"no callback URL registered for {end_state}",
                )
        raw_query = request.query_string
        if len(raw_query) > MAX_PARTNER_QUERY_LENGTH:
            raise ApiError(
                400,
                StatusCode.INVALID_PARAMETERS,
                f"query string longer than {MAX_PARTNER_QUERY_LENGTH} characters",
            )
        login = Login(
            id=new_uuid(),
            app_key=app.api_key,
            app_name=app.name,
            end_state=end_state,
            callback_url=callback,
            partner_pairs=tuple(parse_qsl(raw_query, keep_blank_values=True)),
            state=headers.get(Header.STATE),
            response_channel=channel,
        )
        self._state.add_login(login, self.config.login_ttl)
        return self._ok(exchange, {Field.CALLBACK_URL: f"{DEEPLINK_SCHEME}://login/{login.id}"})

    def _profile(self, request: Request, exchange: _Exchange) -> Response:
        authorization = request.headers.get(Header.AUTHORIZATION, "").strip()
        if not authorization:
            raise ApiError(401, StatusCode.MISSING_CREDENTIALS, Header.AUTHORIZATION)
        self._require(request, _OWNER_AND_UID)
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != TOKEN_TYPE_BEARER.lower() or not token.strip():
            raise ApiError(401, StatusCode.INVALID_API_KEY, "expected 'Bearer <accessToken>'")
        claims = self._state.check_access(token.strip())
        if claims is None:
            raise ApiError(401, StatusCode.INVALID_API_KEY, "unknown or expired access token")
        if claims.kind != USER or claims.customer_id is None:
            raise ApiError(403, StatusCode.INVALID_ACCESS_RIGHTS, "a server token has no customer")
        owner = request.headers[Header.RESOURCE_OWNER_ID].strip()
        if owner != claims.customer_id:
            raise ApiError(
                403, StatusCode.INVALID_ACCESS_RIGHTS, "resourceOwnerId is not the token's customer"
            )
        customer = self._customer(claims.customer_id)
        if customer is None:
            raise ApiError(404, StatusCode.NOT_FOUND, "customer")
        return self._ok(exchange, {Field.PROFILE: customer.profile})

    def _not_found(self, request: Request, exchange: _Exchange) -> Response:
        if request.path.startswith(ADMIN_PREFIX):
            raise AdminError(404, f"no sandbox route {request.path}")
        raise ApiError(404, StatusCode.NOT_FOUND, "no such endpoint")

    # --- the SCB Easy stand-in -------------------------------------------------------------------

    def _redirect_for(self, login: Login, code: str | None) -> str:
        return build_redirect(
            login.callback_url,
            code=code,
            state=login.state,
            status=REDIRECT_STATUS_SUCCESS if code is not None else REDIRECT_STATUS_DENIED,
            partner_pairs=login.partner_pairs,
        )

    def _approve_login(self, login_id: str, customer_id: str, pin: str) -> str:
        approval = self._state.approve(
            login_id,
            self._customer(customer_id),
            pin,
            code_ttl=self.config.code_ttl,
            max_attempts=self.config.max_pin_attempts,
        )
        return self._redirect_for(approval.login, approval.code)

    def _deny_login(self, login_id: str) -> str:
        login = self._state.deny(login_id, max_attempts=self.config.max_pin_attempts)
        return self._redirect_for(login, None)

    def approve_login(self, login_id: str, customer_id: str, pin: str) -> str:
        """Approve a pending login as a test customer: the redirect URL (or a LoginError).
        Used by the LAN listener (:mod:`scb_console.sandbox.lan`)."""
        return self._approve_login(login_id, customer_id, pin)

    def deny_login(self, login_id: str) -> str:
        """Decline a pending login: the redirect URL with ``status=denied`` (or a LoginError)."""
        return self._deny_login(login_id)

    def _approve(self, request: Request, exchange: _Exchange) -> Response:
        raw = request.body
        try:
            body = json.loads(raw.decode("utf-8")) if raw else None
        except (UnicodeDecodeError, ValueError):
            body = None
        exchange.request_body = body if body is not None else f"<{len(raw)} bytes>"
        if not isinstance(body, dict):
            raise AdminError(400, 'the body must be JSON: {"customerId": "...", "pin": "......"}')
        customer_id, pin = body.get("customerId"), body.get("pin")
        if not isinstance(customer_id, str) or not customer_id:
            raise AdminError(
                400, "customerId is missing (a string: one of the sandbox's customers)"
            )
        if not isinstance(pin, str) or len(pin) != 6 or not pin.isdigit():
            raise AdminError(400, "pin must be a string of 6 digits")
        try:
            url = self._approve_login(request.match_info["login_id"], customer_id, pin)
        except WrongPin as exc:
            raise AdminError(exc.status, str(exc), attemptsLeft=exc.attempts_left) from None
        except LoginError as exc:
            raise AdminError(exc.status, str(exc)) from None
        return self._json(exchange, {"redirectUrl": url})

    def _deny(self, request: Request, exchange: _Exchange) -> Response:
        try:
            url = self._deny_login(request.match_info["login_id"])
        except LoginError as exc:
            raise AdminError(exc.status, str(exc)) from None
        return self._json(exchange, {"redirectUrl": url})

    @staticmethod
    def _page(html: str, status: int = 200) -> Response:
        return Response(status, html.encode(), headers=_PAGE_HEADERS)

    def _message(self, exc: LoginError, lang: str = "en") -> Response:
        title = page.login_error_title(exc, lang)
        text = page.login_error_text(exc, lang)
        return self._page(page.message_page(title, text, lang), exc.status)

    def _login_page(self, request: Request, exchange: _Exchange) -> Response:
        """The consent page (GET), and its form (POST): approve or deny, then 303 to the app."""
        login_id = request.match_info["login_id"]
        lang = page.page_language(request.headers.get("Accept-Language"))
        if request.method == "GET":
            login = self._state.get_login(login_id)
            if login is None:
                return self._message(LoginNotFound(_not_found(login_id)), lang)
            if login.locked:
                return self._message(LoginLocked(f"login {login_id!r} is locked"), lang)
            return self._page(
                page.consent_page(login, self.config.customers, action=request.path, lang=lang)
            )
        form = form_fields(request)
        action = str(form.get("action", "approve"))
        customer_id = str(form.get("customerId", ""))
        pin = str(form.get("pin", ""))
        exchange.request_body = {"action": action, "customerId": customer_id, "pin": pin}
        try:
            if action == "deny":
                url = self._deny_login(login_id)
            else:
                url = self._approve_login(login_id, customer_id, pin)
        except LoginError as exc:
            login = self._state.get_login(login_id)
            if login is None or isinstance(exc, LoginLocked | LoginNotFound):
                return self._message(exc, lang)
            html = page.consent_page(
                login,
                self.config.customers,
                action=request.path,
                error=page.login_error_text(exc, lang),
                selected=customer_id,
                lang=lang,
            )
            return self._page(html, exc.status)
        exchange.response_body = {"redirectUrl": url}
        return Response(303, headers=[("Location", url), ("Cache-Control", "no-store")])

    # --- admin -----------------------------------------------------------------------------------

    def _faults_route(self, request: Request, exchange: _Exchange) -> Response:
        if request.method == "PUT":
            try:
                value = json.loads(request.body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise AdminError(400, "the body must be a JSON object of faults") from None
            try:
                self._faults = Faults.from_json(value)
            except FaultsError as exc:
                raise AdminError(400, str(exc)) from None
        return self._json(exchange, self._faults.to_json())

    def _requests(self, request: Request, exchange: _Exchange) -> Response:
        limit_text = request.query.get("limit")
        limit: int | None = None
        if limit_text is not None:
            # ASCII digits only ("²".isdigit() is true, and int() refuses it), and a length
            # int() takes (it refuses over 4300 digits)
            if not (limit_text.isascii() and limit_text.isdigit() and len(limit_text) <= 9):
                raise AdminError(400, "limit must be a whole number (at most 9 digits)")
            limit = int(limit_text)
        return self._json(exchange, {"requests": self._state.recent(limit)})

    def _reset(self, request: Request, exchange: _Exchange) -> Response:
        self.reset()
        return self._json(exchange, {"status": "reset"})

    def _info(self, request: Request, exchange: _Exchange) -> Response:
        return self._json(exchange, self.info())

    def _health(self, request: Request, exchange: _Exchange) -> Response:
        return self._json(exchange, {"status": "ok"})


def _not_found(login_id: str) -> str:
    return f"no pending login {login_id!r}: unknown, expired or already answered"


_JSON_TYPE: Final = "application/json"
_DECODER: Final = json.JSONDecoder()
_JSON_SPACE: Final = " \t\n\r"


def _loads(text: str) -> Any:
    """``json.loads(text)`` with fewer steps for a body that starts with its object."""
    if text[:1] != "{":  # leading space, another type, a BOM, nothing: the full path
        return json.loads(text)
    value, end = _DECODER.raw_decode(text)
    if end != len(text) and text[end:].strip(_JSON_SPACE):
        raise ValueError(f"extra data after the JSON value at character {end}")
    return value


def _malform(response: Response, mode: str) -> None:
    """Spoil a response body as the malformed fault says: cut JSON in half, or an HTML page."""
    if mode == "html":
        response.body = _BAD_GATEWAY_PAGE
        response.set_header("Content-Type", "text/html; charset=utf-8")
    else:
        body = response.body
        response.body = body[: max(1, len(body) // 2)]


_BAD_GATEWAY_PAGE: Final = (
    b"<!doctype html><html><head><title>502 Bad Gateway</title></head>"
    b"<body><h1>Bad Gateway</h1><p>The upstream server sent an invalid response.</p>"
    b"</body></html>"
)
_FORM_TYPES: Final = frozenset({"", "application/x-www-form-urlencoded"})


def form_fields(request: Request) -> dict[str, str]:
    """A posted form's fields (a browser's ``application/x-www-form-urlencoded``); empty for
    another content type or a body that is not UTF-8 (the page then says what is missing)."""
    content_type = request.headers.get("Content-Type", "")
    if content_type.partition(";")[0].strip().lower() not in _FORM_TYPES:
        return {}
    try:
        return request.form()
    except ValueError:
        return {}


def _compile_path(path: str) -> re.Pattern[str]:
    """A route path with ``{name}`` segments as a regex: each ``{name}`` matches one non-empty
    segment (no ``/``, ``{`` or ``}``) into ``match_info[name]``."""
    parts = re.split(r"\{(\w+)\}", path)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^{{}}/]+)" for i, part in enumerate(parts)
    )
    return re.compile(regex)
