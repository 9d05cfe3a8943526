"""PySide6's per-import check, answered faster (scb_console.ui.feature_check): same answers."""

from __future__ import annotations

import linecache
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import pytest

from scb_console.ui import feature_check
from tests.scripts import run_json_script


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
        print(json.dumps({"code": code, "calls": calls, "installed": fc.installed(),
                          "pyi_generator_put_off": fc.pyi_generator_deferred()}))
        """
    )
    report = run_json_script(code, str(tmp_path / "shot.png"), timeout=110)
    # a whole run (window, screenshot) never needed PySide6's stub-file generator
    assert report == {
        "code": 0,
        "calls": [[]],
        "installed": True,
        "pyi_generator_put_off": True,
    }


_PYI_PROBE = textwrap.dedent(
    """
    import builtins, json, os, sys, traceback
    from scb_console.ui import feature_check
    meta_path = sys.meta_path
    if sys.argv[1] == "put off":
        feature_check.install()
    frames = []
    class Probe:
        def find_spec(self, name, path=None, target=None):
            if name == "colorsys":
                frames.extend(f.filename for f in traceback.extract_stack())
            return None
    sys.meta_path.insert(0, Probe())
    import colorsys
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication([])
    label = QLabel("x")
    label.show()
    app.processEvents()
    try:
        QObject().setObjectName(1, 2, 3)  # PySide6's signature errors still work
    except TypeError as exc:
        error = str(exc).splitlines()[0]
    before = feature_check.pyi_generator_deferred()
    from shibokensupport.signature.lib.pyi_generator import Formatter, generate_pyi
    import PySide6.support.signature.lib as lib
    module = sys.modules["shibokensupport.signature.lib.pyi_generator"]
    print(json.dumps({
        "put off until asked": before,
        "after": feature_check.pyi_generator_deferred(),
        "names": sorted(n for n in vars(module) if not n.startswith("_")),
        "one module": lib.pyi_generator is module
            and sys.modules["PySide6.support.signature.lib.pyi_generator"] is module,
        "same Formatter": Formatter is module.Formatter and callable(generate_pyi),
        "import hooks": [getattr(builtins.__import__, "__name__", ""),
                         getattr(getattr(builtins, "__orig_import__", None), "__name__", "")],
        "error": error,
        "left behind": [
            *(f for f in frames if f.endswith("feature_check.py")),
            *([] if sys.meta_path is meta_path and type(meta_path) is list else ["meta_path"]),
            *(["compile"] if "compile" in vars(sys.modules["signature_bootstrap"]) else []),
        ],
    }))
    """
)


def _probe_pyi(mode: str) -> dict[str, Any]:
    return run_json_script(_PYI_PROBE, mode)


def test_pysides_stub_generator_is_put_off_until_asked_and_then_whole() -> None:
    """The module PySide6's bootstrap compiles and nothing at run time uses: put off while
    Qt starts, shows a window and raises its own errors; loaded, with every name, when asked."""
    put_off = _probe_pyi("put off")
    as_pyside = _probe_pyi("as PySide6 does")
    assert put_off["put off until asked"] is True
    assert as_pyside["put off until asked"] is False
    assert put_off["after"] is False  # loaded now
    assert put_off["names"] == as_pyside["names"]
    assert "Formatter" in put_off["names"]
    for answer in (put_off, as_pyside):
        assert answer["one module"] is True
        assert answer["same Formatter"] is True
    # the import hooks are PySide6's own, as without it (ours was gone once shiboken6 loaded)
    assert put_off["import hooks"] == as_pyside["import hooks"]
    assert put_off["error"] == as_pyside["error"]
    # nothing of it is left in the import system: no frame of ours in a later import
    assert put_off["left behind"] == []
    assert as_pyside["left behind"] == []
    assert "setObjectName" in str(put_off["error"])


def test_a_module_of_the_archive_loads_once_and_dunder_probes_load_nothing() -> None:
    class Archive:
        def __init__(self) -> None:
            self._mod2path = {"pkg.mod": "pkg/mod.py"}
            self.reads = 0
            outer = self

            class Zip:
                def read(self, name: str) -> bytes:
                    outer.reads += 1
                    assert name == "pkg/mod.py"
                    return b"VALUE = 42\n"

            self.zfile = Zip()

    archive = Archive()
    module = feature_check.EmbeddedModule("pkg.mod", archive)
    assert not hasattr(module, "__path__")
    assert getattr(module, "__file__", None) is None
    assert archive.reads == 0
    assert module.VALUE == 42
    assert module.__file__ == "pkg/mod.py"
    with pytest.raises(AttributeError, match="no attribute 'missing'"):
        _ = module.missing
    assert archive.reads == 1
    assert module.loaded


def test_a_deferred_module_that_asks_itself_for_a_name_while_loading_gets_none() -> None:
    """As a module being imported: a name not defined yet is missing (no second run, no
    deadlock)."""

    class Archive:
        _mod2path: ClassVar[dict[str, str]] = {"pkg.selfref": "pkg/selfref.py"}

        class zfile:
            @staticmethod
            def read(name: str) -> bytes:
                return (
                    b"import sys\n"
                    b"FIRST = 1\n"
                    b"EARLY = getattr(sys.modules['pkg.selfref'], 'LATER', 'missing')\n"
                    b"LATER = 2\n"
                )

    module = feature_check.EmbeddedModule("pkg.selfref", Archive())
    sys.modules["pkg.selfref"] = module
    try:
        assert module.LATER == 2
        assert module.EARLY == "missing"
        assert module.loaded
    finally:
        del sys.modules["pkg.selfref"]


def test_the_code_cache_answers_for_the_same_source_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = str(tmp_path / "cache" / "helpers.pyc")
    cache = feature_check.CodeCache(path)
    first = cache.compile(b"VALUE = 1\n", "pkg/mod.py", "exec")
    assert (cache.hits, cache.misses) == (0, 1)
    cache.save()
    again = feature_check.CodeCache(path)
    same = again.compile(b"VALUE = 1\n", "pkg/mod.py", "exec")
    assert (again.hits, again.misses) == (1, 0)
    assert same == first
    namespace: dict[str, object] = {}
    exec(same, namespace)
    assert namespace["VALUE"] == 1
    changed = again.compile(b"VALUE = 2\n", "pkg/mod.py", "exec")  # a new PySide6: new source
    assert again.misses == 1
    exec(changed, namespace)
    assert namespace["VALUE"] == 2
    # anything but a module's source goes to compile() as it is
    assert eval(again.compile("1 + 1", "<expr>", "eval")) == 2
    assert again.misses == 1


def test_an_unreadable_code_cache_is_compiled_again_and_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = tmp_path / "helpers.pyc"
    path.write_bytes(b"\x00not marshal data")
    cache = feature_check.CodeCache(str(path))
    cache.compile(b"X = 1\n", "pkg/x.py", "exec")
    assert cache.misses == 1
    cache.save()
    reread = feature_check.CodeCache(str(path))
    reread.compile(b"X = 1\n", "pkg/x.py", "exec")
    assert (reread.hits, reread.misses) == (1, 0)
    assert not list(tmp_path.glob("*.tmp"))


_CACHE_PROBE = textwrap.dedent(
    """
    import json, os
    from scb_console.ui import feature_check
    feature_check.install()
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication([])
    label = QLabel("x")
    label.show()
    app.processEvents()
    cache = feature_check.code_cache
    print(json.dumps({"hits": cache.hits, "misses": cache.misses, "path": cache.path,
                      "saved": os.path.exists(cache.path), "kept": len(cache._entries)}))
    """
)


def _probe_cache(prefix: Path, **env: str) -> dict[str, Any]:
    return run_json_script(
        _CACHE_PROBE,
        env={"PYTHONPYCACHEPREFIX": str(prefix), **env},
        drop=("PYTHONDONTWRITEBYTECODE",),
    )


def test_pysides_helpers_are_compiled_once_then_read_from_beside_the_bytecode(
    tmp_path: Path,
) -> None:
    """The first start compiles PySide6's embedded helpers and keeps their code where Python
    keeps bytecode (PYTHONPYCACHEPREFIX here); later starts compile none of them."""
    told_not_to = _probe_cache(tmp_path / "none", PYTHONDONTWRITEBYTECODE="1")
    assert told_not_to["misses"]
    assert told_not_to["saved"] is False
    first = _probe_cache(tmp_path / "pycache")
    assert isinstance(first["misses"], int)
    assert first["misses"] >= 5
    assert first["hits"] == 0
    assert first["saved"] is True
    assert first["kept"] == 0  # (nothing held once the helpers are loaded)
    assert str(first["path"]).startswith(str(tmp_path / "pycache"))
    second = _probe_cache(tmp_path / "pycache")
    assert second == {**first, "hits": first["misses"], "misses": 0}
