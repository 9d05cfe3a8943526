"""Work the GUI thread must not do at once: long jobs (exports) in slices, blocking calls on a
worker thread, imports ahead of time (:func:`preload_later`).

Long Python work goes in slices on the GUI thread, not on a worker thread. A worker thread
running Python competes with the GUI thread for the GIL, and the GUI thread loses more than the
work costs: every call from Qt into Python (a slot, a model's ``data()``, a ``paintEvent``, an
event filter) has to win the GIL back, which takes up to the switch interval (5 ms) each time,
so one repaint waits tens of milliseconds; a worker that writes a file releases and retakes the
GIL so often that the GUI thread's request to have it is never even made. A HAR export of 10,000
exchanges on a worker froze the window for 10 to 160 ms at a time, differently each run; in
slices, for 5 to 10 (see ``benchmarks/responsiveness.py``). So:

- :func:`run_sliced` drives a generator of steps on the GUI thread for :data:`SLICE_SECONDS` at a
  time, then lets the event loop run (paint, input, timers) before the next slice; cancelling
  the task stops it between two steps and closes the generator (which cleans up);
- :func:`run_with_progress` does so under a progress dialog with a Cancel button, shown only
  when the job takes longer than :data:`PROGRESS_AFTER_MS`;
- :func:`write_file_sliced` fills a :class:`~scb_console.core.har.ChunkedFile` so and commits it
  (``fsync`` and rename: a wait for the disk that runs no Python) on a worker thread;
- :func:`run_in_worker` is for work that waits without Python (disk, DNS, a C library that
  releases the GIL). While it runs, full garbage collections are held back.

Blocking calls made with ``asyncio.to_thread`` or ``run_in_executor(None, ...)`` (the keyring,
the sandbox's start, DNS lookups) run on the default executor :func:`make_event_loop` gives the
loop: at most :data:`WORKER_THREADS` threads, each started when work finds no idle one. qasync's
own default starts ten QThreads at the first such call, each with its Qt event dispatcher and,
once it has run something, its own malloc arena: about 0.6 MiB for threads a session never
needs at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import logging
import os
import threading
import time
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Final, ParamSpec, TypeVar

import qasync
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:  # loaded by the first export, not by start-up (see preload_later)
    from scb_console.core.har import ChunkedFile

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

#: Threads of the default executor, at most (a start-up needs 3 at once: the sandbox's start,
#: the keyring, the HTTP client; more calls than threads wait their turn, in order).
WORKER_THREADS: Final = 4
#: Their names: ``scb-worker_0``, ``scb-worker_1``...
WORKER_NAME: Final = "scb-worker"


def make_event_loop(
    app: QApplication | None = None, *, already_running: bool = False
) -> qasync.QEventLoop:
    """A qasync event loop for ``app`` (default: the running QApplication) whose default
    executor starts its threads only as work arrives (up to :data:`WORKER_THREADS`); closing
    the loop shuts it down, waiting for what runs.
    ``asyncio.Runner(loop_factory=make_event_loop)``."""
    loop = qasync.QEventLoop(app, already_running=already_running)
    loop.set_default_executor(
        ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix=WORKER_NAME)
    )
    return loop


#: The oldest generation's threshold while a worker runs: no full collection in practice.
_HELD_BACK: Final = 1_000_000

_running = 0
_thresholds: tuple[int, int, int] = gc.get_threshold()


def _pause_collector() -> None:
    global _running, _thresholds
    if _running == 0:
        _thresholds = gc.get_threshold()
        young, middle, _ = _thresholds
        gc.set_threshold(young, middle, _HELD_BACK)
    _running += 1


def _resume_collector() -> None:
    global _running
    _running -= 1
    if _running == 0:
        gc.set_threshold(*_thresholds)


def workers_running() -> int:
    """How many :func:`run_in_worker` calls and :func:`run_sliced` jobs are in progress."""
    return _running


async def run_in_worker(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """``fn(*args, **kwargs)`` on a worker thread, with full collections held back meanwhile.

    Call it from the event loop's thread (the GUI thread); ``fn`` must not touch widgets. For
    work that waits without running Python (see the module's note): Python work there slows the
    GUI thread down more than doing it in :func:`run_sliced` slices would.
    """
    _pause_collector()
    try:
        return await asyncio.to_thread(fn, *args, **kwargs)
    finally:
        _resume_collector()


# --- slices on the GUI thread -------------------------------------------------------------------

#: The longest slice of a sliced job (s): well under a frame (16 ms), so that the probe of
#: ``benchmarks/responsiveness.py`` (a 1 ms timer) sees gaps of a few milliseconds.
SLICE_SECONDS: Final = 0.003
#: A job's progress dialog shows only when the job runs longer than this.
PROGRESS_AFTER_MS: Final = 400


async def run_sliced(
    steps: Generator[float | None, None, T],
    *,
    progress: Callable[[float], None] | None = None,
    slice_seconds: float = SLICE_SECONDS,
) -> T:
    """Run ``steps`` on this (the GUI) thread, ``slice_seconds`` at a time, letting the event
    loop run between slices; return what the generator returns.

    ``progress(done)`` is called after each slice with the last part done a step yielded.
    Cancelling the awaiting task stops the job between two steps; the generator is closed (its
    ``finally`` blocks run) however the job ends. A step should take well under a millisecond.
    Full garbage collections are held back meanwhile (over a job's live objects one takes
    10-15 ms); the next one, after the job, finds its garbage gone.
    """
    clock = time.perf_counter
    _pause_collector()  # a job's live objects would make a full collection a long one
    try:
        while True:
            done: float | None = None
            end = clock() + slice_seconds
            while True:
                try:
                    value = next(steps)
                except StopIteration as stop:
                    result: T = stop.value
                    return result
                if value is not None:
                    done = value
                if clock() >= end:
                    break
            if progress is not None and done is not None:
                progress(done)
            await asyncio.sleep(0)  # a zero timer: what Qt has waiting runs first
    finally:
        steps.close()
        _resume_collector()


async def run_with_progress(
    steps: Generator[float | None, None, T],
    *,
    parent: QWidget | None,
    title: str,
    label: str,
    show_after_ms: int = PROGRESS_AFTER_MS,
) -> T:
    """:func:`run_sliced` under a progress dialog (modeless; it shows only when the job runs
    longer than ``show_after_ms``) whose Cancel button cancels the awaiting task."""
    from PySide6.QtWidgets import QProgressDialog

    task = asyncio.current_task()
    dialog = QProgressDialog(parent)  # its Cancel button's text is Qt's, translated by Qt
    dialog.setLabelText(label)
    dialog.setRange(0, 1000)
    dialog.setObjectName("slicedJobProgress")
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.NonModal)  # modal ones re-enter the event loop
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(show_after_ms)
    dialog.setValue(0)  # starts the clock: shown after show_after_ms even with no progress told
    if task is not None:
        dialog.canceled.connect(task.cancel)
    try:
        return await run_sliced(steps, progress=lambda done: dialog.setValue(round(done * 1000)))
    finally:
        if shiboken6.isValid(dialog):  # not when its parent window went first
            if task is not None:
                with contextlib.suppress(RuntimeError, TypeError):
                    dialog.canceled.disconnect(task.cancel)
            dialog.hide()
            dialog.deleteLater()


async def write_file_sliced(
    path: str | os.PathLike[str],
    fill: Callable[[ChunkedFile], Generator[float | None, None, object]],
    *,
    parent: QWidget | None = None,
    title: str = "",
    label: str = "",
) -> Path:
    """Write a file with ``fill(file)``'s steps in slices (under a progress dialog) and commit
    it on a worker thread; the file appears whole at ``path`` or not at all (OSError, or the
    task cancelled before the commit)."""
    from scb_console.core.har import ChunkedFile

    file = ChunkedFile(path)
    try:
        await run_with_progress(fill(file), parent=parent, title=title, label=label)
    except BaseException:
        file.discard()
        raise
    return await commit_off_thread(file.commit)


async def commit_off_thread(commit: Callable[[], T]) -> T:
    """``commit()`` (an ``fsync`` and a rename) on a worker thread; a cancel while it runs
    takes effect once it is over (the file is in place by then)."""
    future = asyncio.ensure_future(asyncio.to_thread(commit))
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await future
        raise


#: How long after start-up the modules first clicks need are loaded (the first frame is out).
PRELOAD_DELAY_MS: Final = 1000

_preloaded: set[str] = set()
#: Preloads asked for and not over yet (a timer waiting, a thread importing).
_preloads_pending = 0
_preload_lock = threading.Lock()
#: Names asked for by :func:`preload_later` whose timer has not fired yet.
_preload_queue: list[str] = []


def _preload_done() -> None:
    global _preloads_pending
    with _preload_lock:
        _preloads_pending -= 1


def preload_modules(names: Iterable[str]) -> threading.Thread | None:
    """Import ``names`` (each once per process) on a daemon thread.

    For modules the first frame does not need but a first click would wait for on the GUI
    thread: ``qrcode`` and PIL (the first QR code), httpx's async backend ``anyio`` (the first
    request), ``scb_console.core.report``, some 15-25 ms each. An import on another thread holds
    the GIL only in short slices.
    """
    global _preloads_pending
    todo = [name for name in names if name not in _preloaded]
    if not todo:
        return None
    _preloaded.update(todo)

    def load() -> None:
        try:
            for name in todo:
                try:
                    importlib.import_module(name)
                except Exception as exc:  # it is loaded again, on first use, where it fails loudly
                    log.debug("preloading %s failed: %s", name, exc)
        finally:
            _preload_done()

    with _preload_lock:
        _preloads_pending += 1
    thread = threading.Thread(target=load, name="preload-modules", daemon=True)
    thread.start()
    return thread


def preload_later(names: Iterable[str], delay_ms: int = PRELOAD_DELAY_MS) -> None:
    """:func:`preload_modules` once the event loop has run for ``delay_ms``; the names asked
    for until then are imported together, by one thread."""
    global _preloads_pending
    wanted = [n for n in names if n not in _preloaded and n not in _preload_queue]
    if not wanted:
        return
    first = not _preload_queue
    _preload_queue.extend(wanted)
    if not first:
        return

    def start() -> None:
        try:
            queued = tuple(_preload_queue)
            _preload_queue.clear()
            preload_modules(queued)
        finally:
            _preload_done()

    with _preload_lock:
        _preloads_pending += 1
    QTimer.singleShot(delay_ms, start)


def preloading() -> bool:
    """True while a preload is waiting for its time or importing (benchmarks wait it out)."""
    with _preload_lock:
        return _preloads_pending > 0


__all__ = [
    "PROGRESS_AFTER_MS",
    "SLICE_SECONDS",
    "WORKER_THREADS",
    "commit_off_thread",
    "make_event_loop",
    "preload_later",
    "preload_modules",
    "preloading",
    "run_in_worker",
    "run_sliced",
    "run_with_progress",
    "workers_running",
    "write_file_sliced",
]
