"""The request journal: what ``GET /_sandbox/requests`` shows, with every secret masked.

An entry keeps references to what the request already produced (raw headers, the decoded body,
the answer's payload) and masks them only when it is read, so the journal costs next to nothing
per request. Nothing reads an entry except through :meth:`JournalEntry.to_json` (masked) or
:meth:`JournalEntry.summary` (no headers, no bodies).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from scb_console.core.masking import SECRET_FIELDS, SECRET_HEADERS, mask, mask_header
from scb_console.sandbox.protocol import mask_url

#: Body fields masked: the contract's secrets and the simulator's PIN.
SECRET_BODY_FIELDS: Final = SECRET_FIELDS | {"pin"}


def mask_body(value: Any) -> Any:
    """A masked copy of a decoded JSON body (or any other value, returned as it is).

    The same fields as :func:`scb_console.core.masking.mask_json`, plus the simulator's PIN and
    the code inside a ``redirectUrl``.
    """
    if isinstance(value, dict):
        masked: dict[str, Any] = {}
        for key, item in value.items():
            if isinstance(item, str):
                if key in SECRET_BODY_FIELDS:
                    item = mask(item)
                elif key == "redirectUrl":
                    item = mask_url(item)
            elif isinstance(item, dict | list):
                item = mask_body(item)
            masked[key] = item
        return masked
    if isinstance(value, list):
        return [mask_body(item) for item in value]
    return value


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


@dataclass(slots=True)
class JournalEntry:
    """One request the sandbox answered (or dropped)."""

    seq: int
    time: float
    method: str
    path: str
    query: str
    endpoint: str | None
    request_uid: str | None
    #: HTTP status, or None when the connection was dropped without an answer.
    status: int | None
    scb_code: int | None
    duration_ms: float
    fault: str | None
    raw_headers: tuple[tuple[bytes, bytes], ...] = ()
    request_body: Any = None
    response_body: Any = None

    def summary(self) -> dict[str, Any]:
        """The log line's fields: nothing secret."""
        return {
            "seq": self.seq,
            "time": self.time,
            "method": self.method,
            "path": self.path,
            "endpoint": self.endpoint,
            "requestUId": self.request_uid,
            "status": self.status,
            "scbCode": self.scb_code,
            "durationMs": round(self.duration_ms, 3),
            "fault": self.fault,
        }

    def to_json(self) -> dict[str, Any]:
        """Everything, secrets masked."""
        headers = []
        for raw_name, raw_value in self.raw_headers:
            name, value = _text(raw_name), _text(raw_value)
            if name.lower() in SECRET_HEADERS:
                value = mask_header(name, value)
            headers.append([name, value])
        return self.summary() | {
            "query": self.query,
            "requestHeaders": headers,
            "requestBody": mask_body(self.request_body),
            "responseBody": mask_body(self.response_body),
        }
