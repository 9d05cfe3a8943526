"""The packaging files agree with each other and with the project (no bundle is built here:
``bash packaging/build`` does that, and smoke-tests the result)."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
DESKTOP = LINUX / "scb-console.desktop"
APP_ID = "io.github.scbconsole.ScbConsole"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
SPEC = PACKAGING / "scb-console.spec"
ASSETS = ROOT / "scb_console" / "ui" / "assets"


@pytest.fixture(scope="module")
def pyproject() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


@pytest.fixture(scope="module")
def command_name(pyproject: dict[str, Any]) -> str:
    (name,) = pyproject["project"]["scripts"]
    return str(name)


def desktop_entry(path: Path = DESKTOP) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def load_smoke() -> ModuleType:
    spec = importlib.util.spec_from_file_location("packaging_smoke", PACKAGING / "smoke.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def spec_constant(name: str) -> Any:
    for node in spec_tree().body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == name
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"the spec has no {name} = ...")


# --- the desktop entry ------------------------------------------------------------------------


def test_the_desktop_entry_has_the_required_keys(command_name: str) -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "SCB Console"
    assert entry["Exec"].split()[0] == command_name
    assert entry["TryExec"] == command_name
    assert entry["Icon"] == "scb-console"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert "Development" in entry["Categories"].split(";")
    assert entry["Comment"]
    # every value is one line, with no trailing blank that a strict parser would keep
    for key, value in entry.items():
        assert value == value.strip(), key


def test_the_desktop_file_is_named_for_the_app_id_the_gui_sets() -> None:
    """Wayland and the docks match a window to its menu entry by the desktop file's name."""
    app = (ROOT / "scb_console" / "ui" / "app.py").read_text(encoding="utf-8")
    names = re.findall(r'setDesktopFileName\("([^"]+)"\)', app)
    assert names, "the GUI should call setDesktopFileName"
    assert {f"{name}.desktop" for name in names} == {DESKTOP.name}


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_desktop_file_validate_accepts_it() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout


# --- the AppStream metainfo -------------------------------------------------------------------


def test_the_metainfo_agrees_with_the_project(pyproject: dict[str, Any], command_name: str) -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == desktop_entry()["Name"]
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == pyproject["project"]["license"]
    summary = root.findtext("summary") or ""
    assert 10 < len(summary) <= 80
    assert not summary.endswith(".")
    assert root.find("description/p") is not None
    launchable = root.find("launchable")
    assert launchable is not None
    assert launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert root.findtext("provides/binary") == command_name
    releases = root.findall("releases/release")
    assert releases, "a release per version"
    assert releases[0].get("version") == pyproject["project"]["version"], (
        "the newest <release> in the metainfo should be the version in pyproject.toml"
    )
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", releases[0].get("date") or "")
    assert root.find("content_rating").get("type") == "oars-1.1"  # type: ignore[union-attr]
    categories = {c.text for c in root.findall("categories/category")}
    assert categories <= set(desktop_entry()["Categories"].split(";"))


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream")
def test_appstreamcli_validates_it() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"^[EW]: ", result.stdout, re.MULTILINE), result.stdout


# --- the PyInstaller spec and the build -------------------------------------------------------


def _paths_in_spec() -> list[Path]:
    """Every ``ROOT / "a" / "b"``-style path the spec builds, evaluated."""
    bases = {"ROOT": ROOT, "ASSETS": ASSETS, "ICONS": ASSETS / "icons"}

    def evaluate(node: ast.expr) -> Path | None:
        if isinstance(node, ast.Name):
            return bases.get(node.id)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            left = evaluate(node.left)
            if left is not None and isinstance(node.right, ast.Constant):
                return left / str(node.right.value)
        return None

    paths = []
    for node in ast.walk(spec_tree()):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            path = evaluate(node)
            if path is not None:
                paths.append(path)
    return paths


def test_the_spec_names_files_that_exist() -> None:
    paths = _paths_in_spec()
    assert PACKAGING / "launcher.py" in paths
    assert ASSETS / "icons" / "app-icon-256.png" in paths
    for path in paths:
        assert path.exists(), f"the spec refers to {path.relative_to(ROOT)}, which is missing"


def test_the_spec_bundles_the_assets_and_the_metadata(pyproject: dict[str, Any]) -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert '"scb_console/ui/assets"' in text
    assert f'copy_metadata("{pyproject["project"]["name"]}")' in text
    assert 'collect_submodules("scb_console")' in text


def test_the_spec_excludes_no_qt_module_the_console_imports() -> None:
    used = set()
    for path in (ROOT / "scb_console").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    excluded = set(spec_constant("UNUSED_QT"))
    assert not used & excluded, (
        f"the console imports {sorted(used & excluded)}: take them off UNUSED_QT in the spec"
    )


def test_the_smoke_test_allows_exactly_the_plugins_the_spec_keeps() -> None:
    keep = spec_constant("KEEP_PLUGINS")
    smoke = load_smoke()
    assert set(keep) == smoke.ALLOWED_PLUGIN_DIRS
    for required in smoke.REQUIRED_PLUGINS:
        folder, file = required.split("/")
        assert file.removeprefix("lib").removesuffix(".so") in keep[folder], required


def test_every_asset_is_package_data(pyproject: dict[str, Any]) -> None:
    """A wheel (and so a non-editable install) carries every file the resource module loads."""
    patterns = pyproject["tool"]["setuptools"]["package-data"]["scb_console"]
    assets = [p for p in ASSETS.rglob("*") if p.is_file()]
    assert len(assets) >= 15
    for asset in assets:
        relative = PurePosixPath(asset.relative_to(ROOT / "scb_console").as_posix())
        assert any(
            relative.match(pattern) and len(relative.parts) == len(PurePosixPath(pattern).parts)
            for pattern in patterns
        ), f"{relative} is not matched by [tool.setuptools.package-data]"


def test_the_packaging_extra_brings_pyinstaller(pyproject: dict[str, Any]) -> None:
    extra = pyproject["project"]["optional-dependencies"]["packaging"]
    assert any(re.match(r"pyinstaller\s*>=\s*6", requirement) for requirement in extra)


@pytest.mark.parametrize("script", ["build", "linux/install"])
def test_the_scripts_are_executable_bash_that_parses(script: str) -> None:
    path = PACKAGING / script
    assert path.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
    if os.name == "posix":
        assert path.stat().st_mode & stat.S_IXUSR
    result = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    helped = subprocess.run(
        ["bash", str(path), "--help"], capture_output=True, text=True, check=False, timeout=30
    )
    assert helped.returncode == 0, helped.stderr
    assert "packaging/" in helped.stdout
    wrong = subprocess.run(
        ["bash", str(path), "--frobnicate"], capture_output=True, text=True, timeout=30
    )
    assert wrong.returncode == 2
    assert "unknown option --frobnicate" in wrong.stderr


def test_the_smoke_test_reads_png_sizes_and_the_version(tmp_path: Path) -> None:
    smoke = load_smoke()
    png = ASSETS / "icons" / "app-icon-48.png"
    assert smoke.png_size(png) == (48, 48)
    not_png = tmp_path / "x.png"
    not_png.write_bytes(b"GIF89a" + bytes(30))
    with pytest.raises(smoke.SmokeError, match="is not a PNG"):
        smoke.png_size(not_png)
    assert (
        smoke.expected_version()
        == tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
            "version"
        ]
    )
    env = smoke.isolated_env(tmp_path / "home")
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    assert env["XDG_STATE_HOME"].startswith(str(tmp_path))
    assert env["PYTHON_KEYRING_BACKEND"] == "keyring.backends.fail.Keyring"
    assert "DISPLAY" not in env
    assert "DBUS_SESSION_BUS_ADDRESS" not in env


def test_the_smoke_test_fails_on_a_missing_bundle(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(PACKAGING / "smoke.py"), str(tmp_path / "no-bundle")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert "no executable at" in result.stderr


# --- the Linux install script -----------------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux install script")
def test_the_install_script_installs_and_removes_a_bundle(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    exe = bundle / "scb-console"
    exe.write_text("#!/bin/sh\necho stand-in\n")
    exe.chmod(0o755)
    prefix = tmp_path / "prefix"
    script = PACKAGING / "linux" / "install"
    env = dict(os.environ, PATH="/usr/bin:/bin")  # as it would run, with or without the tools
    installed = subprocess.run(
        ["bash", str(script), "--prefix", str(prefix), str(bundle)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=env,
    )
    assert installed.returncode == 0, installed.stderr
    share = prefix / "share"
    entry = desktop_entry(share / "applications" / "scb-console.desktop")
    assert entry["Exec"] == f"{prefix}/bin/scb-console"
    assert subprocess.run([entry["Exec"]], capture_output=True, text=True).stdout == "stand-in\n"
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").read_bytes() == METAINFO.read_bytes()
    icon = entry["Icon"]
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{icon}.png"
        assert png.read_bytes() == (ASSETS / "icons" / f"app-icon-{size}.png").read_bytes()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{icon}.svg").is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(share / "applications" / "scb-console.desktop")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.returncode == 0, check.stdout

    removed = subprocess.run(
        ["bash", str(script), "--uninstall", "--prefix", str(prefix)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=env,
    )
    assert removed.returncode == 0, removed.stderr
    left = [p for p in prefix.rglob("*") if p.is_file() or p.is_symlink()]
    assert left == []


def test_the_install_script_refuses_a_missing_bundle(tmp_path: Path) -> None:
    result = subprocess.run(
        ["bash", str(PACKAGING / "linux" / "install"), "--prefix", str(tmp_path), "/nonexistent"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert "no bundle at /nonexistent (build it: bash packaging/build)" in result.stderr


def test_the_version_is_the_one_of_pyproject_and_of_the_installed_package(
    pyproject: dict[str, Any],
) -> None:
    """scb_console.__version__ is a literal (reading the installed metadata at run time cost
    every session 20 ms and 1 MiB): it must say what pyproject.toml and the install say."""
    import importlib.metadata

    import scb_console

    assert scb_console.__version__ == pyproject["project"]["version"]
    assert importlib.metadata.version("scb-console") == scb_console.__version__
