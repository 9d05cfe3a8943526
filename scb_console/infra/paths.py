"""Where the console keeps its files, by the platform's conventions (platformdirs).

On Linux these follow the XDG base directories (``XDG_CONFIG_HOME``, ``XDG_DATA_HOME``,
``XDG_CACHE_HOME``, ``XDG_STATE_HOME``); the environment is read on every call, so a test that
points those variables at a temporary folder is honoured. Nothing here creates a folder unless
asked (``ensure=True``), and folders it creates are private to the user (mode 0700 on POSIX).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

import platformdirs

#: The application name platformdirs files everything under.
APP_NAME: Final = "scb-console"
#: The file profiles are kept in, inside :func:`config_dir`.
PROFILES_FILE_NAME: Final = "profiles.toml"


def _dirs() -> platformdirs.PlatformDirs:
    # A fresh object per call: platformdirs reads the XDG variables when a property is asked for.
    return platformdirs.PlatformDirs(APP_NAME, appauthor=False, roaming=False)


def _ready(path: Path, ensure: bool) -> Path:
    if ensure:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def config_dir(*, ensure: bool = False) -> Path:
    """Settings and profiles (``~/.config/scb-console`` on Linux)."""
    return _ready(Path(_dirs().user_config_dir), ensure)


def data_dir(*, ensure: bool = False) -> Path:
    """Data the user would miss (``~/.local/share/scb-console`` on Linux)."""
    return _ready(Path(_dirs().user_data_dir), ensure)


def cache_dir(*, ensure: bool = False) -> Path:
    """Data that can be thrown away (``~/.cache/scb-console`` on Linux)."""
    return _ready(Path(_dirs().user_cache_dir), ensure)


def state_dir(*, ensure: bool = False) -> Path:
    """State kept between runs (``~/.local/state/scb-console`` on Linux)."""
    return _ready(Path(_dirs().user_state_dir), ensure)


def log_dir(*, ensure: bool = False) -> Path:
    """Log files (``~/.local/state/scb-console/log`` on Linux)."""
    return _ready(Path(_dirs().user_log_dir), ensure)


def profiles_file() -> Path:
    """The profile file: :data:`PROFILES_FILE_NAME` in :func:`config_dir`."""
    return config_dir() / PROFILES_FILE_NAME


def describe() -> dict[str, str]:
    """Every location by name, for ``--version``-style diagnostics and support reports."""
    return {
        "config": os.fspath(config_dir()),
        "data": os.fspath(data_dir()),
        "cache": os.fspath(cache_dir()),
        "state": os.fspath(state_dir()),
        "log": os.fspath(log_dir()),
        "profiles": os.fspath(profiles_file()),
    }
