"""The loopback redirect receiver: a tiny HTTP server for the registered callback URL.

It listens on a loopback address only (127.0.0.1 by default), in the asyncio loop that is
already running (the GUI's qasync loop, the CLI's loop), and is **one-shot**: once armed with
the ``state`` the console sent, the first request to the callback path that carries that state
is handed over; any later one is answered "already used".

=========================================  ======  ===========================================
request                                    status  effect
=========================================  ======  ===========================================
path, matching state, a code               200     ``on_redirect(params)``, then used up
path, matching state, ``status=denied``    200     ``on_redirect(params)`` (consent declined)
path, other or no state                    400     nothing (the right redirect may still come)
path, no code and no status, bad query     400     nothing
path, after the one use                    410     nothing
path, not armed                            409     nothing
any other path                             404     nothing
request line or headers too large (8 KiB)  431     nothing (the HTTP server refuses it)
a body (a redirect has none; over 1 KiB)   413     nothing
a request that is not HTTP/1.1             400     nothing
=========================================  ======  ===========================================

It is served by :mod:`scb_console.infra.httpserver` (h11). Pages are short, self-contained HTML
that never echo the code. There is no access log: a URL with the code in it must not reach a
log file; whatever the server does log goes through a filter that masks secrets.
"""

from __future__ import annotations

import asyncio
import errno
import html
import ipaddress
import logging
from collections.abc import Callable
from typing import Final

from scb_console.core import contract
from scb_console.core.errors import RedirectError, SCBConsoleError
from scb_console.core.masking import mask_text
from scb_console.core.models import RedirectParams
from scb_console.core.redirect import is_denied, params_from_query, state_mismatch_message
from scb_console.infra.httpserver import HttpServer, Request, Response

_log = logging.getLogger(__name__)

#: Largest request head (request line and headers; a redirect URL is far smaller).
MAX_HEAD_SIZE: Final = 8 * 1024
#: Largest request body: a redirect is a GET, so none is needed.
MAX_BODY_SIZE: Final = 1024
#: A browser keeps its connection open this long after the redirect; a request must arrive
#: whole within REQUEST_TIMEOUT.
IDLE_TIMEOUT: Final = 5.0
REQUEST_TIMEOUT: Final = 10.0

#: Called with what the redirect carried; its return value is ignored.
RedirectCallback = Callable[[RedirectParams], object]


class _NoSecretsFilter(logging.Filter):
    """Whatever the HTTP server logs (a failed handler comes with a traceback, and the
    exception's message may quote the URL): keep one masked line, and the exception's type
    only."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = mask_text(record.getMessage())
        if record.exc_info and record.exc_info[1] is not None:
            message = f"{message} ({type(record.exc_info[1]).__name__})"
        record.msg, record.args = message, None
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


#: The logger the HTTP server writes to (handler errors), secrets masked.
_server_log = logging.getLogger(f"{__name__}.server")
_server_log.addFilter(_NoSecretsFilter())


class ReceiverError(SCBConsoleError):
    """The receiver cannot listen (the port is taken, not allowed, ...)."""

    exit_code = 4


def _loopback_host(host: str) -> str:
    """The address to bind for ``host``; ValueError when it is not a loopback address."""
    if host.lower() == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(
            f"the redirect receiver listens on a loopback address only (127.0.0.1, ::1, "
            f"localhost), not {host!r}"
        ) from None
    if not address.is_loopback:
        raise ValueError(
            f"the redirect receiver listens on a loopback address only, not {host}: "
            "other machines must never reach it"
        )
    return str(address)


class RedirectReceiver:
    """Catches the browser's redirect to ``http://127.0.0.1:<port><path>``, once."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        path: str = contract.RECEIVER_PATH,
    ) -> None:
        self._bind_host = _loopback_host(host)
        self._url_host = host if host.lower() == "localhost" else self._bind_host
        if not 0 <= port <= 65535:
            raise ValueError(f"port must be between 0 and 65535, not {port}")
        if not path.startswith("/"):
            raise ValueError(f"the callback path must start with '/', not {path!r}")
        self._requested_port = port
        self._path = path
        self._server: HttpServer | None = None
        self._port: int | None = None
        self._armed = False
        self._used = False
        self._expected_state: str | None = None
        self._on_redirect: RedirectCallback | None = None
        self._result: asyncio.Future[RedirectParams] | None = None

    # --- lifecycle ------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int | None:
        """The port listened on (the chosen one, or the free one picked), once started."""
        return self._port

    @property
    def path(self) -> str:
        return self._path

    @property
    def callback_url(self) -> str:
        """``http://127.0.0.1:8765/callback``: what to register as the callback URL."""
        if self._port is None:
            raise RuntimeError("the receiver has not started: await start() first")
        host = f"[{self._url_host}]" if ":" in self._url_host else self._url_host
        return f"http://{host}:{self._port}{self._path}"

    async def start(self) -> str:
        """Listen in the running loop; return the callback URL."""
        if self._server is not None:
            return self.callback_url
        server = HttpServer(
            self._on_request,
            max_body=MAX_BODY_SIZE,
            max_head=MAX_HEAD_SIZE,
            idle_timeout=IDLE_TIMEOUT,
            request_timeout=REQUEST_TIMEOUT,
            max_connections=256,
            error_handler=_error_page,
            logger=_server_log,
        )
        try:
            port = await server.start(self._bind_host, self._requested_port)
        except OSError as err:
            raise ReceiverError(self._bind_message(err)) from None
        self._server = server
        self._port = port
        return self.callback_url

    async def stop(self) -> None:
        """Stop listening and close every connection; a waiter gets a RedirectError."""
        server, self._server = self._server, None
        if server is not None:
            await server.stop(grace=1.0)
        self._port = None
        self._disarm(RedirectError("the redirect receiver stopped"))

    async def __aenter__(self) -> RedirectReceiver:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def _bind_message(self, err: OSError) -> str:
        where = f"{self._bind_host}:{self._requested_port}"
        if err.errno == errno.EADDRINUSE:
            return (
                f"cannot listen on {where}: port {self._requested_port} is already in use by "
                "another program; close it or choose another port (and register that callback URL)"
            )
        if err.errno == errno.EACCES:
            return (
                f"cannot listen on {where}: port {self._requested_port} needs privileges; "
                "choose a port above 1023"
            )
        reason = err.strerror or type(err).__name__
        return f"cannot listen on {where} (port {self._requested_port}): {reason}"

    # --- arming ---------------------------------------------------------------------------------

    def arm(self, expected_state: str | None, on_redirect: RedirectCallback | None = None) -> None:
        """Wait for one redirect carrying ``expected_state`` (None: any state, or none).

        Re-arming forgets the previous one: a pending :meth:`wait` gets a RedirectError.
        """
        self._disarm(RedirectError("the receiver was re-armed for a new sign-in"))
        self._armed = True
        self._used = False
        self._expected_state = expected_state
        self._on_redirect = on_redirect
        self._result = asyncio.get_running_loop().create_future()

    def disarm(self) -> None:
        """Stop waiting; later requests are answered "not waiting"."""
        self._disarm(RedirectError("the receiver stopped waiting for a redirect"))

    @property
    def armed(self) -> bool:
        return self._armed

    @property
    def used(self) -> bool:
        return self._used

    async def wait(self, timeout: float) -> RedirectParams:
        """The redirect the receiver took (a denied one included), within ``timeout`` seconds.

        Returns at once when it has already arrived. Raises :class:`RedirectError` on timeout,
        or when the receiver was disarmed, re-armed or stopped before a redirect arrived.
        """
        result = self._result
        if result is None:
            raise RuntimeError("arm() the receiver before waiting for a redirect")
        try:
            return await asyncio.wait_for(asyncio.shield(result), timeout)
        except TimeoutError:
            raise RedirectError(
                f"no redirect arrived within {timeout:g} s: start again from Authorize, "
                "or paste the redirect URL"
            ) from None

    def _disarm(self, reason: RedirectError) -> None:
        self._armed = False
        self._on_redirect = None
        result = self._result
        if result is not None and not result.done():
            result.set_exception(reason)
            result.exception()  # retrieved: no "never retrieved" warning when nobody waits

    # --- requests -------------------------------------------------------------------------------

    async def _on_request(self, request: Request) -> Response:
        if request.path != self._path:
            return _page(404, "Not found", f"Nothing here. SCB Console's callback is {self._path}.")
        if request.method != "GET":  # a HEAD (a link prefetcher) must not spend the redirect
            response = _page(
                405, "Wrong method", "The callback takes the browser's GET redirect only."
            )
            response.set_header("Allow", "GET")
            return response
        return self._on_callback(request)

    def _on_callback(self, request: Request) -> Response:
        if self._used:
            return _page(
                410,
                "Link already used",
                "This sign-in redirect was already received. Return to SCB Console; "
                "to sign in again, start from Authorize.",
            )
        if not self._armed:
            return _page(
                409,
                "Not waiting",
                "SCB Console is not waiting for a sign-in right now. "
                "Start from Authorize in SCB Console.",
            )
        try:
            params = params_from_query(request.query_string)
        except RedirectError as err:
            return _page(400, "Cannot use this redirect", f"{err.message}.")
        expected = self._expected_state
        if expected is not None and params.state != expected:
            return _page(
                400,
                "Wrong state",
                f"This redirect does not belong to the sign-in SCB Console started: "
                f"{state_mismatch_message(expected, params.state)}. "
                "Return to SCB Console and start again from Authorize.",
            )
        denied = is_denied(params)
        if not denied and params.code is None:
            return _page(
                400,
                "No code",
                f"The redirect says status {params.status!r} but carries no authorization code.",
            )
        # one-shot: taken before anything else can run
        self._used = True
        self._armed = False
        callback, self._on_redirect = self._on_redirect, None
        result = self._result
        problem = None
        if callback is not None:
            try:
                callback(params)
            except SCBConsoleError as err:
                problem = err.message
            except Exception:
                _log.exception("the redirect callback failed")
                problem = "an internal error; see the log"
        if result is not None and not result.done():
            result.set_result(params)
        if problem is not None:
            return _page(
                500,
                "SCB Console could not use this redirect",
                f"SCB Console received the redirect but could not use it: {problem}.",
            )
        if denied:
            return _page(
                200,
                "Consent declined",
                "Consent was declined in SCB Easy. Return to SCB Console.",
            )
        return _page(200, "Done", "Done — return to SCB Console.")


_STYLE: Final = (
    "body{font-family:system-ui,sans-serif;margin:15vh auto;max-width:32rem;padding:0 1rem;"
    "color:#222}h1{font-size:1.4rem;color:#4e2a84}"
)


def _page(status: int, title: str, message: str) -> Response:
    body = (
        "<!doctype html><html lang=en><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)} · SCB Console</title><style>{_STYLE}</style>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(message)}</p></html>"
    )
    return Response(
        status,
        body,
        content_type="text/html",
        headers={
            "Cache-Control": "no-store",
            "Referrer-Policy": "no-referrer",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
            "X-Content-Type-Options": "nosniff",
        },
    )


#: The HTTP server's own answers: (title, message) by status.
_ERROR_PAGES: Final[dict[int, tuple[str, str]]] = {
    400: ("Bad request", "This request could not be read as an HTTP/1.1 request."),
    408: ("Too slow", "The request did not arrive in time. Return to SCB Console."),
    413: ("Too large", "A redirect carries no body; this request is refused."),
    431: ("Too large", "This request's address or headers are too large for a redirect."),
    500: ("SCB Console failed", "SCB Console failed on this request; see its log."),
    503: ("Busy", "Too many connections at once; try again."),
}


def _error_page(request: Request | None, status: int, reason: str) -> Response:
    """The page for an answer the HTTP server gives by itself (see the table above)."""
    title, message = _ERROR_PAGES.get(status, ("Refused", "This request is refused."))
    return _page(status, title, message)
