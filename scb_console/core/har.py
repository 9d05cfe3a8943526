"""HAR 1.2 files: reading them (tolerant of what tools write, bounded against what strangers
send), and writing SCB Console's own piece by piece.

A HAR file a partner exports (from a browser, a proxy such as Charles, Fiddler or mitmproxy, or
SCB Console itself, see :func:`scb_console.core.exchange.har_document`) is read into frozen
:class:`HarEntry` values. The reader is for support staff looking at someone else's traffic, so:

- it is **bounded**: files over :data:`MAX_HAR_BYTES` are refused before they are read; at most
  :data:`MAX_ENTRIES` entries, :data:`MAX_HEADERS` headers per message and
  :data:`MAX_BODY_CHARS` characters of each body are kept (what was cut is said in ``warnings``);
- it is **tolerant**: a field of the wrong type or a missing field becomes a default and, where it
  matters, a warning; only input that is not a HAR at all is refused;
- it raises nothing but :class:`~scb_console.core.errors.InputError` (a one-line message naming
  what was wrong): not UTF-8, not JSON, truncated JSON, no ``log.entries`` array.

SCB Console's own fields (``_step``, ``_requestUId``, ``_scbCode``, ``_environment``,
``_error``) are read where present; other tools' HARs are understood from their URLs, headers
and bodies.

Writing: :func:`har_chunks` is the text of :func:`~scb_console.core.exchange.har_document` one
entry at a time, and :func:`write_har_steps` writes it into a :class:`ChunkedFile` in steps the
caller drives (the window runs them in slices of a few milliseconds between events: an export of
10,000 exchanges never holds the GUI thread for long, and no second thread competes with it for
the GIL). A :class:`ChunkedFile` becomes the target file only when it is committed, atomically.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import os
import tempfile
import urllib.parse
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Final

from scb_console.core.errors import InputError
from scb_console.core.exchange import ExchangeRecord, har_document, har_entry

#: The largest HAR file read (50 MiB); larger ones are refused with a clear message.
MAX_HAR_BYTES: Final = 50 * 1024 * 1024
#: At most this many entries are kept; the rest are counted and dropped.
MAX_ENTRIES: Final = 100_000
#: At most this many headers (or query pairs) per request or response are kept.
MAX_HEADERS: Final = 500
#: At most this many characters of each request or response body are kept.
MAX_BODY_CHARS: Final = 256 * 1024
#: Header names and values longer than this are cut.
MAX_HEADER_CHARS: Final = 16 * 1024
#: The longest URL kept.
MAX_URL_CHARS: Final = 16 * 1024
#: How many warnings are kept (then one line says how many more there were).
MAX_WARNINGS: Final = 50

_MIB: Final = 1024 * 1024


@dataclass(frozen=True, slots=True)
class HarEntry:
    """One request and its response, as the HAR file has them (values not masked here)."""

    #: The entry's position in the file, from 0.
    index: int
    #: ``startedDateTime`` as epoch seconds, or None when absent or unreadable.
    started: float | None
    #: ``startedDateTime`` as written.
    started_text: str
    #: ``time``: the whole exchange in milliseconds, or None.
    time_ms: float | None
    method: str
    url: str
    request_headers: tuple[tuple[str, str], ...]
    request_body: str
    #: HTTP status, or None when there was no answer (HAR writes 0).
    status: int | None
    response_headers: tuple[tuple[str, str], ...]
    response_body: str
    #: ``redirectURL`` of the response ("" if none).
    redirect_url: str = ""
    #: SCB Console's ``_step`` (what the exchange was for), if the file has it.
    step: str | None = None
    #: SCB Console's ``_scbCode``, if the file has it.
    scb_code: int | None = None
    #: SCB Console's ``_environment``, if the file has it.
    environment: str | None = None
    #: SCB Console's ``_requestUId``, if the file has it (else see :attr:`request_uid`).
    extension_uid: str | None = None
    #: SCB Console's ``_error`` (or another tool's error text), if any.
    error: str | None = None
    #: True when a body was longer than :data:`MAX_BODY_CHARS` and was cut.
    truncated: bool = False

    def request_header(self, name: str) -> str | None:
        """The first value of request header ``name`` (any case), or None."""
        return _find(self.request_headers, name)

    def response_header(self, name: str) -> str | None:
        """The first value of response header ``name`` (any case), or None."""
        return _find(self.response_headers, name)

    @property
    def request_uid(self) -> str | None:
        """The ``requestUId`` request header, or SCB Console's ``_requestUId``."""
        return self.request_header("requestUId") or self.extension_uid or None

    @property
    def finished(self) -> float | None:
        """When the answer had arrived: ``started + time``, or None."""
        if self.started is None:
            return None
        return self.started + max(0.0, self.time_ms or 0.0) / 1000.0

    @property
    def parts(self) -> urllib.parse.SplitResult:
        try:
            return urllib.parse.urlsplit(self.url)
        except ValueError:
            return urllib.parse.urlsplit("")

    @property
    def origin(self) -> str:
        """``scheme://host[:port]`` of the URL, lower-case ("" when it has none)."""
        parts = self.parts
        if not parts.scheme or not parts.netloc:
            return ""
        return f"{parts.scheme.lower()}://{parts.netloc.lower()}"

    @property
    def path(self) -> str:
        return self.parts.path

    def query(self) -> list[tuple[str, str]]:
        """The URL's query pairs (at most :data:`MAX_HEADERS`)."""
        try:
            pairs = urllib.parse.parse_qsl(
                self.parts.query, keep_blank_values=True, max_num_fields=MAX_HEADERS
            )
        except ValueError:
            return []
        return pairs

    def __repr__(self) -> str:  # bodies and headers may carry secrets: keep them out
        return (
            f"HarEntry(index={self.index}, method={self.method!r}, origin={self.origin!r}, "
            f"path={self.path!r}, status={self.status})"
        )


@dataclass(frozen=True, slots=True)
class HarLog:
    """What a HAR file held: its entries in file order, and what the reader had to say."""

    entries: tuple[HarEntry, ...]
    version: str = ""
    creator: str = ""
    #: Things the reader tolerated or cut, one line each.
    warnings: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.entries)


def _find(items: tuple[tuple[str, str], ...], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in items if key.lower() == wanted), None)


# --- decoding -----------------------------------------------------------------------------------


def decode_text(data: bytes | str, *, what: str) -> str:
    """Bytes as text: UTF-8 (with or without a BOM), or UTF-16 with a BOM; else InputError."""
    if isinstance(data, str):
        return data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"The {what} starts like UTF-16 text but byte {exc.start} cannot be read"
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"The {what} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start} "
            "cannot be read): export it again as a HAR/JSON file"
        ) from None


def load_json(text: str, *, what: str) -> Any:
    """Decoded JSON, or an InputError that says where it broke (truncated, not JSON)."""
    stripped = text.strip()
    if not stripped:
        raise InputError(f"The {what} is empty")
    try:
        return json.loads(stripped)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(stripped) or "Unterminated string" in exc.msg:
            raise InputError(
                f"The {what} is cut short: its JSON ends at line {exc.lineno}, column "
                f"{exc.colno} before it is complete (was the file or paste truncated?)"
            ) from None
        raise InputError(
            f"The {what} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise InputError(f"The {what} is nested too deeply to read") from None
    except ValueError as exc:  # e.g. an integer too long to convert
        raise InputError(f"The {what} is not valid JSON: {exc}") from None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# --- reading --------------------------------------------------------------------------------


class _Reader:
    def __init__(self) -> None:
        self.warnings: list[str] = []
        self._dropped_warnings = 0

    def warn(self, text: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(text)
        else:
            self._dropped_warnings += 1

    def finish(self) -> tuple[str, ...]:
        if self._dropped_warnings:
            self.warnings.append(f"… and {self._dropped_warnings} more warnings")
        return tuple(self.warnings)

    # -- small typed readers
    @staticmethod
    def text(value: Any, *, limit: int = MAX_HEADER_CHARS) -> str:
        if isinstance(value, str):
            return value[:limit]
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)[:limit]
        return ""

    @staticmethod
    def number(value: Any) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            return None
        return number

    def pairs(self, value: Any, where: str) -> tuple[tuple[str, str], ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.warn(f"{where} is {_json_type(value)}, not an array: ignored")
            return ()
        found: list[tuple[str, str]] = []
        for item in value[:MAX_HEADERS]:
            if isinstance(item, Mapping):
                name = self.text(item.get("name"))
                if name:
                    found.append((name, self.text(item.get("value"))))
        if len(value) > MAX_HEADERS:
            self.warn(f"{where} has {len(value)} items: only the first {MAX_HEADERS} were read")
        return tuple(found)

    def body(self, value: Any, *, encoding: Any = None) -> tuple[str, bool]:
        """A body's text (base64 decoded when the HAR says so), cut to MAX_BODY_CHARS."""
        if not isinstance(value, str):
            return "", False
        text = value
        if isinstance(encoding, str) and encoding.lower() == "base64":
            raw_limit = (MAX_BODY_CHARS * 4) // 3 + 8
            try:
                decoded = base64.b64decode(value[: raw_limit - raw_limit % 4], validate=False)
            except (binascii.Error, ValueError):
                decoded = b""
            text = decoded.decode("utf-8", errors="replace")
        if len(text) > MAX_BODY_CHARS:
            return text[:MAX_BODY_CHARS], True
        return text, False

    @staticmethod
    def timestamp(value: Any) -> float | None:
        if not isinstance(value, str) or not value or len(value) > 64:
            return None
        text = value.strip()
        try:
            moment = datetime.datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            return None
        if moment.tzinfo is None:  # HAR asks for an offset; without one, take UTC
            moment = moment.replace(tzinfo=datetime.UTC)
        try:
            return moment.timestamp()
        except (OverflowError, OSError, ValueError):
            return None

    # -- one entry
    def entry(self, index: int, raw: Any) -> HarEntry | None:
        if not isinstance(raw, Mapping):
            self.warn(f"entry {index + 1} is {_json_type(raw)}, not an object: skipped")
            return None
        request = raw.get("request")
        response = raw.get("response")
        if not isinstance(request, Mapping):
            self.warn(f"entry {index + 1} has no request object: skipped")
            return None
        if not isinstance(response, Mapping):
            if response is not None:
                self.warn(f"entry {index + 1}: its response is {_json_type(response)}: ignored")
            response = {}
        started_text = self.text(raw.get("startedDateTime"), limit=64)
        started = self.timestamp(started_text)
        if started_text and started is None:
            self.warn(f"entry {index + 1}: startedDateTime {started_text!r} is not ISO 8601")
        method = self.text(request.get("method"), limit=32).upper() or "GET"
        url = self.text(request.get("url"), limit=MAX_URL_CHARS)
        post = request.get("postData")
        request_body, cut_request = (
            self.body(post.get("text"), encoding=post.get("encoding"))
            if isinstance(post, Mapping)
            else ("", False)
        )
        content = response.get("content")
        response_body, cut_response = (
            self.body(content.get("text"), encoding=content.get("encoding"))
            if isinstance(content, Mapping)
            else ("", False)
        )
        status_value = self.number(response.get("status"))
        status = int(status_value) if status_value is not None and 0 < status_value < 1000 else None
        scb_code = raw.get("_scbCode")
        step = raw.get("_step")
        environment = raw.get("_environment")
        error = raw.get("_error", response.get("_error"))
        uid = raw.get("_requestUId")
        return HarEntry(
            index=index,
            started=started,
            started_text=started_text,
            time_ms=self.number(raw.get("time")),
            method=method,
            url=url,
            request_headers=self.pairs(request.get("headers"), f"entry {index + 1} request"),
            request_body=request_body,
            status=status,
            response_headers=self.pairs(response.get("headers"), f"entry {index + 1} response"),
            response_body=response_body,
            redirect_url=self.text(response.get("redirectURL"), limit=MAX_URL_CHARS),
            step=step[:64] if isinstance(step, str) and step else None,
            scb_code=scb_code if type(scb_code) is int and abs(scb_code) < 10**9 else None,
            environment=environment[:64] if isinstance(environment, str) else None,
            extension_uid=uid[:200] if isinstance(uid, str) and uid else None,
            error=error[:1000] if isinstance(error, str) and error else None,
            truncated=cut_request or cut_response,
        )


def parse_har(data: bytes | str, *, name: str = "HAR file") -> HarLog:
    """Read a HAR document (bytes or text); raises only :class:`InputError`."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", errors="replace"))
    if size > MAX_HAR_BYTES:
        raise InputError(
            f"The {name} is {size / _MIB:.1f} MiB; SCB Console reads HAR files up to "
            f"{MAX_HAR_BYTES // _MIB} MiB (export only the auth calls, or filter the HAR)"
        )
    text = decode_text(data, what=name)
    return har_from_document(load_json(text, what=name), name=name)


def har_from_document(document: Any, *, name: str = "HAR file") -> HarLog:
    """Read an already decoded HAR document; raises only :class:`InputError`."""
    if not isinstance(document, Mapping):
        raise InputError(
            f"The {name} is JSON but not a HAR: the top level is {_json_type(document)}, "
            'expected an object with "log"'
        )
    log = document.get("log")
    if not isinstance(log, Mapping):
        hint = " (is this a token response? paste it as one)" if "data" in document else ""
        raise InputError(f'The {name} is JSON but not a HAR: it has no "log" object{hint}')
    entries = log.get("entries")
    if not isinstance(entries, list):
        raise InputError(
            f'The {name} is not a HAR: "log.entries" is {_json_type(entries)}, expected an array'
        )
    reader = _Reader()
    version = reader.text(log.get("version"), limit=32)
    if version and version not in ("1.1", "1.2"):
        reader.warn(f"HAR version {version!r}: read as 1.2")
    creator_raw = log.get("creator")
    creator = ""
    if isinstance(creator_raw, Mapping):
        creator = " ".join(
            part
            for part in (
                reader.text(creator_raw.get("name"), limit=100),
                reader.text(creator_raw.get("version"), limit=40),
            )
            if part
        )
    if len(entries) > MAX_ENTRIES:
        reader.warn(f"the HAR has {len(entries)} entries: only the first {MAX_ENTRIES} were read")
    read: list[HarEntry] = []
    for index, raw in enumerate(entries[:MAX_ENTRIES]):
        entry = reader.entry(index, raw)
        if entry is not None:
            read.append(entry)
    return HarLog(entries=tuple(read), version=version, creator=creator, warnings=reader.finish())


def read_har(path: str | os.PathLike[str]) -> HarLog:
    """Read the HAR file at ``path``; its size is checked before it is read."""
    target = Path(path)
    try:
        size = target.stat().st_size
        if size > MAX_HAR_BYTES:
            raise InputError(
                f"{target.name} is {size / _MIB:.1f} MiB; SCB Console reads HAR files up to "
                f"{MAX_HAR_BYTES // _MIB} MiB (export only the auth calls, or filter the HAR)"
            )
        with target.open("rb") as handle:
            data = handle.read(MAX_HAR_BYTES + 1)
    except OSError as exc:
        raise InputError(f"Could not read {target}: {exc.strerror or exc}") from None
    return parse_har(data, name=target.name)


# --- writing ------------------------------------------------------------------------------------

#: A :class:`ChunkedFile` hands its text to the OS in blocks of about this many characters.
WRITE_BLOCK_CHARS: Final = 64 * 1024


class ChunkedFile:
    """A file written piece by piece that appears at ``target`` only when :meth:`commit` is
    called, atomically (a temporary file beside it, then a rename); :meth:`discard` (or leaving
    a ``with`` block without committing) removes every trace of it.

    :meth:`write` is cheap: it encodes and hands the OS a block of :data:`WRITE_BLOCK_CHARS` at a
    time. :meth:`commit` waits for the disk (``fsync``): call it where waiting does no harm (a
    worker thread; it runs no Python to speak of, so it does not compete for the GIL).
    Raises OSError (the folder is missing or read-only, the disk is full).
    """

    def __init__(self, target: str | os.PathLike[str]) -> None:
        self.target = Path(target)
        fd, name = tempfile.mkstemp(
            prefix=f".{self.target.name}.", suffix=".tmp", dir=self.target.parent
        )
        self._fd: int | None = fd
        self._temp = Path(name)
        self._pending: list[str] = []
        self._pending_chars = 0
        self._committed = False
        #: Characters written so far (also those still pending).
        self.chars = 0

    @property
    def closed(self) -> bool:
        return self._fd is None

    def write(self, text: str) -> None:
        if self._fd is None:
            raise ValueError("write to a ChunkedFile that was committed or discarded")
        if not text:
            return
        self._pending.append(text)
        self._pending_chars += len(text)
        self.chars += len(text)
        if self._pending_chars >= WRITE_BLOCK_CHARS:
            self._flush()

    def _flush(self) -> None:
        assert self._fd is not None
        data = "".join(self._pending).encode("utf-8")
        self._pending.clear()
        self._pending_chars = 0
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]

    def commit(self) -> Path:
        """Write what is pending, wait for the disk, and rename the file to ``target``."""
        if self._fd is None:
            raise ValueError("a ChunkedFile can be committed once, and not after a discard")
        try:
            self._flush()
            os.fsync(self._fd)
            fd, self._fd = self._fd, None
            os.close(fd)
            os.replace(self._temp, self.target)
        except BaseException:
            self.discard()
            raise
        self._committed = True
        return self.target

    def discard(self) -> None:
        """Forget the file (nothing is left on disk); harmless after a commit or twice."""
        self._pending.clear()
        fd, self._fd = self._fd, None
        try:
            if fd is not None:
                os.close(fd)
        finally:
            if not self._committed:
                self._temp.unlink(missing_ok=True)

    def __enter__(self) -> ChunkedFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.discard()


def _indented(value: object, prefix: str) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + prefix)  # JSON text has newlines only between tokens


def har_chunks(records: Iterable[ExchangeRecord]) -> Iterator[str]:
    """The text of ``har_document(records)`` as ``json.dumps(..., ensure_ascii=False,
    indent=2)`` writes it (and a final newline), one entry at a time."""
    log = har_document(())["log"]
    yield '{\n  "log": {'
    for index, (key, value) in enumerate(log.items()):
        yield ("\n" if index == 0 else ",\n") + f"    {json.dumps(key)}: "
        if key != "entries":
            yield _indented(value, "    ")
            continue
        count = 0
        for record in records:
            entry = _indented(har_entry(record), "      ")
            yield ("[\n      " if count == 0 else ",\n      ") + entry
            count += 1
        yield "\n    ]" if count else "[]"
    yield "\n  }\n}\n"


def write_har_steps(
    records: Sequence[ExchangeRecord], file: ChunkedFile
) -> Generator[float, None, None]:
    """Write the HAR of ``records`` into ``file``, one entry per step; each step yields the part
    done (0 to 1). The caller commits ``file`` when the steps are over (or discards it)."""
    total = len(records) + 2 * len(har_document(())["log"]) + 2  # the chunks har_chunks yields
    for done, chunk in enumerate(har_chunks(records), start=1):
        file.write(chunk)
        yield min(1.0, done / total)
