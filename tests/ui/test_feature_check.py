"""PySide6's per-import check, answered faster (scb_console.ui.feature_check): same answers."""

from __future__ import annotations

import json
import linecache
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

from scb_console.ui import feature_check


def _python_modules() -> list[ModuleType]:
    return [
        module
        for module in list(sys.modules.values())
        if isinstance(getattr(module, "__file__", None), str) and module.__file__.endswith(".py")
    ]


def test_the_fast_check_answers_as_pysides_own_for_every_module_loaded() -> None:
    assert feature_check.install()
    assert feature_check.installed()
    original = feature_check.original_check()
    assert original is not None
    import shibokensupport.feature as feature  # type: ignore[import-not-found]

    fast = feature._mod_uses_pyside
    assert fast is not original
    modules = _python_modules()
    assert len(modules) > 200  # (pytest, PySide6's helpers, the console's own modules)
    differ = [m.__name__ for m in modules if fast(m) != original(m)]
    assert differ == []
    # both answers occur: the test can fail either way
    answers = {m.__name__: fast(m) for m in modules}
    assert answers["scb_console.ui.main_window"] is True
    assert answers["scb_console.core.flow"] is False
    assert answers["json"] is False


def test_modules_without_a_source_file_go_to_pysides_own_check(tmp_path: Path) -> None:
    feature_check.install()
    import shibokensupport.feature as feature

    fast = feature._mod_uses_pyside
    assert fast(sys) is False  # built in: PySide6's own check (TypeError inside: False)
    gone = ModuleType("gone_module")
    gone.__file__ = str(tmp_path / "gone_module.py")  # no such file: as PySide6 finds it
    assert fast(gone) is False
    mentions = tmp_path / "mentions.py"
    mentions.write_text("# uses PySide6 somewhere\n", encoding="utf-8")
    module = ModuleType("mentions")
    module.__file__ = str(mentions)
    assert fast(module) is True
    assert str(mentions) not in linecache.cache  # read once, not kept


def test_installing_twice_keeps_one_wrapper() -> None:
    feature_check.install()
    import shibokensupport.feature as feature

    first = feature._mod_uses_pyside
    assert feature_check.install()
    assert feature._mod_uses_pyside is first


@pytest.mark.timeout(120)
def test_the_console_installs_it_before_the_qt_modules_load(
    test_home: Path, tmp_path: Path
) -> None:
    """run_gui installs it first thing, before any Qt module is imported (every import after
    shiboken6's is asked: the earlier it is in, the more it saves)."""
    code = textwrap.dedent(
        """
        import json, os, sys
        from scb_console.ui import app
        import scb_console.ui.feature_check as fc
        real_install = fc.install
        calls = []
        def install():
            calls.append(sorted(m for m in sys.modules if m.startswith("PySide6.Qt")))
            return real_install()
        fc.install = install
        code = app.run_gui(screenshot=sys.argv[1])
        print(json.dumps({"code": code, "calls": calls, "installed": fc.installed()}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "shot.png")],
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"code": 0, "calls": [[]], "installed": True}
