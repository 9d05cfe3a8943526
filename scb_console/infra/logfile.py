"""The console's log file: rotating, private, in the platform's log folder, secrets masked.

:func:`setup_logging` puts one :class:`logging.handlers.RotatingFileHandler` on the root logger
(``scb-console.log``, 1 MiB, five older files kept) in :func:`log_dir`
(``~/.local/state/scb-console/log`` on Linux, honouring ``XDG_STATE_HOME``). Every record that
reaches it passes :class:`SecretMaskingFilter` first, which masks what looks like a secret the
way the exchange log does (:mod:`scb_console.core.masking`): secret JSON fields, secret header
lines, ``code=`` in URLs, bearer tokens, ``key=value`` / ``'key': 'value'`` pairs of secret
names, in the message, its arguments, the traceback and the stack. The ``httpx`` and ``httpcore``
loggers are held at WARNING: httpx logs every request's full URL at INFO, and the redirect's
URL carries the authorization code.

The file is created with mode 0600 (the folder 0700) on POSIX: a support bundle is something a
user chooses to send, not something another account on the machine may read.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import platform
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from scb_console.core.masking import (
    SECRET_FIELDS,
    SECRET_HEADERS,
    mask,
    mask_authorization,
    mask_text,
)
from scb_console.infra import paths

#: The log file's name inside :func:`log_dir`.
LOG_FILE_NAME: Final = "scb-console.log"
#: Size at which the file rotates, and how many rotated files are kept.
MAX_BYTES: Final = 1024 * 1024
BACKUP_COUNT: Final = 5
#: Loggers that would write secrets at INFO (full request URLs): held at WARNING.
QUIET_LOGGERS: Final = ("httpx", "httpcore")
FORMAT: Final = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

# --- masking -------------------------------------------------------------------------------------

#: Names whose values are secrets in ``name=value`` and ``name: value`` text (any case).
_SECRET_NAMES: Final = frozenset(
    {name for name in SECRET_FIELDS if name != "code"}
    | SECRET_HEADERS
    | {
        "access_token",
        "refresh_token",
        "id_token",
        "client_secret",
        "api_secret",
        "auth_code",
        "code_verifier",
        "password",
    }
)
_NAMES: Final = "|".join(re.escape(n) for n in sorted(_SECRET_NAMES, key=len, reverse=True))
#: A value: up to a separator, quote or an ellipsis; possessive, so a value :func:`mask`
#: already made (``3436…(36)``) is never cut short and masked again.
_VALUE: Final = r"(?P<value>[^\s&;,'\"<>()\[\]{}…]++)(?!…)"
_SCHEME: Final = r"(?>(?i:Bearer|Basic|Token|Digest)\s+|)"
#: ``accessToken=x``, ``'accessToken': 'x'``, ``authorization: Bearer x``, ``apisecret = x``.
_NAMED_SECRET: Final = re.compile(
    r"(?P<head>(?<![\w-])['\"]?(?i:" + _NAMES + r")['\"]?\s*[:=]\s*['\"]?" + _SCHEME + r")" + _VALUE
)
#: ``code=x`` anywhere (a redirect URL cut from its ``?``, a form body), not ``status_code=``.
_CODE_PARAM: Final = re.compile(r"(?P<head>(?<![\w-])code=)" + _VALUE)
#: ``Bearer x`` wherever it stands.
_BEARER: Final = re.compile(r"(?P<head>\bBearer\s+)(?P<value>[A-Za-z0-9\-._~+/]++=*+)(?!…)")


def _masked(match: re.Match[str]) -> str:
    return match["head"] + mask(match["value"])


def mask_secrets(text: str, literals: Iterable[str] = ()) -> str:
    """``text`` with everything that looks like a secret masked (see the module's docstring);
    ``literals`` are known secrets masked wherever they appear. Masking twice changes nothing."""
    text = mask_text(text, literals)
    text = _NAMED_SECRET.sub(_masked, text)
    text = _CODE_PARAM.sub(_masked, text)
    return _BEARER.sub(lambda m: mask_authorization(m["head"] + m["value"]), text)


class SecretMaskingFilter(logging.Filter):
    """Masks secrets in a record before any handler after it formats the record.

    The message is merged with its arguments here (``record.args`` becomes empty), and the
    traceback and stack are formatted and masked, so no secret survives in any part of it.
    """

    def __init__(self, literals: Iterable[str] = ()) -> None:
        super().__init__()
        self.literals = tuple(literals)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is, masked
            message = f"{record.msg!r} % {record.args!r}"
        record.msg = mask_secrets(message, self.literals)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_secrets(record.exc_text, self.literals)
        if record.stack_info:
            record.stack_info = mask_secrets(record.stack_info, self.literals)
        return True


# --- the file ------------------------------------------------------------------------------------


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose files are created (and kept) readable by the user only."""

    def _open(self) -> io.TextIOWrapper:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(self.baseFilename, flags, 0o600)
        try:
            if os.name == "posix":
                os.fchmod(fd, 0o600)
            return open(fd, "a", encoding=self.encoding, errors=self.errors)
        except BaseException:
            os.close(fd)
            raise


def log_dir() -> Path:
    """The platform's log folder for the console (not created)."""
    return paths.log_dir()


def _level(level: str | int) -> int:
    if isinstance(level, int):
        return level
    value = logging.getLevelName(level.strip().upper())
    if not isinstance(value, int):
        raise ValueError(f"log level {level!r} is not one of DEBUG, INFO, WARNING, ERROR")
    return value


def _installed() -> PrivateRotatingFileHandler | None:
    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrivateRotatingFileHandler):
            return handler
    return None


def setup_logging(*, level: str | int = "INFO", log_dir: Path | None = None) -> Path:
    """Write the log to ``log_dir`` (default: :func:`log_dir`) and return the file's path.

    Idempotent: a second call for the same file only updates the level; a call for another
    folder moves the log there. Raises OSError (naming the file) when it cannot be opened, and
    ValueError for an unknown level.
    """
    threshold = _level(level)
    directory = log_dir if log_dir is not None else paths.log_dir()
    path = directory / LOG_FILE_NAME
    root = logging.getLogger()
    current = _installed()
    if current is not None and Path(current.baseFilename) == path.absolute():
        current.setLevel(threshold)
        _quiet_and_lower(root, threshold)
        return path
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as exc:
        raise OSError(exc.errno, f"cannot open the log file {path}: {exc.strerror}") from exc
    handler.setLevel(threshold)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(SecretMaskingFilter())
    if current is not None:
        shutdown_logging()
    root.addHandler(handler)
    _quiet_and_lower(root, threshold)
    from scb_console import __version__

    logging.getLogger(__name__).info(
        "SCB Console %s, Python %s on %s: logging to %s",
        __version__,
        platform.python_version(),
        platform.platform(terse=True),
        path,
    )
    return path


def _quiet_and_lower(root: logging.Logger, threshold: int) -> None:
    if root.level == logging.NOTSET or root.level > threshold:
        root.setLevel(threshold)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def shutdown_logging() -> None:
    """Take the log file's handler off the root logger and close it (for tests, and exit)."""
    handler = _installed()
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()


def current_log_file() -> Path | None:
    """The file :func:`setup_logging` writes to, or None before it ran."""
    handler = _installed()
    return Path(handler.baseFilename) if handler is not None else None
