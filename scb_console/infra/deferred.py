"""Modules whose code runs the first time something asks them for a name.

Libraries the console uses import, at load, modules that nothing the console runs needs, or
needs only in a case most sessions never meet. :data:`UNUSED_AT_LOAD` names them;
:func:`defer_unused_imports` (``run_gui``, before anything imports those libraries) puts each in
``sys.modules`` ready but not run: the import statements that name it succeed at once, and its
code runs, by its own loader, the first time anything asks it for a name. Whoever does use it
gets the real module, only later. ``benchmarks/memory.py`` counts what that saves.

This is the standard library's ``importlib.util.LazyLoader`` recipe, with what it lacks on
Python 3.11: a lock, so that two threads asking at once run the module once (the HTTP client
and the keyring are opened on worker threads), and a module that asks itself for a name while
it runs finds it missing, as any module being imported does (no second run, no deadlock). The
names the import system and introspection probe a module for (``__path__``, ``__file__``,
``__spec__``...: :data:`PROBED`) load nothing; any other name does, ``__version__`` included.

A module imported with ``from module import name`` cannot be put off that way (the name is
asked for at once): ``jaraco.context`` uses ``backports.tarfile`` at load, for one.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import threading
from types import ModuleType
from typing import Any, Final

__all__ = [
    "PROBED",
    "UNUSED_AT_LOAD",
    "DeferredImport",
    "DeferredModule",
    "defer_import",
    "defer_unused_imports",
]

#: Modules imported at load by the console's libraries, and what (rarely) uses them.
UNUSED_AT_LOAD: Final = (
    # keyring's jaraco.functools: two helpers keyring never calls (0.9 MiB resident)
    "more_itertools",
    # httpx: host names outside ASCII, and "xn--" names shown back (0.3 MiB)
    "idna",
    # httpx and httpcore: the CA bundle, at the first TLS context (the sandbox is plain HTTP)
    "certifi",
    # keyring: its plugin discovery, which infra/keyring_plugins.py does without it where it
    # can (1.2 MiB with what it reads); from Python 3.12 keyring uses the standard library's
    "importlib.metadata" if sys.version_info >= (3, 12) else "importlib_metadata",
)

#: Names asked of a module that do not run it: what the import system and introspection probe
#: for (``hasattr(module, "__path__")``...). A deferred module answers them as not run yet.
PROBED: Final = frozenset(
    {"__path__", "__file__", "__cached__", "__loader__", "__spec__", "__package__", "__wrapped__"}
)


class DeferredModule(ModuleType):
    """A module whose code runs (:meth:`_run`, once, thread-safe) when first asked for a name.

    Subclasses say how the code runs. Either construct one or :meth:`_make_deferred` a module
    the import system made and has not run yet."""

    _scb_lock: threading.RLock
    _scb_loaded: bool
    _scb_loading: bool

    def _make_deferred(self) -> None:
        self._scb_lock = threading.RLock()
        self._scb_loaded = False
        self._scb_loading = False

    def _run(self) -> None:
        """Run the module's code in this module's namespace."""
        raise NotImplementedError

    def __getattr__(self, name: str) -> Any:
        if name in PROBED:
            raise AttributeError(name)
        self.load()
        try:
            return self.__dict__[name]
        except KeyError:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}") from None

    @property
    def loaded(self) -> bool:
        return bool(self.__dict__.get("_scb_loaded"))

    def load(self) -> None:
        """Run the real module in this one (once; thread-safe). While it runs, a name it has not
        defined yet is missing, as in any module being imported."""
        with self._scb_lock:
            if self._scb_loaded or self._scb_loading:
                return
            self._scb_loading = True
            try:
                self._run()
                self._scb_loaded = True
            finally:
                self._scb_loading = False


class DeferredImport(DeferredModule):
    """An installed module, found by the import system and run by its own loader."""

    def _run(self) -> None:
        spec = self.__spec__
        loader = None if spec is None else spec.loader
        assert loader is not None, f"{self.__name__}: no loader to run it"
        loader.exec_module(self)


def defer_import(name: str) -> bool:
    """Put module ``name`` in ``sys.modules`` without running it: it runs when first asked for
    a name. True if it is now deferred; False if it was imported already, is not installed or
    is an extension module (whose loader makes the module itself; then nothing changed)."""
    if name in sys.modules:
        return False
    try:
        spec = importlib.util.find_spec(name)  # (imports the packages above it)
    except (ImportError, ValueError):
        return False
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        return False
    if (spec.origin or "").endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)):
        return False
    module = importlib.util.module_from_spec(spec)
    if type(module) is not ModuleType:  # (a loader that makes its own module object)
        return False
    module.__class__ = DeferredImport
    assert isinstance(module, DeferredImport)
    module._make_deferred()
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:  # as the import system does once a submodule is loaded
        setattr(sys.modules[parent], child, module)
    return True


def defer_unused_imports() -> list[str]:
    """Defer each module of :data:`UNUSED_AT_LOAD` not imported yet; the names deferred."""
    return [name for name in UNUSED_AT_LOAD if defer_import(name)]
