"""keyring's plugins found without importlib_metadata: the same entry points, loaded the same
way, and keyring's own discovery wherever the cheap one cannot be sure."""

from __future__ import annotations

import importlib.machinery
import logging
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scb_console.infra import keyring_plugins
from scb_console.infra.keyring_plugins import EntryPoint, find_plugins, load_plugins
from tests.scripts import RECORD_LOGS, run_json_script

importlib_metadata = pytest.importorskip("importlib_metadata")


def _theirs(path: list[str]) -> list[tuple[str, str]]:
    """What importlib_metadata finds on ``path`` for keyring's group."""
    found = importlib_metadata.entry_points(group=keyring_plugins.GROUP)
    del path  # (it reads sys.path: the caller put ``path`` there)
    return [(point.name, point.value) for point in found]


def _ours(path: list[str]) -> list[tuple[str, str]] | None:
    points = find_plugins(path)
    return None if points is None else [(point.name, point.value) for point in points]


def _dist(root: Path, folder: str, entry_points: str | None) -> Path:
    info = root / folder
    info.mkdir(parents=True)
    name, _, version = folder.rpartition(".")[0].partition("-")
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points)
    return info


@pytest.fixture
def plugin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder first on sys.path with a third-party keyring plugin (and other packages)."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "scb_fake_keyring.py").write_text(
        "CALLS = []\n"
        "def init():\n"
        "    CALLS.append('init')\n"
        "class Holder:\n"
        "    class Nested:\n"
        "        pass\n"
    )
    _dist(
        root,
        "scb_fake_keyring-1.0.dist-info",
        "# a comment\n[console_scripts]\nfake = scb_fake_keyring:init\n\n"
        "[keyring.backends]\n  fake = scb_fake_keyring:init  \n"
        "nested = scb_fake_keyring:Holder.Nested\n",
    )
    _dist(root, "no_plugins-2.0.dist-info", "[console_scripts]\nx = y:z\n")
    _dist(root, "no_entry_points-3.0.dist-info", None)
    (root / "old_style.egg-info").write_text("Metadata-Version: 1.0\nName: old-style\n")
    monkeypatch.syspath_prepend(str(root))
    yield root
    sys.modules.pop("scb_fake_keyring", None)


def test_the_same_entry_points_as_importlib_metadata_here() -> None:
    path = list(sys.path)
    ours = _ours(path)
    assert ours is not None
    assert ours == _theirs(path)
    assert ("SecretService", "keyring.backends.SecretService") in ours  # (keyring's own)


def test_a_third_party_plugin_is_found_as_importlib_metadata_finds_it(plugin_dir: Path) -> None:
    path = list(sys.path)
    ours = _ours(path)
    assert ours == _theirs(path)
    assert ours is not None
    assert ours[:2] == [
        ("fake", "scb_fake_keyring:init"),
        ("nested", "scb_fake_keyring:Holder.Nested"),
    ]


def test_a_distribution_found_twice_counts_where_found_first(
    plugin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = tmp_path / "later"
    _dist(later, "scb_fake_keyring-0.9.dist-info", "[keyring.backends]\nold = gone:init\n")
    monkeypatch.setattr(sys, "path", [*sys.path, str(later)])
    path = list(sys.path)
    ours = _ours(path)
    assert ours == _theirs(path)
    assert ours is not None
    assert ("old", "gone:init") not in ours


def test_plugins_are_loaded_and_initialised_as_keyring_does(
    plugin_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = [EntryPoint("missing", "scb_no_such_module:init"), EntryPoint("bad", "not valid!")]
    caplog.set_level(logging.DEBUG, logger="keyring.backend")
    load_plugins([*broken, EntryPoint("fake", "scb_fake_keyring:init")])
    import scb_fake_keyring  # type: ignore[import-not-found]

    assert scb_fake_keyring.CALLS == ["init"]
    ours = [(r.levelname, r.getMessage(), r.exc_info is not None) for r in caplog.records]
    assert ours[0] == ("DEBUG", "Loading missing", False)
    assert ours[1] == (
        "ERROR",
        "Error initializing plugin "
        "EntryPoint(name='missing', value='scb_no_such_module:init', group='keyring.backends').",
        True,
    )
    assert ours[3][0] == "ERROR"
    assert ours[3][2]
    assert ours[-1] == ("DEBUG", "Loading fake", False)

    # keyring's own loop says the same about the same plugin
    caplog.clear()
    theirs_point = importlib_metadata.EntryPoint(
        name="missing", value="scb_no_such_module:init", group="keyring.backends"
    )
    import keyring.backend

    log = logging.getLogger("keyring.backend")
    try:
        log.debug("Loading %s", theirs_point.name)
        theirs_point.load()
    except Exception:
        log.exception(f"Error initializing plugin {theirs_point}.")
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        (level, message) for level, message, _ in ours[:2]
    ]
    assert keyring.backend.log is log  # (the logger keyring itself uses)


@pytest.mark.parametrize(
    "case",
    [
        "a zip file on the path",
        "an egg on the path",
        "one distribution twice in a folder",
        "a line without '='",
        "an undecodable entry_points.txt",
        "another finder of distributions",
    ],
)
def test_where_it_cannot_be_sure_it_steps_aside(
    case: str, plugin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if case == "a zip file on the path":
        archive = tmp_path / "plugins.zip"
        with zipfile.ZipFile(archive, "w") as zipped:
            zipped.writestr("z_plugin-1.0.dist-info/entry_points.txt", "[keyring.backends]\n")
        monkeypatch.setattr(sys, "path", [*sys.path, str(archive)])
    elif case == "an egg on the path":
        egg = tmp_path / "thing-1.0-py3.11.egg"
        (egg / "EGG-INFO").mkdir(parents=True)
        monkeypatch.setattr(sys, "path", [*sys.path, str(egg)])
    elif case == "one distribution twice in a folder":
        _dist(plugin_dir, "scb_fake_keyring-0.5.dist-info", "[keyring.backends]\n")
    elif case == "a line without '='":
        _dist(plugin_dir, "odd-1.0.dist-info", "[keyring.backends]\njust a module\n")
    elif case == "an undecodable entry_points.txt":
        info = _dist(plugin_dir, "odd-1.0.dist-info", None)
        (info / "entry_points.txt").write_bytes(b"[keyring.backends]\nx = \xff\xfe\n")
    else:

        class Finder:
            def find_spec(self, *_: Any) -> None:
                return None

            def find_distributions(self, *_: Any) -> list[Any]:
                return []

        monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder()])
    assert find_plugins() is None


def test_the_standard_path_finder_alone_does_not_make_it_step_aside(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    standard = [
        finder
        for finder in sys.meta_path
        if not callable(getattr(finder, "find_distributions", None))
        or finder is importlib.machinery.PathFinder
    ]
    monkeypatch.setattr(sys, "meta_path", standard)
    assert find_plugins() is not None


def test_keyrings_own_discovery_runs_when_this_one_steps_aside(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Backend:
        calls = 0

        @classmethod
        def _load_plugins(cls) -> None:
            cls.calls += 1

    original = Backend._load_plugins
    monkeypatch.setattr(keyring_plugins, "find_plugins", lambda: None)
    with keyring_plugins.plugins_found_here(Backend) as ours:
        assert ours is False
        assert Backend._load_plugins == original
    monkeypatch.setattr(keyring_plugins, "find_plugins", lambda: [])
    with keyring_plugins.plugins_found_here(Backend) as ours:
        assert ours is True
        Backend._load_plugins()
        assert Backend.calls == 0  # (ours ran: there was nothing to load)
    assert Backend._load_plugins == original


_CHOICE = RECORD_LOGS + textwrap.dedent(
    """
    import json, sys
    from scb_console.infra.deferred import defer_unused_imports
    defer_unused_imports()  # (as run_gui does)
    import keyring.backend
    if sys.argv[1] == "keyring's own":
        from scb_console.infra import keyring_plugins
        keyring_plugins.find_plugins = lambda path=None: None
    from scb_console.infra.secrets import default_backend
    try:
        chosen = type(default_backend()).__module__
    except Exception as exc:
        chosen = type(exc).__name__
    metadata = sys.modules.get("importlib_metadata") or sys.modules.get("importlib.metadata")
    fake = sys.modules.get("scb_fake_keyring")
    print(json.dumps({
        "chosen": chosen,
        "backend classes": sorted(
            f"{c.__module__}.{c.__qualname__}" for c in keyring.backend.KeyringBackend._classes
        ),
        "backend modules": sorted(m for m in sys.modules if m.startswith("keyring.backends")),
        "fake plugin initialised": None if fake is None else fake.CALLS,
        "importlib_metadata ran": getattr(metadata, "loaded", metadata is not None),
        "logged": [r for r in records if not r.startswith("DEBUG")],
    }))
    """
)


@pytest.mark.parametrize("with_plugin", [False, True], ids=["keyring alone", "with a plugin"])
def test_keyring_chooses_as_it_would_with_its_own_discovery(
    with_plugin: bool, tmp_path: Path
) -> None:
    """In a fresh process, as the console starts: the same backend chosen, the same backend
    classes registered, the same modules loaded and the same words logged; only ours does not
    run importlib_metadata."""
    env = {}
    if with_plugin:
        root = tmp_path / "site"
        root.mkdir()
        (root / "scb_fake_keyring.py").write_text(
            "CALLS = []\ndef init():\n    CALLS.append('init')\n"
        )
        plugin = "[keyring.backends]\nfake = scb_fake_keyring:init\n"
        _dist(root, "scb_fake_keyring-1.0.dist-info", plugin)
        env["PYTHONPATH"] = str(root)
    ours = run_json_script(_CHOICE, "ours", env=env)
    theirs = run_json_script(_CHOICE, "keyring's own", env=env)
    assert ours.pop("importlib_metadata ran") is False
    assert theirs.pop("importlib_metadata ran") is True
    assert ours == theirs
    assert ours["fake plugin initialised"] == (["init"] if with_plugin else None)
    assert "keyring.backends.SecretService.Keyring" in ours["backend classes"]
