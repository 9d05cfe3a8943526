"""Long jobs in slices on the GUI thread (scb_console.ui.worker): the event loop runs between
slices, progress is reported, a cancel stops the job and cleans up, files appear whole or not at
all, full collections wait for the job; imports put off after start-up are done by one thread."""

from __future__ import annotations

import asyncio
import gc
import importlib
import sys
import textwrap
import threading
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from scb_console.core.har import ChunkedFile
from scb_console.ui import worker
from scb_console.ui.worker import (
    preload_later,
    preloading,
    run_sliced,
    run_with_progress,
    workers_running,
    write_file_sliced,
)
from tests.scripts import run_json_script

from .conftest import WAIT_MS, Runner


class Job:
    """``steps`` steps (forever when None) noting what happened, in order, in ``seen``."""

    def __init__(self, seen: list[str], steps: int | None = None) -> None:
        self.seen = seen
        self.steps = steps
        self.done = 0
        self.closed = False

    def run(self) -> Generator[float | None, None, str]:
        try:
            while self.steps is None or self.done < self.steps:
                self.done += 1
                self.seen.append("step")
                yield None if self.steps is None else self.done / self.steps
            return "finished"
        finally:
            self.closed = True


def test_the_event_loop_runs_between_slices_and_progress_is_told(run: Runner) -> None:
    seen: list[str] = []
    job = Job(seen, steps=6)
    told: list[float] = []

    async def main() -> str:
        QTimer.singleShot(0, lambda: seen.append("qt timer"))
        asyncio.get_running_loop().call_soon(seen.append, "asyncio callback")
        return await run_sliced(job.run(), progress=told.append, slice_seconds=0.0)

    assert run(main()) == "finished"
    assert seen.count("step") == 6
    assert seen.index("qt timer") < len(seen) - 1  # before the job was over
    assert seen.index("asyncio callback") < len(seen) - 1
    assert told == pytest.approx([n / 6 for n in range(1, 7)])  # a slice a step
    assert job.closed


def test_a_slice_runs_several_steps_when_they_are_quick(run: Runner) -> None:
    seen: list[str] = []
    job = Job(seen, steps=50)

    async def main() -> str:
        QTimer.singleShot(0, lambda: seen.append("qt timer"))
        return await run_sliced(job.run(), slice_seconds=60.0)

    assert run(main()) == "finished"
    assert seen[:50] == ["step"] * 50  # one slice: nothing ran in between


def test_cancelling_a_job_stops_it_between_steps_and_closes_it(
    run: Runner, aloop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    job = Job([], steps=None)
    before = gc.get_threshold()
    task = aloop.create_task(run_sliced(job.run(), slice_seconds=0.0))
    qtbot.waitUntil(lambda: job.done > 5, timeout=WAIT_MS)
    assert workers_running() == 1
    assert gc.get_threshold()[2] > before[2]  # full collections held back meanwhile
    task.cancel()
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert task.cancelled()
    assert job.closed
    assert workers_running() == 0
    assert gc.get_threshold() == before


def test_a_job_that_fails_is_closed_and_raises(run: Runner) -> None:
    closed: list[bool] = []

    def failing() -> Generator[float | None, None, None]:
        try:
            yield 0.5
            raise OSError("disk full")
        finally:
            closed.append(True)

    with pytest.raises(OSError, match="disk full"):
        run(run_sliced(failing(), slice_seconds=0.0))
    assert closed == [True]
    assert workers_running() == 0


def _progress_dialogs() -> list[QProgressDialog]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.objectName() == "slicedJobProgress"
    ]


def test_a_long_job_shows_progress_and_its_cancel_button_cancels_it(
    aloop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    job = Job([], steps=None)
    task = aloop.create_task(
        run_with_progress(
            job.run(), parent=parent, title="Export", label="Writing…", show_after_ms=0
        )
    )
    qtbot.waitUntil(lambda: any(d.isVisible() for d in _progress_dialogs()), timeout=WAIT_MS)
    dialog = next(d for d in _progress_dialogs() if d.isVisible())
    assert dialog.windowTitle() == "Export"
    assert dialog.labelText() == "Writing…"
    assert not dialog.isModal()  # a modal one would re-enter the event loop on each value
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None
    cancel.click()
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert task.cancelled()
    assert job.closed
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=WAIT_MS)  # deleted


def test_a_quick_job_shows_no_dialog(run: Runner, qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    result = run(
        run_with_progress(Job([], steps=3).run(), parent=parent, title="Export", label="…")
    )
    assert result == "finished"
    assert not any(d.isVisible() for d in _progress_dialogs())


def _fill(file: ChunkedFile) -> Generator[float, None, None]:
    for index in range(2000):
        file.write(f"line {index}\n")
        yield (index + 1) / 2000


def test_a_file_written_in_slices_appears_whole(run: Runner, tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("the previous file", encoding="utf-8")
    assert run(write_file_sliced(target, _fill, title="Export", label="…")) == target
    assert target.read_text(encoding="utf-8") == "".join(f"line {i}\n" for i in range(2000))
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_file_cancelled_or_failed_halfway_leaves_nothing(
    run: Runner, aloop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    job = Job([], steps=None)

    def fill_forever(file: ChunkedFile) -> Generator[float | None, None, None]:
        for _ in job.run():
            file.write("x" * 1000)
            yield None

    task = aloop.create_task(write_file_sliced(tmp_path / "out.txt", fill_forever))
    qtbot.waitUntil(lambda: job.done > 200, timeout=WAIT_MS)  # some blocks reached the disk
    task.cancel()
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert task.cancelled()
    assert list(tmp_path.iterdir()) == []

    def fill_and_fail(file: ChunkedFile) -> Generator[float, None, None]:
        file.write("x" * 100_000)
        yield 0.5
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        run(write_file_sliced(tmp_path / "out.txt", fill_and_fail))
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(OSError):
        run(write_file_sliced(tmp_path / "missing" / "out.txt", _fill))


def test_modules_put_off_are_imported_by_one_thread_after_the_delay(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    candidates = ("colorsys", "wave", "sched", "tabnanny", "pyclbr", "netrc")
    wanted = [name for name in candidates if name not in sys.modules][:3]
    if len(wanted) < 2:
        pytest.skip("the modules to import were imported already")
    started: list[tuple[str, ...]] = []
    real = worker.preload_modules

    def preload(names: tuple[str, ...]) -> object:
        started.append(tuple(names))
        return real(names)

    monkeypatch.setattr(worker, "preload_modules", preload)
    preload_later(wanted[:1], delay_ms=0)
    preload_later(wanted, delay_ms=0)  # the first is not asked for twice
    assert preloading()
    qtbot.waitUntil(lambda: not preloading(), timeout=WAIT_MS)
    assert started == [tuple(wanted)]  # one thread, every name once
    assert all(name in sys.modules for name in wanted)
    assert importlib.import_module("json.tool")  # the GUI thread's own imports still work


def test_blocking_calls_share_a_few_named_workers_and_wait_their_turn(run: Runner) -> None:
    """Blocking calls run on the app's default executor: at most WORKER_THREADS at once, the
    rest in order after them, every one finished."""
    calls = worker.WORKER_THREADS + 3
    gate = threading.Event()
    changed = threading.Condition()
    running = 0
    most = 0
    names: set[str] = set()

    def blocking(index: int) -> int:
        nonlocal running, most
        with changed:
            running += 1
            most = max(most, running)
            names.add(threading.current_thread().name)
            changed.notify_all()
        gate.wait(5)
        with changed:
            running -= 1
        return index

    async def main() -> list[int]:
        loop = asyncio.get_running_loop()
        jobs = [loop.run_in_executor(None, blocking, i) for i in range(calls)]  # (submitted)
        with changed:  # every worker busy: the others wait their turn in the queue
            assert changed.wait_for(lambda: running == worker.WORKER_THREADS, timeout=5)
        gate.set()
        return list(await asyncio.gather(*jobs))

    assert run(main()) == list(range(calls))
    assert most == worker.WORKER_THREADS
    assert len(names) == worker.WORKER_THREADS
    assert all(name.startswith(worker.WORKER_NAME) for name in names)


def test_the_event_loop_starts_its_worker_threads_only_as_work_arrives() -> None:
    """qasync's own default executor starts ten threads at the first blocking call; the app's
    starts one for one call, and closing the loop ends them.

    Threads are counted in the kernel (a QThread is one too), except after the close: a joined
    Python thread may still be finishing its exit in the kernel for a moment, so there the test
    asks Python which threads are alive."""
    script = textwrap.dedent(
        """
        import asyncio, json, os, sys, threading
        from PySide6.QtWidgets import QApplication
        from scb_console.ui.worker import make_event_loop

        def threads() -> int:
            return len(os.listdir("/proc/self/task"))

        app = QApplication([])
        counts = {"before": threads()}

        async def main() -> None:
            await asyncio.to_thread(sum, [1, 2])
            counts["one call"] = threads()
            await asyncio.gather(*(asyncio.to_thread(sum, [i]) for i in range(3)))
            counts["three at once"] = threads()

        with asyncio.Runner(loop_factory=make_event_loop) as runner:
            runner.run(main())
        counts["alive after close"] = [t.name for t in threading.enumerate()]
        print(json.dumps(counts))
        """
    )
    counts = run_json_script(script)
    assert counts["one call"] == counts["before"] + 1
    assert counts["before"] + 1 <= counts["three at once"] <= counts["before"] + 3
    assert counts["alive after close"] == ["MainThread"]
