"""A faster answer to the question PySide6 asks of every module imported after it.

PySide6 replaces ``builtins.__import__`` with a hook of its own (for its ``__feature__``
switches: ``from __feature__ import snake_case``). The first time each module name is imported
after PySide6 was, the hook asks ``shibokensupport.feature._mod_uses_pyside(module)``, which calls
``inspect.getsource(module)`` and looks for the text ``"PySide6"`` in it. ``getsource`` goes
through :mod:`linecache`: the file is read, its encoding detected, it is split into lines, the
lines are kept, and they are joined again. That is some 0.2 ms a module, 15 to 20 ms of the
console's start-up (about 90 modules, half of them already imported before PySide6 was), and
megabytes of source text kept in memory.

:func:`install` puts in a function that gives the same answer for a module whose source is a
``.py`` file (the file's bytes contain ``b"PySide6"``: the same test, on the same file, read
once with no tokenizer and no cache) and asks PySide6's own function for everything else
(built-in, extension and zip-imported modules). tests/ui/test_feature_check.py compares the
two answers over every module its test process has loaded (the console's among them).

Call :func:`install` before PySide6's Qt modules are imported (``run_gui`` does, first thing):
importing ``shiboken6`` installs PySide6's hook, and everything imported after that is asked.
Nothing changes if this PySide6 has no such function.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType
from typing import Final

#: What PySide6's check looks for in a module's source.
_MARK: Final = b"PySide6"


def _fast_check(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return _MARK in source.read()
            except OSError:
                pass  # (gone since, or unreadable: as PySide6 would find it)
        return original(module)

    uses_pyside.scb_console_original = original  # type: ignore[attr-defined]
    return uses_pyside


def install() -> bool:
    """Import ``shiboken6`` (which installs PySide6's import hook) and give the hook the faster
    check; True if it now has it."""
    import shiboken6  # noqa: F401  (its bootstrap loads shibokensupport.feature)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False  # a PySide6 without this check: nothing to speed up
    if getattr(original, "scb_console_original", None) is None:
        feature._mod_uses_pyside = _fast_check(original)  # type: ignore[attr-defined]
    return True


def installed() -> bool:
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    return getattr(check, "scb_console_original", None) is not None


def original_check() -> Callable[[ModuleType], bool] | None:
    """PySide6's own check (for the tests that compare the two), or None."""
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    return getattr(check, "scb_console_original", check)
