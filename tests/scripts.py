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


def run_json_script(
    code: str,
    *args: str,
    env: Mapping[str, str] | None = None,
    drop: tuple[str, ...] = (),
    timeout: float = 60,
) -> dict[str, Any]:
    """Run ``code`` with ``python -c`` and ``args``, offscreen, with this environment plus
    ``env`` and without the variables named in ``drop``; the JSON object of its last line of
    output (the test fails, with the script's error, if it did not exit 0)."""
    environment = {k: v for k, v in os.environ.items() if k not in drop}
    environment["QT_QPA_PLATFORM"] = "offscreen"
    environment.update(env or {})
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=environment,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    answer: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer
