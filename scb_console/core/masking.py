"""Masking secrets for display, logs and exports: enough kept to tell two apart, no more.

``mask("34362373-8b4a-4d0e-a5a0-6f5f0c1e2d3f")`` gives ``"3436…(36)"``: the first four characters
and the length. Short values keep nothing but the length.
"""

from __future__ import annotations

import re
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


# --- free text and URLs (added with the client: bodies that are not JSON, error excerpts) --------


def _alternatives(names: Iterable[str]) -> str:
    return "|".join(re.escape(name) for name in sorted(names))


#: A value :func:`mask` made, at the start of a string (what follows may be other text).
_MASKED = re.compile(r"^[^\s…]{0,4}…\(\d+\)")
_QUERY_SECRET = re.compile(
    r"(?P<head>[?&#;](?:" + _alternatives(SECRET_QUERY) + r")=)(?P<value>[^&#;\s\"'<>]*)"
)
_JSON_SECRET = re.compile(
    r"(?P<head>\"(?:" + _alternatives(SECRET_FIELDS) + r")\"\s*:\s*\")(?P<value>(?:[^\"\\]|\\.)*)"
)
_HEADER_SECRET = re.compile(
    r"(?im)^(?P<head>[ \t]*(?P<name>" + _alternatives(SECRET_HEADERS) + r")[ \t]*:[ \t]*)"
    r"(?P<value>[^\r\n]*)"
)


def _is_masked(value: str) -> bool:
    """True for a value that starts with what :func:`mask` makes (masking it again would lose
    the length): ``3436…(36)``, ``Bearer 3436…(36)``, or a cut JSON value ``3436…(36) more``."""
    return bool(_MASKED.match(value)) or bool(_MASKED.match(value.partition(" ")[2]))


def _mask_once(value: str) -> str:
    return value if _is_masked(value) else mask(value)


def mask_url(url: str) -> str:
    """The URL with the value of every secret query parameter (``code=``) masked."""
    return _QUERY_SECRET.sub(lambda m: m["head"] + _mask_once(m["value"]), url)


def mask_text(text: str, literals: Iterable[str] = ()) -> str:
    """Free text (a body that is not JSON, an excerpt) with what looks like a secret masked.

    Masks the values of secret JSON fields (also in truncated JSON), secret ``name: value`` header
    lines and secret query parameters, then every occurrence of each known secret in ``literals``
    (the API secret, a code or token the caller sent or received), wherever it appears.
    """
    text = _JSON_SECRET.sub(lambda m: m["head"] + _mask_once(m["value"]), text)
    text = _HEADER_SECRET.sub(
        lambda m: (
            m["head"]
            + (m["value"] if _is_masked(m["value"]) else mask_header(m["name"], m["value"]))
        ),
        text,
    )
    text = mask_url(text)
    for literal in sorted({s for s in literals if s}, key=len, reverse=True):
        text = text.replace(literal, mask(literal))
    return text
