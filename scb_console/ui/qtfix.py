"""A guard against a reference-count bug of PySide6 6.12.0 on Python 3.11.

PySide6 6.12.0's compiled bindings return ``None``, ``True`` and ``False`` without taking a
reference to them (as Python 3.12's immortal objects allow, but 3.11 does not): every call of a
void method (``setText``, ``setEnabled``, ``update``...) drops one reference to ``None`` that was
never taken, and every ``Signal.emit()``/``disconnect()`` one to ``True``. After some thousands of
calls, which a GUI makes in minutes, the count reaches zero and CPython aborts with "Fatal Python
error: none_dealloc: deallocating None" (or ``bool_dealloc``). PySide6 6.11.3 does not do this.

Python 3.12 made these objects immortal, so the bug is harmless there. On 3.11 we do the same
by hand: once, at import, if a probe shows the leak, ``None``, ``True``, ``False``,
``NotImplemented`` and ``Ellipsis`` get a reference count so large that no process can use it up
(2**40 calls). Nothing happens on an interpreter or a PySide6 without the leak.

Import this module before anything else of the GUI runs (``scb_console.ui.theme`` and
``scb_console.ui.ticker`` import it).
"""

from __future__ import annotations

import sys
import threading
from typing import Final

from PySide6.QtCore import QObject, Signal

#: How far the reference counts are raised when the leak is present.
_BOOST: Final = 1 << 40
_PROBES: Final = 64
#: The objects CPython 3.12 made immortal and that C code returns with ``Py_RETURN_*``.
_SINGLETONS: Final[tuple[object, ...]] = (None, True, False, NotImplemented, Ellipsis)

_lock = threading.Lock()
_installed = False


class _Probe(QObject):
    ping = Signal()


def _add_references(obj: object, count: int) -> None:
    """Add ``count`` to ``obj``'s reference count (CPython: ``ob_refcnt`` is its first field)."""
    import ctypes  # 5 ms to import: only where the leak is (not on every start-up)

    refcnt = ctypes.c_ssize_t.from_address(id(obj))
    refcnt.value += count


def _leaks(obj: object, call: object) -> bool:
    assert callable(call)
    before = sys.getrefcount(obj)
    for _ in range(_PROBES):
        call()
    leaked = before - sys.getrefcount(obj)
    if leaked > 0:
        _add_references(obj, leaked)  # give back what the probe itself took
    return leaked >= _PROBES * 3 // 4


def singletons_leak() -> bool:
    """True when PySide6 drops references to None or True that it never took."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False  # immortal there (or not reference counted at all)
    probe = _Probe()
    name = "probe"
    none_leaks = _leaks(None, lambda: probe.setObjectName(name))
    true_leaks = _leaks(True, probe.ping.emit)
    return none_leaks or true_leaks


def install_refcount_guard() -> bool:
    """Make the singletons immortal in practice if this PySide6 leaks them; True if it does."""
    global _installed
    with _lock:
        if _installed:
            return True
        if not singletons_leak():
            return False
        for obj in _SINGLETONS:
            _add_references(obj, _BOOST)
        _installed = True
        return True


def guard_installed() -> bool:
    return _installed


install_refcount_guard()
