"""Terminal plumbing for the CLI: stdin lines, JSON on stdout, notes, a QR code and a countdown.

stdout carries the command's result (JSON or a table) and nothing else, so scripts can parse it;
everything meant for the person at the terminal (the deeplink, the QR code, the countdown,
warnings, errors) goes to stderr.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import threading
import time
from typing import Any, Final, TextIO

from scb_console.cli.i18n import tr
from scb_console.core.clock import format_remaining

#: Longest single stdin line / document the CLI reads (a token, a URL, a JSON token set).
MAX_STDIN_BYTES: Final = 1024 * 1024


def stderr() -> TextIO:
    return sys.stderr


def note(message: str) -> None:
    """One line for the person at the terminal (stderr)."""
    print(message, file=sys.stderr, flush=True)


def warn(message: str) -> None:
    print(tr("warning: {message}", message=message), file=sys.stderr, flush=True)


def print_json(value: Any) -> None:
    """The command's result on stdout."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


class StdinReader:
    """Reads stdin by lines straight from file descriptor 0, with no Python-level buffering.

    One reader owns stdin for the whole command: ``--api-secret-stdin`` takes the first line,
    and ``token user`` reads the lines after it as pasted redirects. Reading the descriptor
    directly (not ``sys.stdin``) means a background thread blocked on it never holds a lock the
    interpreter needs at exit.
    """

    def __init__(self, fd: int | None = None) -> None:
        if fd is None:
            try:
                fd = sys.stdin.fileno() if sys.stdin is not None else -1
            except (OSError, ValueError, AttributeError):
                fd = -1
        self._fd = fd
        self._buffer = b""
        self._eof = fd < 0
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def eof(self) -> bool:
        return self._eof and not self._buffer

    def isatty(self) -> bool:
        try:
            return self._fd >= 0 and os.isatty(self._fd)
        except OSError:
            return False

    def _fill(self) -> bool:
        if self._eof:
            return False
        try:
            chunk = os.read(self._fd, 65536)
        except (OSError, ValueError):
            chunk = b""
        if not chunk:
            self._eof = True
            return False
        self._buffer += chunk
        if len(self._buffer) > MAX_STDIN_BYTES:
            self._buffer = self._buffer[:MAX_STDIN_BYTES]
            self._eof = True
        return True

    def readline(self) -> str | None:
        """The next line without its line ending; None at end of input. Blocks."""
        with self._lock:
            while b"\n" not in self._buffer and self._fill():
                pass
            if not self._buffer:
                return None
            line, _, rest = self._buffer.partition(b"\n")
            self._buffer = rest
            return line.decode("utf-8", "replace").rstrip("\r")

    def read_all(self) -> str:
        """Everything left on stdin (up to :data:`MAX_STDIN_BYTES`). Blocks until end of input."""
        with self._lock:
            while self._fill():
                pass
            data, self._buffer = self._buffer, b""
            return data.decode("utf-8", "replace")

    def peek_first_char(self) -> str:
        """The first non-blank character still to come ('' at end of input). Blocks."""
        with self._lock:
            while not self._buffer.strip() and self._fill():
                pass
            stripped = self._buffer.lstrip()
            return stripped[:1].decode("ascii", "replace") if stripped else ""

    def lines(self, loop: asyncio.AbstractEventLoop) -> asyncio.Queue[str | None]:
        """Lines as they arrive, read by a daemon thread; None after the last one."""
        queue: asyncio.Queue[str | None] = asyncio.Queue()

        def pump() -> None:
            while True:
                line = self.readline()
                with contextlib.suppress(RuntimeError):  # the loop has closed: we are done
                    loop.call_soon_threadsafe(queue.put_nowait, line)
                if line is None:
                    return

        self._thread = threading.Thread(target=pump, name="stdin-lines", daemon=True)
        self._thread.start()
        return queue


def print_qr(data: str, *, out: TextIO | None = None) -> bool:
    """Draw ``data`` as a QR code with block characters; False when the terminal cannot show it.

    On a terminal the colours are fixed (white modules on black, as scanners expect on any
    theme); elsewhere dark modules are solid blocks, which reads right on a light background.
    """
    import qrcode  # imported here: only `token user` draws a QR code

    stream = out if out is not None else sys.stderr
    qr = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(data)
    qr.make(fit=True)
    try:
        "\u2580\u2584\u2588\xa0".encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    tty = False
    with contextlib.suppress(OSError, ValueError, AttributeError):
        tty = stream.isatty()
    qr.print_ascii(out=stream, tty=tty)
    return True


class Countdown:
    """A visible countdown on stderr: rewritten in place on a terminal, a line now and then else."""

    def __init__(
        self,
        label: str,
        seconds: float,
        *,
        out: TextIO | None = None,
        in_place: bool | None = None,
    ) -> None:
        """``in_place`` (default: when ``out`` is a terminal) rewrites one line every second.

        Pass False while the person may be typing on the same terminal (a pasted redirect),
        so the countdown never overwrites what they type.
        """
        self.label = label
        self.deadline = time.monotonic() + seconds
        self._out = out if out is not None else sys.stderr
        if in_place is None:
            try:
                in_place = self._out.isatty()
            except (OSError, ValueError, AttributeError):
                in_place = False
        self._tty = in_place
        self._last_line: int | None = None
        self._task: asyncio.Task[None] | None = None

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def _show(self, *, force: bool = False) -> None:
        left = self.remaining()
        text = tr("{label}: {time} left", label=self.label, time=format_remaining(left))
        if self._tty:
            self._out.write(f"\r\x1b[K{text}")
            self._out.flush()
            return
        step = int(-(-left // 15))  # a line every 15 s, and at the start
        if force or step != self._last_line:
            self._last_line = step
            self._out.write(text + "\n")
            self._out.flush()

    async def _run(self) -> None:
        self._show(force=True)
        while self.remaining() > 0:
            await asyncio.sleep(min(1.0, self.remaining()) or 0.05)
            self._show()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._tty:
            self._out.write("\r\x1b[K")
            self._out.flush()
