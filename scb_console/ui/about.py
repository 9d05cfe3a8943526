"""The About dialog: versions of the app, Python, Qt and PySide6, and where the logs are."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from scb_console import __version__
from scb_console.ui.clipboard import copy_text
from scb_console.ui.i18n import QT_TRANSLATE_NOOP

#: The captions of :func:`version_info`'s keys that are words (shown translated; the keys and
#: "Copy versions" stay English, for a bug report).
_CAPTIONS = {
    "Platform": QT_TRANSLATE_NOOP("AboutDialog", "Platform"),
    "Log folder": QT_TRANSLATE_NOOP("AboutDialog", "Log folder"),
}


def version_info(log_dir: Path | None = None) -> dict[str, str]:
    """The facts the dialog shows (also handy for a bug report)."""
    info = {
        "SCB Console": __version__,
        "Python": platform.python_version(),
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "Platform": f"{platform.system()} {platform.release()} ({platform.machine()})",
    }
    if log_dir is None:
        try:
            from scb_console.infra import paths

            log_dir = paths.log_dir()
        except Exception:  # platformdirs cannot say: show nothing rather than fail
            log_dir = None
    info["Log folder"] = str(log_dir) if log_dir is not None else "—"
    return info


def version_text(log_dir: Path | None = None) -> str:
    return "\n".join(f"{key}: {value}" for key, value in version_info(log_dir).items())


class AboutDialog(QDialog):
    def __init__(self, log_dir: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About SCB Console"))
        self._info = version_info(log_dir)
        title = QLabel("SCB Console")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        blurb = QLabel(
            self.tr(
                "A developer console for the SCB Open API's OAuth 2.0 flows, with a local SCB "
                "sandbox. Every sandbox customer and credential is fictional."
            )
        )
        blurb.setWordWrap(True)
        form = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        for key, value in self._info.items():
            label = QLabel(value)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setObjectName(f"about{key.replace(' ', '')}")
            caption = QCoreApplication.translate("AboutDialog", _CAPTIONS.get(key, key))
            label.setAccessibleName(f"{caption}: {value}")
            form.addRow(f"{caption}:", label)
            self.labels[key] = label
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(self.tr("Copy versions"))
        copy.setObjectName("copyVersionsButton")
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        copy.clicked.connect(self.on_copy_clicked)
        self.setMinimumWidth(460)

    @property
    def info(self) -> dict[str, str]:
        return dict(self._info)

    def on_copy_clicked(self) -> None:
        copy_text("\n".join(f"{k}: {v}" for k, v in self._info.items()) + f"\n{sys.platform}")
