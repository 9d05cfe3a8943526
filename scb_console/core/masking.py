"""Masking secrets for display, logs and exports: enough kept to tell two apart, no more.

``mask("34362373-8b4a-4d0e-a5a0-6f5f0c1e2d3f")`` gives ``"3436…(36)"``: the first four characters
and the length. Short values keep nothing but the length.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from scb_console.core.contract import Field, Header

#: How many leading characters a mask keeps.
KEEP: Final = 4

#: Header names (lower-case) whose values are secrets.
SECRET_HEADERS: Final = frozenset(
    {Header.API_SECRET.lower(), Header.AUTHORIZATION.lower(), "cookie", "set-cookie"}
)
#: JSON field names whose values are secrets.
SECRET_FIELDS: Final = frozenset(
    {
        Field.APPLICATION_SECRET,
        Field.ACCESS_TOKEN,
        Field.REFRESH_TOKEN,
        Field.AUTH_CODE,
        Field.CODE_CHALLENGE,
        "code",
    }
)
#: Query parameter names whose values are secrets (the redirect's authorization code).
SECRET_QUERY: Final = frozenset({"code"})


def mask(value: str) -> str:
    """``abcd…(36)``; values of 8 characters or fewer show only their length."""
    if not value:
        return ""
    if len(value) <= 2 * KEEP:
        return f"…({len(value)})"
    return f"{value[:KEEP]}…({len(value)})"


def mask_authorization(value: str) -> str:
    """``Bearer 3436…(36)``: the scheme stays readable."""
    scheme, sep, credentials = value.partition(" ")
    if sep and credentials:
        return f"{scheme} {mask(credentials)}"
    return mask(value)


def mask_header(name: str, value: str) -> str:
    lowered = name.lower()
    if lowered == Header.AUTHORIZATION.lower():
        return mask_authorization(value)
    if lowered in SECRET_HEADERS:
        return mask(value)
    return value


def mask_headers(headers: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((name, mask_header(name, value)) for name, value in headers)


def mask_json(value: Any) -> Any:
    """A copy of a decoded JSON value with every secret field's string value masked."""
    if isinstance(value, Mapping):
        return {
            key: (mask(item) if key in SECRET_FIELDS and isinstance(item, str) else mask_json(item))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [mask_json(item) for item in value]
    return value
