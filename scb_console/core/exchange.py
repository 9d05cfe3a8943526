"""The exchange log: every HTTP exchange the engine made, with secrets already masked.

Records are masked when they are made, so nothing downstream (the log table, HAR export, the
support report, the log file) can leak what it never received.
"""

from __future__ import annotations

import contextlib
import datetime
import http
import json
import logging
import os
import tempfile
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import scb_console


@dataclass(frozen=True, slots=True)
class ExchangeRecord:
    """One request and its response (or the error that stood in for one). Already masked."""

    seq: int
    started_wall: float
    #: What the exchange was for: "server_token", "authorize", "exchange_code", "refresh",
    #: "customer_profile" (or a caller's own label).
    step: str
    method: str
    url: str
    request_headers: tuple[tuple[str, str], ...]
    request_body: str
    #: HTTP status, or None when no answer came (network error, timeout).
    status: int | None
    response_headers: tuple[tuple[str, str], ...]
    response_body: str
    duration_ms: float
    request_uid: str
    #: SCB's ``status.code`` from the envelope, when there was one.
    scb_code: int | None
    #: A one-line message when the exchange failed (the error's ``str``), else None.
    error: str | None
    profile_name: str
    environment: str


Listener = Callable[[ExchangeRecord], None]
ClearListener = Callable[[], None]

_logger = logging.getLogger(__name__)

#: HAR's version, and the creator named in exports.
HAR_VERSION: Final = "1.2"


class ExchangeLog:
    """Every exchange the engine made, in order, for the log view and the HAR export.

    ``max_records`` keeps only the newest records (None: all). Listeners are called with each
    record as it is appended (in the order they subscribed); a listener that raises is logged and
    does not stop the others. The log lives on one thread (the asyncio loop's).
    """

    def __init__(self, max_records: int | None = None) -> None:
        if max_records is not None and max_records < 1:
            raise ValueError("max_records must be at least 1 (or None for no limit)")
        self.max_records = max_records
        self._records: list[ExchangeRecord] = []
        self._snapshot: tuple[ExchangeRecord, ...] | None = ()
        self._listeners: list[tuple[Listener, ClearListener | None]] = []
        self._seq = 0

    # -- records
    @property
    def records(self) -> Sequence[ExchangeRecord]:
        """The records, oldest first: an immutable snapshot (cheap until the next change)."""
        if self._snapshot is None:
            self._snapshot = tuple(self._records)
        return self._snapshot

    def __len__(self) -> int:
        return len(self._records)

    def next_seq(self) -> int:
        """A number for the next record: 1, 2, 3, ... (never reused, not even after clear)."""
        self._seq += 1
        return self._seq

    def append(self, record: ExchangeRecord) -> None:
        self._records.append(record)
        if self.max_records is not None and len(self._records) > self.max_records:
            del self._records[: len(self._records) - self.max_records]
        self._snapshot = None
        if _logger.isEnabledFor(logging.DEBUG):  # (the log file at DEBUG: one line each)
            _logger.debug(
                "exchange %d %s: %s %s -> %s in %.0f ms, requestUId %s%s",
                record.seq,
                record.step,
                record.method,
                record.url.split("?", 1)[0],  # (the query is the authorize request's)
                "no answer" if record.status is None else record.status,
                record.duration_ms,
                record.request_uid or "-",
                f" ({record.error})" if record.error else "",
            )
        for listener, _ in tuple(self._listeners):
            try:
                listener(record)
            except Exception:
                _logger.exception("an exchange log listener failed on record %d", record.seq)

    def clear(self) -> None:
        """Forget every record; listeners that gave ``on_clear`` are told."""
        self._records.clear()
        self._snapshot = ()
        for _, on_clear in tuple(self._listeners):
            if on_clear is None:
                continue
            try:
                on_clear()
            except Exception:
                _logger.exception("an exchange log listener failed on clear")

    def subscribe(
        self, listener: Listener, *, on_clear: ClearListener | None = None
    ) -> Callable[[], None]:
        """Call ``listener(record)`` for each new record; returns a function that unsubscribes."""
        entry = (listener, on_clear)
        self._listeners.append(entry)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(entry)

        return unsubscribe

    # -- HAR export
    def to_har(self) -> dict[str, Any]:
        """The log as HAR 1.2 (built from the already masked records)."""
        return har_document(self.records)

    def write_har(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`to_har` as JSON to ``path`` atomically (a temp file, then a rename)."""
        target = Path(path)
        text = json.dumps(self.to_har(), ensure_ascii=False, indent=2) + "\n"
        write_text_atomic(target, text)
        return target


def write_text_atomic(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` so readers see the old file or the new one, never half."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _iso(epoch: float) -> str:
    try:
        moment = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        moment = datetime.datetime.fromtimestamp(0, tz=datetime.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _pairs(items: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in items]


def _header(items: tuple[tuple[str, str], ...], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in items if key.lower() == wanted), None)


def _status_text(status: int | None) -> str:
    if status is None:
        return ""
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def har_entry(record: ExchangeRecord) -> dict[str, Any]:
    """One HAR 1.2 entry. SCB Console's own fields start with ``_``, as HAR asks."""
    query = urllib.parse.parse_qsl(urllib.parse.urlsplit(record.url).query, keep_blank_values=True)
    request: dict[str, Any] = {
        "method": record.method,
        "url": record.url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": _pairs(record.request_headers),
        "queryString": [{"name": n, "value": v} for n, v in query],
        "headersSize": -1,
        "bodySize": len(record.request_body.encode("utf-8")),
    }
    if record.request_body:
        request["postData"] = {
            "mimeType": _header(record.request_headers, "content-type") or "application/json",
            "text": record.request_body,
        }
    mime = _header(record.response_headers, "content-type") or ""
    response: dict[str, Any] = {
        "status": record.status if record.status is not None else 0,
        "statusText": _status_text(record.status),
        "httpVersion": "HTTP/1.1" if record.status is not None else "",
        "cookies": [],
        "headers": _pairs(record.response_headers),
        "content": {
            "size": len(record.response_body.encode("utf-8")),
            "mimeType": mime,
            "text": record.response_body,
        },
        "redirectURL": _header(record.response_headers, "location") or "",
        "headersSize": -1,
        "bodySize": -1 if record.status is None else len(record.response_body.encode("utf-8")),
    }
    duration = max(0.0, record.duration_ms)
    entry: dict[str, Any] = {
        "startedDateTime": _iso(record.started_wall),
        "time": duration,
        "request": request,
        "response": response,
        "cache": {},
        "timings": {"send": 0, "wait": duration, "receive": 0},
        "comment": f"{record.step}; requestUId {record.request_uid}; secrets masked",
        "_seq": record.seq,
        "_step": record.step,
        "_requestUId": record.request_uid,
        "_scbCode": record.scb_code,
        "_profile": record.profile_name,
        "_environment": record.environment,
    }
    if record.error is not None:
        entry["_error"] = record.error
        response["_error"] = record.error
    return entry


def har_document(records: Iterable[ExchangeRecord]) -> dict[str, Any]:
    """A HAR 1.2 document of ``records`` (which are masked already)."""
    return {
        "log": {
            "version": HAR_VERSION,
            "creator": {"name": "SCB Console", "version": scb_console.__version__},
            "entries": [har_entry(record) for record in records],
            "comment": "Exported by SCB Console: API secrets, tokens and codes are masked.",
        }
    }
