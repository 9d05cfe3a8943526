"""A keyring backend for CLI tests only: secrets shared between the test and its subprocesses.

The CLI runs in a subprocess, so an in-memory backend would forget everything between two
commands. This one keeps them in a JSON file named by ``SCB_CONSOLE_TEST_KEYRING_FILE`` (in the
test's temporary folder). The subprocess picks it with
``PYTHON_KEYRING_BACKEND=tests.cli.keyring_backend.SharedTestKeyring``. It is a stand-in for
the OS keyring and exists only in the test tree; the console itself refuses file backends.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend
import keyring.errors
from keyring.compat import properties

ENV_FILE = "SCB_CONSOLE_TEST_KEYRING_FILE"


class SharedTestKeyring(keyring.backend.KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        if not os.environ.get(ENV_FILE):
            raise RuntimeError(f"{ENV_FILE} is not set")
        return 1

    @staticmethod
    def _where() -> Path:
        return Path(os.environ[ENV_FILE])

    def _load(self) -> dict[str, str]:
        try:
            return dict(json.loads(self._where().read_text(encoding="utf-8")))
        except FileNotFoundError:
            return {}

    def _save(self, data: dict[str, str]) -> None:
        self._where().write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @staticmethod
    def _key(service: str, username: str) -> str:
        return json.dumps([service, username])

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(self._key(service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[self._key(service, username)] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(self._key(service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("no such password")
        self._save(data)

    # for the tests' own eyes
    @classmethod
    def contents(cls, path: Path) -> dict[tuple[str, str], str]:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return {tuple(json.loads(k)): v for k, v in raw.items()}  # type: ignore[misc]


# Never let keyring pick this backend on its own in the test process itself.
keyring.backend.KeyringBackend._classes.discard(SharedTestKeyring)  # type: ignore[attr-defined]
