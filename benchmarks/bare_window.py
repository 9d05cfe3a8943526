"""The baseline process: a bare PySide6 main window, as small as a Qt desktop app gets.

    python benchmarks/bare_window.py

It imports QtWidgets, opens a 1280x800 ``QMainWindow`` and, once the window has received its
first paint event (and the event loop has turned once more, so the whole first frame is done),
prints ONE JSON line on stdout and exits at once::

    {"painted": true, "hwm_kb": 51234, "rss_kb": 50112}

``hwm_kb`` is the process's peak resident set (``VmHWM`` of ``/proc/self/status``, or
``ru_maxrss`` elsewhere). :mod:`startup` and :mod:`memory` run it beside the console, in the same
run, as the figure their targets are measured against.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any


def memory_kb() -> dict[str, int]:
    """``{"hwm_kb": peak RSS, "rss_kb": current RSS}`` of this process, in KiB."""
    found: dict[str, int] = {}
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmHWM", "VmRSS"):
                found["hwm_kb" if name == "VmHWM" else "rss_kb"] = int(value.split()[0])
    if "hwm_kb" not in found:  # not Linux: ru_maxrss (KiB on Linux/BSD, bytes on macOS)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        found["hwm_kb"] = peak // 1024 if sys.platform == "darwin" else peak
        found.setdefault("rss_kb", found["hwm_kb"])
    return found


def report(payload: dict[str, Any]) -> None:
    """Print the one JSON line the parent waits for, and leave without any clean-up."""
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()
    os._exit(0)


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                QTimer.singleShot(
                    0, lambda: report({"painted": True, "at": time.monotonic(), **memory_kb()})
                )
            return False

    window = QMainWindow()
    window.setWindowTitle("bare window")
    window.setCentralWidget(QLabel("A bare PySide6 window"))
    window.resize(1280, 800)
    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    QTimer.singleShot(20_000, lambda: report({"painted": False, **memory_kb()}))
    app.exec()


if __name__ == "__main__":
    main()
