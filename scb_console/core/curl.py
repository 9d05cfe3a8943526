"""A request as a ``curl`` command a person can paste into a POSIX shell.

Masked by default: each secret becomes a shell variable (``"${SCB_API_SECRET}"``), so the command
still runs after ``export SCB_API_SECRET=...`` and never shows the value. ``reveal=True`` writes the
values themselves (for a person who asked for them, never for logs).
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from scb_console.core.contract import Field, Header
from scb_console.core.masking import SECRET_FIELDS, SECRET_HEADERS, mask, mask_header, mask_url

#: The shell variable standing in for each secret header (lower-case name).
HEADER_VARIABLES: Final[dict[str, str]] = {
    Header.API_SECRET.lower(): "SCB_API_SECRET",
    Header.AUTHORIZATION.lower(): "SCB_ACCESS_TOKEN",
}
#: The shell variable standing in for each secret JSON body field.
FIELD_VARIABLES: Final[dict[str, str]] = {
    Field.APPLICATION_SECRET: "SCB_API_SECRET",
    Field.AUTH_CODE: "SCB_AUTH_CODE",
    Field.REFRESH_TOKEN: "SCB_REFRESH_TOKEN",
    Field.ACCESS_TOKEN: "SCB_ACCESS_TOKEN",
    Field.CODE_CHALLENGE: "SCB_CODE_CHALLENGE",
    "code": "SCB_AUTH_CODE",
}


@dataclass(frozen=True, slots=True)
class _Var:
    name: str


_Piece = str | _Var


def json_body_text(body: Mapping[str, str]) -> str:
    """How a JSON body is written on the wire (the client sends exactly these bytes)."""
    return json.dumps(dict(body), separators=(",", ":"))


def _word(pieces: Iterable[_Piece]) -> str:
    """One shell word: literal text single-quoted, variables double-quoted, concatenated."""
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, _Var):
            out.append(f'"${{{piece.name}}}"')
        elif piece:
            out.append(shlex.quote(piece))
    return "".join(out) or "''"


def _header_pieces(name: str, value: str, reveal: bool) -> list[_Piece]:
    lowered = name.lower()
    if reveal or lowered not in SECRET_HEADERS:
        return [f"{name}: {value}"]
    variable = HEADER_VARIABLES.get(lowered)
    if variable is None:
        return [f"{name}: {mask_header(name, value)}"]
    if lowered == Header.AUTHORIZATION.lower():
        scheme, sep, credentials = value.partition(" ")
        if sep and credentials:
            return [f"{name}: {scheme} ", _Var(variable)]
    return [f"{name}: ", _Var(variable)]


def _body_pieces(body: Mapping[str, str], reveal: bool) -> list[_Piece]:
    if reveal:
        return [json_body_text(body)]
    # Serialise with a unique marker per secret, then split the text around the markers.
    markers: dict[str, _Piece] = {}
    stand_in: dict[str, str] = {}
    for index, (key, value) in enumerate(body.items()):
        if key in SECRET_FIELDS and isinstance(value, str):
            marker = f"\x00{index}\x00"
            variable = FIELD_VARIABLES.get(key)
            markers[marker] = _Var(variable) if variable else mask(value)
            stand_in[key] = marker
        else:
            stand_in[key] = value
    text = json.dumps(stand_in, separators=(",", ":"))
    pieces: list[_Piece] = [text]
    for marker, replacement in markers.items():
        encoded = json.dumps(marker)[1:-1]  # how the marker looks inside the JSON text
        split: list[_Piece] = []
        for piece in pieces:
            if isinstance(piece, _Var):
                split.append(piece)
                continue
            parts = piece.split(encoded)
            for i, part in enumerate(parts):
                if i:
                    split.append(replacement)
                split.append(part)
        pieces = split
    return pieces


def variables(headers: Iterable[tuple[str, str]], body: Mapping[str, str] | None) -> list[str]:
    """The shell variables a masked command needs, in order of appearance, without repeats."""
    found: list[str] = []
    for name, _ in headers:
        variable = HEADER_VARIABLES.get(name.lower())
        if variable and variable not in found:
            found.append(variable)
    for key in body or {}:
        variable = FIELD_VARIABLES.get(key) if key in SECRET_FIELDS else None
        if variable and variable not in found:
            found.append(variable)
    return found


def render_curl(
    method: str,
    url: str,
    headers: Iterable[tuple[str, str]],
    body: Mapping[str, str] | None,
    *,
    reveal: bool = False,
) -> str:
    """A multi-line ``curl`` command; secrets as shell variables unless ``reveal``."""
    lines = [f"curl -sS -i -X {method.upper()} {_word([url if reveal else mask_url(url)])}"]
    lines.extend(f"-H {_word(_header_pieces(n, v, reveal))}" for n, v in headers)
    if body is not None:
        lines.append(f"--data-raw {_word(_body_pieces(body, reveal))}")
    return " \\\n  ".join(lines)
