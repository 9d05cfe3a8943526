"""PySide6's own start-up, made cheaper: its per-import check, its stub generator, its helpers.

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

:func:`install` also puts off one module of PySide6's own start-up: its bootstrap compiles the
Python helpers embedded in libshiboken from source, every start (no bytecode cache), and one of
them, ``shibokensupport.signature.lib.pyi_generator``, is the stub-file generator of the
``pyside6-genpyi`` tool: compiling it and the regular expressions of its ``Formatter`` class
costs about 15 ms of every start, and nothing at run time uses it. While ``shiboken6`` is
imported, an :class:`EmbeddedModule` takes its place; it compiles and runs the real code, from
the same embedded archive, the first time anything asks it for a name. A PySide6 that embeds no such
module, or loads it some other way, is left as it is.

The other helpers are compiled at every start too (about 15 ms more). While ``shiboken6`` is
imported, the bootstrap's ``compile`` is :meth:`CodeCache.compile`: the code of each helper is
kept, beside the source it came from, in one file next to this module's bytecode (where
``importlib`` puts ``.pyc`` files, ``PYTHONPYCACHEPREFIX`` included), and used again while the
source is byte for byte the same. A missing, stale or unreadable cache is compiled again and
rewritten; nothing is written when Python is told not to write bytecode, nor in a frozen
bundle.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.machinery
import importlib.util
import marshal
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any, Final

from scb_console.infra.deferred import DeferredModule

#: What PySide6's check looks for in a module's source.
_MARK: Final = b"PySide6"

#: The package of the module put off, and its name in it.
_PYI_PACKAGE: Final = "shibokensupport.signature.lib"
_PYI_NAME: Final = "pyi_generator"


class EmbeddedModule(DeferredModule):
    """A module of PySide6's embedded archive, compiled and run when first asked for a name.

    ``archive`` is PySide6's importer of its embedded files (``zfile``: the archive,
    ``_mod2path``: module name to file name). The names the import system and ``hasattr`` probes
    ask for (``__path__``, ``__file__``: :data:`~scb_console.infra.deferred.PROBED`) load
    nothing.
    """

    _scb_archive: Any

    def __init__(self, name: str, archive: Any) -> None:
        super().__init__(name)
        self.__spec__ = importlib.machinery.ModuleSpec(name, archive)
        self._adopted(archive)

    @classmethod
    def adopt(cls, module: ModuleType, archive: Any) -> EmbeddedModule:
        """Make ``module`` (made by the import system, not run yet) a deferred one."""
        module.__class__ = cls
        assert isinstance(module, EmbeddedModule)
        module._adopted(archive)
        return module

    def _adopted(self, archive: Any) -> None:
        self.__loader__ = archive
        self.__package__ = self.__name__.rpartition(".")[0]
        self._scb_archive = archive
        self._make_deferred()

    def _run(self) -> None:
        archive = self._scb_archive
        filename = archive._mod2path[self.__name__]
        code = compile(archive.zfile.read(filename), filename, "exec")
        self.__file__ = filename
        exec(code, self.__dict__)  # noqa: S102  (PySide6's code, as its importer does)


class CodeCache:
    """Code objects of PySide6's embedded helpers, kept with their sources in one file."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.hits = 0
        self.misses = 0
        self._entries: dict[str, tuple[bytes, Any]] = {}
        self._changed = False
        if path is None:
            return
        try:
            with open(path, "rb") as file:
                loaded = marshal.loads(file.read())  # noqa: S302  (as trusted as a .pyc beside it)
        except (OSError, EOFError, ValueError, TypeError):
            return  # none yet, or unreadable: compiled again and rewritten
        if isinstance(loaded, dict):
            self._entries = {
                name: entry
                for name, entry in loaded.items()
                if isinstance(name, str)
                and isinstance(entry, tuple)
                and len(entry) == 2
                and isinstance(entry[0], bytes)
            }

    def compile(self, source: Any, filename: Any, mode: str, *args: Any, **kwargs: Any) -> Any:
        """``compile()``, answered from the cache for a module's source seen before."""
        if args or kwargs or mode != "exec" or not isinstance(filename, str):
            return compile(source, filename, mode, *args, **kwargs)
        raw = source.encode("utf-8") if isinstance(source, str) else source
        if not isinstance(raw, bytes):
            return compile(source, filename, mode)
        entry = self._entries.get(filename)
        if entry is not None and entry[0] == raw:
            self.hits += 1
            return entry[1]
        self.misses += 1
        code = compile(source, filename, mode)
        self._entries[filename] = (raw, code)
        self._changed = True
        return code

    def forget(self) -> None:
        """Drop the sources and code held (the counts stay): the helpers are loaded by now."""
        self._entries = {}

    def save(self) -> None:
        """Write the cache if it changed (atomically; never an error: it is only a cache)."""
        if not self._changed or self.path is None or sys.dont_write_bytecode:
            return
        temporary = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(temporary, "wb") as file:
                file.write(marshal.dumps(self._entries))
            os.replace(temporary, self.path)
            self._changed = False
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                os.remove(temporary)


def code_cache_path() -> str | None:
    """Where the helpers' code is kept: as a ``.pyc`` of a module beside this one would be;
    None in a frozen bundle (its folder is the installed app's, not a cache)."""
    if getattr(sys, "frozen", False):
        return None
    try:
        return importlib.util.cache_from_source(
            os.path.join(os.path.dirname(os.path.abspath(__file__)), "_shibokensupport.py")
        )
    except NotImplementedError:  # (an implementation without bytecode caching)
        return None


#: The cache used by the last :func:`install` that imported ``shiboken6`` (None before).
code_cache: CodeCache | None = None


class _WatchedMetaPath(list):  # type: ignore[type-arg]
    """``sys.meta_path`` while ``shiboken6`` is imported: tells ``on_first`` of each finder put
    in front (PySide6's bootstrap puts its importer of the embedded helpers there)."""

    def __init__(self, finders: list[Any], on_first: Callable[[Any], None]) -> None:
        super().__init__(finders)
        self._on_first = on_first

    def insert(self, index: Any, finder: Any) -> None:
        super().insert(index, finder)
        if index == 0:
            self._on_first(finder)


@contextmanager
def _bootstrap_hooked(cache: CodeCache) -> Iterator[None]:
    """While this runs (``import shiboken6``), PySide6's bootstrap compiles its helpers with
    ``cache``, and its stub-file generator becomes an :class:`EmbeddedModule`. Nothing of it is
    left afterwards: ``sys.meta_path`` is the same list again, the importer is PySide6's own
    (and gone, as PySide6 removes it), the bootstrap's ``compile`` the built-in one."""
    fullname = f"{_PYI_PACKAGE}.{_PYI_NAME}"
    patched: list[tuple[Any, str]] = []

    def on_first(finder: Any) -> None:
        paths = getattr(finder, "_mod2path", None)
        exec_module = getattr(finder, "exec_module", None)
        if not isinstance(paths, dict) or not hasattr(finder, "zfile") or exec_module is None:
            return  # not PySide6's importer of its embedded helpers
        bootstrap = sys.modules.get(type(finder).__module__)
        if bootstrap is not None and "compile" not in vars(bootstrap):
            bootstrap.compile = cache.compile  # type: ignore[attr-defined]
            patched.append((bootstrap, "compile"))
        if fullname not in paths:
            return

        def exec_or_defer(module: ModuleType) -> None:
            spec = getattr(module, "__spec__", None)
            if getattr(spec, "name", None) != fullname:
                exec_module(module)
                return
            EmbeddedModule.adopt(module, finder)
            sys.modules[fullname] = module

        finder.exec_module = exec_or_defer
        patched.append((finder, "exec_module"))

    saved = sys.meta_path
    watched = _WatchedMetaPath(list(saved), on_first)
    sys.meta_path = watched
    try:
        yield
    finally:
        saved[:] = list(watched)  # (what was added or removed meanwhile, in the same list)
        sys.meta_path = saved
        for owner, name in patched:
            with contextlib.suppress(AttributeError):
                delattr(owner, name)


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
    global code_cache
    if "shiboken6" not in sys.modules:
        code_cache = CodeCache(code_cache_path())
        with _bootstrap_hooked(code_cache):
            import shiboken6  # noqa: F401  (its bootstrap loads shibokensupport.feature)
        code_cache.save()
        code_cache.forget()  # (sources and module code: nothing needs them any more)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False  # a PySide6 without this check: nothing to speed up
    if getattr(original, "scb_console_original", None) is None:
        feature._mod_uses_pyside = _fast_check(original)  # type: ignore[attr-defined]
    return True


def pyi_generator_deferred() -> bool:
    """Whether PySide6's stub-file generator was put off and has not been needed since."""
    module = sys.modules.get(f"{_PYI_PACKAGE}.{_PYI_NAME}")
    return isinstance(module, EmbeddedModule) and not module.loaded


def installed() -> bool:
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    return getattr(check, "scb_console_original", None) is not None


def original_check() -> Callable[[ModuleType], bool] | None:
    """PySide6's own check (for the tests that compare the two), or None."""
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    return getattr(check, "scb_console_original", check)
