"""Phone demo (LAN mode): the consent page on the machine's LAN address, and nothing else.

A person in the meeting scans the console's QR code with their own phone. The phone cannot reach
``127.0.0.1``, so :class:`LanListener` serves the SCB Easy stand-in's sign-in page on a LAN
address too, on the sandbox's own loop. When the person approves (or declines) there, the
redirect is not sent to the phone (whose browser cannot reach the console's loopback receiver):
it is handed to the console directly, through the ``on_redirect`` hook (called on the sandbox
thread with the redirect URL), and the phone gets a page saying "look at the console screen".

What the LAN listener serves, to anyone (a loopback client included)::

    GET  /_sandbox/easy/login/<id>   the sign-in and consent page
    POST /_sandbox/easy/login/<id>   its form: approve (customer + PIN) or deny

Everything else answers 403 (the SCB API under ``/partners``, every other ``/_sandbox/`` route:
faults, requests, reset, info, the JSON approve route) or 404. A ``Host`` header other than the
listener's own address, or an ``Origin`` other than its own (the page's form sends its own
origin: its referrer policy is same-origin), answers 403, against DNS
rebinding and cross-site posts. The login id in the path is a random UUID that only the QR code
shows. The loopback listener and its checks are untouched. Served by
:class:`~scb_console.infra.httpserver.HttpServer`, like the sandbox; what it answers by itself (a
form over :data:`MAX_FORM`, a request it cannot parse) comes as a short HTML page too.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final

from scb_console.core.contract import SANDBOX_BASE_PATH
from scb_console.infra.httpserver import HttpServer, Request, Response
from scb_console.sandbox import page
from scb_console.sandbox.protocol import url_host
from scb_console.sandbox.server import form_fields
from scb_console.sandbox.state import LoginError, LoginLocked, LoginNotFound

if TYPE_CHECKING:
    from scb_console.sandbox.server import SandboxServer

__all__ = [
    "DOCUMENTATION_PROBE",
    "LAN_LOGIN_PATH",
    "LanAddressError",
    "LanListener",
    "RedirectHandler",
    "check_lan_address",
    "detect_lan_address",
    "host_addresses",
    "lan_address_candidates",
]

log = logging.getLogger("scb_console.sandbox.lan")

#: Called on the sandbox thread with the redirect URL (code, state, status) of a LAN approval.
RedirectHandler = Callable[[str], None]

#: The consent page's path (the same as on the loopback listener).
LAN_LOGIN_PATH: Final = "/_sandbox/easy/login/{login_id}"
#: TEST-NET-1 (RFC 5737): a documentation address, never routed. A UDP ``connect`` to it only
#: asks the OS which interface it would use; no packet is sent.
DOCUMENTATION_PROBE: Final = "192.0.2.1"
#: Largest form body (customer id, PIN, action: a few dozen bytes).
MAX_FORM: Final = 4 * 1024
#: LAN_LOGIN_PATH as a regex: the login id is one path segment.
_LOGIN_ROUTE: Final = re.compile(r"/_sandbox/easy/login/(?P<login_id>[^{}/]+)")
_PAGE_HEADERS: Final = (
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Security-Policy", page.CONTENT_SECURITY_POLICY),
    ("Referrer-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
)


class LanAddressError(ValueError):
    """A LAN address that cannot be used; the message says why."""


def check_lan_address(host: str) -> str:
    """``host`` as an IP address to listen on, or :class:`LanAddressError`.

    A wildcard (``0.0.0.0``, ``::``) is refused: it would expose the sandbox on every interface.
    So are multicast and broadcast addresses, and anything that is not an IP literal.
    """
    text = host.strip().strip("[]")
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        raise LanAddressError(
            f"{host!r} is not an IP address (e.g. 192.168.1.20, from your network settings)"
        ) from None
    if ip.is_unspecified:
        raise LanAddressError(
            f"{text} means every interface; pick the one address phones reach this machine on"
        )
    if ip.is_multicast or (isinstance(ip, ipaddress.IPv4Address) and text == "255.255.255.255"):
        raise LanAddressError(f"{text} is not the address of an interface of this machine")
    return str(ip)


def detect_lan_address(probe: str = DOCUMENTATION_PROBE) -> str | None:
    """The machine's primary non-loopback IPv4 address, or None.

    A UDP socket "connected" to ``probe`` learns the source address the OS would route through;
    UDP ``connect`` sends nothing.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect((probe, 9))
            address = str(sock.getsockname()[0])
    except OSError:
        return None
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if ip.is_loopback or ip.is_unspecified or ip.is_link_local:
        return None
    return address


def host_addresses() -> list[str]:
    """The IPv4 addresses this machine's host name resolves to (may be empty)."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return [str(info[4][0]) for info in infos]


def lan_address_candidates(primary: str | None, others: Iterable[str] = ()) -> list[str]:
    """The addresses to offer, best first: ``primary``, then the others; no duplicates, no
    loopback, wildcard or link-local address."""
    seen: list[str] = []
    for address in (primary, *others):
        if not address:
            continue
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            continue
        if ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast:
            continue
        if str(ip) not in seen:
            seen.append(str(ip))
    return seen


def _page(html: str, status: int = 200) -> Response:
    return Response(status, html.encode(), headers=_PAGE_HEADERS)


#: What the LAN listener says by itself, ``(title, text)`` in English and in Thai (the page
#: follows the phone's Accept-Language, as the sandbox's own consent page does).
_MESSAGES: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "approved": {
        "en": (
            "Approved — look at the console screen",
            "SCB Console has the authorization code: the countdown to exchange it runs on the "
            "presenter's screen. You can close this page.",
        ),
        "th": (
            "อนุมัติแล้ว — ดูที่หน้าจอ SCB Console",
            "SCB Console ได้รับรหัสอนุญาตแล้ว เวลานับถอยหลังสำหรับแลกรหัสแสดงอยู่บนหน้าจอของผู้นำเสนอ "
            "ปิดหน้านี้ได้เลย",
        ),
    },
    "declined": {
        "en": (
            "Declined — look at the console screen",
            "You declined the request. SCB Console shows what happens next.",
        ),
        "th": (
            "ปฏิเสธแล้ว — ดูที่หน้าจอ SCB Console",
            "คุณปฏิเสธคำขอแล้ว SCB Console จะแสดงว่าเกิดอะไรต่อ",
        ),
    },
    "not_listening": {
        "en": (
            "SCB Console is not listening",
            "SCB Console is not waiting for approvals from phones right now. "
            "Ask the presenter to switch the phone demo (LAN mode) on.",
        ),
        "th": (
            "SCB Console ไม่ได้รอรับการอนุมัติ",
            "ตอนนี้ SCB Console ไม่ได้รอรับการอนุมัติจากโทรศัพท์ โปรดขอให้ผู้นำเสนอเปิดสาธิตบนโทรศัพท์ (โหมด LAN)",
        ),
    },
    "handler_failed": {
        "en": (
            "SCB Console could not take it",
            "The approval went through, but SCB Console could not take the redirect. "
            "Look at the console screen, and start again from Authorize.",
        ),
        "th": (
            "SCB Console รับผลไม่ได้",
            "การอนุมัติสำเร็จ แต่ SCB Console รับรีไดเรกต์ไม่ได้ "
            "โปรดดูที่หน้าจอ SCB Console แล้วเริ่มใหม่ตั้งแต่ขั้นขออนุญาต",
        ),
    },
    "not_on_network": {
        "en": (
            "Not available on the network",
            "Over the network, the local sandbox serves only the sign-in page of a QR "
            "code. Everything else answers on the console's own machine only.",
        ),
        "th": (
            "ใช้ผ่านเครือข่ายไม่ได้",
            "ผ่านเครือข่าย แซนด์บ็อกซ์ในเครื่องมีให้เฉพาะหน้าเข้าสู่ระบบของคิวอาร์โค้ด "
            "ส่วนอื่นตอบเฉพาะบนเครื่องที่เปิด SCB Console",
        ),
    },
    "not_found": {
        "en": ("Not found", "Scan the QR code on the SCB Console screen."),
        "th": ("ไม่พบหน้านี้", "โปรดสแกนคิวอาร์โค้ดบนหน้าจอ SCB Console"),
    },
    "wrong_method": {
        "en": ("Wrong method", "Open the page from the QR code."),
        "th": ("เปิดหน้านี้ไม่ถูกวิธี", "โปรดเปิดหน้านี้จากคิวอาร์โค้ด"),
    },
    "refused": {
        "en": ("Refused", "Refused: {reason}."),
        "th": ("ปฏิเสธคำขอ", "ปฏิเสธคำขอ: {reason}"),
    },
}


def _message(key: str, lang: str, status: int, *, reason: str = "") -> Response:
    """The page of message ``key`` in ``lang`` (a refusal's ``reason`` stays in English: it
    is for whoever debugs the request)."""
    texts = _MESSAGES[key]
    title, text = texts.get(lang, texts["en"])
    return _page(page.message_page(title, text.format(reason=reason), lang), status)


class LanListener:
    """The consent page of ``server`` on a LAN address, in the sandbox's loop.

    ``on_redirect`` may be replaced from any thread (one reference swap). :meth:`start` and
    :meth:`stop` run in the loop that serves ``server``.
    """

    def __init__(
        self, server: SandboxServer, *, on_redirect: RedirectHandler | None = None
    ) -> None:
        self._server = server
        self.on_redirect = on_redirect
        self._http: HttpServer | None = None
        self._host = ""
        self._port: int | None = None

    # --- lifecycle -------------------------------------------------------------------------------

    async def start(self, host: str, port: int | None = None) -> str:
        """Listen on ``host`` (the sandbox's own port if free there, else ``port``, else a free
        one) and return the root URL, e.g. ``http://192.168.1.20:8766``."""
        address = check_lan_address(host)
        if self._http is not None:
            if address == self._host and port in (None, self._port):
                return self.root_url
            await self.stop()
        if port is not None:
            candidates = [port]
        else:
            candidates = [self._server.port, 0] if self._server.running else [0]
        problem: OSError | None = None
        for candidate in candidates:
            http = HttpServer(
                self._handle, max_body=MAX_FORM, error_handler=self._server_error, logger=log
            )
            try:
                bound = await http.start(address, candidate)
            except OSError as exc:
                problem = exc
                continue
            self._http = http
            self._host = address
            self._port = bound
            log.warning("sandbox consent page reachable from the network on %s", self.root_url)
            return self.root_url
        reason = problem.strerror if problem is not None and problem.strerror else str(problem)
        raise LanAddressError(f"cannot listen on {address}: {reason}")

    async def stop(self) -> None:
        """Close the LAN listener and its connections. Safe to call twice."""
        http, self._http = self._http, None
        if http is not None:
            await http.stop(grace=1.0)
            log.info("sandbox LAN listener on %s closed", self._host)

    @property
    def running(self) -> bool:
        return self._http is not None

    @property
    def host(self) -> str | None:
        return self._host if self._http is not None else None

    @property
    def port(self) -> int | None:
        return self._port if self._http is not None else None

    @property
    def root_url(self) -> str:
        if self._http is None or self._port is None:
            raise RuntimeError("the LAN listener is not started")
        return f"http://{url_host(self._host)}:{self._port}"

    def consent_url(self, login_id: str) -> str:
        return self.root_url + LAN_LOGIN_PATH.replace("{login_id}", login_id)

    # --- guards ----------------------------------------------------------------------------------

    def _foreign(self, request: Request) -> str | None:
        """Why a request's ``Host``/``Origin`` is not this listener's own, or None."""
        own = f"{url_host(self._host)}:{self._port}".lower()
        host = request.headers.get("Host", "").strip().lower()
        if host != own and not (self._port == 80 and host == url_host(self._host).lower()):
            return "this page answers requests for its own address only"
        origin = request.headers.get("Origin")
        if origin is not None:
            origin = origin.strip().rstrip("/").lower()
            if origin != f"http://{own}":
                return "forms from other sites are refused"
        return None

    # --- routes ----------------------------------------------------------------------------------

    async def _handle(self, request: Request) -> Response:
        """HttpServer's handler: the consent page's route, or a refusal; journaled as the
        sandbox's own consent page is (``/_sandbox/requests``)."""
        started = time.perf_counter()
        lang = page.page_language(request.headers.get("Accept-Language"))
        bodies: dict[str, Any] = {}
        match = _LOGIN_ROUTE.fullmatch(request.path)
        if match is None:
            response = self._refuse(request, lang)
        else:
            request.match_info["login_id"] = match["login_id"]
            response = self._login(request, lang, bodies)
        self._server.journal_outside(
            request,
            response.status,
            started,
            request_body=bodies.get("request"),
            response_body=bodies.get("response"),
        )
        return response

    @staticmethod
    def _server_error(request: Request | None, status: int, reason: str) -> Response:
        """HttpServer's own answers (a form too large, a request it cannot parse, ...)."""
        lang = page.page_language(
            None if request is None else request.headers.get("Accept-Language")
        )
        return _message("refused", lang, status, reason=reason)

    @staticmethod
    def _refuse(request: Request, lang: str) -> Response:
        path = request.path
        if path.startswith(("/_sandbox/", "/partners/", SANDBOX_BASE_PATH)):
            return _message("not_on_network", lang, 403)
        return _message("not_found", lang, 404)

    def _login(self, request: Request, lang: str, bodies: dict[str, Any]) -> Response:
        problem = self._foreign(request)
        if problem is not None:
            return _message("refused", lang, 403, reason=problem)
        if request.method not in ("GET", "POST"):
            response = _message("wrong_method", lang, 405)
            response.headers.append(("Allow", "GET, POST"))
            return response
        login_id = request.match_info["login_id"]
        state = self._server.state
        customers = self._server.config.customers
        if request.method == "GET":
            login = state.get_login(login_id)
            if login is None:
                return self._login_error(LoginNotFound(_not_found(login_id)), lang)
            if login.locked:
                return self._login_error(LoginLocked(f"login {login_id!r} is locked"), lang)
            return _page(page.consent_page(login, customers, action=request.path, lang=lang))
        handler = self.on_redirect
        if handler is None:  # checked first: the login is not spent for nothing
            return _message("not_listening", lang, 503)
        form = form_fields(request)
        action = str(form.get("action", "approve"))
        customer_id = str(form.get("customerId", ""))
        pin = str(form.get("pin", ""))
        bodies["request"] = {"action": action, "customerId": customer_id, "pin": pin}
        try:
            if action == "deny":
                url = self._server.deny_login(login_id)
            else:
                url = self._server.approve_login(login_id, customer_id, pin)
        except LoginError as exc:
            login = state.get_login(login_id)
            if login is None or isinstance(exc, LoginLocked | LoginNotFound):
                return self._login_error(exc, lang)
            html = page.consent_page(
                login,
                customers,
                action=request.path,
                error=page.login_error_text(exc, lang),
                selected=customer_id,
                lang=lang,
            )
            return _page(html, exc.status)
        bodies["response"] = {"redirectUrl": url}
        try:
            handler(url)
        except Exception:
            log.exception("the console's redirect handler failed")
            return _message("handler_failed", lang, 500)
        return _message("declined" if action == "deny" else "approved", lang, 200)

    @staticmethod
    def _login_error(exc: LoginError, lang: str) -> Response:
        title = page.login_error_title(exc, lang)
        return _page(page.message_page(title, page.login_error_text(exc, lang), lang), exc.status)


def _not_found(login_id: str) -> str:
    return f"no pending login {login_id!r}: unknown, expired or already answered"
