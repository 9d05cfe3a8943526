"""SCB's response envelope, parsed: bytes in, a typed result or ONE error out (sans-I/O).

Every function here is pure: it takes what came back (HTTP status, headers, body bytes and the
``requestUId`` of the request) and returns a typed value or raises exactly one
:class:`~scb_console.core.errors.SCBConsoleError` subclass:

- :class:`~scb_console.core.errors.ApiError` for SCB's error envelope (HTTP 4xx/5xx or a
  ``status.code`` other than 1000), with a message that says what to do about it;
- :class:`~scb_console.core.errors.MalformedResponse` for anything that is not the contract: not
  JSON, an HTML error page, an empty body, a body over :data:`MAX_BODY_BYTES`, the wrong envelope,
  ``data`` not an object, a missing or mistyped field. It carries a short excerpt of the body with
  secrets masked.

No ``KeyError``, ``TypeError`` or ``ValueError`` escapes (a hypothesis property test feeds any bytes
and any JSON). :func:`transport_error` turns an httpx exception into the network branch of the tree.

Decision: a numeric field sent as a string (``"expiresIn": "1800"``) is **rejected**, even when the
string holds digits. The contract says integer seconds; a string means the server is not speaking
SCB's contract (a mock, a proxy that rewrites bodies) and partner code in a typed language would
trip over it. Coercing silently would hide exactly what a developer console exists to show. The
message names the field, the type it had and the type expected.
"""

from __future__ import annotations

import datetime
import email.utils
import enum
import json
import socket
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, NoReturn

import httpx

from scb_console.core import contract
from scb_console.core.contract import DESCRIPTIONS, Field, StatusCode
from scb_console.core.errors import (
    ApiError,
    ConnectError,
    ConnectionDropped,
    MalformedResponse,
    RequestTimeout,
    SCBConsoleError,
    TransportError,
)
from scb_console.core.i18n import tr
from scb_console.core.masking import SECRET_FIELDS, mask_text

#: The largest body the console reads; anything longer is a :class:`MalformedResponse`.
MAX_BODY_BYTES: Final = 1024 * 1024
#: How many characters of a body an error's excerpt keeps.
EXCERPT_CHARS: Final = 200

#: Bounds that keep later arithmetic and date formatting sane (ten years; year 9999).
_MAX_LIFETIME: Final = 10 * 365 * 24 * 3600
_MAX_EPOCH: Final = 253_402_300_799


class Step(enum.StrEnum):
    """What an exchange was for; also the ``step`` of an exchange record."""

    SERVER_TOKEN = "server_token"
    AUTHORIZE = "authorize"
    EXCHANGE_CODE = "exchange_code"
    REFRESH = "refresh"
    CUSTOMER_PROFILE = "customer_profile"

    @property
    def label(self) -> str:
        return tr(_STEP_LABELS[self])


_STEP_LABELS: Final = {
    Step.SERVER_TOKEN: "server token request",
    Step.AUTHORIZE: "authorize request",
    Step.EXCHANGE_CODE: "code exchange",
    Step.REFRESH: "token refresh",
    Step.CUSTOMER_PROFILE: "customer profile call",
}


def _label(step: str) -> str:
    try:
        return Step(step).label
    except ValueError:
        return tr("{step} request", step=step)


@dataclass(frozen=True, slots=True)
class Answer:
    """What came back for one request: the input of every parser here."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    request_uid: str

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (any case), or None."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Envelope:
    """``{"status": {"code", "description"}, "data": ...}`` with the types checked."""

    code: int
    description: str
    data: Any


@dataclass(frozen=True, slots=True)
class TokenData:
    """The ``data`` of a token answer, with every field's type checked."""

    access_token: str
    token_type: str
    expires_in: int
    expires_at: int | None
    refresh_token: str | None
    refresh_expires_in: int | None
    refresh_expires_at: int | None
    raw: Mapping[str, Any] = field(repr=False)

    def __repr__(self) -> str:  # never print a token
        return (
            f"TokenData(token_type={self.token_type!r}, expires_in={self.expires_in}, "
            f"refresh={'yes' if self.refresh_token else 'no'})"
        )


# --- excerpts ---------------------------------------------------------------------------------


def excerpt(body: bytes, *, secrets: Iterable[str] = (), limit: int = EXCERPT_CHARS) -> str:
    """The first ``limit`` characters of ``body`` on one line, secrets masked."""
    text = body[: MAX_BODY_BYTES + 1].decode("utf-8", errors="replace")
    text = mask_text(text, secrets)
    window = text[: 20 * limit]  # masked first (whole), so nothing is cut in two unmasked
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in window).split())
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return text


# --- the envelope -----------------------------------------------------------------------------


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return tr("a boolean")
    if isinstance(value, int):
        return tr("an integer")
    if isinstance(value, float):
        return tr("a number with a fraction")
    if isinstance(value, str):
        return tr("a string")
    if isinstance(value, list):
        return tr("an array")
    if isinstance(value, dict):
        return tr("an object")
    return type(value).__name__


def _preview(name: str, value: Any) -> str:
    """`` ("1800")`` for a non-secret scalar; nothing for secrets and containers."""
    secret = name.startswith(f"{Field.DATA}.") and name.rsplit(".", 1)[-1] in SECRET_FIELDS
    if secret or isinstance(value, dict | list) or value is None:
        return ""
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > 40:
        text = text[:40] + "…"
    return f" ({text})"


class _Parser:
    """Shared context of one parse: what to name in messages and what to mask in excerpts."""

    def __init__(
        self, answer: Answer, *, step: str, profile_name: str, secrets: Iterable[str]
    ) -> None:
        self.answer = answer
        self.step = step
        self.profile_name = profile_name
        self.secrets = tuple(s for s in secrets if s)

    @property
    def excerpt(self) -> str:
        return excerpt(self.answer.body, secrets=self.secrets)

    def malformed(self, problem: str, *, with_excerpt: bool = False) -> NoReturn:
        text = self.excerpt
        message = tr(
            "SCB's answer to the {label} (HTTP {status}) {problem}",
            label=_label(self.step),
            status=self.answer.status,
            problem=problem,
        )
        if with_excerpt and text:
            message += tr("; it begins: {text}", text=text)
        raise MalformedResponse(
            message,
            http_status=self.answer.status,
            excerpt=text,
            request_uid=self.answer.request_uid,
        )

    def bad_field(self, path: str, value: Any, expected: str) -> NoReturn:
        if value is _MISSING:
            self.malformed(
                tr(
                    "is malformed: {path} is missing ({expected} expected)",
                    path=path,
                    expected=expected,
                )
            )
        self.malformed(
            tr(
                "is malformed: {path} is {kind}{preview}, expected {expected}",
                path=path,
                kind=_json_type(value),
                preview=_preview(path, value),
                expected=expected,
            )
        )

    # -- envelope
    def envelope(self) -> Envelope:
        answer = self.answer
        body = answer.body
        if len(body) > MAX_BODY_BYTES:
            self.malformed(
                tr(
                    "is over the {size} KiB size cap; the console stopped reading it",
                    size=MAX_BODY_BYTES // 1024,
                ),
                with_excerpt=True,
            )
        if not body.strip():
            self.malformed(tr("has an empty body instead of SCB's JSON envelope"))
        content_type = " ".join((answer.header("content-type") or "").lower().split())[:80]
        stripped = body.lstrip()[:64].lower()
        if "html" in content_type or stripped.startswith((b"<!doctype html", b"<html")):
            self.malformed(
                tr(
                    "is an HTML page, not SCB's JSON envelope (a proxy, gateway or wrong base URL?)"
                ),
                with_excerpt=True,
            )
        try:
            decoded = json.loads(body)
        except (ValueError, RecursionError):
            kind = f" ({content_type})" if content_type else ""
            self.malformed(tr("is not JSON{kind}", kind=kind), with_excerpt=True)
        if not isinstance(decoded, dict):
            self.malformed(
                tr(
                    "is JSON but not SCB's envelope: the top level is {kind}, expected an object "
                    "with status and data",
                    kind=_json_type(decoded),
                ),
                with_excerpt=True,
            )
        status = decoded.get(Field.STATUS, _MISSING)
        if not isinstance(status, dict):
            self.bad_field(Field.STATUS, status, tr("an object with code and description"))
        code = status.get(Field.CODE, _MISSING)
        if type(code) is not int:
            self.bad_field(f"{Field.STATUS}.{Field.CODE}", code, tr("an integer"))
        description = status.get(Field.DESCRIPTION)
        if not isinstance(description, str):
            description = ""
        envelope = Envelope(code, description, decoded.get(Field.DATA))
        if answer.status >= 400 or code != StatusCode.SUCCESS:
            raise self.api_error(envelope)
        return envelope

    def api_error(self, envelope: Envelope) -> ApiError:
        code = envelope.code
        description = mask_text(" ".join(envelope.description.split())[:200], self.secrets)
        return ApiError(
            _api_message(
                step=self.step,
                http_status=self.answer.status,
                code=code,
                description=description,
                profile_name=self.profile_name,
            ),
            http_status=self.answer.status,
            code=code,
            description=description,
            request_uid=self.answer.request_uid,
        )

    def data_object(self) -> Mapping[str, Any]:
        data = self.envelope().data
        if not isinstance(data, dict):
            self.bad_field(Field.DATA, data, tr("an object"))
        return data

    # -- typed fields
    def text(self, data: Mapping[str, Any], name: str) -> str:
        value = data.get(name, _MISSING)
        if not isinstance(value, str) or not value:
            self.bad_field(f"{Field.DATA}.{name}", value, tr("a non-empty string"))
        return value

    def optional_text(self, data: Mapping[str, Any], name: str) -> str | None:
        """Absent or null gives None; anything else must be a non-empty string."""
        return None if data.get(name) is None else self.text(data, name)

    def integer(self, data: Mapping[str, Any], name: str, *, low: int, high: int, what: str) -> int:
        value = data.get(name, _MISSING)
        path = f"{Field.DATA}.{name}"
        if type(value) is not int:
            self.bad_field(path, value, tr("an integer ({what})", what=what))
        if not low <= value <= high:
            self.malformed(
                tr(
                    "is malformed: {path} is {value}, outside {low}..{high} ({what})",
                    path=path,
                    value=value,
                    low=low,
                    high=high,
                    what=what,
                )
            )
        return value

    def optional_integer(
        self, data: Mapping[str, Any], name: str, *, low: int, high: int, what: str
    ) -> int | None:
        """Absent or null gives None; anything else must be an integer in range."""
        if data.get(name) is None:
            return None
        return self.integer(data, name, low=low, high=high, what=what)


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Final[Any] = _Missing()


def _api_message(
    *, step: str, http_status: int, code: int, description: str, profile_name: str
) -> str:
    """One line that says what SCB refused and what to do about it."""
    desc = description or DESCRIPTIONS.get(code, "")
    tag = f"{code} {desc}".strip()
    label = _label(step)
    profile = tr("profile {name!r}", name=profile_name)
    if code == StatusCode.INVALID_API_KEY:
        if step == Step.CUSTOMER_PROFILE:  # the credential of this call is the access token
            return tr(
                "SCB refused the access token ({tag}): it has expired, was revoked or is not "
                "valid; refresh it or authorize again",
                tag=tag,
            )
        return tr(
            "SCB refused the API key or secret ({tag}): check the API key and secret of {profile}",
            tag=tag,
            profile=profile,
        )
    if code == StatusCode.INVALID_TEMPORARY_TOKEN:
        if step == Step.EXCHANGE_CODE:
            return tr(
                "SCB refused the authorization code ({tag}): it is invalid, expired (a code "
                "lives {ttl} s) or already used; start again at authorize",
                tag=tag,
                ttl=contract.CODE_TTL,
            )
        if step == Step.REFRESH:
            return tr(
                "SCB refused the refresh token ({tag}): it has expired or is no longer valid; "
                "authorize again",
                tag=tag,
            )
        if step == Step.CUSTOMER_PROFILE:
            return tr(
                "SCB refused the access token ({tag}): it has expired or is not valid; "
                "refresh it or authorize again",
                tag=tag,
            )
        return tr("SCB refused a temporary token on the {label} ({tag})", label=label, tag=tag)
    if code in (StatusCode.MISSING_HEADER, StatusCode.MISSING_CREDENTIALS):
        return tr(
            "SCB says a required header or credential is missing on the {label} ({tag}): "
            "check the API key and secret of {profile}; if they are set, report this with "
            "the requestUId",
            label=label,
            tag=tag,
            profile=profile,
        )
    if code == StatusCode.INVALID_ACCESS_RIGHTS and step == Step.CUSTOMER_PROFILE:
        return tr(
            "SCB refused access to the customer profile ({tag}): it needs the user token of "
            "this customer (not a server token) with the resourceOwnerId of its code exchange",
            tag=tag,
        )
    if code == StatusCode.INVALID_ACCESS_RIGHTS:
        return tr(
            "SCB refused access on the {label} ({tag}): the application of {profile} may not "
            "be allowed this API; check its products on SCB's developer portal",
            label=label,
            tag=tag,
            profile=profile,
        )
    if code == StatusCode.CHANNEL_NOT_SUPPORTED:
        return tr(
            "SCB does not support this response channel ({tag}): check the response-channel "
            "of {profile} ({channels})",
            tag=tag,
            profile=profile,
            channels=tr(" or ").join(contract.RESPONSE_CHANNELS),
        )
    if code in (
        StatusCode.MISSING_PARAMETERS,
        StatusCode.INVALID_PARAMETERS,
        StatusCode.EMPTY_STRING,
        StatusCode.UNRECOGNIZED_FIELD,
    ):
        if step == Step.AUTHORIZE:
            return tr(
                "SCB rejected the parameters of the {label} ({tag}): check the "
                "response-channel, endState, redirectOption and partner query of {profile}",
                label=label,
                tag=tag,
                profile=profile,
            )
        return tr(
            "SCB rejected the parameters of the {label} ({tag}): check the API key and "
            "secret of {profile} and what was sent (see the exchange log)",
            label=label,
            tag=tag,
            profile=profile,
        )
    if code == StatusCode.NOT_FOUND:
        return tr("SCB found no such record on the {label} ({tag})", label=label, tag=tag)
    if code in (StatusCode.WRONG_METHOD, StatusCode.UNSUPPORTED_CONTENT_TYPE):
        return tr(
            "SCB rejected the HTTP method or content type of the {label} ({tag}): a bug in "
            "SCB Console or a proxy in between; report it with the requestUId",
            label=label,
            tag=tag,
        )
    if code == StatusCode.GENERIC_SERVER_ERROR or http_status >= 500:
        return tr(
            "SCB had a server-side error on the {label} ({tag}, HTTP {status}): try "
            "again later; if it persists, give SCB support the requestUId",
            label=label,
            tag=tag,
            status=http_status,
        )
    return tr(
        "SCB refused the {label} with HTTP {status} ({tag})",
        label=label,
        status=http_status,
        tag=tag,
    )


# --- public parsers -----------------------------------------------------------------------------


def parse_envelope(
    answer: Answer, *, step: str, profile_name: str, secrets: Iterable[str] = ()
) -> Envelope:
    """The checked envelope of a success; raises ApiError or MalformedResponse otherwise."""
    return _Parser(answer, step=step, profile_name=profile_name, secrets=secrets).envelope()


def parse_token(
    answer: Answer,
    *,
    step: str,
    profile_name: str,
    require_refresh: bool,
    secrets: Iterable[str] = (),
) -> TokenData:
    """A token answer (server token, code exchange or refresh).

    ``require_refresh``: the code exchange must carry ``refreshToken`` and ``refreshExpiresIn``.
    Elsewhere they are optional, but a ``refreshToken`` always needs its ``refreshExpiresIn``.
    """
    p = _Parser(answer, step=step, profile_name=profile_name, secrets=secrets)
    data = p.data_object()
    lifetime = tr("seconds, > 0")
    epoch = tr("epoch seconds")
    access_token = p.text(data, Field.ACCESS_TOKEN)
    token_type = p.text(data, Field.TOKEN_TYPE)
    expires_in = p.integer(data, Field.EXPIRES_IN, low=1, high=_MAX_LIFETIME, what=lifetime)
    expires_at = p.optional_integer(data, Field.EXPIRES_AT, low=0, high=_MAX_EPOCH, what=epoch)
    if require_refresh:
        refresh_token: str | None = p.text(data, Field.REFRESH_TOKEN)
    else:
        refresh_token = p.optional_text(data, Field.REFRESH_TOKEN)
    refresh_expires_in = refresh_expires_at = None
    if refresh_token is not None:
        refresh_expires_in = p.integer(
            data, Field.REFRESH_EXPIRES_IN, low=1, high=_MAX_LIFETIME, what=lifetime
        )
        refresh_expires_at = p.optional_integer(
            data, Field.REFRESH_EXPIRES_AT, low=0, high=_MAX_EPOCH, what=epoch
        )
    return TokenData(
        access_token=access_token,
        token_type=token_type,
        expires_in=expires_in,
        expires_at=expires_at,
        refresh_token=refresh_token,
        refresh_expires_in=refresh_expires_in,
        refresh_expires_at=refresh_expires_at,
        raw=data,
    )


def parse_authorize(answer: Answer, *, profile_name: str, secrets: Iterable[str] = ()) -> str:
    """The deeplink (``data.callbackUrl``) of an authorize answer."""
    p = _Parser(answer, step=Step.AUTHORIZE, profile_name=profile_name, secrets=secrets)
    return p.text(p.data_object(), Field.CALLBACK_URL)


def parse_customer_profile(
    answer: Answer, *, profile_name: str, secrets: Iterable[str] = ()
) -> Mapping[str, Any]:
    """The ``data.profile`` object of a customer profile answer."""
    p = _Parser(answer, step=Step.CUSTOMER_PROFILE, profile_name=profile_name, secrets=secrets)
    data = p.data_object()
    profile = data.get(Field.PROFILE, _MISSING)
    if not isinstance(profile, dict):
        p.bad_field(f"{Field.DATA}.{Field.PROFILE}", profile, "an object")
    return profile


def parse_http_date(value: str | None) -> float | None:
    """An HTTP ``Date`` header as epoch seconds; None when absent or unreadable."""
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
        if parsed.tzinfo is None:  # "-0000" means UTC without saying so
            parsed = parsed.replace(tzinfo=datetime.UTC)
        return parsed.timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


# --- the network branch -------------------------------------------------------------------------


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _where(url: str) -> str:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        return url
    host = parsed.host or url
    return f"{host}:{parsed.port}" if parsed.port else host


def _is_loopback(url: str) -> bool:
    try:
        host = httpx.URL(url).host
    except (httpx.InvalidURL, TypeError, ValueError):
        return False
    return host in ("localhost", "127.0.0.1", "::1") or host.startswith("127.")


_DNS_HINTS: Final = (
    "name or service not known",
    "nodename nor servname",
    "temporary failure in name resolution",
    "no address associated",
    "getaddrinfo failed",
    "name resolution",
)


def transport_error(
    exc: BaseException, *, url: str, request_uid: str, step: str, timeout: float
) -> SCBConsoleError:
    """The error-tree counterpart of an httpx exception (or of an overall ``TimeoutError``)."""
    where = _where(url)
    label = _label(step)
    chain = _chain(exc)
    text = " ".join(str(e) for e in chain).lower()
    reason = str(exc) or type(exc).__name__
    err: TransportError
    if isinstance(exc, httpx.ConnectTimeout):
        err = RequestTimeout(
            tr(
                "Could not connect to {where} within {timeout:g} s for the {label}; the request "
                "was not sent",
                where=where,
                timeout=timeout,
                label=label,
            ),
            url=url,
            request_uid=request_uid,
        )
    elif isinstance(exc, httpx.PoolTimeout):
        err = RequestTimeout(
            tr(
                "No free connection to {where} within {timeout:g} s for the {label}; the request "
                "was not sent",
                where=where,
                timeout=timeout,
                label=label,
            ),
            url=url,
            request_uid=request_uid,
        )
    elif isinstance(exc, httpx.TimeoutException | TimeoutError):
        err = RequestTimeout(
            tr(
                "{where} did not answer the {label} within {timeout:g} s; the request may have "
                "been processed server-side",
                where=where,
                label=label,
                timeout=timeout,
            ),
            url=url,
            request_uid=request_uid,
        )
    elif isinstance(exc, httpx.ConnectError):
        if (
            any(isinstance(e, ssl.SSLError) for e in chain)
            or "ssl" in text
            or "certificate" in text
        ):
            err = ConnectError(
                tr(
                    "TLS with {where} failed ({reason}): the server's certificate could not be "
                    "verified; SCB Console never turns verification off",
                    where=where,
                    reason=reason,
                ),
                url=url,
                request_uid=request_uid,
            )
        elif any(isinstance(e, socket.gaierror) for e in chain) or any(
            hint in text for hint in _DNS_HINTS
        ):
            err = ConnectError(
                tr(
                    "Cannot resolve the host of {where} (DNS): check the base URL and the network",
                    where=where,
                ),
                url=url,
                request_uid=request_uid,
            )
        elif any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in text:
            hint = (
                tr(" (is the local sandbox running?)")
                if _is_loopback(url)
                else tr("; check the base URL and the network")
            )
            err = ConnectError(
                tr(
                    "Connection to {where} refused: nothing is listening there{hint}",
                    where=where,
                    hint=hint,
                ),
                url=url,
                request_uid=request_uid,
            )
        else:
            err = ConnectError(
                tr(
                    "Could not connect to {where} ({reason}): check the base URL and the network",
                    where=where,
                    reason=reason,
                ),
                url=url,
                request_uid=request_uid,
            )
    elif isinstance(exc, httpx.DecodingError):
        return MalformedResponse(
            tr(
                "SCB's answer to the {label} could not be decoded ({reason})",
                label=label,
                reason=reason,
            ),
            request_uid=request_uid,
        )
    elif isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        err = ConnectError(
            tr(
                "Cannot send the {label} to {url!r} ({reason}): check the base URL",
                label=label,
                url=url,
                reason=reason,
            ),
            url=url,
            request_uid=request_uid,
        )
    elif isinstance(exc, httpx.RemoteProtocolError) and "disconnect" not in text:
        err = ConnectionDropped(
            tr(
                "{where} answered the {label} with something that is not HTTP ({reason}); the "
                "request may have been processed server-side",
                where=where,
                label=label,
                reason=reason,
            ),
            url=url,
            request_uid=request_uid,
        )
    else:
        err = ConnectionDropped(
            tr(
                "{where} closed the connection during the {label} before answering ({reason}); "
                "the request may have been processed server-side",
                where=where,
                label=label,
                reason=reason,
            ),
            url=url,
            request_uid=request_uid,
        )
    return err
