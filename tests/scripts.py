"""Running a short Python script in a fresh process and reading the JSON it prints.

For what one test process cannot show: what a start-up imports or makes, once per process
(PySide6's helpers and lazy classes, keyring's backends, the executor's threads).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from typing import Any


def run_script(
    code: str,
    *args: str,
    env: Mapping[str, str] | None = None,
    drop: tuple[str, ...] = (),
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` with ``python -c`` and ``args``, offscreen, with this environment plus
    ``env`` and without the variables named in ``drop``; what it printed and its exit status."""
    environment = {k: v for k, v in os.environ.items() if k not in drop}
    environment["QT_QPA_PLATFORM"] = "offscreen"
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=environment,
    )


def run_json_script(
    code: str,
    *args: str,
    env: Mapping[str, str] | None = None,
    drop: tuple[str, ...] = (),
    timeout: float = 60,
) -> dict[str, Any]:
    """:func:`run_script`, and the JSON object of the script's last line of output (the test
    fails, with the script's error, if it did not exit 0)."""
    result = run_script(code, *args, env=env, drop=drop, timeout=timeout)
    assert result.returncode == 0, result.stderr[-2000:]
    answer: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


#: Script lines that keep every log record of the process in ``records`` (``"LEVEL name:
#: message"``), for scripts that compare what a library logs one way and another.
RECORD_LOGS = """
import logging
records = []
class Keep(logging.Handler):
    def emit(self, record):
        records.append(f"{record.levelname} {record.name}: {record.getMessage()}")
logging.getLogger().addHandler(Keep())
logging.getLogger().setLevel(logging.DEBUG)
"""
