"""The layer rule: core imports no Qt and no keyring; the sandbox no Qt; only ui imports PySide6."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scb_console"

# package -> top-level modules it must never import
BANNED: dict[str, set[str]] = {
    "core": {"PySide6", "shiboken6", "qasync", "keyring", "aiohttp", "scb_console.ui"},
    "sandbox": {"PySide6", "shiboken6", "qasync", "keyring", "scb_console.ui"},
    "infra": {"PySide6", "shiboken6", "qasync", "scb_console.ui"},
    "cli": {"PySide6", "shiboken6", "qasync"},  # the CLI reaches the GUI through a lazy import
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _module_level_imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _banned(name: str, banned: set[str]) -> bool:
    return any(name == b or name.startswith(b + ".") for b in banned)


@pytest.mark.parametrize("package", sorted(BANNED))
def test_package_imports_respect_layers(package: str) -> None:
    offences = []
    for path in sorted((PACKAGE / package).rglob("*.py")):
        # the CLI may start the GUI, but only from inside a function (a lazy import)
        reader = _module_level_imports if package == "cli" else _imports
        for lineno, name in reader(path):
            if _banned(name, BANNED[package]):
                offences.append(f"{path.relative_to(PACKAGE.parent)}:{lineno} imports {name}")
    assert not offences, "layer rule broken:\n" + "\n".join(offences)


def test_only_ui_imports_pyside6() -> None:
    offences = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in {"ui", "cli"}:
            continue
        offences.extend(
            f"{rel}:{lineno} imports {name}"
            for lineno, name in _imports(path)
            if _banned(name, {"PySide6", "shiboken6", "qasync"})
        )
    assert not offences, "\n".join(offences)


@pytest.mark.parametrize(
    "module", ["scb_console.core", "scb_console.sandbox", "scb_console.cli.main"]
)
def test_importing_engine_loads_no_qt(module: str) -> None:
    """Import the whole package tree in a fresh interpreter and look at sys.modules."""
    code = (
        "import importlib, pkgutil, sys\n"
        f"root = importlib.import_module({module!r})\n"
        "if hasattr(root, '__path__'):\n"
        "    for info in pkgutil.walk_packages(root.__path__, root.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "qt = {'PySide6', 'shiboken6', 'qasync'}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in qt)\n"
        "core_bad = sorted(m for m in sys.modules if m.split('.')[0] == 'keyring')\n"
        f"if {module!r} == 'scb_console.core' and core_bad: bad += core_bad\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "", f"importing {module} loaded: {out.stdout.strip()}"


def test_no_module_imports_aiohttp() -> None:
    """aiohttp is no longer a dependency (docs/architecture.md, "The HTTP server"): the sandbox
    and the receiver are served by scb_console.infra.httpserver on h11."""
    offences = [
        f"{path.relative_to(PACKAGE.parent)}:{lineno} imports {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for lineno, name in _imports(path)
        if _banned(name, {"aiohttp"})
    ]
    assert not offences, "\n".join(offences)


def test_sandbox_takes_only_the_http_server_from_infra() -> None:
    """The sandbox runs on its own (``scb-console sandbox``, partners' test suites): of infra it
    may use the HTTP server, never the keyring, profile or log adapters."""
    offences = [
        f"{path.relative_to(PACKAGE.parent)}:{lineno} imports {name}"
        for path in sorted((PACKAGE / "sandbox").rglob("*.py"))
        for lineno, name in _imports(path)
        if _banned(name, {"scb_console.infra"}) and name != "scb_console.infra.httpserver"
    ]
    assert not offences, "\n".join(offences)
