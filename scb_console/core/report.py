"""The support report: a session as one self-contained HTML file (or Markdown) for a ticket.

:func:`build_report` turns :class:`SessionData` (the exchange log's records, the tokens, the flow
events with their times, the active profile, versions) into a :class:`Report` with ``.html`` (one
file: inline CSS, no external resource, readable on screen and on paper) and ``.markdown``.

Everything in it is masked already (exchange records are masked when they are made; tokens are
shown with :func:`~scb_console.core.masking.mask`; free text goes through
:func:`~scb_console.core.masking.mask_text`). Request and response bodies are left out: they may
carry a customer's personal data, and support needs the ``requestUId`` of each call, not its body.

Before a report is written, :func:`assert_no_secrets` looks for every secret string of the session
(the API secret, every access and refresh token, every authorization code: the caller gathers them)
in the text, as is and in its HTML, JSON and URL escaped forms, and :func:`write_report` refuses to
write anything if one is found. The file is written atomically.

:func:`write_report_steps` does the same in small steps (the facts, then the report a row at a
time, checked by a :class:`SecretScanner` as it is made, then written), for the window to run a
few milliseconds at a time between events: a 10,000-exchange report never freezes it. It too
writes nothing unless the whole report was found clean.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import platform
import sys
import urllib.parse
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import scb_console
from scb_console.core.clock import Clock, format_remaining
from scb_console.core.contract import Environment, Header
from scb_console.core.envelope import parse_http_date
from scb_console.core.errors import ExportError
from scb_console.core.exchange import ExchangeRecord, write_text_atomic
from scb_console.core.flow import TimelineEntry
from scb_console.core.har import ChunkedFile
from scb_console.core.masking import mask, mask_text
from scb_console.core.models import Profile, TokenKind, TokenSet

#: Secrets shorter than this are not searched for (they would match ordinary words).
MIN_SECRET_CHARS: Final = 4
#: Under this many seconds left, a token is "expiring" (as in the token inspector).
EXPIRING_WITHIN: Final = 300.0
#: Clock skews beyond this many seconds are flagged.
SKEW_WARN: Final = 5.0

HTML_SUFFIXES: Final = (".html", ".htm")
MARKDOWN_SUFFIXES: Final = (".md", ".markdown")

_DASH: Final = "—"


@dataclass(frozen=True, slots=True)
class SessionData:
    """What a support report is made of; the caller (the window) gathers it."""

    clock: Clock
    exchanges: Sequence[ExchangeRecord] = ()
    tokens: Sequence[TokenSet] = ()
    events: Sequence[TimelineEntry] = ()
    #: The active profile (its secret is never part of it).
    profile: Profile | None = None
    #: Versions only the caller knows (Qt, PySide6); the app's, Python's and the OS's are added.
    versions: Mapping[str, str] = field(default_factory=dict)
    #: The current flow state, as a label ("Authorized"), if any.
    flow_state: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    """A built report in both formats."""

    html: str
    markdown: str
    generated_wall: float

    def text_for(self, path: str | os.PathLike[str]) -> str:
        """The text to write to ``path``: HTML or Markdown by its suffix."""
        return self.html if report_format(path) == "html" else self.markdown


def report_format(path: str | os.PathLike[str]) -> str:
    """``"html"`` or ``"markdown"`` by the suffix of ``path``; ExportError for another."""
    suffix = Path(path).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    raise ExportError(
        f"Save the support report as .html or .md (not {suffix or 'a name without a suffix'!r})"
    )


def collect_versions(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """SCB Console's, Python's and the OS's versions, then ``extra`` (Qt, PySide6...)."""
    found = {
        "SCB Console": scb_console.__version__,
        "Python": f"{platform.python_version()} ({platform.python_implementation()}, "
        f"{sys.platform})",
    }
    found.update(extra or {})
    found["OS"] = platform.platform(aliased=True, terse=False)
    found["Machine"] = platform.machine() or _DASH
    return found


# --- secrets ------------------------------------------------------------------------------


def _forms(secret: str) -> set[str]:
    """The ways a secret could be written into a report: as is, HTML, JSON and URL escaped."""
    forms = {
        secret,
        html.escape(secret),
        html.escape(secret, quote=False),
        json.dumps(secret, ensure_ascii=False)[1:-1],
        json.dumps(secret)[1:-1],
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret),
    }
    return {form for form in forms if form}


def _checked_secrets(secrets: Iterable[str]) -> list[str]:
    """The secrets worth looking for, shortest first."""
    return sorted({s for s in secrets if s and len(s) >= MIN_SECRET_CHARS}, key=len)


def _refusal(secret: str) -> ExportError:
    return ExportError(
        f"Refused to write the support report: it contains a secret of this session "
        f"({mask(secret)}) unmasked. Nothing was written; please report this as a bug "
        "in SCB Console."
    )


def assert_no_secrets(text: str, secrets: Iterable[str]) -> None:
    """Raise :class:`ExportError` if any secret (of at least :data:`MIN_SECRET_CHARS`) is in
    ``text``, as is or escaped. The message shows the secret masked, never in full."""
    for secret in _checked_secrets(secrets):
        if any(form in text for form in _forms(secret)):
            raise _refusal(secret)


#: A :class:`SecretScanner` looks at text in blocks of about this many characters.
SCAN_BLOCK_CHARS: Final = 64 * 1024
#: ... and gives way (a step) after looking for this many secret forms in a block.
_SCAN_STEP_FORMS: Final = 64


class SecretScanner:
    """:func:`assert_no_secrets` for text that comes piece by piece, in small steps.

    :meth:`add` collects pieces; when :meth:`ready`, ``cleared = yield from scanner.scan()``
    looks for every form of every secret in what was collected and returns the text found clean,
    or raises :class:`ExportError`. The last ``longest form - 1`` characters are held back and
    looked at again with the next block, so a secret cut between two pieces (or blocks) is
    found, and no character of it is ever returned. ``scan(final=True)`` returns the rest.
    """

    def __init__(self, secrets: Iterable[str], *, block_chars: int = SCAN_BLOCK_CHARS) -> None:
        self._forms = [
            (secret, form)
            for secret in _checked_secrets(secrets)
            for form in sorted(_forms(secret))
        ]
        self._keep = max((len(form) for _, form in self._forms), default=1) - 1
        self._block_chars = block_chars
        self._pending: list[str] = []
        self._pending_chars = 0
        self._held = ""

    def add(self, text: str) -> None:
        self._pending.append(text)
        self._pending_chars += len(text)

    def ready(self) -> bool:
        """Enough text was added for one block."""
        return self._pending_chars >= self._block_chars

    def scan(self, *, final: bool = False) -> Generator[None, None, str]:
        """Look at what was added (and what was held back); return the text found clean."""
        text = self._held + "".join(self._pending)
        self._pending.clear()
        self._pending_chars = 0
        for index, (secret, form) in enumerate(self._forms, start=1):
            if form in text:
                self._held = ""
                raise _refusal(secret)
            if index % _SCAN_STEP_FORMS == 0:
                yield
        cut = len(text) if final else max(0, len(text) - self._keep)
        self._held = text[cut:]
        return text[:cut]


def write_report(report: Report, path: str | os.PathLike[str], *, secrets: Iterable[str]) -> Path:
    """Check ``report`` for ``secrets`` and write it (HTML or Markdown by suffix) atomically."""
    target = Path(path)
    text = report.text_for(target)
    assert_no_secrets(text, secrets)
    if not target.parent.is_dir():
        raise ExportError(f"Could not write the support report: {target.parent} is not a folder")
    try:
        write_text_atomic(target, text)
    except OSError as exc:
        raise _write_failed(target, exc) from None
    return target


def write_report_steps(
    data: SessionData, path: str | os.PathLike[str], *, secrets: Iterable[str]
) -> Generator[float | None, None, ChunkedFile]:
    """:func:`build_report` and :func:`write_report` in small steps, for a caller that runs
    them a few milliseconds at a time (the window, between events).

    The report is built in the format of ``path``'s suffix, a row at a time, and checked for
    ``secrets`` as it is built (:class:`SecretScanner`); only when all of it was found clean is
    it written, to a :class:`ChunkedFile`. Steps yield the part done (0 to 1) or None. Returns
    the file, written but not committed: :func:`commit_report` puts it in place (it waits for
    the disk, so off the GUI thread). Raises :class:`ExportError` as :func:`write_report` does;
    closing the steps early leaves nothing behind.
    """
    target = Path(path)
    html_wanted = report_format(target) == "html"
    scanner = SecretScanner(secrets)
    facts = yield from _Facts.steps(data)
    yield 0.2
    pieces = _html_pieces(facts) if html_wanted else _markdown_pieces(facts)
    # about one piece per timeline line, exchange and token, and some for the rest
    expected = len(facts.timeline) + len(facts.exchanges) + len(facts.tokens) + len(facts.failed)
    expected += 60
    blocks: list[str] = []
    for done, piece in enumerate(pieces, start=1):
        scanner.add(piece)
        if scanner.ready():
            blocks.append((yield from scanner.scan()))
        yield 0.2 + 0.7 * min(1.0, done / expected)
    blocks.append((yield from scanner.scan(final=True)))
    if not target.parent.is_dir():
        raise ExportError(f"Could not write the support report: {target.parent} is not a folder")
    try:
        file = ChunkedFile(target)
    except OSError as exc:
        raise _write_failed(target, exc) from None
    try:
        for index, block in enumerate(blocks, start=1):
            file.write(block)
            yield 0.9 + 0.1 * index / len(blocks)
    except OSError as exc:
        file.discard()
        raise _write_failed(target, exc) from None
    except BaseException:
        file.discard()
        raise
    return file


def commit_report(file: ChunkedFile) -> Path:
    """Put the report :func:`write_report_steps` wrote in place; raises ExportError."""
    try:
        return file.commit()
    except OSError as exc:
        raise _write_failed(file.target, exc) from None


def _write_failed(target: Path, exc: OSError) -> ExportError:
    return ExportError(f"Could not write the support report to {target}: {exc.strerror or exc}")


# --- facts the report shows -------------------------------------------------------------------


def _utc(epoch: float | None, *, millis: bool = False) -> str:
    if epoch is None:
        return _DASH
    try:
        moment = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return _DASH
    text = moment.isoformat(sep=" ", timespec="milliseconds" if millis else "seconds")
    return text.replace("+00:00", "") + " UTC"


def _local(epoch: float | None) -> str:
    if epoch is None:
        return _DASH
    try:
        moment = datetime.datetime.fromtimestamp(epoch).astimezone()
    except (OverflowError, OSError, ValueError):
        return _DASH
    return moment.isoformat(sep=" ", timespec="seconds")


def _time_of_day(epoch: float) -> str:
    try:
        moment = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return _DASH
    return moment.strftime("%H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


def _skew_text(skew: float | None) -> str:
    if skew is None:
        return _DASH
    sign = "+" if skew >= 0 else "−"
    return f"{sign}{abs(skew):.1f} s"


@dataclass(frozen=True, slots=True)
class _TokenRow:
    token: TokenSet
    status: str  # valid / expiring / expired / superseded
    remaining: str
    refresh_remaining: str
    local_expiry: float


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of the merged timeline."""

    wall: float
    #: Orders lines of the same time: an exchange's seq, an event's after_seq + 0.5.
    order: float
    kind: str  # "event" or "exchange"
    what: str
    detail: str
    uid: str
    level: str  # ok / warn / error / info


@dataclass(frozen=True, slots=True)
class _Skew:
    value: float
    where: str
    uid: str


#: The loops that prepare a report give way (a step) after this many items.
_STEP_ITEMS: Final = 32


class _Facts:
    """Everything the two renderers need, computed once.

    ``_Facts(data)`` computes it all at once; :meth:`steps` computes the same in steps of
    :data:`_STEP_ITEMS` items (a sliced export gives the GUI thread back between them)."""

    data: SessionData
    now: float
    mono: float
    exchanges: list[ExchangeRecord]
    tokens: list[_TokenRow]
    failed: list[ExchangeRecord]
    skews: list[_Skew]
    skew: _Skew | None
    timeline: list[_Line]
    versions: dict[str, str]
    one_day: bool
    day: str

    def __init__(self, data: SessionData) -> None:
        for _ in self._build(data):
            pass

    @classmethod
    def steps(cls, data: SessionData) -> Generator[None, None, _Facts]:
        facts = cls.__new__(cls)
        yield from facts._build(data)
        return facts

    def _build(self, data: SessionData) -> Iterator[None]:
        self.data = data
        clock = data.clock
        self.now = clock.wall()
        self.mono = clock.monotonic()
        self.exchanges = list(data.exchanges)
        self.tokens = yield from self._token_rows(data.tokens, clock)
        self.failed = []
        for index, record in enumerate(self.exchanges, start=1):
            if _failed(record):
                self.failed.append(record)
            if index % _STEP_ITEMS == 0:
                yield
        self.skews = yield from self._skews()
        self.skew = self.skews[-1] if self.skews else None
        self.timeline = yield from self._timeline()
        self.versions = collect_versions(data.versions)
        days: set[str] = set()
        for index, line in enumerate(self.timeline, start=1):
            days.add(_utc(line.wall)[:10])
            if index % _STEP_ITEMS == 0:
                yield
        self.one_day = len(days) <= 1
        self.day = next(iter(days)) if self.one_day and days else _utc(self.now)[:10]

    @staticmethod
    def _token_rows(
        tokens: Sequence[TokenSet], clock: Clock
    ) -> Generator[None, None, list[_TokenRow]]:
        unique: dict[tuple[str, str, str], TokenSet] = {}
        for token in tokens:
            unique.setdefault((token.kind.value, token.request_uid, token.access_token), token)
        ordered = sorted(unique.values(), key=lambda t: (t.issued_wall, t.issued_mono))
        replaced = {t.replaces for t in ordered if t.replaces}
        rows: list[_TokenRow] = []
        for index, token in enumerate(ordered, start=1):
            remaining = token.access_remaining(clock)
            if token.request_uid in replaced:
                status = "superseded"
            elif remaining <= 0:
                status = "expired"
            elif remaining < EXPIRING_WITHIN:
                status = "expiring"
            else:
                status = "valid"
            refresh = token.refresh_remaining(clock)
            rows.append(
                _TokenRow(
                    token=token,
                    status=status,
                    remaining=format_remaining(remaining),
                    refresh_remaining=_DASH if refresh is None else format_remaining(refresh),
                    local_expiry=token.issued_wall + token.expires_in,
                )
            )
            if index % _STEP_ITEMS == 0:
                yield
        return rows

    def _skews(self) -> Generator[None, None, list[_Skew]]:
        found: list[tuple[float, _Skew]] = []
        for row in self.tokens:
            token = row.token
            if token.skew is not None:
                found.append(
                    (
                        token.issued_wall,
                        _Skew(token.skew, f"the {_kind_label(token)} answer", token.request_uid),
                    )
                )
        if not found:  # fall back to any answer's Date header
            for index, record in enumerate(self.exchanges, start=1):
                if index % _STEP_ITEMS == 0:
                    yield
                date = parse_http_date(_header(record.response_headers, Header.DATE))
                if date is None:
                    continue
                arrived = record.started_wall + record.duration_ms / 1000.0
                found.append(
                    (
                        arrived,
                        _Skew(date - arrived, f"the {record.step} answer", record.request_uid),
                    )
                )
        found.sort(key=lambda pair: pair[0])
        return [skew for _, skew in found]

    def _timeline(self) -> Generator[None, None, list[_Line]]:
        # sorted by (time to the millisecond, order); the keys are made in steps, so that the
        # sort left (of two nearly sorted runs: cheap) runs no Python code
        keyed: list[tuple[float, float, int, _Line]] = []
        for event in self.data.events:
            level = "error" if event.error else "info"
            if event.state in ("authorized",):
                level = "ok"
            elif event.state in ("code_expired", "token_expired", "refresh_expired", "denied"):
                level = "warn" if not event.error else "error"
            line = _Line(
                wall=event.wall,
                order=event.after_seq + 0.5,
                kind="event",
                what=_state_label(event.state),
                detail=mask_text(event.message),
                uid="",
                level=level,
            )
            keyed.append((round(line.wall, 3), line.order, len(keyed), line))
            if len(keyed) % _STEP_ITEMS == 0:
                yield
        for record in self.exchanges:
            outcome = _outcome(record)
            line = _Line(
                wall=record.started_wall,
                order=float(record.seq),
                kind="exchange",
                what=f"{_step_label(record.step)}: {record.method} {_path(record.url)}",
                detail=outcome,
                uid=record.request_uid,
                level="error" if _failed(record) else "ok",
            )
            keyed.append((round(line.wall, 3), line.order, len(keyed), line))
            if len(keyed) % _STEP_ITEMS == 0:
                yield
        keyed.sort()  # the index makes each key unique (and the sort stable): no line compared
        return [item[3] for item in keyed]


def _header(headers: Sequence[tuple[str, str]], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in headers if key.lower() == wanted), None)


def _failed(record: ExchangeRecord) -> bool:
    if record.error is not None or record.status is None or record.status >= 400:
        return True
    return record.scb_code not in (None, 1000)


def _error_text(record: ExchangeRecord) -> str:
    """The record's error, masked, without the ``(requestUId …)`` the report shows beside it."""
    if not record.error:
        return ""
    text = mask_text(record.error)
    return text.removesuffix(f" (requestUId {record.request_uid})")


def _outcome(record: ExchangeRecord) -> str:
    if record.status is None:
        return _error_text(record) or "no answer"
    text = f"HTTP {record.status}"
    if record.scb_code is not None:
        text += f", SCB {record.scb_code}"
    if record.error:
        text += f": {_error_text(record)}"
    return text


def _path(url: str) -> str:
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _host(url: str) -> str:
    try:
        return urllib.parse.urlsplit(url).netloc
    except ValueError:
        return ""


_STEP_LABELS: Final = {
    "server_token": "Server token",
    "authorize": "Authorize",
    "exchange_code": "Code exchange",
    "refresh": "Refresh",
    "customer_profile": "Customer profile",
    "test_credentials": "Credentials test",
}


def _step_label(step: str) -> str:
    return _STEP_LABELS.get(step, step.replace("_", " ").capitalize())


def _state_label(state: str) -> str:
    return state.replace("_", " ").capitalize()


def _kind_label(token: TokenSet) -> str:
    if token.kind is TokenKind.SERVER:
        return "server token"
    return "user token (refresh)" if token.replaces else "user token (code exchange)"


def _env_label(value: str) -> str:
    try:
        return Environment(value).label
    except ValueError:
        return value


def _where(profile_name: str, environment: str) -> str:
    """``Partner app · Local sandbox``; the environment alone when the profile is named so."""
    label = _env_label(environment)
    return label if profile_name == label else f"{profile_name} · {label}"


def _profile_title(profile: Profile | None) -> str:
    if profile is None:
        return "no profile"
    label = profile.environment.label
    return profile.name if profile.name == label else f"{profile.name} · {label}"


def _profile_rows(profile: Profile | None) -> list[tuple[str, str]]:
    if profile is None:
        return [("Profile", "none selected")]
    query = "&".join(f"{name}={value}" for name, value in profile.partner_query) or _DASH
    return [
        ("Name", profile.name),
        ("Environment", profile.environment.label),
        ("Base URL", profile.resolved_base_url or _DASH),
        ("API key", profile.api_key or _DASH),
        ("API secret", "kept in the OS keyring; not in this report"),
        ("Callback URL", mask_text(profile.callback_url) or _DASH),
        ("response-channel", profile.response_channel or _DASH),
        ("endState", profile.end_state or _DASH),
        ("accept-language", profile.accept_language or _DASH),
        ("redirectOption", profile.redirect_option or _DASH),
        ("Partner query", mask_text(query)),
        ("Timeout", f"{profile.timeout:g} s"),
    ]


def _clock_rows(facts: _Facts) -> list[tuple[str, str]]:
    skew = facts.skew
    rows = [
        ("Local clock (this computer)", f"{_utc(facts.now)}  ·  {_local(facts.now)}"),
        (
            "Server clock (estimated)",
            _utc(facts.now + skew.value) + "  (local clock + measured skew)"
            if skew is not None
            else "not measured: no answer with a Date header in this session",
        ),
        (
            "Measured skew",
            f"{_skew_text(skew.value)} (server minus local; from the Date header of "
            f"{skew.where}, requestUId {skew.uid})"
            if skew is not None
            else _DASH,
        ),
        (
            "Monotonic clock",
            f"{facts.mono:.3f} s (countdowns run on it: a changed system clock or a "
            "suspended laptop does not move them)",
        ),
    ]
    if skew is not None and abs(skew.value) > SKEW_WARN:
        rows.append(
            (
                "Note",
                f"The clocks differ by more than {SKEW_WARN:.0f} s: expiresAt (server clock) and "
                "issued + expiresIn (local clock) disagree by about as much.",
            )
        )
    return rows


def _summary(facts: _Facts) -> list[tuple[str, str, str]]:
    """(label, value, level) cards."""
    data = facts.data
    profile = data.profile
    cards: list[tuple[str, str, str]] = []
    if profile is not None:
        cards.append(("Profile", _profile_title(profile), "info"))
    else:
        cards.append(("Profile", "none selected", "warn"))
    failed = len(facts.failed)
    cards.append(
        (
            "Exchanges",
            f"{len(facts.exchanges)} ({failed} failed)" if failed else f"{len(facts.exchanges)}",
            "error" if failed else "ok",
        )
    )
    if facts.tokens:
        last = facts.tokens[-1]
        cards.append(
            (
                "Latest token",
                f"{_kind_label(last.token)} · {last.status} · {last.remaining} left",
                {"valid": "ok", "expiring": "warn"}.get(last.status, "error"),
            )
        )
    else:
        cards.append(("Latest token", "none obtained", "info"))
    skew = facts.skew
    cards.append(
        (
            "Clock skew",
            _skew_text(skew.value) if skew is not None else "not measured",
            "info" if skew is None else ("warn" if abs(skew.value) > SKEW_WARN else "ok"),
        )
    )
    if data.flow_state:
        cards.append(("Flow", data.flow_state, "info"))
    return cards


# --- rendering: HTML --------------------------------------------------------------------------

_CSS: Final = """
:root { --fg:#1f2328; --muted:#656d76; --line:#d0d7de; --soft:#f6f8fa; --accent:#0969da;
  --ok:#1a7f37; --ok-bg:#dafbe1; --warn:#9a6700; --warn-bg:#fff8c5; --err:#cf222e;
  --err-bg:#ffebe9; --info:#0969da; --info-bg:#ddf4ff; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--fg); background: #ffffff;
  font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial,
  "Noto Sans Thai", sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 32px 48px; }
header.top { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 20px; }
header.top .brand { font-size: 12px; letter-spacing: .08em; text-transform: uppercase;
  color: var(--muted); font-weight: 600; }
h1 { font-size: 26px; margin: 2px 0 6px; }
h2 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 6px;
  border-bottom: 1px solid var(--line); }
h2 .count { color: var(--muted); font-weight: 400; font-size: 14px; }
p.meta { margin: 0; color: var(--muted); }
.badge { display: inline-block; color: #fff; border-radius: 999px; padding: 1px 10px;
  font-size: 12px; font-weight: 600; vertical-align: 2px; margin-left: 6px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 10px; }
.card { border: 1px solid var(--line); border-left: 5px solid var(--info); border-radius: 8px;
  padding: 8px 12px; background: #fff; }
.card .label { font-size: 12px; color: var(--muted); text-transform: uppercase;
  letter-spacing: .04em; }
.card .value { font-size: 15px; font-weight: 600; }
.card.ok { border-left-color: var(--ok); } .card.warn { border-left-color: var(--warn); }
.card.error { border-left-color: var(--err); } .card.info { border-left-color: var(--info); }
.problems { border: 1px solid #ffcecb; background: var(--err-bg); border-radius: 8px;
  padding: 10px 14px; margin-top: 14px; }
.problems h3 { margin: 0 0 6px; font-size: 14px; color: var(--err); }
.problems ul { margin: 0; padding-left: 18px; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px;
  border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
tr.error td { background: var(--err-bg) !important; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nowrap, td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
.nw { white-space: nowrap; }
code, .mono { font-family: "JetBrains Mono", "Cascadia Mono", "SF Mono", Menlo, Consolas,
  "DejaVu Sans Mono", monospace; font-size: 12px; }
.uid { font-family: "JetBrains Mono", "Cascadia Mono", "SF Mono", Menlo, Consolas,
  "DejaVu Sans Mono", monospace; font-size: 11.5px; white-space: nowrap; }
.pill { display: inline-block; border-radius: 999px; padding: 0 8px; font-size: 12px;
  font-weight: 600; white-space: nowrap; }
.pill.ok, .pill.valid { color: var(--ok); background: var(--ok-bg); }
.pill.warn, .pill.expiring { color: var(--warn); background: var(--warn-bg); }
.pill.error, .pill.expired { color: var(--err); background: var(--err-bg); }
.pill.info, .pill.superseded { color: var(--muted); background: var(--soft); }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 6px;
  vertical-align: 0; background: var(--info); }
.dot.ok { background: var(--ok); } .dot.warn { background: var(--warn); }
.dot.error { background: var(--err); } .dot.info { background: #8c959f; }
.muted { color: var(--muted); }
.err { color: var(--err); }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
dl.kv dt { color: var(--muted); } dl.kv dd { margin: 0; word-break: break-word; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 36px; padding-top: 12px; border-top: 1px solid var(--line);
  color: var(--muted); font-size: 12px; }
@media (max-width: 800px) { .grid2 { grid-template-columns: 1fr; } main { padding: 16px; } }
@media print {
  @page { margin: 14mm 12mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  tr, .card, .problems { break-inside: avoid; }
  .card { box-shadow: none; }
  tbody tr:nth-child(even) td { background: none; }
  a { color: inherit; text-decoration: none; }
}
"""

_ENV_COLOURS: Final = {
    Environment.LOCAL: "#1a7f37",
    Environment.SANDBOX: "#0969da",
    Environment.UAT: "#8250df",
    Environment.PRODUCTION: "#cf222e",
    Environment.CUSTOM: "#57606a",
}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _pill(text: str, level: str) -> str:
    return f'<span class="pill {_e(level)}">{_e(text)}</span>'


def _uid(uid: str) -> str:
    return f'<span class="uid">{_e(uid)}</span>' if uid else '<span class="muted">—</span>'


def _table(headers: Sequence[str], rows: Sequence[str], *, empty: str) -> str:
    return "".join(_table_pieces(headers, rows, len(rows), empty=empty))


def _table_pieces(
    headers: Sequence[str], rows: Iterable[str], count: int, *, empty: str
) -> Iterator[str]:
    if not count:
        yield f'<p class="empty">{_e(empty)}</p>'
        return
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    yield f"<table><thead><tr>{head}</tr></thead><tbody>"
    yield from rows
    yield "</tbody></table>"


def _kv(rows: Sequence[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows)
    return f'<dl class="kv">{items}</dl>'


def _time_cell(facts: _Facts, epoch: float) -> str:
    text = _time_of_day(epoch) if facts.one_day else _utc(epoch, millis=True)
    return f'<td class="time">{_e(text)}</td>'


def _render_html(facts: _Facts) -> str:
    return "".join(_html_pieces(facts))


def _html_pieces(facts: _Facts) -> Iterator[str]:
    """The HTML report, a row (or a section) at a time."""
    profile = facts.data.profile
    title = f"SCB Console support report · {profile.name if profile else 'no profile'}"
    yield (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="SCB Console">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
    )
    parts = (
        _html_header(facts),
        _html_glance(facts),
        _html_timeline(facts),
        _html_exchanges(facts),
        _html_tokens(facts),
        _html_clocks_and_profile(facts),
        iter(("<section><h2>Versions</h2>" + _kv(list(facts.versions.items())) + "</section>",)),
        iter(
            (
                "<footer>API secrets, access and refresh tokens and authorization codes are "
                "masked (first 4 characters and the length). Before this file was written, SCB "
                "Console checked that no secret of the session appears in it. Times are UTC "
                "unless marked local.</footer>",
            )
        ),
    )
    for index, part in enumerate(parts):
        if index:
            yield "\n"
        yield from part
    yield "\n</main>\n</body>\n</html>\n"


def _html_header(facts: _Facts) -> Iterator[str]:
    profile = facts.data.profile
    badge = ""
    if profile is not None:
        colour = _ENV_COLOURS.get(profile.environment, "#57606a")
        badge = (
            f'<span class="badge" style="background:{colour}">'
            f"{_e(profile.environment.label)}</span>"
        )
    title_profile = f"{_e(profile.name)}{badge}" if profile is not None else "no profile"
    yield (
        '<header class="top"><div class="brand">SCB Console · support report</div>'
        f"<h1>Session report: {title_profile}</h1>"
        f'<p class="meta">Generated {_e(_utc(facts.now))} ({_e(_local(facts.now))} local time) '
        f"by SCB Console {_e(scb_console.__version__)}. Secrets are masked: the first 4 "
        "characters and the length.</p></header>"
    )


def _html_glance(facts: _Facts) -> Iterator[str]:
    cards = "".join(
        f'<div class="card {_e(level)}"><div class="label">{_e(label)}</div>'
        f'<div class="value">{_e(value)}</div></div>'
        for label, value, level in _summary(facts)
    )
    yield f'<section><h2>At a glance</h2><div class="cards">{cards}</div>'
    if facts.failed:
        yield "\n"
        yield (
            '<div class="problems"><h3>What failed (give SCB support these requestUIds)</h3><ul>'
        )
        for r in facts.failed:
            yield (
                f"<li><strong>{_e(_step_label(r.step))}</strong> at {_e(_utc(r.started_wall))}: "
                f"{_e(_outcome(r))} — requestUId {_uid(r.request_uid)}</li>"
            )
        yield "</ul></div>"
    yield "\n</section>"


def _day_label(facts: _Facts) -> str:
    return f" (UTC, {facts.day})" if facts.one_day else " (UTC)"


def _html_timeline(facts: _Facts) -> Iterator[str]:
    rows = (
        f'<tr class="{"error" if line.level == "error" else ""}">'
        f"{_time_cell(facts, line.wall)}"
        f'<td class="nowrap"><span class="dot {_e(line.level)}"></span>'
        f"{_e('Flow' if line.kind == 'event' else 'HTTP')}</td>"
        f"<td><strong>{_e(line.what)}</strong><br><span class='muted'>{_e(line.detail)}</span></td>"
        f"<td>{_uid(line.uid)}</td></tr>"
        for line in facts.timeline
    )
    yield (
        f'<section><h2>Flow timeline <span class="count">{len(facts.timeline)} entries</span></h2>'
    )
    yield from _table_pieces(
        (f"Time{_day_label(facts)}", "Kind", "What happened", "requestUId"),
        rows,
        len(facts.timeline),
        empty="Nothing happened in this session yet.",
    )
    yield "</section>"


def _html_exchange_row(facts: _Facts, record: ExchangeRecord) -> str:
    failed = _failed(record)
    status = _DASH if record.status is None else str(record.status)
    code = _DASH if record.scb_code is None else str(record.scb_code)
    error = f'<br><span class="err">{_e(_error_text(record))}</span>' if record.error else ""
    return (
        f'<tr class="{"error" if failed else ""}">'
        f'<td class="num">{record.seq}</td>{_time_cell(facts, record.started_wall)}'
        f"<td>{_e(_step_label(record.step))}</td>"
        f'<td class="mono">{_e(record.method)}</td>'
        f'<td><span class="mono">{_e(_path(record.url))}</span>'
        f'<br><span class="muted">{_e(_host(record.url))} · '
        f"{_e(_where(record.profile_name, record.environment))}</span>{error}</td>"
        f"<td>{_pill(status, 'error' if failed else 'ok')}</td>"
        f'<td class="num">{_e(code)}</td>'
        f'<td class="num">{record.duration_ms:.0f} ms</td>'
        f"<td>{_uid(record.request_uid)}</td></tr>"
    )


def _html_exchanges(facts: _Facts) -> Iterator[str]:
    yield f'<section><h2>Exchanges <span class="count">{len(facts.exchanges)}</span></h2>'
    yield from _table_pieces(
        (
            "#",
            f"Started{_day_label(facts)}",
            "Step",
            "Method",
            "Path",
            "HTTP",
            "SCB code",
            "Took",
            "requestUId",
        ),
        (_html_exchange_row(facts, record) for record in facts.exchanges),
        len(facts.exchanges),
        empty="No request was sent in this session.",
    )
    yield (
        '<p class="muted">Bodies are left out: they may carry customer data. '
        "Headers and bodies stay in the console's exchange log (export it as HAR).</p>"
        "</section>"
    )


def _html_token_row(row: _TokenRow) -> str:
    token = row.token
    refresh = (
        f'<br><span class="mono muted nw">refresh {_e(mask(token.refresh_token))}</span>'
        if token.refresh_token
        else ""
    )
    owner = (
        f'<br><span class="muted">resourceOwnerId</span> {_e(token.resource_owner_id)}'
        if token.resource_owner_id
        else ""
    )
    return (
        "<tr>"
        f"<td><strong>{_e(_kind_label(token).capitalize())}</strong><br>"
        f'<span class="mono nw">{_e(mask(token.access_token))}</span>{refresh}'
        f'<br><span class="muted">{_e(_where(token.profile_name, token.environment))}'
        "</span></td>"
        f'<td class="time">{_e(_utc(token.issued_wall))}</td>'
        f'<td class="time"><span class="muted">server</span> {_e(_utc(token.expires_at))}'
        f'<br><span class="muted">local&nbsp;</span> {_e(_utc(row.local_expiry))}</td>'
        f'<td class="num">{_e(row.remaining)}<br><span class="muted">refresh '
        f"{_e(row.refresh_remaining)}</span></td>"
        f"<td>{_pill(row.status, row.status)}</td>"
        f'<td class="num">{_e(_skew_text(token.skew))}</td>'
        f"<td>{_uid(token.request_uid)}{owner}</td></tr>"
    )


def _html_tokens(facts: _Facts) -> Iterator[str]:
    yield f'<section><h2>Tokens <span class="count">{len(facts.tokens)}</span></h2>'
    yield from _table_pieces(
        (
            "Token (masked)",
            "Issued (local clock)",
            "Expires: expiresAt / issued + expiresIn",
            "Left",
            "Status",
            "Skew",
            "requestUId",
        ),
        (_html_token_row(row) for row in facts.tokens),
        len(facts.tokens),
        empty="No token was obtained in this session.",
    )
    yield "</section>"


def _html_clocks_and_profile(facts: _Facts) -> Iterator[str]:
    yield (
        '<section class="grid2"><div><h2>Clocks</h2>'
        + _kv(_clock_rows(facts))
        + "</div><div><h2>Profile (without secrets)</h2>"
        + _kv(_profile_rows(facts.data.profile))
        + "</div></section>"
    )


# --- rendering: Markdown ----------------------------------------------------------------------


def _md(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    value = " ".join(str(text).split())
    for char in ("\\", "|", "*", "_", "<", ">", "[", "]", "`"):
        value = value.replace(char, "\\" + char)
    return value


def _md_code(text: str) -> str:
    if not text:
        return _DASH
    return "`" + " ".join(text.split()).replace("`", "'").replace("|", "\\|") + "`"


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, empty: str) -> str:
    return "".join(_md_table_pieces(headers, rows, len(rows), empty=empty))


def _md_table_pieces(
    headers: Sequence[str], rows: Iterable[Sequence[str]], count: int, *, empty: str
) -> Iterator[str]:
    if not count:
        yield f"_{empty}_\n"
        return
    yield "| " + " | ".join(headers) + " |"
    yield "\n| " + " | ".join("---" for _ in headers) + " |"
    for row in rows:
        yield "\n| " + " | ".join(row) + " |"
    yield "\n"


def _md_time(facts: _Facts, epoch: float) -> str:
    return _time_of_day(epoch) if facts.one_day else _utc(epoch, millis=True)


def _render_markdown(facts: _Facts) -> str:
    return "".join(_markdown_pieces(facts))


def _markdown_pieces(facts: _Facts) -> Iterator[str]:
    """The Markdown report, a line (or a section) at a time."""
    for index, element in enumerate(_markdown_elements(facts)):
        if index:
            yield "\n"
        if isinstance(element, str):
            yield element
        else:
            yield from element


def _markdown_elements(facts: _Facts) -> Iterator[str | Iterator[str]]:
    """The report's paragraphs (and tables, as pieces), to be joined by newlines."""
    data = facts.data
    profile = data.profile
    yield f"# SCB Console support report: {_md(_profile_title(profile))}\n"
    yield (
        f"Generated {_utc(facts.now)} ({_local(facts.now)} local time) by SCB Console "
        f"{_md(scb_console.__version__)}. Secrets are masked: the first 4 characters and the "
        "length.\n"
    )
    yield "## At a glance\n"
    yield from (f"- **{label}:** {_md(value)}" for label, value, _ in _summary(facts))
    yield ""
    if facts.failed:
        yield "**What failed** (give SCB support these requestUIds):\n"
        yield from (
            f"- {_md(_step_label(r.step))} at {_utc(r.started_wall)}: {_md(_outcome(r))}, "
            f"requestUId {_md_code(r.request_uid)}"
            for r in facts.failed
        )
        yield ""
    day = _day_label(facts)
    yield f"## Flow timeline ({len(facts.timeline)} entries)\n"
    yield _md_table_pieces(
        (f"Time{day}", "Kind", "What happened", "Detail", "requestUId"),
        (
            (
                _md_time(facts, line.wall),
                ("⚠ " if line.level == "error" else "")
                + ("Flow" if line.kind == "event" else "HTTP"),
                _md(line.what),
                _md(line.detail),
                _md_code(line.uid),
            )
            for line in facts.timeline
        ),
        len(facts.timeline),
        empty="Nothing happened in this session yet.",
    )
    yield f"## Exchanges ({len(facts.exchanges)})\n"
    yield _md_table_pieces(
        (
            "#",
            f"Started{day}",
            "Step",
            "Method",
            "Path",
            "Host",
            "HTTP",
            "SCB code",
            "Took",
            "requestUId",
            "Error",
        ),
        (
            (
                str(r.seq),
                _md_time(facts, r.started_wall),
                _md(_step_label(r.step)),
                r.method,
                _md_code(_path(r.url)),
                _md(_host(r.url)),
                _DASH if r.status is None else str(r.status),
                _DASH if r.scb_code is None else str(r.scb_code),
                f"{r.duration_ms:.0f} ms",
                _md_code(r.request_uid),
                _md(_error_text(r)),
            )
            for r in facts.exchanges
        ),
        len(facts.exchanges),
        empty="No request was sent in this session.",
    )
    yield "Bodies are left out: they may carry customer data.\n"
    yield f"## Tokens ({len(facts.tokens)})\n"
    yield _md_table_pieces(
        (
            "Kind",
            "Profile",
            "Environment",
            "Token",
            "Refresh token",
            "Issued",
            "Expires (server, expiresAt)",
            "Expires (local, issued + expiresIn)",
            "Remaining",
            "Refresh remaining",
            "Status",
            "Skew",
            "requestUId",
            "resourceOwnerId",
        ),
        (
            (
                _md(_kind_label(row.token)),
                _md(row.token.profile_name),
                _md(row.token.environment.label),
                _md_code(mask(row.token.access_token)),
                _md_code(mask(row.token.refresh_token)) if row.token.refresh_token else _DASH,
                _utc(row.token.issued_wall),
                _utc(row.token.expires_at),
                _utc(row.local_expiry),
                row.remaining,
                row.refresh_remaining,
                row.status,
                _skew_text(row.token.skew),
                _md_code(row.token.request_uid),
                _md(row.token.resource_owner_id or _DASH),
            )
            for row in facts.tokens
        ),
        len(facts.tokens),
        empty="No token was obtained in this session.",
    )
    yield "## Clocks\n"
    yield _md_table(("Clock", "Value"), [(_md(k), _md(v)) for k, v in _clock_rows(facts)], empty="")
    yield "## Profile (without secrets)\n"
    yield _md_table(
        ("Setting", "Value"), [(_md(k), _md(v)) for k, v in _profile_rows(profile)], empty=""
    )
    yield "## Versions\n"
    yield _md_table(
        ("Component", "Version"),
        [(_md(k), _md(v)) for k, v in facts.versions.items()],
        empty="",
    )
    yield (
        "---\n\nAPI secrets, access and refresh tokens and authorization codes are masked. "
        "Before this file was written, SCB Console checked that no secret of the session "
        "appears in it. Times are UTC unless marked local.\n"
    )


def build_report(data: SessionData) -> Report:
    """The support report of ``data`` in HTML and Markdown (masked; not yet checked: see
    :func:`write_report`)."""
    facts = _Facts(data)
    return Report(
        html=_render_html(facts), markdown=_render_markdown(facts), generated_wall=facts.now
    )
