"""The exchange log: every HTTP exchange the engine made, with secrets already masked.

Records are masked when they are made, so nothing downstream (the log table, HAR export, the
support report, the log file) can leak what it never received.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


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
