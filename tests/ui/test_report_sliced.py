"""The support report of a large session, written in slices on the GUI thread: the same file the
one-go export writes, the same refusal when a secret would leak, nothing left when cancelled."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from scb_console.core.clock import FakeClock
from scb_console.core.errors import ExportError
from scb_console.core.report import SessionData
from scb_console.ui import report_dialog
from scb_console.ui.main_window import MainWindow

from .conftest import WAIT_MS, Runner
from .test_report_ui import run_session


def test_the_sliced_report_is_the_one_written_at_once(
    window: MainWindow, qtbot: Any, clock: FakeClock, tmp_path: Path, run: Runner
) -> None:
    secrets = run_session(window, qtbot, clock)
    for name in ("report.html", "report.md"):
        at_once = window.export_report(tmp_path / f"at-once-{name}").read_text("utf-8")
        written = run(report_dialog.export_support_report_sliced(window, tmp_path / name))
        assert written == tmp_path / name
        text = written.read_text(encoding="utf-8")
        assert text == at_once
        for record in window.services.exchange_log.records:
            assert record.request_uid in text
        for secret in secrets:
            assert secret not in text


def test_the_sliced_report_refuses_a_leak_and_writes_nothing(
    window: MainWindow,
    qtbot: Any,
    clock: FakeClock,
    tmp_path: Path,
    run: Runner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secrets = run_session(window, qtbot, clock)
    real = report_dialog.gather_session_data

    def leaky(win: MainWindow) -> SessionData:
        data = real(win)
        assert data.profile is not None
        return dataclasses.replace(
            data, profile=dataclasses.replace(data.profile, name=secrets[-1])
        )

    monkeypatch.setattr(report_dialog, "gather_session_data", leaky)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportError, match="Refused to write the support report") as info:
        run(report_dialog.export_support_report_sliced(window, out / "leak.html"))
    assert secrets[-1] not in str(info.value)
    assert list(out.iterdir()) == []


def test_a_report_cancelled_while_it_is_written_leaves_nothing(
    window: MainWindow,
    qtbot: Any,
    clock: FakeClock,
    aloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_session(window, qtbot, clock)
    real = report_dialog.write_report_steps
    writing = []

    def stalled(*args: Any, **kwargs: Any) -> Generator[float | None, None, Any]:
        """The real steps up to the writing of the file, then a job that never ends."""
        steps = real(*args, **kwargs)
        try:
            for value in steps:
                yield value
                if value is not None and value > 0.9:
                    writing.append(True)
                    while True:
                        yield None
        finally:
            steps.close()
        return None

    monkeypatch.setattr(report_dialog, "write_report_steps", stalled)
    out = tmp_path / "out"
    out.mkdir()
    task = aloop.create_task(report_dialog.export_support_report_sliced(window, out / "r.html"))
    qtbot.waitUntil(lambda: bool(writing), timeout=WAIT_MS)
    assert len(list(out.iterdir())) == 1  # the temporary file
    task.cancel()
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert task.cancelled()
    assert list(out.iterdir()) == []
