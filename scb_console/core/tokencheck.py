"""Token check: what a partner sent, parsed and judged, for support staff.

A partner writes "my token stopped working" and attaches one of three things:

- an access token (and, for customer calls, the ``resourceOwnerId``);
- a raw token response (SCB's whole envelope, or just its ``data`` object);
- a HAR file of the calls.

:func:`check_input` (or :func:`check_har` for a HAR already read) turns it into a
:class:`CheckResult`: :class:`Verdict` lines (ok / warn / error, a title, a detail, the
``requestUId`` where there is one), the tokens found (:class:`TokenFacts`), and for a HAR the auth
calls laid out as the flow (:class:`FlowRow`) with what went wrong highlighted: an expired or
reused code, a wrong key or secret, clock skew, a token used against another environment, a dead
refresh token, a profile call without ``resourceOwnerId``.

:func:`live_check` sends the customer profile call with a token, through an
:class:`~scb_console.core.client.SCBClient`, only where the client's environment is the one the
token came from (:func:`live_check_refusal` says why not otherwise).

Everything here reads strangers' input: sizes are bounded, and nothing but
:class:`~scb_console.core.errors.InputError` (or another
:class:`~scb_console.core.errors.SCBConsoleError`) is raised, whatever the bytes. Tokens are kept as
given (the live check needs them) but every text made here shows them masked.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import ipaddress
import json
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from scb_console.core import contract
from scb_console.core.client import SCBClient
from scb_console.core.clock import Clock
from scb_console.core.contract import (
    DESCRIPTIONS,
    PATH_AUTHORIZE,
    PATH_PROFILE,
    PATH_REFRESH,
    PATH_TOKEN,
    Environment,
    Field,
    Header,
    StatusCode,
)
from scb_console.core.envelope import parse_http_date
from scb_console.core.errors import ApiError, InputError, SCBConsoleError, TransportError
from scb_console.core.har import (
    MAX_HAR_BYTES,
    HarEntry,
    HarLog,
    decode_text,
    har_from_document,
    load_json,
)
from scb_console.core.masking import mask, mask_text
from scb_console.core.models import TokenKind, TokenSet

#: The longest pasted access token read (SCB's are UUIDs; JWTs from elsewhere are longer).
MAX_TOKEN_CHARS: Final = 8 * 1024
#: The largest token response read (SCB's are a few hundred bytes).
MAX_RESPONSE_BYTES: Final = 1024 * 1024
#: Clocks further apart than this (seconds) are called skewed.
SKEW_TOLERANCE: Final = 5.0
#: Under this many seconds left, a token is "expiring" (as in the token inspector).
EXPIRING_WITHIN: Final = 300.0

_MASKED: Final = re.compile(r"^[^\s…]{0,4}…\(\d+\)$")
_MAX_LIFETIME: Final = 10 * 365 * 24 * 3600
_MAX_EPOCH: Final = 253_402_300_799


class Level(enum.StrEnum):
    OK = "ok"
    WARN = "warn"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {Level.ERROR: 0, Level.WARN: 1, Level.OK: 2}[self]


@dataclass(frozen=True, slots=True)
class Verdict:
    """One finding: how bad, what, why and what to do, and the request it is about."""

    level: Level
    title: str
    detail: str = ""
    request_uid: str | None = None


class InputKind(enum.StrEnum):
    TOKEN = "token"
    TOKEN_RESPONSE = "token_response"
    HAR = "har"

    @property
    def label(self) -> str:
        return {
            InputKind.TOKEN: "access token",
            InputKind.TOKEN_RESPONSE: "token response JSON",
            InputKind.HAR: "HAR file",
        }[self]


class FlowStep(enum.StrEnum):
    SERVER_TOKEN = "server_token"
    AUTHORIZE = "authorize"
    REDIRECT = "redirect"
    EXCHANGE = "exchange_code"
    REFRESH = "refresh"
    PROFILE = "customer_profile"

    @property
    def label(self) -> str:
        return _STEP_LABELS[self]


_STEP_LABELS: Final = {
    FlowStep.SERVER_TOKEN: "Server token",
    FlowStep.AUTHORIZE: "Authorize",
    FlowStep.REDIRECT: "Redirect (code)",
    FlowStep.EXCHANGE: "Code exchange",
    FlowStep.REFRESH: "Refresh",
    FlowStep.PROFILE: "Customer profile",
}
_TOKEN_STEPS: Final = (FlowStep.SERVER_TOKEN, FlowStep.EXCHANGE, FlowStep.REFRESH)


@dataclass(frozen=True, slots=True)
class TokenFacts:
    """What is known about one access token. ``access_token`` is as given: mask it to show it."""

    access_token: str
    token_type: str = contract.TOKEN_TYPE_BEARER
    kind: TokenKind | None = None
    expires_in: int | None = None
    #: The server's expiry, epoch seconds on its clock.
    expires_at: int | None = None
    refresh_token: str | None = None
    refresh_expires_in: int | None = None
    refresh_expires_at: int | None = None
    #: When the token response arrived, on the local (partner's) clock; None if unknown.
    issued_wall: float | None = None
    #: The token response's ``Date`` header, epoch seconds; None if unknown.
    server_date: float | None = None
    #: Where the token was obtained (``scheme://host/base/path``); None if unknown.
    base_url: str | None = None
    request_uid: str | None = None
    resource_owner_id: str | None = None
    #: Where it came from, for a person: "pasted token", "HAR entry 3", ...
    source: str = ""

    @property
    def masked(self) -> str:
        return fingerprint(self.access_token)

    @property
    def is_masked(self) -> bool:
        """True when only the masked form is known (SCB Console's own HAR export)."""
        return is_masked(self.access_token)

    @property
    def skew(self) -> float | None:
        if self.server_date is None or self.issued_wall is None:
            return None
        return self.server_date - self.issued_wall

    @property
    def local_expiry(self) -> float | None:
        """``issued + expiresIn`` on the local clock, where both are known."""
        if self.issued_wall is None or self.expires_in is None:
            return None
        return self.issued_wall + self.expires_in

    def __repr__(self) -> str:
        return (
            f"TokenFacts(token={self.masked!r}, kind={self.kind}, expires_in={self.expires_in}, "
            f"expires_at={self.expires_at}, base_url={self.base_url!r}, "
            f"request_uid={self.request_uid!r})"
        )


@dataclass(frozen=True, slots=True)
class FlowRow:
    """One auth call of a HAR, as a row of the flow table."""

    index: int
    step: FlowStep
    started: float | None
    method: str
    origin: str
    path: str
    status: int | None
    scb_code: int | None
    request_uid: str | None
    duration_ms: float | None
    level: Level = Level.OK
    note: str = ""


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Everything the token check found."""

    kind: InputKind
    verdicts: tuple[Verdict, ...]
    tokens: tuple[TokenFacts, ...] = ()
    flow: tuple[FlowRow, ...] = ()
    #: What the HAR reader tolerated or cut.
    warnings: tuple[str, ...] = ()
    #: How many HAR entries there were in all (auth calls or not).
    entry_count: int = 0

    @property
    def level(self) -> Level:
        """The worst level among the verdicts."""
        if not self.verdicts:
            return Level.OK
        return min((v.level for v in self.verdicts), key=lambda level: level.rank)

    @property
    def candidate(self) -> TokenFacts | None:
        """The token a live check would try: the newest one known in full (a user token first)."""
        full = [t for t in self.tokens if not t.is_masked]
        users = [t for t in full if t.kind is TokenKind.USER]
        pool = users or full
        return pool[-1] if pool else None

    def sorted_verdicts(self) -> list[Verdict]:
        """Errors first, then warnings, then what is fine; in their order within a level."""
        return sorted(self.verdicts, key=lambda v: v.level.rank)


# --- small helpers ------------------------------------------------------------------------------


def is_masked(value: str) -> bool:
    """True for what :func:`~scb_console.core.masking.mask` makes (``3436…(36)``)."""
    return bool(_MASKED.match(value))


def fingerprint(value: str) -> str:
    """The masked form of a secret (itself, when it is masked already): to compare and show."""
    return value if is_masked(value) else mask(value)


def format_span(seconds: float) -> str:
    """``45 s``, ``5 min 12 s``, ``3 h 4 min``, ``2 d 3 h``."""
    whole = int(abs(seconds) + 0.5)
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def format_utc(epoch: float | None) -> str:
    """``2025-06-15 14:32:05 UTC`` (a dash for None or a time that cannot be shown)."""
    if epoch is None:
        return "—"
    try:
        moment = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return "—"
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def format_skew(seconds: float) -> str:
    sign = "+" if seconds >= 0 else "−"
    return f"{sign}{abs(seconds):.1f} s"


def _strip_default_port(scheme: str, netloc: str) -> str:
    host = netloc.lower()
    if scheme == "https" and host.endswith(":443"):
        return host[:-4]
    if scheme == "http" and host.endswith(":80"):
        return host[:-3]
    return host


def normalize_base(url: str) -> str:
    """A base URL compared as SCB Console sends to it: lower-case origin, no trailing slash."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
    except ValueError:
        return url.strip().rstrip("/")
    scheme = parts.scheme.lower()
    return f"{scheme}://{_strip_default_port(scheme, parts.netloc)}{parts.path.rstrip('/')}"


def same_base(a: str, b: str) -> bool:
    return normalize_base(a) == normalize_base(b)


def _host(url: str) -> str:
    try:
        return (urllib.parse.urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def environment_of(base_url: str) -> Environment:
    """Which environment a base URL belongs to (by host): SCB's, local (loopback), or custom."""
    host = _host(base_url)
    for env in (Environment.SANDBOX, Environment.UAT, Environment.PRODUCTION):
        default = env.default_base_url
        if default is not None and host == _host(default):
            return env
    if host == "localhost":
        return Environment.LOCAL
    try:
        if ipaddress.ip_address(host).is_loopback:
            return Environment.LOCAL
    except ValueError:
        pass
    return Environment.CUSTOM


def describe_base(base_url: str) -> str:
    """``SCB sandbox (api-sandbox.partners.scb)``."""
    env = environment_of(base_url)
    host = _host(base_url) or base_url
    try:
        port = urllib.parse.urlsplit(base_url).port
    except ValueError:
        port = None
    where = f"{host}:{port}" if port else host
    return f"{env.label} ({where})"


def _json_object(text: str) -> Mapping[str, Any] | None:
    if not text or len(text) > MAX_RESPONSE_BYTES:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, Mapping) else None


# --- pasted input -----------------------------------------------------------------------------


def detect_kind(text: str) -> InputKind:
    """What was pasted: a JSON object with ``log`` is a HAR, another JSON object a token
    response, anything else a token."""
    head = text.lstrip("\ufeff \t\r\n")[:1]
    if head not in ("{", "["):
        return InputKind.TOKEN
    window = text[:4096]
    if re.search(r'"log"\s*:', window) and not re.search(r'"(data|accessToken)"\s*:', window):
        return InputKind.HAR
    return InputKind.TOKEN_RESPONSE


_AUTH_PREFIX: Final = re.compile(r"^(?:authorization\s*:\s*)?(?:bearer(?:\s+|$))?", re.IGNORECASE)


def parse_bare_token(text: str, *, resource_owner_id: str | None = None) -> TokenFacts:
    """An access token pasted alone (``Bearer`` and ``Authorization:`` prefixes are dropped)."""
    if len(text) > MAX_TOKEN_CHARS:
        raise InputError(
            f"The pasted text is {len(text)} characters: an access token is at most "
            f"{MAX_TOKEN_CHARS} (paste a token response or open a HAR file instead)"
        )
    value = _AUTH_PREFIX.sub("", text.strip().strip("\ufeff").strip()).strip().strip("\"'")
    if not value:
        raise InputError("Nothing to check: paste an access token, a token response or a HAR")
    if "…" in value:
        raise InputError(
            f"This token is masked ({value[:20]}): a masked token cannot be checked or sent; "
            "ask for the token itself"
        )
    bad = next((ch for ch in value if not "!" <= ch <= "~"), None)
    if bad is not None:
        what = (
            "spaces or line breaks"
            if bad.isspace()
            else f"the character {bad!r}"
            if bad.isprintable()
            else "a control character"
        )
        raise InputError(
            f"The pasted text is not an access token: it contains {what} (paste only the "
            "token, a whole token response JSON, or a HAR file)"
        )
    owner = (resource_owner_id or "").strip() or None
    if owner is not None and any(not "!" <= ch <= "~" for ch in owner):
        raise InputError("The resourceOwnerId contains spaces or characters a header cannot carry")
    return TokenFacts(access_token=value, resource_owner_id=owner, source="pasted token")


def _epoch_or_millis(value: int, name: str, verdicts: list[Verdict]) -> int | None:
    if 10**11 < value <= _MAX_EPOCH * 1000:
        verdicts.append(
            Verdict(
                Level.WARN,
                f"{name} looks like milliseconds",
                f"{name} is {value}: SCB sends epoch seconds; read as {value // 1000}. A "
                "client that takes it as seconds thinks the token lives for thousands of years.",
            )
        )
        return value // 1000
    if not 0 <= value <= _MAX_EPOCH:
        verdicts.append(
            Verdict(Level.WARN, f"{name} is out of range", f"{name} is {value}: ignored")
        )
        return None
    return value


def _integer_field(
    data: Mapping[str, Any],
    name: str,
    verdicts: list[Verdict],
    *,
    epoch: bool = False,
) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    number: int | None = None
    if type(value) is int:
        number = value
    elif isinstance(value, str) and re.fullmatch(r"[0-9]{1,15}", value.strip()):
        number = int(value.strip())
        verdicts.append(
            Verdict(
                Level.WARN,
                f"{name} is a string",
                f"{name} is the string {value.strip()!r}: SCB sends an integer, so a client "
                "that reads it as a number fails here; read as "
                f"{number}.",
            )
        )
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        number = int(value)
    else:
        kind = "a boolean" if isinstance(value, bool) else type(value).__name__
        verdicts.append(
            Verdict(Level.WARN, f"{name} is not a number", f"{name} is {kind}: ignored")
        )
        return None
    if epoch:
        return _epoch_or_millis(number, name, verdicts)
    if not 1 <= number <= _MAX_LIFETIME:
        verdicts.append(
            Verdict(Level.WARN, f"{name} is out of range", f"{name} is {number} s: ignored")
        )
        return None
    return number


def _text_field(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    if isinstance(value, str) and value.strip():
        return value.strip()[:MAX_TOKEN_CHARS]
    return None


def token_facts_from_data(
    data: Mapping[str, Any],
    verdicts: list[Verdict],
    **known: Any,
) -> TokenFacts | None:
    """TokenFacts from a token response's ``data`` (tolerantly; oddities become verdicts)."""
    access = data.get(Field.ACCESS_TOKEN)
    if not isinstance(access, str) or not access.strip():
        return None
    refresh = _text_field(data, Field.REFRESH_TOKEN)
    kind = known.pop("kind", None)
    if kind is None:
        kind = TokenKind.USER if refresh else TokenKind.SERVER
    return TokenFacts(
        access_token=access.strip()[:MAX_TOKEN_CHARS],
        token_type=_text_field(data, Field.TOKEN_TYPE) or contract.TOKEN_TYPE_BEARER,
        kind=kind,
        expires_in=_integer_field(data, Field.EXPIRES_IN, verdicts),
        expires_at=_integer_field(data, Field.EXPIRES_AT, verdicts, epoch=True),
        refresh_token=refresh,
        refresh_expires_in=_integer_field(data, Field.REFRESH_EXPIRES_IN, verdicts),
        refresh_expires_at=_integer_field(data, Field.REFRESH_EXPIRES_AT, verdicts, epoch=True),
        **known,
    )


def _envelope_error(document: Mapping[str, Any]) -> Verdict | None:
    """An error verdict when ``document`` is SCB's envelope with a status other than 1000."""
    status = document.get(Field.STATUS)
    if not isinstance(status, Mapping):
        return None
    code = status.get(Field.CODE)
    if type(code) is not int or code == StatusCode.SUCCESS:
        return None
    description = status.get(Field.DESCRIPTION)
    text = description if isinstance(description, str) and description else ""
    text = " ".join(text.split())[:200] or DESCRIPTIONS.get(code, "")
    return Verdict(
        Level.ERROR,
        f"This is SCB's error answer {code}, not a token",
        f"{code} {text}. {_code_advice(code, None)}".strip(),
    )


def parse_token_response(
    data: bytes | str, *, resource_owner_id: str | None = None
) -> tuple[TokenFacts | None, list[Verdict]]:
    """A pasted token response: SCB's whole envelope or just its ``data`` object.

    Returns the token (None when the answer is an error envelope) and what was odd about it.
    Raises :class:`InputError` for what is not a token response at all.
    """
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", errors="replace"))
    if size > MAX_RESPONSE_BYTES:
        raise InputError(
            f"The token response is {size // 1024} KiB: SCB's are a few hundred bytes "
            f"(at most {MAX_RESPONSE_BYTES // 1024} KiB is read). Is it a HAR file?"
        )
    document = load_json(decode_text(data, what="token response"), what="token response")
    return _token_response_from_document(document, resource_owner_id=resource_owner_id)


def _token_response_from_document(
    document: Any, *, resource_owner_id: str | None
) -> tuple[TokenFacts | None, list[Verdict]]:
    if not isinstance(document, Mapping):
        raise InputError(
            "The token response is JSON but not an object: paste SCB's whole answer "
            '({"status": …, "data": {…}}) or its data object'
        )
    verdicts: list[Verdict] = []
    failure = _envelope_error(document)
    if failure is not None:
        return None, [failure]
    data: Any = document
    if Field.DATA in document and Field.ACCESS_TOKEN not in document:
        data = document.get(Field.DATA)
        if not isinstance(data, Mapping):
            raise InputError(
                "The token response's data is not an object: it holds no token to check"
            )
    owner = (resource_owner_id or "").strip() or None
    facts = token_facts_from_data(
        data, verdicts, resource_owner_id=owner, source="pasted token response"
    )
    if facts is None:
        found = ", ".join(sorted(str(k) for k in data)[:8]) or "nothing"
        raise InputError(
            f"The token response has no accessToken (it has: {found[:200]}): paste SCB's "
            "answer to the token, code exchange or refresh call"
        )
    if facts.expires_in is None:
        verdicts.append(
            Verdict(
                Level.WARN,
                "No expiresIn",
                "SCB's token responses carry expiresIn (1800 s); this one does not",
            )
        )
    return facts, verdicts


# --- judging a token ------------------------------------------------------------------------


def _remaining_verdict(
    what: str, by: str, remaining: float, moment: str, *, advice: str
) -> Verdict:
    if remaining <= 0:
        return Verdict(
            Level.ERROR,
            f"{what} expired {format_span(remaining)} ago by {by}",
            f"{moment}. {advice}",
        )
    if remaining < EXPIRING_WITHIN:
        return Verdict(
            Level.WARN,
            f"{what} expires in {format_span(remaining)} by {by}",
            f"{moment}. Refresh it soon.",
        )
    return Verdict(Level.OK, f"{what} is valid for {format_span(remaining)} by {by}", f"{moment}.")


def token_state(
    facts: TokenFacts, clock: Clock, *, what: str = "The access token"
) -> list[Verdict]:
    """The token's state by both clocks, and the skew between them where it can be told."""
    now = clock.wall()
    verdicts: list[Verdict] = []
    uid = facts.request_uid
    user = facts.kind is TokenKind.USER
    advice = "Refresh it or authorize again." if user else "Get a new one."
    by_server: float | None = None
    if facts.expires_at is not None:
        by_server = facts.expires_at - now
        verdicts.append(
            dataclasses.replace(
                _remaining_verdict(
                    what,
                    "the server's clock (expiresAt)",
                    by_server,
                    f"expiresAt is {format_utc(facts.expires_at)} on the server's clock; the "
                    f"local clock says it is {format_utc(now)}",
                    advice=advice,
                ),
                request_uid=uid,
            )
        )
    by_local: float | None = None
    expiry = facts.local_expiry
    if expiry is not None and facts.issued_wall is not None:
        by_local = expiry - now
        verdicts.append(
            dataclasses.replace(
                _remaining_verdict(
                    what,
                    "the local clock (issued + expiresIn)",
                    by_local,
                    f"issued {format_utc(facts.issued_wall)} + expiresIn {facts.expires_in} s = "
                    f"{format_utc(expiry)} on the local clock",
                    advice=advice,
                ),
                request_uid=uid,
            )
        )
    if facts.issued_wall is None and facts.expires_at is not None and facts.expires_in is not None:
        verdicts.append(
            Verdict(
                Level.OK,
                f"Issued about {format_utc(facts.expires_at - facts.expires_in)} by the server's "
                "clock",
                f"expiresAt − expiresIn ({facts.expires_in} s). What was pasted does not say when "
                "it arrived, so expiresIn cannot be counted on the partner's clock (a HAR can).",
                uid,
            )
        )
    if by_server is None and by_local is None:
        if facts.expires_in is not None:
            detail = (
                f"expiresIn is {facts.expires_in} s, but not when the token was issued, and "
                "there is no expiresAt: only the live call can tell whether it still works."
            )
        else:
            detail = (
                "SCB's access tokens are opaque: the token itself says nothing about its "
                "expiry. Only a live call can tell whether it still works (or paste the whole "
                "token response, or a HAR)."
            )
        verdicts.append(Verdict(Level.WARN, "Expiry unknown", detail, uid))
    elif by_server is not None and by_local is not None and (by_server > 0) != (by_local > 0):
        verdicts.append(
            Verdict(
                Level.WARN,
                "The two clocks disagree on whether the token is still valid",
                f"By expiresAt {format_span(by_server)} "
                f"{'left' if by_server > 0 else 'ago'}, by the local clock "
                f"{format_span(by_local)} {'left' if by_local > 0 else 'ago'}: the server's "
                "and the partner's clocks differ. Count down from expiresIn on a monotonic "
                "clock, not from expiresAt.",
                uid,
            )
        )
    verdicts.extend(_skew_verdicts(facts))
    verdicts.extend(_refresh_state(facts, now))
    return verdicts


def _skew_verdicts(facts: TokenFacts) -> list[Verdict]:
    uid = facts.request_uid
    skew = facts.skew
    if skew is not None:
        if abs(skew) > SKEW_TOLERANCE:
            return [
                Verdict(
                    Level.WARN,
                    f"Clock skew of {format_skew(skew)}",
                    f"The token response's Date header ({format_utc(facts.server_date)}) and "
                    f"the local clock when it arrived ({format_utc(facts.issued_wall)}) differ "
                    f"by more than {SKEW_TOLERANCE:.0f} s. expiresAt is on the server's clock: "
                    "a client that compares it with its own clock expires tokens early or late.",
                    uid,
                )
            ]
        return [
            Verdict(
                Level.OK,
                f"Clocks agree ({format_skew(skew)})",
                "The Date header and the local clock are within "
                f"{SKEW_TOLERANCE:.0f} s of each other.",
                uid,
            )
        ]
    local = facts.local_expiry
    if local is not None and facts.expires_at is not None:
        implied = facts.expires_at - local
        if abs(implied) > SKEW_TOLERANCE:
            return [
                Verdict(
                    Level.WARN,
                    f"expiresAt and issued + expiresIn differ by {format_skew(implied)}",
                    f"expiresAt {format_utc(facts.expires_at)} (server clock) against "
                    f"{format_utc(local)} (local clock): the clocks are about "
                    f"{format_span(implied)} apart.",
                    uid,
                )
            ]
    return []


def _refresh_state(facts: TokenFacts, now: float) -> list[Verdict]:
    if not facts.refresh_token:
        return []
    remaining: float | None = None
    how = ""
    if facts.refresh_expires_at is not None:
        remaining = facts.refresh_expires_at - now
        how = f"refreshExpiresAt {format_utc(facts.refresh_expires_at)} (server clock)"
    elif facts.issued_wall is not None and facts.refresh_expires_in is not None:
        expiry = facts.issued_wall + facts.refresh_expires_in
        remaining = expiry - now
        how = f"issued + refreshExpiresIn = {format_utc(expiry)} (local clock)"
    if remaining is None:
        return []
    if remaining <= 0:
        return [
            Verdict(
                Level.ERROR,
                f"The refresh token expired {format_span(remaining)} ago",
                f"{how}. A refresh will be refused (9300): the customer must authorize again.",
                facts.request_uid,
            )
        ]
    return [
        Verdict(
            Level.OK,
            f"The refresh token is valid for {format_span(remaining)}",
            f"{how}.",
            facts.request_uid,
        )
    ]


# --- HAR analysis ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Call:
    """One auth call of a HAR while it is being analysed."""

    entry: HarEntry
    step: FlowStep
    base_url: str
    scb_code: int | None
    description: str
    level: Level = Level.OK
    notes: list[str] = dataclasses.field(default_factory=list)
    token: TokenFacts | None = None

    @property
    def uid(self) -> str | None:
        return self.entry.request_uid

    @property
    def ok(self) -> bool:
        status = self.entry.status
        if status is None or status >= 400:
            return False
        return self.scb_code in (None, StatusCode.SUCCESS)

    @property
    def failed(self) -> bool:
        return not self.ok

    def flag(self, level: Level, note: str) -> None:
        if level.rank < self.level.rank:
            self.level = level
        if note and note not in self.notes:
            self.notes.append(note)

    @property
    def when(self) -> str:
        started = self.entry.started
        if started is None:
            return f"entry {self.entry.index + 1}"
        return f"{format_utc(started)} (entry {self.entry.index + 1})"


_PATHS: Final = (
    (PATH_REFRESH, FlowStep.REFRESH),
    (PATH_TOKEN, FlowStep.SERVER_TOKEN),
    (PATH_AUTHORIZE, FlowStep.AUTHORIZE),
    (PATH_PROFILE, FlowStep.PROFILE),
)
_EXTENSION_STEPS: Final = {
    "server_token": FlowStep.SERVER_TOKEN,
    "authorize": FlowStep.AUTHORIZE,
    "exchange_code": FlowStep.EXCHANGE,
    "refresh": FlowStep.REFRESH,
    "customer_profile": FlowStep.PROFILE,
}


def _query_code(url: str) -> str | None:
    try:
        query = urllib.parse.urlsplit(url).query
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True, max_num_fields=500)
    except ValueError:
        return None
    return next((value for name, value in pairs if name == "code" and value), None)


def _classify(entry: HarEntry) -> tuple[FlowStep, str] | None:
    """The flow step of an entry and the base URL it went to, or None for other traffic."""
    path = entry.path.rstrip("/")
    for suffix, step in _PATHS:
        if path.endswith(suffix):
            base = entry.origin + path[: -len(suffix)]
            known = _EXTENSION_STEPS.get(entry.step or "")
            if known is not None:
                return known, base
            if step is FlowStep.SERVER_TOKEN:
                body = _json_object(entry.request_body)
                has_code = (
                    Field.AUTH_CODE in body
                    if body is not None
                    else f'"{Field.AUTH_CODE}"' in entry.request_body
                )
                if has_code:
                    return FlowStep.EXCHANGE, base
            return step, base
    if (
        _query_code(entry.url)
        or _query_code(entry.redirect_url or "")
        or _query_code(entry.response_header("location") or "")
    ):
        return FlowStep.REDIRECT, entry.origin
    return None


def _status_of(entry: HarEntry) -> tuple[int | None, str]:
    body = _json_object(entry.response_body)
    code: int | None = entry.scb_code
    description = ""
    if body is not None:
        status = body.get(Field.STATUS)
        if isinstance(status, Mapping):
            value = status.get(Field.CODE)
            if code is None and type(value) is int:
                code = value
            text = status.get(Field.DESCRIPTION)
            if isinstance(text, str):
                description = " ".join(text.split())[:200]
    if code is not None and not description:
        description = DESCRIPTIONS.get(code, "")
    return code, description


def _bearer(entry: HarEntry) -> str | None:
    value = entry.request_header(Header.AUTHORIZATION)
    if not value:
        return None
    scheme, _, credentials = value.strip().partition(" ")
    token = credentials.strip() if credentials else scheme
    return token or None


def _body_value(entry: HarEntry, name: str) -> str | None:
    body = _json_object(entry.request_body)
    if body is None:
        return None
    value = body.get(name)
    return value if isinstance(value, str) and value else None


def _code_advice(code: int, step: FlowStep | None) -> str:
    if code == StatusCode.INVALID_API_KEY:
        if step is FlowStep.PROFILE:
            return "SCB refused the access token: it has expired, was revoked or is not valid."
        return (
            "The API key and secret sent do not match an application of this environment: "
            "check them on SCB's developer portal (each environment has its own)."
        )
    if code == StatusCode.INVALID_TEMPORARY_TOKEN:
        return {
            FlowStep.EXCHANGE: "The authorization code is invalid, expired (60 s) or used.",
            FlowStep.REFRESH: "The refresh token has expired (60 min) or is no longer valid.",
            FlowStep.PROFILE: "The access token has expired or is not valid.",
        }.get(step or FlowStep.AUTHORIZE, "A temporary token was refused.")
    if code in (StatusCode.MISSING_HEADER, StatusCode.MISSING_CREDENTIALS):
        return "A required header or credential is missing."
    if code == StatusCode.INVALID_ACCESS_RIGHTS:
        return (
            "Access denied: a server token, another customer's resourceOwnerId, or an API "
            "the application may not use."
        )
    if code == StatusCode.GENERIC_SERVER_ERROR:
        return "A server-side error: give SCB support the requestUId."
    return ""


class _Analysis:
    def __init__(self, log: HarLog, clock: Clock) -> None:
        self.log = log
        self.clock = clock
        self.verdicts: list[Verdict] = []
        self.calls: list[_Call] = []
        self.tokens: list[TokenFacts] = []

    def add(self, level: Level, title: str, detail: str, uid: str | None = None) -> None:
        self.verdicts.append(Verdict(level, title, detail, uid))

    # -- reading the calls
    def collect(self) -> None:
        indexed = [(entry, _classify(entry)) for entry in self.log.entries]
        found = [(entry, hit) for entry, hit in indexed if hit is not None]
        # in time order where the times are known; HAR order otherwise (a stable sort)
        found.sort(key=lambda pair: (pair[0].started is None, pair[0].started or 0.0))
        owner: dict[str, str] = {}  # base -> resourceOwnerId of its last code exchange
        for entry, (step, base) in found:
            code, description = _status_of(entry)
            call = _Call(entry, step, base, code, description)
            if step in _TOKEN_STEPS and call.ok:
                data = _json_object(entry.response_body)
                inner = data.get(Field.DATA) if data is not None else None
                if isinstance(inner, Mapping):
                    odd: list[Verdict] = []
                    resource_owner = entry.response_header(Header.RESOURCE_OWNER_ID)
                    if step is FlowStep.EXCHANGE and resource_owner:
                        owner[base] = resource_owner
                    elif step is FlowStep.REFRESH:
                        resource_owner = owner.get(base)
                    else:
                        resource_owner = None
                    call.token = token_facts_from_data(
                        inner,
                        odd,
                        kind=TokenKind.SERVER if step is FlowStep.SERVER_TOKEN else TokenKind.USER,
                        issued_wall=entry.finished,
                        server_date=parse_http_date(entry.response_header(Header.DATE)),
                        base_url=base,
                        request_uid=call.uid,
                        resource_owner_id=resource_owner,
                        source=f"HAR entry {entry.index + 1} ({step.label.lower()})",
                    )
                    for verdict in odd:
                        self.verdicts.append(dataclasses.replace(verdict, request_uid=call.uid))
                    if call.token is not None:
                        self.tokens.append(call.token)
            self.calls.append(call)

    # -- the checks
    def check_failures(self) -> None:
        for call in self.calls:
            if call.ok or call.step is FlowStep.REDIRECT:
                continue
            entry = call.entry
            code = call.scb_code
            label = call.step.label.lower()
            tag = f"{code} {call.description}".strip() if code is not None else ""
            if entry.status is None:
                reason = entry.error or "no HTTP answer (network error, timeout or cancelled)"
                call.flag(Level.ERROR, "no answer")
                self.add(
                    Level.ERROR,
                    f"No answer to the {label}",
                    f"{call.when}: {mask_text(reason)}. The request may still have reached "
                    "SCB: look it up with its requestUId.",
                    call.uid,
                )
                continue
            if code == StatusCode.INVALID_API_KEY and call.step in (
                *_TOKEN_STEPS,
                FlowStep.AUTHORIZE,
            ):
                call.flag(Level.ERROR, "wrong API key or secret")
                self.add(
                    Level.ERROR,
                    "Wrong API key or secret",
                    f"SCB refused the {label} at {call.when} with {tag} (HTTP {entry.status}). "
                    f"{_code_advice(code, call.step)} This call went to "
                    f"{describe_base(call.base_url)}.",
                    call.uid,
                )
            elif code == StatusCode.INVALID_TEMPORARY_TOKEN and call.step is FlowStep.EXCHANGE:
                self._bad_code(call, tag)
            elif code == StatusCode.INVALID_TEMPORARY_TOKEN and call.step is FlowStep.REFRESH:
                self._dead_refresh(call, tag)
            elif call.step is FlowStep.PROFILE and code in (
                StatusCode.INVALID_API_KEY,
                StatusCode.INVALID_TEMPORARY_TOKEN,
            ):
                self._refused_token(call, tag)
            else:
                advice = _code_advice(code, call.step) if code is not None else ""
                call.flag(Level.ERROR, tag or f"HTTP {entry.status}")
                self.add(
                    Level.ERROR,
                    f"The {label} failed" + (f" ({code})" if code is not None else ""),
                    f"HTTP {entry.status}{', ' + tag if tag else ''} at {call.when}. "
                    f"{advice}".strip(),
                    call.uid,
                )

    def _earlier(self, call: _Call, step: FlowStep) -> list[_Call]:
        out: list[_Call] = []
        for other in self.calls:
            if other is call:
                break
            if other.step is step:
                out.append(other)
        return out

    def _gap(self, before: _Call, after: _Call) -> float | None:
        start = before.entry.finished if before.step is FlowStep.REDIRECT else None
        if start is None:
            start = before.entry.started
        if start is None or after.entry.started is None:
            return None
        return after.entry.started - start

    def _bad_code(self, call: _Call, tag: str) -> None:
        sent = _body_value(call.entry, Field.AUTH_CODE)
        reasons: list[str] = []
        title = "Expired or already used authorization code"
        if sent is not None:
            mark = fingerprint(sent)
            used = [
                other
                for other in self._earlier(call, FlowStep.EXCHANGE)
                if (value := _body_value(other.entry, Field.AUTH_CODE)) is not None
                and fingerprint(value) == mark
            ]
            if used:
                first = used[0]
                title = "Reused authorization code"
                reasons.append(
                    f"the same code ({mark}) was already sent at {first.when}"
                    + (f" (requestUId {first.uid})" if first.uid else "")
                    + ": a code can be exchanged once"
                )
        reused = bool(reasons)
        redirects = self._earlier(call, FlowStep.REDIRECT)
        gap = self._gap(redirects[-1], call) if redirects else None
        if gap is not None:
            if gap > contract.CODE_TTL:
                title = "Expired authorization code"
                reasons.append(
                    f"the exchange came {format_span(gap)} after the redirect: a code lives "
                    f"{contract.CODE_TTL} s"
                )
            elif not reused:
                reasons.append(
                    f"the exchange came {format_span(gap)} after the redirect, in time: was "
                    "the code used before, or copied wrong?"
                )
        elif not reused:
            authorizes = self._earlier(call, FlowStep.AUTHORIZE)
            since = self._gap(authorizes[-1], call) if authorizes else None
            if since is not None and since > contract.CODE_TTL:
                reasons.append(
                    f"the exchange came {format_span(since)} after the authorize request: the "
                    "code had most likely expired (it lives "
                    f"{contract.CODE_TTL} s from the redirect, which is not in this HAR)"
                )
        call.flag(Level.ERROR, title.lower())
        detail = f"SCB refused the code exchange at {call.when} with {tag}. "
        if reasons:
            text = "; ".join(reasons)
            detail += text[:1].upper() + text[1:] + ". "
        detail += "Exchange a code at once and only once; now start again at authorize."
        self.add(Level.ERROR, title, detail, call.uid)

    def _dead_refresh(self, call: _Call, tag: str) -> None:
        sent = _body_value(call.entry, Field.REFRESH_TOKEN)
        detail = f"SCB refused the refresh at {call.when} with {tag}. "
        if sent is not None:
            mark = fingerprint(sent)
            origin = next(
                (
                    t
                    for t in self.tokens
                    if t.refresh_token is not None and fingerprint(t.refresh_token) == mark
                ),
                None,
            )
            if origin is not None and origin.issued_wall is not None:
                lifetime = origin.refresh_expires_in or contract.REFRESH_TTL
                expiry = origin.issued_wall + lifetime
                started = call.entry.started
                if started is not None and started > expiry:
                    detail += (
                        f"The refresh token ({mark}) was issued {format_utc(origin.issued_wall)} "
                        f"and lived {lifetime} s: it had expired {format_span(started - expiry)} "
                        "before this refresh. "
                    )
                else:
                    detail += (
                        f"The refresh token ({mark}) was issued {format_utc(origin.issued_wall)} "
                        "(it may have been replaced by a later refresh, or revoked). "
                    )
        detail += "The customer must authorize again."
        call.flag(Level.ERROR, "dead refresh token")
        self.add(Level.ERROR, "Dead refresh token", detail, call.uid)

    def _token_for(self, value: str) -> TokenFacts | None:
        mark = fingerprint(value)
        match = [t for t in self.tokens if fingerprint(t.access_token) == mark]
        return match[-1] if match else None

    def _refused_token(self, call: _Call, tag: str) -> None:
        detail = f"SCB refused the customer profile call at {call.when} with {tag}. "
        bearer = _bearer(call.entry)
        token = self._token_for(bearer) if bearer else None
        started = call.entry.started
        if token is not None and token.local_expiry is not None and started is not None:
            late = started - token.local_expiry
            if late > 0:
                detail += (
                    f"The token ({token.masked}) had expired {format_span(late)} before this call "
                    f"(issued {format_utc(token.issued_wall)}, expiresIn {token.expires_in} s). "
                )
        detail += "Refresh the token or authorize again."
        call.flag(Level.ERROR, "access token refused")
        self.add(Level.ERROR, "The access token was refused", detail, call.uid)

    def check_codes_in_time(self) -> None:
        """An exchange that came more than 60 s after its redirect (whatever the answer)."""
        for call in self.calls:
            if call.step is not FlowStep.EXCHANGE or call.scb_code == (
                StatusCode.INVALID_TEMPORARY_TOKEN
            ):
                continue  # a 9300 is judged by _bad_code
            redirects = self._earlier(call, FlowStep.REDIRECT)
            gap = self._gap(redirects[-1], call) if redirects else None
            if gap is not None and gap > contract.CODE_TTL:
                level = Level.WARN if call.ok else Level.ERROR
                call.flag(level, "code older than 60 s")
                self.add(
                    level,
                    "The code was exchanged after it expired",
                    f"The exchange at {call.when} came {format_span(gap)} after the redirect; "
                    f"a code lives {contract.CODE_TTL} s."
                    + (" SCB still accepted it here." if call.ok else ""),
                    call.uid,
                )

    def check_profile_headers(self) -> None:
        for call in self.calls:
            if call.step is not FlowStep.PROFILE:
                continue
            entry = call.entry
            owner = entry.request_header(Header.RESOURCE_OWNER_ID)
            if not owner:
                call.flag(Level.ERROR, "no resourceOwnerId header")
                self.add(
                    Level.ERROR,
                    "The profile call has no resourceOwnerId header",
                    f"The customer profile call at {call.when} carries no resourceOwnerId. "
                    "Send the customer's id from the resourceOwnerId response header of the "
                    "code exchange.",
                    call.uid,
                )
            else:
                bearer = _bearer(entry)
                token = self._token_for(bearer) if bearer else None
                expected = token.resource_owner_id if token is not None else None
                if expected and expected != owner and not is_masked(owner):
                    call.flag(Level.WARN, "another resourceOwnerId")
                    self.add(
                        Level.WARN,
                        "The profile call sends another resourceOwnerId",
                        f"The call at {call.when} sends resourceOwnerId {owner!r}, but the code "
                        f"exchange of its token returned {expected!r}.",
                        call.uid,
                    )
            if not _bearer(entry):
                call.flag(Level.ERROR, "no access token")
                self.add(
                    Level.ERROR,
                    "The profile call sends no access token",
                    f"The call at {call.when} has no 'authorization: Bearer …' header.",
                    call.uid,
                )

    def check_environments(self) -> None:
        """A token obtained from one base URL and sent to another."""
        for call in self.calls:
            sent: list[tuple[str, str]] = []
            bearer = _bearer(call.entry)
            if bearer:
                sent.append(("access token", bearer))
            if call.step is FlowStep.REFRESH:
                refresh = _body_value(call.entry, Field.REFRESH_TOKEN)
                if refresh:
                    sent.append(("refresh token", refresh))
            started = call.entry.started
            for what, value in sent:
                mark = fingerprint(value)
                for token in self.tokens:
                    if token.base_url is None:
                        continue
                    obtained = token.issued_wall
                    if started is not None and obtained is not None and obtained > started:
                        continue  # obtained after this call
                    secret = token.access_token if what == "access token" else token.refresh_token
                    if secret is None or fingerprint(secret) != mark:
                        continue
                    if same_base(token.base_url, call.base_url):
                        continue
                    call.flag(Level.ERROR, "token from another environment")
                    self.add(
                        Level.ERROR,
                        "A token was used against the wrong environment",
                        f"The {what} {mark} was issued by {describe_base(token.base_url)}"
                        + (f" (requestUId {token.request_uid})" if token.request_uid else "")
                        + f", then sent to {describe_base(call.base_url)} at {call.when}. "
                        "A token works only in the environment that issued it: get one from "
                        f"{describe_base(call.base_url)} with that environment's key and secret.",
                        call.uid,
                    )
                    break

    def check_skew(self) -> None:
        reported: set[str] = set()
        for call in self.calls:
            entry = call.entry
            if call.base_url in reported or entry.started is None:
                continue
            date = parse_http_date(entry.response_header(Header.DATE))
            skew: float | None = None
            source = ""
            if date is not None:
                half = max(0.0, entry.time_ms or 0.0) / 2000.0
                skew = date - (entry.started + half)
                if abs(skew) <= SKEW_TOLERANCE + half + 1.0:  # Date has 1 s resolution
                    skew = None
                else:
                    source = (
                        f"the Date header of the answer at {call.when} says "
                        f"{format_utc(date)}, the local clock said {format_utc(entry.started)}"
                    )
            token = call.token
            if (
                skew is None
                and token is not None
                and token.expires_at is not None
                and token.expires_in is not None
            ):
                implied = token.expires_at - (entry.started + token.expires_in)
                if abs(implied) > SKEW_TOLERANCE + max(0.0, entry.time_ms or 0.0) / 1000.0:
                    skew = implied
                    source = (
                        f"expiresAt {format_utc(token.expires_at)} is {format_skew(implied)} "
                        f"away from the request's start + expiresIn ({token.expires_in} s) "
                        f"at {call.when}"
                    )
            if skew is None:
                continue
            reported.add(call.base_url)
            call.flag(Level.WARN, f"clock skew {format_skew(skew)}")
            self.add(
                Level.WARN,
                f"Clock skew of about {format_skew(skew)} with {describe_base(call.base_url)}",
                f"{source[:1].upper()}{source[1:]}. The partner's clock and SCB's differ by more "
                f"than {SKEW_TOLERANCE:.0f} s: a client that compares expiresAt with its own "
                "clock expires tokens early or late. Count down from expiresIn, and sync the "
                "clock (NTP).",
                call.uid,
            )

    def summarize(self) -> None:
        if not self.calls:
            self.add(
                Level.WARN,
                "No SCB auth calls in this HAR",
                f"None of its {len(self.log.entries)} entries goes to {PATH_TOKEN}, "
                f"{PATH_AUTHORIZE}, {PATH_REFRESH} or {PATH_PROFILE}. Was the HAR recorded "
                "where the partner's server calls SCB (a proxy), not in the browser?",
            )
            return
        for call in self.calls:
            if not call.ok or call.level is not Level.OK:
                continue
            text = {
                FlowStep.SERVER_TOKEN: "A server token was obtained",
                FlowStep.AUTHORIZE: "Authorize returned a deeplink",
                FlowStep.REDIRECT: "The redirect carried a code",
                FlowStep.EXCHANGE: "The code was exchanged for a user token",
                FlowStep.REFRESH: "The refresh returned a new access token",
                FlowStep.PROFILE: "The customer profile call succeeded",
            }[call.step]
            self.add(Level.OK, text, f"At {call.when}.", call.uid)
        latest: dict[TokenKind | None, TokenFacts] = {}
        for token in self.tokens:
            latest[token.kind] = token
        for kind, token in latest.items():
            name = "The last user token" if kind is TokenKind.USER else "The last server token"
            for verdict in token_state(token, self.clock, what=name):
                level = Level.WARN if verdict.level is Level.ERROR else verdict.level
                # the states now: history, not a flow error
                if verdict.title.startswith((name, "The refresh token")):
                    self.verdicts.append(dataclasses.replace(verdict, level=level))
        if self.log.warnings:
            shown = "; ".join(self.log.warnings[:5])
            more = len(self.log.warnings) - 5
            self.add(
                Level.WARN,
                "The HAR was read with warnings",
                shown + (f"; and {more} more" if more > 0 else ""),
            )

    def rows(self) -> tuple[FlowRow, ...]:
        out: list[FlowRow] = []
        for call in self.calls:
            entry = call.entry
            level = call.level if call.ok or call.level is not Level.OK else Level.ERROR
            note = "; ".join(call.notes)
            if call.step is FlowStep.REDIRECT:
                code = (
                    _query_code(entry.url)
                    or _query_code(entry.redirect_url)
                    or _query_code(entry.response_header("location") or "")
                )
                note = note or (f"code {fingerprint(code)}" if code else "")
            out.append(
                FlowRow(
                    index=entry.index,
                    step=call.step,
                    started=entry.started,
                    method=entry.method,
                    origin=entry.origin,
                    path=entry.path,
                    status=entry.status,
                    scb_code=call.scb_code,
                    request_uid=call.uid,
                    duration_ms=entry.time_ms,
                    level=level,
                    note=note,
                )
            )
        return tuple(out)


def check_har(log: HarLog, *, clock: Clock) -> CheckResult:
    """The auth calls of a HAR laid out as the flow, with what went wrong highlighted."""
    analysis = _Analysis(log, clock)
    analysis.collect()
    # root causes first: a token in the wrong place explains the refusal that follows
    analysis.check_environments()
    analysis.check_profile_headers()
    analysis.check_failures()
    analysis.check_codes_in_time()
    analysis.check_skew()
    analysis.summarize()
    return CheckResult(
        kind=InputKind.HAR,
        verdicts=tuple(_unique(analysis.verdicts)),
        tokens=tuple(analysis.tokens),
        flow=analysis.rows(),
        warnings=log.warnings,
        entry_count=len(log.entries),
    )


def _unique(verdicts: Iterable[Verdict]) -> list[Verdict]:
    seen: set[Verdict] = set()
    out: list[Verdict] = []
    for verdict in verdicts:
        if verdict not in seen:
            seen.add(verdict)
            out.append(verdict)
    return out


# --- one entry point for what was pasted ----------------------------------------------------


def check_token(facts: TokenFacts, *, clock: Clock, kind: InputKind) -> CheckResult:
    """The state of one token (pasted alone or as a token response)."""
    verdicts = token_state(facts, clock)
    if facts.kind is TokenKind.SERVER and facts.resource_owner_id:
        verdicts.append(
            Verdict(
                Level.WARN,
                "A server token with a resourceOwnerId",
                "This token response has no refresh token, so it looks like a server token "
                "(2-legged). Customer calls need the user token of the code exchange.",
            )
        )
    return CheckResult(kind=kind, verdicts=tuple(verdicts), tokens=(facts,))


def check_input(
    data: bytes | str,
    *,
    clock: Clock,
    resource_owner_id: str | None = None,
    kind: InputKind | None = None,
    name: str = "HAR file",
) -> CheckResult:
    """Check what was pasted or opened: a token, a token response or a HAR (detected, or
    ``kind``). Raises only :class:`InputError`."""
    size = len(data)
    if size > MAX_HAR_BYTES:
        raise InputError(
            f"What was given is {size / (1024 * 1024):.1f} MiB; SCB Console reads up to "
            f"{MAX_HAR_BYTES // (1024 * 1024)} MiB"
        )
    text = decode_text(data, what="input" if kind is None else kind.label)
    detected = kind if kind is not None else detect_kind(text)
    if detected is InputKind.TOKEN:
        facts = parse_bare_token(text, resource_owner_id=resource_owner_id)
        return check_token(facts, clock=clock, kind=InputKind.TOKEN)
    document = load_json(text, what=detected.label)
    if detected is InputKind.HAR or (
        isinstance(document, Mapping) and "log" in document and kind is None
    ):
        return check_har(har_from_document(document, name=name), clock=clock)
    token, verdicts = _token_response_from_document(document, resource_owner_id=resource_owner_id)
    if token is None:
        return CheckResult(kind=InputKind.TOKEN_RESPONSE, verdicts=tuple(verdicts))
    result = check_token(token, clock=clock, kind=InputKind.TOKEN_RESPONSE)
    return dataclasses.replace(result, verdicts=tuple(verdicts) + result.verdicts)


# --- the live check ---------------------------------------------------------------------------


def live_check_refusal(
    facts: TokenFacts, client: SCBClient, *, confirmed: bool = False
) -> str | None:
    """Why the live call is not sent with this token through ``client``; None when it may be.

    ``confirmed``: the user confirmed that a token of unknown origin (pasted alone or as a token
    response) was issued by the client profile's environment.
    """
    profile = client.profile
    here = profile.resolved_base_url
    if facts.is_masked:
        return (
            f"Not sent: the token is masked ({facts.masked}) in what was given; ask the partner "
            "for the token itself"
        )
    if facts.base_url is not None:
        if not same_base(facts.base_url, here):
            return (
                f"Not sent: this token came from {describe_base(facts.base_url)}, but the active "
                f"profile {profile.name!r} talks to {describe_base(here)}. A token only works "
                "where it was issued: pick a profile of that environment"
            )
    elif not confirmed:
        return (
            f"Not sent: confirm that this token was issued by {describe_base(here)}, the "
            f"environment of the active profile {profile.name!r}"
        )
    if not facts.resource_owner_id:
        return (
            "Not sent: the customer profile call needs the customer's resourceOwnerId (the "
            "resourceOwnerId response header of the code exchange): paste it"
        )
    return None


def _token_set(facts: TokenFacts, client: SCBClient) -> TokenSet:
    profile = client.profile
    clock = client.clock
    return TokenSet(
        kind=TokenKind.USER,
        access_token=facts.access_token,
        token_type=facts.token_type or contract.TOKEN_TYPE_BEARER,
        expires_in=facts.expires_in or contract.ACCESS_TTL,
        expires_at=facts.expires_at,
        issued_mono=clock.monotonic(),
        issued_wall=facts.issued_wall if facts.issued_wall is not None else clock.wall(),
        request_uid=facts.request_uid or "token-check",
        profile_name=profile.name,
        environment=profile.environment,
        base_url=profile.resolved_base_url,
        resource_owner_id=facts.resource_owner_id,
    )


async def live_check(facts: TokenFacts, client: SCBClient, *, confirmed: bool = False) -> Verdict:
    """Send the customer profile call with the token, where it may go; a verdict either way."""
    refusal = live_check_refusal(facts, client, confirmed=confirmed)
    if refusal is not None:
        return Verdict(Level.WARN, "Live check not sent", refusal)
    where = describe_base(client.profile.resolved_base_url)
    try:
        result = await client.customer_profile(_token_set(facts, client))
    except ApiError as exc:
        if exc.code == StatusCode.INVALID_ACCESS_RIGHTS:
            title = "The token does not give access to this customer (9503)"
            detail = (
                f"{where} refused the profile call: {exc.message}. A server token, or a "
                "resourceOwnerId of another customer?"
            )
        else:
            title = f"The token does not work: {where} refused it ({exc.code})"
            detail = exc.message
        return Verdict(
            Level.ERROR, title, mask_text(detail, (facts.access_token,)), exc.request_uid
        )
    except TransportError as exc:
        return Verdict(
            Level.WARN,
            f"Could not reach {where}",
            mask_text(exc.message, (facts.access_token,)),
            exc.request_uid,
        )
    except SCBConsoleError as exc:
        return Verdict(
            Level.ERROR,
            "The live check failed",
            mask_text(exc.message, (facts.access_token,)),
            exc.request_uid,
        )
    return Verdict(
        Level.OK,
        "The token works: the customer profile call succeeded",
        f"{where} answered the profile call for resourceOwnerId "
        f"{facts.resource_owner_id} with the customer's profile.",
        result.request_uid,
    )
