"""The language of the engine's own messages (errors, flow events), without Qt.

The console speaks English or Thai. The GUI translates its widgets with Qt's translator; the
engine's messages (an :class:`~scb_console.core.errors.SCBConsoleError`'s one line, a flow
event) are made here, in plain Python, so the CLI and the GUI share them:

- :func:`set_language` picks ``"en"`` (the default) or ``"th"`` for the whole process (the GUI
  calls it when its language changes, the CLI once at start);
- :func:`tr` is where a message is made: ``tr("Connection to {where} refused", where=...)``.
  The English template is the message id; a catalog gives its Thai template. An unknown
  template stays English (never a KeyError), so a message added without a translation still
  reads.

Catalogs register themselves with :func:`register` (the engine's is :data:`ENGINE_TH` below;
the CLI adds its own in :mod:`scb_console.cli.i18n`). English stays the default everywhere:
nothing changes for a caller that never sets a language.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from typing import Final

#: The languages the console speaks, as lower-case ISO 639-1 codes.
LANGUAGES: Final = ("en", "th")
DEFAULT_LANGUAGE: Final = "en"

_language = DEFAULT_LANGUAGE
_catalogs: dict[str, dict[str, str]] = {"th": {}}


def normalize_language(value: str) -> str:
    """``"TH"``, ``"th_TH.UTF-8"``, ``"thai"`` -> ``"th"``; ValueError for a language we lack."""
    text = value.strip().lower().replace("-", "_")
    base = text.split(".", 1)[0].split("_", 1)[0].split("@", 1)[0]
    aliases = {"thai": "th", "english": "en", "c": "en", "posix": "en"}
    code = aliases.get(base, base)
    if code not in LANGUAGES:
        raise ValueError(f"language {value!r} is not one of: {', '.join(LANGUAGES)}")
    return code


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the POSIX locale variables ask for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, in
    that order of precedence), ``"en"`` when none names Thai or English."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        for part in value.split(":"):  # LANGUAGE may be a list: th:en
            try:
                return normalize_language(part)
            except ValueError:
                continue
        if name != "LANGUAGE":
            return DEFAULT_LANGUAGE  # a set locale of another language: English
    return DEFAULT_LANGUAGE


def set_language(lang: str) -> str:
    """Make ``lang`` the language of every message made from now on; returns the code."""
    global _language
    _language = normalize_language(lang)
    return _language


def get_language() -> str:
    """The current message language (``"en"`` or ``"th"``)."""
    return _language


def register(lang: str, catalog: Mapping[str, str]) -> None:
    """Add ``catalog`` (English template -> template in ``lang``) to the language's messages."""
    code = normalize_language(lang)
    if code == DEFAULT_LANGUAGE:
        raise ValueError("English is the source language: it needs no catalog")
    for source, translated in catalog.items():
        if placeholders(source) != placeholders(translated):
            raise ValueError(f"the translation of {source!r} changes its placeholders")
    _catalogs.setdefault(code, {}).update(catalog)


def catalog(lang: str) -> Mapping[str, str]:
    """The registered messages of ``lang`` (read-only use: tests, tools)."""
    return _catalogs.get(normalize_language(lang), {})


def placeholders(template: str) -> frozenset[str]:
    """The ``{name}`` fields of a format template."""
    return frozenset(
        name for _, name, _, _ in string.Formatter().parse(template) if name is not None
    )


def tr(template: str, /, **params: object) -> str:
    """``template`` in the current language, formatted with ``params``.

    ``template`` is the English text and the key; ``{name}`` fields are filled from
    ``params`` (``str.format``). Without a translation, or in English, the English is used.
    """
    text = template
    if _language != DEFAULT_LANGUAGE:
        text = _catalogs.get(_language, {}).get(template, template)
    return text.format(**params) if params else text


def tr_in(lang: str, template: str, /, **params: object) -> str:
    """:func:`tr` in ``lang`` whatever the current language (the sandbox answers per request)."""
    code = normalize_language(lang)
    text = template if code == DEFAULT_LANGUAGE else _catalogs.get(code, {}).get(template, template)
    return text.format(**params) if params else text


def _register_engine_catalog() -> None:
    from scb_console.core.i18n_th import ENGINE_TH

    register("th", ENGINE_TH)


_register_engine_catalog()
