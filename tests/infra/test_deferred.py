"""Deferred modules: imported at once, run by their own loader when first asked for a name."""

from __future__ import annotations

import importlib.machinery
import os
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from scb_console.infra import deferred
from scb_console.infra.deferred import DeferredImport, defer_import
from tests.scripts import run_json_script


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder first on sys.path; the modules made in it are forgotten afterwards."""
    monkeypatch.syspath_prepend(str(tmp_path))
    before = set(sys.modules)
    yield tmp_path
    for name in set(sys.modules) - before:
        del sys.modules[name]


RUNS = "scb_deferred_runs"  # (a list in builtins each test module appends to when it runs)


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import builtins

    found: list[str] = []
    monkeypatch.setattr(builtins, RUNS, found, raising=False)
    return found


def _module(root: Path, name: str, body: str) -> None:
    path = root.joinpath(*name.split(".")).with_suffix(".py")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"import builtins\nbuiltins.{RUNS}.append(__name__)\n{body}")


def test_a_deferred_module_runs_when_first_asked_for_a_name(site: Path, runs: list[str]) -> None:
    body = "__version__ = '1.2'\nVALUE = 42\ndef twice(x):\n    return 2 * x\n"
    _module(site, "scb_lazy_a", body)
    assert defer_import("scb_lazy_a") is True
    import scb_lazy_a  # type: ignore[import-not-found]

    module = sys.modules["scb_lazy_a"]
    assert scb_lazy_a is module
    assert isinstance(module, DeferredImport)
    for probe in deferred.PROBED:  # what the import system and introspection ask for
        getattr(module, probe, None)
    assert runs == []
    assert not module.loaded
    assert module.__version__ == "1.2"  # (a dunder a module defines: it runs)
    assert runs == ["scb_lazy_a"]
    assert module.loaded
    from scb_lazy_a import VALUE, twice  # type: ignore[import-not-found]

    assert (VALUE, twice(4)) == (42, 8)
    assert module.__file__ == str(site / "scb_lazy_a.py")
    with pytest.raises(AttributeError, match="has no attribute 'missing'"):
        _ = module.missing
    assert runs == ["scb_lazy_a"]  # once


def test_a_submodule_is_deferred_and_reachable_from_its_package(
    site: Path, runs: list[str]
) -> None:
    _module(site, "scb_lazy_pkg.__init__", "")
    _module(site, "scb_lazy_pkg.sub", "NAME = 'sub'\n")
    assert defer_import("scb_lazy_pkg.sub") is True
    assert runs == ["scb_lazy_pkg"]  # (the package itself was imported to find it)
    from scb_lazy_pkg import sub  # type: ignore[import-not-found]

    assert sub is sys.modules["scb_lazy_pkg.sub"]
    assert runs == ["scb_lazy_pkg"]
    assert sub.NAME == "sub"
    assert runs == ["scb_lazy_pkg", "scb_lazy_pkg.sub"]


def test_a_module_that_asks_itself_for_a_name_while_running_gets_none(
    site: Path, runs: list[str]
) -> None:
    _module(
        site,
        "scb_lazy_self",
        "import sys\nFIRST = 1\n"
        "EARLY = getattr(sys.modules[__name__], 'LATER', 'missing')\nLATER = 2\n",
    )
    assert defer_import("scb_lazy_self")
    module = sys.modules["scb_lazy_self"]
    assert module.LATER == 2
    assert module.EARLY == "missing"
    assert runs == ["scb_lazy_self"]


def test_a_module_whose_code_fails_says_so_when_asked(site: Path, runs: list[str]) -> None:
    _module(site, "scb_lazy_broken", "VALUE = 1 / 0\n")
    assert defer_import("scb_lazy_broken")
    module = sys.modules["scb_lazy_broken"]
    with pytest.raises(ZeroDivisionError):
        _ = module.VALUE
    assert not module.loaded


def test_what_cannot_be_deferred_is_left_alone(site: Path, runs: list[str]) -> None:
    _module(site, "scb_lazy_here", "VALUE = 1\n")
    import scb_lazy_here  # type: ignore[import-not-found]  # noqa: F401

    assert defer_import("scb_lazy_here") is False  # imported already
    assert defer_import("scb_no_such_module") is False
    assert defer_import("scb_no_such_package.sub") is False
    assert "scb_no_such_module" not in sys.modules
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    dynload = next(  # a folder on sys.path with extension modules (lib-dynload, usually)
        Path(module.__file__).parent
        for name, module in list(sys.modules.items())
        if "." not in name and str(getattr(module, "__file__", "")).endswith(suffixes)
    )
    extension = next(
        name
        for file in sorted(os.listdir(dynload))
        for suffix in suffixes
        if file.endswith(suffix) and (name := file[: -len(suffix)]) not in sys.modules
    )
    assert defer_import(extension) is False  # (its loader makes the module itself)
    assert extension not in sys.modules


def test_the_deferred_list_names_installed_modules_and_defers_only_the_new(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in deferred.UNUSED_AT_LOAD:
        assert importlib.util.find_spec(name) is not None, name
    monkeypatch.setattr(deferred, "UNUSED_AT_LOAD", ("scb_no_such_module", "sys"))
    assert deferred.defer_unused_imports() == []


def test_what_the_deferred_modules_are_for_still_works_when_asked() -> None:
    """In a fresh process, as the console starts: each deferred module runs when its library
    first needs it (a non-ASCII host name, a TLS context, keyring's helpers, a version)."""
    code = textwrap.dedent(
        """
        import json, sys
        from scb_console.infra.deferred import defer_unused_imports
        deferred = defer_unused_imports()
        import httpx, jaraco.functools
        before = {name: sys.modules[name].loaded for name in deferred}
        host = httpx.URL("https://xn--o3cw4h.example/").host  # idna decodes it
        raw = httpx.URL("https://\u0e44\u0e17\u0e22.example/").raw_host.decode()  # and encodes
        context = httpx.create_ssl_context()  # certifi's bundle
        calls = []
        printed = jaraco.functools.print_yielded(lambda: iter([1]))  # more_itertools.consume
        import importlib_metadata as md
        version = md.version("keyring")
        print(json.dumps({
            "deferred": deferred, "before": before,
            "after": {name: sys.modules[name].loaded for name in deferred},
            "host": host, "raw": raw, "ca certs": context.cert_store_stats()["x509_ca"],
            "version": version,
        }))
        """
    )
    report = run_json_script(code, drop=("SSL_CERT_FILE", "SSL_CERT_DIR"))  # (certifi's turn)
    assert sorted(report["deferred"]) == sorted(deferred.UNUSED_AT_LOAD)
    assert report["before"] == dict.fromkeys(deferred.UNUSED_AT_LOAD, False)
    assert report["after"] == dict.fromkeys(deferred.UNUSED_AT_LOAD, True)
    assert report["host"] == "\u0e44\u0e17\u0e22.example"
    assert report["raw"] == "xn--o3cw4h.example"
    assert report["ca certs"] > 10
    assert report["version"]
