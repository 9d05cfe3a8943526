"""Qt's translation tools, driven from Python: lupdate (code -> ``.ts``), lrelease (``.ts`` ->
``.qm``).

The PySide6 wheels ship both (``pyside6-lupdate`` / ``pyside6-lrelease`` next to the Python
executable, and the binaries themselves in the PySide6 package folder); :func:`find_tool` looks
in those places, then on PATH. Nothing here runs when the console starts, except
:func:`compile_to_cache` when the shipped ``.qm`` is missing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Final

from scb_console.ui import i18n

log = logging.getLogger(__name__)

#: The folder lupdate scans: every module of the GUI.
UI_DIR: Final = Path(__file__).resolve().parent.parent
#: lupdate's options: Python files only, no line numbers (so the .ts changes only when a
#: string does), and messages whose string left the code are dropped.
LUPDATE_OPTIONS: Final = ("-extensions", "py", "-locations", "none", "-no-obsolete", "-silent")


class ToolError(RuntimeError):
    """A Qt tool is missing or failed; the message says which and why."""


def find_tool(name: str) -> Path | None:
    """``lupdate`` or ``lrelease``: the pyside6-* wrapper by the interpreter, the binary in the
    PySide6 package, or either on PATH; None when there is none."""
    candidates: list[Path] = []
    bindir = Path(sys.executable).parent
    for stem in (f"pyside6-{name}", name):
        for suffix in ("", ".exe"):
            candidates.append(bindir / f"{stem}{suffix}")
    try:
        import PySide6

        package = Path(PySide6.__file__).resolve().parent
        candidates += [package / name, package / f"{name}.exe", package / "Qt" / "bin" / name]
    except ImportError:  # pragma: no cover - the GUI needs PySide6 anyway
        pass
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    for stem in (f"pyside6-{name}", name):
        found = shutil.which(stem)
        if found:
            return Path(found)
    return None


def _run(tool: str, args: list[str]) -> str:
    path = find_tool(tool)
    if path is None:
        raise ToolError(
            f"{tool} not found: install PySide6 (it ships pyside6-{tool}) or put {tool} on PATH"
        )
    try:
        done = subprocess.run(  # noqa: S603 - our own tool path and arguments
            [str(path), *args], capture_output=True, text=True, timeout=300, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ToolError(f"{tool} could not run: {exc}") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise ToolError(f"{tool} failed ({done.returncode}): {detail[-1] if detail else ''}")
    return done.stdout + done.stderr


def source_files() -> list[Path]:
    """The modules lupdate reads: every ``.py`` under ``scb_console/ui``."""
    return sorted(p for p in UI_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def lupdate(ts_file: Path) -> str:
    """Update (or create) ``ts_file`` from the code: new strings come in unfinished, strings no
    longer in the code leave; translations of unchanged strings stay."""
    ts_file.parent.mkdir(parents=True, exist_ok=True)
    files = [str(p) for p in source_files()]
    return _run("lupdate", [*LUPDATE_OPTIONS, *files, "-ts", str(ts_file)])


def lrelease(ts_file: Path, qm_file: Path) -> str:
    """Compile ``ts_file`` into ``qm_file`` (unfinished entries are left out: they show the
    English)."""
    qm_file.parent.mkdir(parents=True, exist_ok=True)
    return _run("lrelease", ["-silent", str(ts_file), "-qm", str(qm_file)])


def update(langs: tuple[str, ...] = ("th",)) -> list[Path]:
    """lupdate every language's ``.ts``; returns the files."""
    written = []
    for lang in langs:
        path = i18n.ts_path(lang)
        lupdate(path)
        written.append(path)
    return written


def compile_all(langs: tuple[str, ...] = ("th",)) -> list[Path]:
    """lrelease every language's ``.ts`` into the package's assets; returns the ``.qm`` files."""
    written = []
    for lang in langs:
        target = i18n.qm_path(lang)
        lrelease(i18n.ts_path(lang), target)
        written.append(target)
    return written


def stale(langs: tuple[str, ...] = ("th",)) -> list[str]:
    """What is out of date: a ``.qm`` that is missing or differs from a fresh compile of its
    ``.ts`` (empty when all is current)."""
    problems = []
    with tempfile.TemporaryDirectory() as folder:
        for lang in langs:
            shipped = i18n.qm_path(lang)
            fresh = Path(folder) / shipped.name
            lrelease(i18n.ts_path(lang), fresh)
            if not shipped.is_file():
                problems.append(f"{shipped.name} is missing")
            elif shipped.read_bytes() != fresh.read_bytes():
                problems.append(
                    f"{shipped.name} differs from a compile of {i18n.ts_path(lang).name}"
                )
    return problems


def compile_to_cache(lang: str) -> Path | None:
    """The ``.qm`` of ``lang`` compiled into the user's cache folder (for a tree whose shipped
    ``.qm`` is missing); None when there is no ``.ts`` or no lrelease."""
    source = i18n.ts_path(lang)
    if not source.is_file() or find_tool("lrelease") is None:
        return None
    try:
        from scb_console.infra import paths

        cache = paths.cache_dir()
    except Exception:  # no platform folder: a temporary one will do
        cache = Path(tempfile.gettempdir()) / "scb-console"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = cache / "i18n" / f"{i18n.CATALOG}_{lang}-{digest}.qm"
    if target.is_file():
        return target
    try:
        lrelease(source, target)
    except ToolError as exc:
        log.warning("could not compile the %s translation: %s", lang, exc)
        return None
    return target
