"""File → Export support report…: the session as one HTML (or Markdown) file to attach to a ticket.

:class:`~scb_console.ui.session_recorder.SessionRecorder` (made with the window, in a module
of its own so that start-up loads none of the report) keeps what nothing else keeps: each flow
event with the local time it happened, every token obtained, every authorization code received.

:func:`gather_session_data` and :func:`gather_secrets` collect the rest from the window (the
exchange log, the active profile, the API secrets of the profiles used), and
:func:`export_support_report` builds the report with :func:`scb_console.core.report.build_report`
and writes it with :func:`scb_console.core.report.write_report`, which refuses to write a file in
which any secret of the session appears.

:func:`export_support_report_sliced` does the same for a large session without freezing the
window: :func:`scb_console.core.report.write_report_steps` (the same report, the same check)
runs on the GUI thread a few milliseconds at a time, under a progress dialog that can cancel it.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Final

import PySide6
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from scb_console.core.errors import SCBConsoleError
from scb_console.core.models import TokenSet
from scb_console.core.report import (
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    SessionData,
    build_report,
    commit_report,
    write_report,
    write_report_steps,
)
from scb_console.ui.session import API_SECRET_KEY
from scb_console.ui.worker import commit_off_thread, run_with_progress

if TYPE_CHECKING:
    from scb_console.ui.main_window import MainWindow

log = logging.getLogger(__name__)

_HTML_FILTER: Final = "Support report, HTML (*.html)"
_MARKDOWN_FILTER: Final = "Support report, Markdown (*.md)"


def qt_versions() -> dict[str, str]:
    return {"Qt": qVersion(), "PySide6": PySide6.__version__}


def _all_tokens(window: MainWindow) -> list[TokenSet]:
    tokens: list[TokenSet] = list(window.report_recorder.tokens)
    tokens.extend(window.inspector.model.tokens())
    session = window.session
    if session.flow is not None:
        tokens.extend(session.flow.history)
        if session.flow.tokens is not None:
            tokens.append(session.flow.tokens)
    tokens.extend(session.server_tokens.values())
    unique: dict[tuple[str, str, str], TokenSet] = {}
    for token in tokens:
        unique.setdefault((token.kind.value, token.request_uid, token.access_token), token)
    return list(unique.values())


def gather_session_data(window: MainWindow) -> SessionData:
    """What the report shows, from the window's services, session and recorder."""
    session = window.session
    flow = session.flow
    return SessionData(
        clock=window.clock,
        exchanges=tuple(window.services.exchange_log.records),
        tokens=tuple(_all_tokens(window)),
        events=tuple(window.report_recorder.events),
        profile=session.profile,
        versions=qt_versions(),
        flow_state=flow.state.label if flow is not None else "",
    )


def gather_secrets(window: MainWindow) -> list[str]:
    """Every secret string of the session: the API secrets of the profiles used, every access
    and refresh token, every authorization code."""
    secrets: list[str] = []
    names: set[str] = set()
    session = window.session
    if session.profile is not None:
        names.add(session.profile.name)
    names.update(r.profile_name for r in window.services.exchange_log.records)
    tokens = _all_tokens(window)
    names.update(t.profile_name for t in tokens)
    store = window.services.secret_store
    for name in sorted(n for n in names if n):
        try:
            value = store.get(name, API_SECRET_KEY)
        except SCBConsoleError as exc:  # a locked keyring: the check covers what it can
            log.warning("support report: no API secret of %r to check for: %s", name, exc)
            continue
        if value:
            secrets.append(value)
    secrets.append(window.credentials.api_secret_edit.text())  # as on screen, saved or not
    for token in tokens:
        secrets.append(token.access_token)
        if token.refresh_token:
            secrets.append(token.refresh_token)
    secrets.extend(window.report_recorder.codes)
    flow = session.flow
    if flow is not None and flow.code:
        secrets.append(flow.code)
    return [s for s in dict.fromkeys(secrets) if s]


def export_support_report(window: MainWindow, path: str | Path) -> Path:
    """Build the report and write it to ``path`` (HTML or Markdown by suffix); raises
    :class:`~scb_console.core.errors.ExportError` (a secret would leak, a bad suffix, a write
    that failed)."""
    report = build_report(gather_session_data(window))
    return write_report(report, path, secrets=gather_secrets(window))


async def export_support_report_sliced(window: MainWindow, path: str | Path) -> Path:
    """:func:`export_support_report` in slices of a few milliseconds on the GUI thread, under a
    progress dialog (shown when it takes a while) whose Cancel cancels the awaiting task; the
    file is put in place on a worker thread. Raises ExportError as it does; nothing is left
    behind when it fails or is cancelled (before the last step)."""
    data = gather_session_data(window)
    secrets = gather_secrets(window)
    file = await run_with_progress(
        write_report_steps(data, path, secrets=secrets),
        parent=window,
        title=QCoreApplication.translate("SupportReport", "Export support report"),
        label="",
    )
    return await commit_off_thread(lambda: commit_report(file))


def ask_report_path(parent: QWidget | None) -> str | None:
    """Ask where to save the report; the suffix follows the chosen format when none was typed."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    html_filter = QCoreApplication.translate("SupportReport", "Support report, HTML (*.html)")
    markdown_filter = QCoreApplication.translate("SupportReport", "Support report, Markdown (*.md)")
    path, chosen = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("SupportReport", "Export support report"),
        f"scb-console-report-{stamp}.html",
        f"{html_filter};;{markdown_filter}",
    )
    if not path:
        return None
    if Path(path).suffix.lower() not in HTML_SUFFIXES + MARKDOWN_SUFFIXES:
        path += ".md" if chosen in (markdown_filter, _MARKDOWN_FILTER) else ".html"
    return path


def show_export_result(parent: QWidget, written: Path | None, error: str | None) -> QMessageBox:
    """A window-modal message (not blocking) saying where the report went, or why not."""
    box = QMessageBox(parent)
    box.setObjectName("supportReportMessage")
    box.setWindowTitle(QCoreApplication.translate("SupportReport", "Export support report"))
    if error is None and written is not None:
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(QCoreApplication.translate("SupportReport", "The support report was written."))
        box.setInformativeText(
            QCoreApplication.translate(
                "SupportReport",
                "{path}\n\nSecrets are masked; SCB Console checked that none of this session's "
                "secrets is in the file. Attach it to the support ticket.",
            ).format(path=written)
        )
    else:
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(
            QCoreApplication.translate("SupportReport", "The support report was not written.")
        )
        box.setInformativeText(error or "")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box
