"""keyring's plugin discovery, without ``importlib_metadata`` where the answer is certain.

To choose a backend, keyring first loads every ``keyring.backends`` entry point of every
installed distribution (its own backends are registered that way too):
``keyring.backend._load_plugins`` asks ``importlib_metadata`` (``importlib.metadata`` from
Python 3.12) for them. Loading that library and reading every distribution on ``sys.path``
costs some 1.2 MiB resident and 40 to 50 ms of a worker thread that competes with the window
for the GIL just after the first frame (``benchmarks/memory.py``, ``benchmarks/startup.py``).

:func:`find_plugins` finds the same entry points by reading the ``entry_points.txt`` of each
``*.dist-info`` and ``*.egg-info`` folder on ``sys.path``, the way ``importlib_metadata`` does
for folders: a distribution found twice counts where it is found first (its normalised name, as
``importlib_metadata`` normalises it), and the file's ``[keyring.backends]`` lines are read as
it reads them. Where it cannot be as sure (a zip file or an ``.egg`` on ``sys.path``, another
finder that knows of distributions, a name twice in one folder, a line it does not parse) it
answers None, and keyring's own discovery runs. :func:`plugins_found_here` puts the answer in
place of ``_load_plugins`` while keyring chooses; what follows (the environment variable, the
config file, the priorities, the chainer) is keyring's own code. Each plugin is loaded and
initialised as keyring does it, its errors logged to the same logger in the same words.

tests/infra/test_keyring_plugins.py compares the two discoveries on this machine, with a
third-party plugin added, and with a case each where this one steps aside.
"""

from __future__ import annotations

import functools
import importlib
import importlib.machinery
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["GROUP", "EntryPoint", "find_plugins", "load_plugins", "plugins_found_here"]

#: The entry-point group keyring loads its backends from.
GROUP: Final = "keyring.backends"

#: What ``importlib_metadata.EntryPoint.load`` accepts: ``module[:attr.attr][ [extras]]``.
_VALUE: Final = re.compile(
    r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$"
)

#: keyring's logger for plugin loading (``keyring.backend``).
_KEYRING_LOG: Final = logging.getLogger("keyring.backend")


@dataclass(frozen=True)
class EntryPoint:
    """One ``name = value`` line of a ``[keyring.backends]`` section."""

    name: str
    value: str
    group: str = GROUP

    def load(self) -> Any:
        """The object it names (as ``importlib_metadata.EntryPoint.load``)."""
        match = _VALUE.match(self.value)
        if match is None:
            raise ValueError(f"{self.value!r} is not an entry point reference")
        module = importlib.import_module(match.group("module"))
        attrs = filter(None, (match.group("attr") or "").split("."))
        return functools.reduce(getattr, attrs, module)

    def __repr__(self) -> str:  # (as importlib_metadata's, for the same log lines)
        return f"EntryPoint(name={self.name!r}, value={self.value!r}, group={self.group!r})"


def _normalize(name: str) -> str:
    """A distribution's name as ``importlib_metadata`` compares them (PEP 503, ``_``)."""
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _entry_points(text: str) -> list[EntryPoint] | None:
    """The :data:`GROUP` lines of an ``entry_points.txt``; None if a line of it would not
    parse the way ``importlib_metadata`` parses it."""
    found: list[EntryPoint] = []
    section: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section != GROUP:
            continue
        name, sep, value = line.partition("=")
        if not sep:
            return None
        found.append(EntryPoint(name.strip(), value.strip()))
    return found


#: The finder ``importlib_metadata`` adds to ``sys.meta_path`` once imported: it reads
#: ``sys.path`` as the standard path finder does.
_PATH_FINDERS_OF_DISTRIBUTIONS: Final = ("importlib_metadata", "MetadataPathFinder")


def _other_distribution_finders() -> bool:
    """Whether a finder on ``sys.meta_path`` other than the standard path finder (and
    ``importlib_metadata``'s, which reads the same path) can name distributions, whose entry
    points only ``importlib_metadata`` would see."""
    for finder in sys.meta_path:
        if (
            finder is importlib.machinery.PathFinder
            or (
                type(finder).__module__,
                type(finder).__qualname__,
            )
            == _PATH_FINDERS_OF_DISTRIBUTIONS
        ):
            continue
        if callable(getattr(finder, "find_distributions", None)):
            return True
    return False


def find_plugins(path: list[str] | None = None) -> list[EntryPoint] | None:
    """The ``keyring.backends`` entry points of the distributions on ``path`` (default
    ``sys.path``), in the order found; None where only ``importlib_metadata`` can say."""
    if _other_distribution_finders():
        return None
    seen: set[str] = set()
    found: list[EntryPoint] = []
    for entry in sys.path if path is None else path:
        root = os.fspath(entry) or "."
        if not os.path.exists(root):
            continue
        if not os.path.isdir(root) or root.lower().endswith(".egg"):
            return None  # a zip or an egg: distributions inside it, read another way
        try:
            children = os.listdir(root)
        except OSError:
            continue  # (importlib_metadata sees nothing there either)
        here: dict[str, str] = {}
        for child in children:
            low = child.lower()
            if not low.endswith((".dist-info", ".egg-info")):
                continue
            name = _normalize(low.rpartition(".")[0].partition("-")[0])
            if name in here:
                return None  # one distribution twice in a folder: which comes first is unsure
            here[name] = child
        for name, child in here.items():
            if name in seen:
                continue  # (found earlier on the path: that one counts)
            seen.add(name)
            folder = os.path.join(root, child)
            if not os.path.isdir(folder):
                continue  # (an .egg-info file: metadata only, no entry points)
            try:
                with open(os.path.join(folder, "entry_points.txt"), encoding="utf-8") as handle:
                    text = handle.read()
            except FileNotFoundError:
                continue
            except (OSError, UnicodeDecodeError):
                return None
            points = _entry_points(text)
            if points is None:
                return None
            found.extend(points)
    return found


def load_plugins(points: list[EntryPoint]) -> None:
    """Load and initialise ``points`` as ``keyring.backend._load_plugins`` does."""
    for point in points:
        try:
            _KEYRING_LOG.debug("Loading %s", point.name)
            init_func = point.load()
            if callable(init_func):
                init_func()
        except Exception:
            _KEYRING_LOG.exception(f"Error initializing plugin {point}.")


@contextmanager
def plugins_found_here(backend_module: Any) -> Iterator[bool]:
    """While this runs, ``backend_module._load_plugins`` (keyring's) loads what
    :func:`find_plugins` found; yields whether it does (False: keyring's own discovery)."""
    original: Callable[[], None] | None = getattr(backend_module, "_load_plugins", None)
    points = find_plugins() if callable(original) else None
    if points is None:
        yield False
        return
    backend_module._load_plugins = functools.partial(load_plugins, points)
    try:
        yield True
    finally:
        backend_module._load_plugins = original
