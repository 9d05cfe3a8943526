"""Work the GUI thread must not do (building and writing exports), on a worker thread.

:func:`run_in_worker` awaits ``fn(*args)`` on a worker thread (``asyncio.to_thread``), so the
window keeps answering. One more thing keeps it answering: Python's cyclic garbage collector
stops every thread while it runs, and an export that builds hundreds of thousands of objects
sets off full collections over everything the session holds, each a GUI freeze of tens of
milliseconds (see ``benchmarks/responsiveness.py``). While any worker runs, full collections
are held back (the oldest generation's threshold raised); the young generations are still
collected as usual, in small steps, so the cycles an export leaves behind do not pile up into
one long collection at the end either.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Final, ParamSpec, TypeVar

from PySide6.QtCore import QTimer

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

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
    """How many :func:`run_in_worker` calls are in progress."""
    return _running


async def run_in_worker(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """``fn(*args, **kwargs)`` on a worker thread, with full collections held back meanwhile.

    Call it from the event loop's thread (the GUI thread); ``fn`` must not touch widgets.
    """
    _pause_collector()
    try:
        return await asyncio.to_thread(fn, *args, **kwargs)
    finally:
        _resume_collector()


#: How long after start-up the modules first clicks need are loaded (the first frame is out).
PRELOAD_DELAY_MS: Final = 1000

_preloaded: set[str] = set()


def preload_modules(names: Iterable[str]) -> threading.Thread | None:
    """Import ``names`` (each once per process) on a daemon thread.

    For modules the first frame does not need but a first click would wait for on the GUI
    thread: ``qrcode`` and PIL (the first QR code), httpx's async backend ``anyio`` (the first
    request), some 30 ms each. An import on another thread holds the GIL only in short slices.
    """
    todo = [name for name in names if name not in _preloaded]
    if not todo:
        return None
    _preloaded.update(todo)

    def load() -> None:
        for name in todo:
            try:
                importlib.import_module(name)
            except Exception as exc:  # it is loaded again, on first use, where it fails loudly
                log.debug("preloading %s failed: %s", name, exc)

    thread = threading.Thread(target=load, name="preload-modules", daemon=True)
    thread.start()
    return thread


def preload_later(names: Iterable[str], delay_ms: int = PRELOAD_DELAY_MS) -> None:
    """:func:`preload_modules` once the event loop has run for ``delay_ms``."""
    wanted = tuple(name for name in names if name not in _preloaded)
    if wanted:
        QTimer.singleShot(delay_ms, lambda: preload_modules(wanted))


__all__ = ["preload_later", "preload_modules", "run_in_worker", "workers_running"]
