"""Small pieces of the sandbox's HTTP protocol: errors, the envelope, redirects, loopback checks."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scb_console.core.contract import (
    DESCRIPTIONS,
    RESERVED_QUERY_NAMES,
    Field,
    StatusCode,
    descriptions_for,
)
from scb_console.core.masking import SECRET_QUERY, mask


class ApiError(Exception):
    """An SCB error answer: HTTP status, SCB code, and what it was about (for the description)."""

    def __init__(self, http_status: int, code: StatusCode, about: str | None = None) -> None:
        self.http_status = http_status
        self.code = code
        self.about = about
        super().__init__(describe(code, about))


class AdminError(Exception):
    """An error of a ``/_sandbox`` route: ``{"error": message, ...extra}`` with an HTTP status."""

    def __init__(self, http_status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.extra = extra


def describe(
    code: StatusCode, about: str | None = None, *, accept_language: str | None = None
) -> str:
    """SCB's description for ``code``, naming what it is about in parentheses; in Thai for an
    ``accept-language`` of TH (the parenthesis keeps SCB's header and field names)."""
    table = descriptions_for(accept_language)
    text = table[code]
    if about is None:
        return text
    if table is DESCRIPTIONS:
        if code is StatusCode.MISSING_HEADER:
            # SCB's own shape: "Required standard headers (X) not found"
            return text.replace("headers", f"headers ({about})", 1)
        return f"{text} ({about})"
    return f"{text} ({_ABOUT_TH.get(about, about)})"


#: The sandbox's fixed words about an error, in Thai (header and field names stay as they are).
_ABOUT_TH = {
    "body too large": "บอดี้ใหญ่เกินไป",
    "body is not valid JSON": "บอดี้ไม่ใช่ JSON ที่ถูกต้อง",
    "body must be a JSON object": "บอดี้ต้องเป็นอ็อบเจกต์ JSON",
    "expected 'Bearer <accessToken>'": "ต้องเป็น 'Bearer <accessToken>'",
    "unknown or expired access token": "access token ไม่รู้จักหรือหมดอายุแล้ว",
    "a server token has no customer": "โทเค็นเซิร์ฟเวอร์ไม่มีลูกค้า",
    "resourceOwnerId is not the token's customer": "resourceOwnerId ไม่ใช่ลูกค้าของโทเค็นนี้",
    "customer": "ลูกค้า",
    "no such endpoint": "ไม่มี endpoint นี้",
}


def new_uuid() -> str:
    """A random (version 4) UUID in its canonical text form, as ``str(uuid.uuid4())`` gives:
    made here because the uuid module (and platform, which it imports) costs ~2.5 ms on the
    sandbox's start-up, and a UUID object per request is more than a token needs."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def envelope(code: StatusCode, description: str, data: Any) -> dict[str, Any]:
    """SCB's response envelope."""
    return {
        Field.STATUS: {Field.CODE: int(code), Field.DESCRIPTION: description},
        Field.DATA: data,
    }


def is_loopback_address(address: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and IPv4-mapped loopback; False for anything else or None."""
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped.is_loopback
    return ip.is_loopback


def is_loopback_host(host: str) -> bool:
    """True when a ``Host``/``Origin`` host name (port allowed) is ``localhost`` or loopback."""
    name = host.strip().lower()
    if name.startswith("["):  # [::1]:8766
        name = name[1 : name.find("]")] if "]" in name else name[1:]
    elif name.count(":") == 1:
        name = name.split(":", 1)[0]
    return name == "localhost" or name.endswith(".localhost") or is_loopback_address(name)


def url_host(host: str) -> str:
    """A bind address as it goes into a URL: wildcards become loopback, IPv6 gets brackets."""
    if host in ("", "0.0.0.0"):  # noqa: S104 - recognising the wildcard, not binding it
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def build_redirect(
    callback_url: str,
    *,
    code: str | None,
    state: str | None,
    status: str,
    partner_pairs: Iterable[tuple[str, str]],
) -> str:
    """The callback URL with ``code``, ``state``, ``status`` and the partner's own pairs.

    Order: the callback URL's own query, then ``code`` (on approval only), ``state`` (when
    authorize sent one), ``status``, then the partner's pairs. Reserved names (``code``,
    ``state``, ``status``) from the callback URL or the partner are dropped: ours win.
    """
    parts = urlsplit(callback_url)
    own = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k not in RESERVED_QUERY_NAMES
    ]
    ours: list[tuple[str, str]] = []
    if code is not None:
        ours.append(("code", code))
    if state is not None:
        ours.append(("state", state))
    ours.append(("status", status))
    partner = [(k, v) for k, v in partner_pairs if k not in RESERVED_QUERY_NAMES]
    return urlunsplit(parts._replace(query=urlencode(own + ours + partner)))


def mask_url(url: str) -> str:
    """A URL with the values of secret query names (the code) masked."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = [
        (k, mask(v) if k in SECRET_QUERY else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(pairs)))
