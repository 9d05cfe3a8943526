"""Profiles in a TOML file in the platform's config directory, written atomically.

The file holds non-secret fields only: the API secret, and tokens where a person asks to keep
them, live in the OS keyring (:mod:`scb_console.infra.secrets`). A field whose name looks like a
secret is never written and never read back.

The file looks like::

    version = 1
    last_used = "demo"

    [[profile]]
    name = "demo"
    environment = "local"
    api_key = "l7..."
    base_url = "http://127.0.0.1:8080/partners/sandbox"
    ...
    partner_query = [["orderId", "42"]]

A file that cannot be used (not TOML, truncated, wrong types, invalid values, too large) is moved
aside to ``profiles.toml.corrupt-<timestamp>`` and a :class:`ProfileError` says where it went:
nothing a person wrote is ever silently lost. Unknown fields are ignored and reported in
:attr:`FileProfileStore.warnings`.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import tempfile
import time
import tomllib
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import Any, Final

import tomli_w

from scb_console.core import contract
from scb_console.core.contract import Environment
from scb_console.core.errors import ProfileError
from scb_console.core.i18n import tr
from scb_console.core.models import Profile
from scb_console.infra import paths

#: Version of the file layout; a newer file than this code knows is refused, not rewritten.
FILE_VERSION: Final = 1
#: The profile file is refused (and moved aside) above this size.
MAX_FILE_BYTES: Final = 1024 * 1024
#: An import (JSON) is refused above this size.
MAX_IMPORT_BYTES: Final = 1024 * 1024
MAX_NAME_LENGTH: Final = 64
MAX_PROFILES: Final = 1000
MAX_TIMEOUT: Final = 600.0
#: The ``format`` marker of an export.
EXPORT_FORMAT: Final = "scb-console-profiles"

#: Field names that look like secrets: refused in imports, never written, ignored when read.
_SECRETISH: Final = re.compile(
    r"secret|token|passw|pass_?phrase|auth_?code|credential|private_?key|\bpin\b|\bcode\b",
    re.IGNORECASE,
)
_PROFILE_FIELDS: Final = tuple(f.name for f in fields(Profile))
_TEXT_FIELDS: Final = (
    "name",
    "api_key",
    "base_url",
    "callback_url",
    "response_channel",
    "end_state",
    "accept_language",
    "redirect_option",
)


def is_secret_field_name(name: str) -> bool:
    """True for a field name like ``api_secret``, ``accessToken``, ``password``."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1_\2", name).replace("-", "_")
    return bool(_SECRETISH.search(name) or _SECRETISH.search(spaced.replace("_", " ")))


# --- validation ----------


def _has_control(text: str) -> bool:
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in text)


def validate_name(name: str) -> str:
    """The profile name, or ProfileError: 1 to 64 characters, no control characters or ``:/\\``."""
    if not isinstance(name, str) or not name.strip():
        raise ProfileError(tr("a profile needs a name"))
    if name != name.strip():
        raise ProfileError(tr("profile name {name!r} must not start or end with spaces", name=name))
    if len(name) > MAX_NAME_LENGTH:
        raise ProfileError(
            tr(
                "profile name {name!r}... is longer than {limit}",
                name=name[:20],
                limit=MAX_NAME_LENGTH,
            )
        )
    if _has_control(name) or any(ch in name for ch in ":/\\"):
        raise ProfileError(
            tr(
                "profile name {name!r} must not contain control characters, ':', '/' or '\\'",
                name=name,
            )
        )
    return name


def parse_environment(value: str) -> Environment:
    """``"local"``, ``"sandbox"``, ``"uat"``, ``"production"`` or ``"custom"`` (any case)."""
    if isinstance(value, Environment):
        return value
    try:
        return Environment(str(value).strip().lower())
    except ValueError:
        names = ", ".join(env.value for env in Environment)
        raise ProfileError(
            tr("unknown environment {value!r}: use one of {names}", value=value, names=names)
        ) from None


def validate_base_url(url: str, *, what: str = "base URL") -> str:
    """An absolute http(s) URL without query or fragment; the trailing slash is dropped."""
    text = url.strip()
    parsed = urllib.parse.urlsplit(text)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.hostname:
        raise ProfileError(
            tr("{what} {url!r} must be an absolute http:// or https:// URL", what=what, url=url)
        )
    if parsed.query or parsed.fragment or _has_control(text) or " " in text:
        raise ProfileError(
            tr("{what} {url!r} must not have spaces, a query or a fragment", what=what, url=url)
        )
    try:
        parsed.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise ProfileError(tr("{what} {url!r} has an invalid port", what=what, url=url)) from None
    return text.rstrip("/")


def validate_callback_url(url: str) -> str:
    """Empty, or an absolute URL (``https://...``, ``http://127.0.0.1:8765/callback``, ...)."""
    text = url.strip()
    if not text:
        return ""
    parsed = urllib.parse.urlsplit(text)
    if not parsed.scheme or not (parsed.netloc or parsed.path) or _has_control(text) or " " in text:
        raise ProfileError(
            tr("callback URL {url!r} must be an absolute URL such as https://...", url=url)
        )
    if parsed.scheme.lower() in ("http", "https") and not parsed.hostname:
        raise ProfileError(tr("callback URL {url!r} has no host", url=url))
    return text


def _choice(field: str, value: str, choices: Sequence[str], *, upper: bool = False) -> str:
    text = value.strip()
    if upper:
        text = text.upper()
    if text not in choices:
        raise ProfileError(
            tr(
                "{field} {value!r} is not one of {choices}",
                field=field,
                value=value,
                choices=", ".join(choices),
            )
        )
    return text


def validate_partner_query(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Partner query pairs: names non-empty, at most 255 characters once encoded."""
    result = tuple((str(k), str(v)) for k, v in pairs)
    for key, value in result:
        if not key.strip():
            raise ProfileError(tr("a partner query pair needs a name"))
        if _has_control(key) or _has_control(value):
            raise ProfileError(
                tr("partner query pair {key!r} must not contain control characters", key=key)
            )
    encoded = urllib.parse.urlencode(result)
    if len(encoded) > contract.MAX_PARTNER_QUERY_LENGTH:
        raise ProfileError(
            tr(
                "partner query pairs are {length} characters once encoded; SCB allows {limit}",
                length=len(encoded),
                limit=contract.MAX_PARTNER_QUERY_LENGTH,
            )
        )
    return result


def validate_profile(profile: Profile) -> Profile:
    """A normalised copy of ``profile``, or ProfileError naming the first field that is wrong."""
    name = validate_name(profile.name)
    try:
        return _validate_fields(profile, name)
    except ProfileError as exc:  # (none of those messages names the profile: this one does)
        raise ProfileError(
            tr("profile {name!r}: {message}", name=name, message=exc.message)
        ) from None


def _validate_fields(profile: Profile, name: str) -> Profile:
    environment = parse_environment(profile.environment)
    for field in _TEXT_FIELDS:
        if not isinstance(getattr(profile, field), str):
            raise ProfileError(tr("{field} must be text", field=field))
    api_key = profile.api_key.strip()
    if _has_control(api_key) or " " in api_key:
        raise ProfileError(tr("the API key must not contain spaces or control characters"))
    base_url = profile.base_url.strip()
    if environment in (Environment.CUSTOM, Environment.LOCAL):
        if not base_url:
            raise ProfileError(
                tr("the {environment} environment needs a base URL", environment=environment.label)
            )
        base_url = validate_base_url(base_url)
    elif base_url:
        base_url = validate_base_url(base_url)
    redirect_option = profile.redirect_option.strip()
    if _has_control(redirect_option):
        raise ProfileError(tr("redirectOption must not contain control characters"))
    timeout = profile.timeout
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not math.isfinite(timeout)
        or not 0 < timeout <= MAX_TIMEOUT
    ):
        raise ProfileError(
            tr(
                "timeout {timeout!r} must be a number of seconds in (0, {limit:g}]",
                timeout=timeout,
                limit=MAX_TIMEOUT,
            )
        )
    return replace(
        profile,
        name=name,
        environment=environment,
        api_key=api_key,
        base_url=base_url,
        callback_url=validate_callback_url(profile.callback_url),
        response_channel=_choice(
            "response-channel", profile.response_channel, contract.RESPONSE_CHANNELS
        ),
        end_state=_choice("endState", profile.end_state, contract.END_STATES),
        accept_language=_choice(
            "accept-language", profile.accept_language, contract.ACCEPT_LANGUAGES, upper=True
        ),
        redirect_option=redirect_option,
        partner_query=validate_partner_query(profile.partner_query),
        timeout=float(timeout),
    )


def validate_profiles(profiles: Iterable[Profile]) -> list[Profile]:
    """Each profile validated; names unique (case-insensitively)."""
    result: list[Profile] = []
    seen: set[str] = set()
    for profile in profiles:
        if not isinstance(profile, Profile):
            raise ProfileError(tr("not a profile: {kind}", kind=type(profile).__name__))
        valid = validate_profile(profile)
        key = valid.name.casefold()
        if key in seen:
            raise ProfileError(
                tr("two profiles are named {name!r}; names must be unique", name=valid.name)
            )
        seen.add(key)
        result.append(valid)
    if len(result) > MAX_PROFILES:
        raise ProfileError(
            tr(
                "{count} profiles is more than the {limit} kept",
                count=len(result),
                limit=MAX_PROFILES,
            )
        )
    return result


# --- (de)serialisation ----------


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    """The profile's fields as plain data (no secrets: a Profile has none)."""
    data: dict[str, Any] = {
        "name": profile.name,
        "environment": profile.environment.value,
        "api_key": profile.api_key,
        "base_url": profile.base_url,
        "callback_url": profile.callback_url,
        "response_channel": profile.response_channel,
        "end_state": profile.end_state,
        "accept_language": profile.accept_language,
        "redirect_option": profile.redirect_option,
        "partner_query": [[k, v] for k, v in profile.partner_query],
        "timeout": profile.timeout,
    }
    assert not any(is_secret_field_name(key) for key in data)
    return data


def profile_from_dict(
    data: Mapping[str, Any], *, where: str, warnings: list[str], secrets: str = "ignore"
) -> Profile:
    """A Profile from plain data; ProfileError on wrong types or values.

    Unknown fields go to ``warnings``. Secret-looking fields are ignored with a warning
    (``secrets="ignore"``) or refused (``secrets="refuse"``).
    """
    if not isinstance(data, Mapping):
        raise ProfileError(
            tr("{where} is a {kind}, not a table of fields", where=where, kind=_type_name(data))
        )
    raw_name = data.get("name")
    if not isinstance(raw_name, str):
        raise ProfileError(tr("{where} has no text 'name'", where=where))
    where = f"{where} ({raw_name!r})"
    values: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str):
            raise ProfileError(tr("{where} has a field name that is not text", where=where))
        if is_secret_field_name(key):
            if secrets == "refuse":
                raise ProfileError(
                    tr(
                        "{where} has a field {key!r} that looks like a secret; the console "
                        "never imports secrets: remove it and enter the secret in the profile",
                        where=where,
                        key=key,
                    )
                )
            warnings.append(
                tr(
                    "{where}: ignored field {key!r}: secrets never belong in this file (the "
                    "console keeps them in the OS keyring); remove it from the file",
                    where=where,
                    key=key,
                )
            )
            continue
        if key not in _PROFILE_FIELDS:
            warnings.append(tr("{where}: ignored unknown field {key!r}", where=where, key=key))
            continue
        values[key] = value
    for key in _TEXT_FIELDS:
        if key in values and not isinstance(values[key], str):
            raise ProfileError(
                tr(
                    "{where}: {key} is a {kind}, not text",
                    where=where,
                    key=key,
                    kind=_type_name(values[key]),
                )
            )
    if "environment" in values:
        if not isinstance(values["environment"], str):
            raise ProfileError(tr("{where}: environment is not text", where=where))
        values["environment"] = parse_environment(values["environment"])
    if "timeout" in values:
        timeout = values["timeout"]
        if isinstance(timeout, bool) or not isinstance(timeout, int | float):
            raise ProfileError(
                tr(
                    "{where}: timeout is a {kind}, not a number",
                    where=where,
                    kind=_type_name(timeout),
                )
            )
        values["timeout"] = float(timeout)
    if "partner_query" in values:
        values["partner_query"] = _parse_pairs(values["partner_query"], where)
    try:
        candidate = Profile(**values)
        return _validate_fields(candidate, validate_name(candidate.name))
    except ProfileError as exc:
        raise ProfileError(f"{where}: {exc.message}") from None


def _parse_pairs(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if isinstance(value, Mapping):
        value = list(value.items())
    if not isinstance(value, list):
        raise ProfileError(
            tr("{where}: partner_query is not a list of [name, value] pairs", where=where)
        )
    pairs: list[tuple[str, str]] = []
    for item in value:
        if (
            not isinstance(item, list | tuple)
            or len(item) != 2
            or not all(isinstance(part, str) for part in item)
        ):
            raise ProfileError(
                tr(
                    "{where}: partner_query item {item!r} is not a [name, value] pair",
                    where=where,
                    item=item,
                )
            )
        pairs.append((item[0], item[1]))
    return tuple(pairs)


def _type_name(value: Any) -> str:
    names = {
        dict: tr("table"),
        list: tr("list"),
        str: tr("text"),
        int: tr("number"),
        float: tr("number"),
        bool: tr("boolean"),
    }
    return names.get(type(value), type(value).__name__)


def export_profiles_json(profiles: Sequence[Profile]) -> str:
    """The profiles as JSON for sharing: no secrets (a Profile has none to give)."""
    document = {
        "format": EXPORT_FORMAT,
        "version": FILE_VERSION,
        "profiles": [profile_to_dict(validate_profile(p)) for p in profiles],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def import_profiles_json(text: str) -> list[Profile]:
    """Profiles from :func:`export_profiles_json`'s JSON (or a bare list of profile objects).

    Raises ProfileError with a one-line reason: not JSON, the wrong shape, a field of the wrong
    type, an invalid value, a duplicate name, or a field that looks like a secret.
    """
    if not isinstance(text, str):
        raise ProfileError(tr("a profile import must be text"))
    if len(text.encode("utf-8", "surrogatepass")) > MAX_IMPORT_BYTES:
        raise ProfileError(tr("the import is larger than {kib} KiB", kib=MAX_IMPORT_BYTES // 1024))
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        detail = (
            f"line {exc.lineno} column {exc.colno}"
            if isinstance(exc, json.JSONDecodeError)
            else "too deeply nested"
        )
        raise ProfileError(tr("the import is not valid JSON ({detail})", detail=detail)) from None
    if isinstance(document, dict):
        fmt = document.get("format")
        if fmt is not None and fmt != EXPORT_FORMAT:
            raise ProfileError(
                tr(
                    "the import's format is {found!r}, not {expected!r}",
                    found=fmt,
                    expected=EXPORT_FORMAT,
                )
            )
        version = document.get("version", FILE_VERSION)
        if not isinstance(version, int) or isinstance(version, bool) or version > FILE_VERSION:
            raise ProfileError(
                tr(
                    "the import is version {version!r}; this console reads version {supported}",
                    version=version,
                    supported=FILE_VERSION,
                )
            )
        if "profiles" not in document and "name" in document:
            items: Any = [document]
        else:
            items = document.get("profiles")
    else:
        items = document
    if not isinstance(items, list):
        raise ProfileError(tr("the import has no list of profiles"))
    warnings: list[str] = []
    profiles = [
        profile_from_dict(
            item, where=tr("profile #{index}", index=index), warnings=warnings, secrets="refuse"
        )
        for index, item in enumerate(items, start=1)
    ]
    return validate_profiles(profiles)


# --- the file store ----------


class _Corrupt(Exception):
    """The file exists but cannot be used; it is moved aside."""


class FileProfileStore:
    """A :class:`~scb_console.core.ports.ProfileStore` in a TOML file (default: the config dir).

    Writes are atomic (a temporary file in the same folder, fsync, ``os.replace``), the file is
    private to the user (mode 0600), and a file that cannot be read is moved aside, never lost.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        self._path = Path(path) if path is not None else None
        #: What the last load ignored (unknown fields, secret-looking fields), one line each.
        self.warnings: list[str] = []

    @property
    def path(self) -> Path:
        """The file (resolved now, so XDG variables set later still count)."""
        return self._path if self._path is not None else paths.profiles_file()

    def __repr__(self) -> str:
        return f"FileProfileStore({os.fspath(self.path)!r})"

    # --- reading -----------------------------------------------------------------------------

    def _read_raw(self) -> tuple[list[Profile], str | None, list[str]]:
        """Profiles, last_used and warnings; ([], None, []) when there is no file.

        Raises _Corrupt for a file that cannot be used, ProfileError for one that cannot be read.
        """
        path = self.path
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            return [], None, []
        except IsADirectoryError:
            raise ProfileError(
                tr("the profile file {path} is a folder; move it away", path=path)
            ) from None
        except OSError as exc:
            raise ProfileError(
                tr(
                    "cannot read the profile file {path}: {error}",
                    path=path,
                    error=exc.strerror or exc,
                )
            ) from None
        if len(data) > MAX_FILE_BYTES:
            raise _Corrupt(tr("it is larger than {kib} KiB", kib=MAX_FILE_BYTES // 1024))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _Corrupt(tr("it is not UTF-8 text (byte {at})", at=exc.start)) from None
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise _Corrupt(tr("it is not valid TOML: {detail}", detail=exc)) from None
        except RecursionError:
            raise _Corrupt(tr("it is nested too deeply")) from None
        version = document.get("version", FILE_VERSION)
        if not isinstance(version, int) or isinstance(version, bool):
            raise _Corrupt(tr("its 'version' is not a number"))
        if version > FILE_VERSION:
            raise ProfileError(
                tr(
                    "the profile file {path} is version {version}, newer than this console "
                    "(version {supported}); update the console (the file was left as it is)",
                    path=path,
                    version=version,
                    supported=FILE_VERSION,
                )
            )
        warnings: list[str] = []
        for key in document:
            if key not in ("version", "last_used", "profile"):
                if is_secret_field_name(key):
                    warnings.append(
                        tr(
                            "ignored field {key!r}: secrets never belong in this file; remove it",
                            key=key,
                        )
                    )
                else:
                    warnings.append(tr("ignored unknown field {key!r}", key=key))
        items = document.get("profile", [])
        if not isinstance(items, list):
            raise _Corrupt(tr("'profile' is not a list of [[profile]] tables"))
        last_used = document.get("last_used")
        if last_used is not None and not isinstance(last_used, str):
            raise _Corrupt(tr("'last_used' is not text"))
        try:
            profiles = validate_profiles(
                profile_from_dict(
                    item, where=tr("profile #{index}", index=index), warnings=warnings
                )
                for index, item in enumerate(items, start=1)
            )
        except ProfileError as exc:
            raise _Corrupt(exc.message) from None
        return profiles, last_used, warnings

    def _move_aside(self, reason: str) -> ProfileError:
        path = self.path
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime())
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        try:
            os.replace(path, aside)
        except OSError as exc:
            return ProfileError(
                tr(
                    "the profile file {path} cannot be used ({reason}) and could not be moved "
                    "aside ({error}); fix or move it by hand",
                    path=path,
                    reason=reason,
                    error=exc.strerror or exc,
                )
            )
        return ProfileError(
            tr(
                "the profile file {path} could not be used ({reason}); it was moved to {aside} "
                "and the console starts with no profiles",
                path=path,
                reason=reason,
                aside=aside,
            )
        )

    def _read(self) -> tuple[list[Profile], str | None, list[str]]:
        try:
            return self._read_raw()
        except _Corrupt as exc:
            raise self._move_aside(str(exc)) from None

    def load(self) -> list[Profile]:
        """The profiles in the file (none if there is no file).

        A file that cannot be used is moved aside and ProfileError says where it went; the next
        load starts empty. Ignored fields are listed in :attr:`warnings`.
        """
        profiles, _, warnings = self._read()
        self.warnings = warnings
        return profiles

    def last_used(self) -> str | None:
        """The name of the profile used last, if it still exists."""
        profiles, last_used, _ = self._read()
        names = {p.name for p in profiles}
        return last_used if last_used in names else None

    # --- writing -----------------------------------------------------------------------------

    def _current_for_write(self) -> tuple[list[Profile], str | None]:
        """What is in the file now; a corrupt file is moved aside first (kept, with a warning)."""
        try:
            profiles, last_used, _ = self._read_raw()
        except _Corrupt as exc:
            self.warnings.append(str(self._move_aside(str(exc))))
            return [], None
        return profiles, last_used

    def save(self, profiles: Sequence[Profile]) -> None:
        """Replace every profile in the file (validated first; nothing written on an error)."""
        valid = validate_profiles(profiles)
        _, last_used = self._current_for_write()
        names = {p.name for p in valid}
        self._write(valid, last_used if last_used in names else None)

    def set_last_used(self, name: str) -> None:
        profiles, _ = self._current_for_write()
        if name not in {p.name for p in profiles}:
            raise ProfileError(tr("no profile named {name!r}", name=name))
        self._write(profiles, name)

    # --- conveniences for one profile --------------------------------------------------------

    def get(self, name: str) -> Profile:
        """The profile called ``name``, or ProfileError listing the ones there are."""
        profiles = self.load()
        for profile in profiles:
            if profile.name == name:
                return profile
        known = ", ".join(repr(p.name) for p in profiles) or tr("none yet")
        raise ProfileError(
            tr("no profile named {name!r} (profiles: {known})", name=name, known=known)
        )

    def upsert(self, profile: Profile) -> Profile:
        """Add ``profile`` or replace the one with its name; returns the stored (normalised) one."""
        valid = validate_profile(profile)
        profiles = self.load()
        if any(p.name == valid.name for p in profiles):
            updated = [valid if p.name == valid.name else p for p in profiles]
        else:
            updated = [*profiles, valid]
        self.save(updated)
        return valid

    def remove(self, name: str) -> None:
        """Remove the profile called ``name``; ProfileError when there is none."""
        profiles = self.load()
        kept = [p for p in profiles if p.name != name]
        if len(kept) == len(profiles):
            raise ProfileError(tr("no profile named {name!r}", name=name))
        self.save(kept)

    def _write(self, profiles: Sequence[Profile], last_used: str | None) -> None:
        document: dict[str, Any] = {"version": FILE_VERSION}
        if last_used:
            document["last_used"] = last_used
        document["profile"] = [profile_to_dict(p) for p in profiles]
        payload = tomli_w.dumps(document).encode("utf-8")
        write_atomic(self.path, payload)


def write_atomic(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` atomically: temp file, fsync, ``os.replace``, mode 0600.

    A reader sees the old file or the new one, never a half-written one; the folder is created
    (mode 0700) when missing.
    """
    folder = path.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ProfileError(
            tr(
                "cannot write the profile file in {folder}: {error}",
                folder=folder,
                error=exc.strerror or exc,
            )
        ) from None
    try:
        with os.fdopen(fd, "wb") as stream:
            with contextlib.suppress(AttributeError, OSError):
                os.fchmod(stream.fileno(), 0o600)
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise ProfileError(
            tr(
                "cannot write the profile file {path}: {error}",
                path=path,
                error=exc.strerror or exc,
            )
        ) from None
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | flags)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
