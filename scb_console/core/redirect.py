"""Reading the redirect SCB sends to the callback URL: pure parsing, no I/O.

One parser serves the loopback receiver and the "paste the redirect" box. It accepts:

* a full redirect URL, whatever its scheme (``http``, ``https``, a custom ``myapp:``), with the
  pairs in the query (or, failing that, in the fragment);
* a bare query string: ``code=...&state=...`` (a leading ``?`` is fine);
* a bare authorization code: a plausible token (printable, no spaces, a sane length).

:func:`read_redirect` only reads; :func:`check_redirect` judges what was read (state, denial, a
missing code); :func:`parse_redirect` does both. Every failure is a
:class:`~scb_console.core.errors.RedirectError` with a one-line message; no other exception
escapes, whatever the input (a hypothesis property test holds this).
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import parse_qsl

from scb_console.core import contract
from scb_console.core.errors import RedirectError
from scb_console.core.i18n import tr
from scb_console.core.masking import mask
from scb_console.core.models import RedirectParams

#: Longest text we try to read as a redirect (a URL longer than this is not SCB's redirect).
MAX_INPUT_LENGTH: Final = 16_384
#: Most query pairs a redirect may carry.
MAX_PAIRS: Final = 100
#: Shortest and longest plausible authorization code.
MIN_CODE_LENGTH: Final = 4
MAX_CODE_LENGTH: Final = 2048

_CODE: Final = contract.RESERVED_QUERY_NAMES[0]
_STATE: Final = contract.RESERVED_QUERY_NAMES[1]
_STATUS: Final = contract.RESERVED_QUERY_NAMES[2]

#: ``scheme://`` or ``scheme:...?``: a URL, whatever its scheme.
_URL_START: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:(//|[^\s?#]*[?#])")
#: RFC 6749's VSCHAR without space, minus the characters that delimit a query or fragment.
_CODE_CHARS: Final = re.compile(r"^[\x21-\x7e]+$")
_CODE_FORBIDDEN: Final = frozenset("?#&")
#: Browsers (WHATWG URL) drop tabs and line breaks inside a URL; so do we (wrapped pastes).
_URL_DROP: Final = str.maketrans("", "", "\t\r\n")


def read_redirect(text: str) -> RedirectParams:
    """Read a redirect URL, a bare query string or a bare code into :class:`RedirectParams`.

    Raises :class:`RedirectError` for empty or unreadable text, and for a URL or query that
    carries neither a ``code`` nor a ``status``. Does not judge the state or a denial: see
    :func:`check_redirect`.
    """
    stripped = text.strip()
    if not stripped:
        raise RedirectError(tr("nothing to read: paste the redirect URL or the authorization code"))
    if len(stripped) > MAX_INPUT_LENGTH:
        raise RedirectError(
            f"the text is too long to be a redirect ({len(stripped)} characters, "
            f"at most {MAX_INPUT_LENGTH})"
        )
    if _URL_START.match(stripped) or "?" in stripped or "#" in stripped:
        url = stripped.translate(_URL_DROP)
        before_fragment, _, fragment = url.partition("#")
        _, _, query = before_fragment.partition("?")
        pairs = _pairs(query, "URL")
        if not _has_reserved(pairs) and "=" in fragment:
            pairs += _pairs(fragment, "URL fragment")
        return _params(pairs, "the URL")
    if "&" in stripped or "=" in stripped.rstrip("="):
        return _params(_pairs(stripped, "query string"), "the query string")
    if _plausible_code(stripped):
        return RedirectParams(code=stripped, state=None, status=None)
    raise RedirectError(
        tr(
            "cannot read this as a redirect URL, a query string (code=...&state=...) "
            "or an authorization code"
        )
    )


def params_from_query(query: str) -> RedirectParams:
    """Read the raw query string of a request to the callback URL (the loopback receiver)."""
    if len(query) > MAX_INPUT_LENGTH:
        raise RedirectError(f"the query string is too long ({len(query)} characters)")
    return _params(_pairs(query, "query string"), "the redirect")


def check_redirect(params: RedirectParams, *, expected_state: str | None = None) -> RedirectParams:
    """Judge what a redirect carried; return it when a code can be exchanged.

    Raises :class:`RedirectError` when the state does not match (a redirect without a state,
    such as a bare code, is not checked), when the customer declined consent, or when the
    redirect carries a status but no code.
    """
    if expected_state is not None and params.state is not None and params.state != expected_state:
        raise RedirectError(state_mismatch_message(expected_state, params.state))
    if is_denied(params):
        raise RedirectError(tr(DENIED_MESSAGE))
    if params.code is None:
        status = _show(params.status or "")
        raise RedirectError(
            tr("the redirect says status {status!r} but carries no code", status=status)
        )
    return params


def parse_redirect(text: str, *, expected_state: str | None = None) -> RedirectParams:
    """:func:`read_redirect`, then :func:`check_redirect`: a code that is fit to exchange."""
    return check_redirect(read_redirect(text), expected_state=expected_state)


DENIED_MESSAGE: Final = "the customer declined consent in SCB Easy"


def is_denied(params: RedirectParams) -> bool:
    """True when the redirect's ``status`` says the customer declined."""
    status = params.status
    return status is not None and status.strip().lower() == contract.REDIRECT_STATUS_DENIED


def state_mismatch_message(expected: str, got: str | None) -> str:
    """The one-line message for a state that is not the one sent (both masked)."""
    shown = tr("no state") if got is None else _show(mask(got))
    return tr(
        "the redirect's state does not match (possible CSRF or an old link): "
        "expected state {expected}, got {got}",
        expected=_show(mask(expected)),
        got=shown,
    )


# --- internals ----------------------------------------------------------------------------------


def _pairs(query: str, what: str) -> list[tuple[str, str]]:
    if not query:
        return []
    if query.count("&") + 1 > MAX_PAIRS:
        raise RedirectError(f"the {what} has too many parameters (at most {MAX_PAIRS})")
    try:
        return parse_qsl(query, keep_blank_values=True)
    except ValueError as err:  # UnicodeEncodeError (lone surrogates) is a ValueError
        raise RedirectError(f"cannot decode the {what}: {type(err).__name__}") from None


def _has_reserved(pairs: list[tuple[str, str]]) -> bool:
    return any(name in contract.RESERVED_QUERY_NAMES for name, _ in pairs)


def _params(pairs: list[tuple[str, str]], where: str) -> RedirectParams:
    reserved: dict[str, str] = {}
    extras: list[tuple[str, str]] = []
    for name, value in pairs:
        if name not in contract.RESERVED_QUERY_NAMES:
            extras.append((name, value))
            continue
        if not value:  # ``code=`` is no code at all
            continue
        if name in reserved and reserved[name] != value:
            raise RedirectError(f"{where} carries two different values for {name!r}")
        reserved[name] = value
    code = reserved.get(_CODE)
    status = reserved.get(_STATUS)
    if code is None and status is None:
        raise RedirectError(
            tr(
                "{where} carries no code and no status: "
                "is it the redirect SCB Easy sent to your callback URL?",
                where=tr(where),
            )
        )
    if code is not None and not _plausible_code(code):
        raise RedirectError(
            tr("the code in {where} is not a plausible authorization code", where=tr(where))
        )
    return RedirectParams(
        code=code, state=reserved.get(_STATE), status=status, extras=tuple(extras)
    )


def _plausible_code(value: str) -> bool:
    if not MIN_CODE_LENGTH <= len(value) <= MAX_CODE_LENGTH:
        return False
    if not _CODE_CHARS.match(value) or _CODE_FORBIDDEN.intersection(value):
        return False
    # "=" is only base64 padding at the end, never inside a code
    return "=" not in value.rstrip("=")


def _show(value: str) -> str:
    """Make a value safe for a one-line message: no control characters, bounded length."""
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in value)
    return cleaned if len(cleaned) <= 40 else cleaned[:39] + "…"
