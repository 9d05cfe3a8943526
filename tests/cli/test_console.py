"""The CLI's terminal plumbing in process: stdin lines, the QR code, the countdown's output."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
from collections.abc import Iterator

import pytest

from scb_console.cli.console import Countdown, StdinReader, print_qr


@pytest.fixture
def pipe() -> Iterator[tuple[StdinReader, int]]:
    read_fd, write_fd = os.pipe()
    try:
        yield StdinReader(read_fd), write_fd
    finally:
        for fd in (read_fd, write_fd):
            with contextlib.suppress(OSError):
                os.close(fd)


def test_stdin_reader_lines_then_json(pipe: tuple[StdinReader, int]) -> None:
    reader, write_fd = pipe
    os.write(write_fd, 'first-secret\r\n  {"accessToken": "ไทย"}\n'.encode())
    os.close(write_fd)
    assert reader.readline() == "first-secret"
    assert reader.peek_first_char() == "{"
    assert reader.read_all().strip() == '{"accessToken": "ไทย"}'
    assert reader.readline() is None
    assert reader.eof


def test_stdin_reader_feeds_an_asyncio_queue(pipe: tuple[StdinReader, int]) -> None:
    reader, write_fd = pipe

    async def collect() -> list[str | None]:
        queue = reader.lines(asyncio.get_running_loop())
        os.write(write_fd, b"one\ntwo")
        os.close(write_fd)
        return [await queue.get() for _ in range(3)]

    assert asyncio.run(collect()) == ["one", "two", None]


def test_no_stdin_is_at_end() -> None:
    reader = StdinReader(-1)
    assert reader.eof
    assert reader.readline() is None
    assert not reader.isatty()


def test_qr_needs_a_terminal_that_can_draw_blocks() -> None:
    ascii_only = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    assert print_qr("scbeasysim://login/x", out=ascii_only) is False
    utf8 = io.StringIO()
    assert print_qr("scbeasysim://login/x", out=utf8) is True
    drawing = utf8.getvalue()
    assert "█" in drawing
    assert "\x1b[" not in drawing  # colours only on a terminal


def test_countdown_lines_off_a_terminal() -> None:
    out = io.StringIO()
    countdown = Countdown("waiting", 60, out=out)
    countdown._show(force=True)
    countdown._show()  # same 15 s step: no new line
    assert out.getvalue() == "waiting: 1:00 left\n"


def test_countdown_in_place_on_a_terminal() -> None:
    out = io.StringIO()
    countdown = Countdown("waiting", 5, out=out, in_place=True)
    countdown._show()
    assert out.getvalue() == "\r\x1b[Kwaiting: 0:05 left"
