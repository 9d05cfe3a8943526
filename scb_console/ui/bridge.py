"""The engine bridge: engine events in, Qt signals out; engine coroutines run as tracked tasks.

Everything the engine does is a coroutine on the asyncio loop qasync runs inside Qt's event
loop, so nothing here blocks the GUI thread. :meth:`EngineBridge.run` starts a coroutine as a
task, keeps a reference to it (qasync's ``asyncSlot`` keeps none), reports busy/idle, and turns
the outcome into one of two signals:

- ``succeeded(label, result)`` (and ``token_obtained(token)`` when the result is a token);
- ``failed(label, message)`` and ``error(message)``: ``message`` is one line. An
  :class:`~scb_console.core.errors.SCBConsoleError` is shown as its ``str`` (which names the
  ``requestUId``); anything else is logged with its traceback and shown as one line.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from scb_console.core.errors import SCBConsoleError
from scb_console.core.exchange import ExchangeLog, ExchangeRecord
from scb_console.core.flow import FlowCancelled, FlowEvent, UserFlow
from scb_console.core.models import TokenSet
from scb_console.ui.worker import preload_later

log = logging.getLogger(__name__)

#: Decides whether a request may go out now (the production confirmation); True lets it go.
RequestGate = Callable[[], bool]


def describe_error(exc: BaseException) -> str:
    """One line for a person: the console's own message, or the kind of an unexpected failure."""
    if isinstance(exc, SCBConsoleError):
        return str(exc)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    if text:
        return QCoreApplication.translate(
            "EngineBridge", "Unexpected error ({kind}): {text}"
        ).format(kind=name, text=text)
    return QCoreApplication.translate("EngineBridge", "Unexpected error ({kind})").format(kind=name)


class EngineBridge(QObject):
    """Runs engine coroutines for the window and speaks Qt signals about them."""

    #: A flow event (:class:`~scb_console.core.flow.FlowEvent`) of the active flow.
    flow_changed = Signal(object)
    #: A token was obtained (server token, code exchange, refresh).
    token_obtained = Signal(object)
    #: A new exchange-log record (already masked).
    exchange_recorded = Signal(object)
    #: One line describing a failure, for the status bar.
    error = Signal(str)
    #: ``(label, message)``: the task labelled ``label`` failed with ``message``.
    failed = Signal(str, str)
    #: ``(label, result)``: the task labelled ``label`` finished with ``result``.
    succeeded = Signal(str, object)
    #: ``(label)``: the task labelled ``label`` was cancelled (no message: the user asked).
    cancelled = Signal(str)
    #: ``(label)``: a task started.
    started = Signal(str)
    #: True while at least one task runs.
    busy = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: dict[asyncio.Task[Any], str] = {}
        self._flow: UserFlow | None = None
        self._flow_unsubscribe: Callable[[], None] | None = None
        self._log_unsubscribe: Callable[[], None] | None = None
        self._gate: RequestGate | None = None
        self._seen_tokens: set[str] = set()
        # httpx's async backend (anyio) loads on the first request: load it on a worker thread
        # once the first frame is out, so the first click does not wait ~30 ms for it
        preload_later(("anyio._backends._asyncio",))

    # --- tasks -------------------------------------------------------------------------------

    def run(self, coro: Coroutine[Any, Any, Any], *, label: str) -> asyncio.Task[Any]:
        """Start ``coro`` as a task on the running loop, tracked until it ends."""
        task = asyncio.get_running_loop().create_task(coro, name=f"scb-console:{label}")
        was_idle = not self._tasks
        self._tasks[task] = label
        task.add_done_callback(self._on_task_done)
        self.started.emit(label)
        if was_idle:
            self.busy.emit(True)
        return task

    def running(self, label: str | None = None) -> bool:
        """True while a task (with ``label``, if given) runs."""
        if label is None:
            return bool(self._tasks)
        return label in self._tasks.values()

    @property
    def tasks(self) -> tuple[asyncio.Task[Any], ...]:
        return tuple(self._tasks)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    async def drain(self) -> None:
        """Cancel every task and wait for them to end (shutdown)."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    def _on_task_done(self, task: asyncio.Task[Any]) -> None:
        label = self._tasks.pop(task, "task")
        try:
            if task.cancelled():
                log.debug("task %s cancelled", label)
                self.cancelled.emit(label)
                return
            exc = task.exception()
            if isinstance(exc, FlowCancelled):  # the user cancelled or reset the flow
                self.cancelled.emit(label)
                return
            if exc is None:
                result = task.result()
                if isinstance(result, TokenSet):
                    self.report_token(result)
                self.succeeded.emit(label, result)
                return
            if not isinstance(exc, SCBConsoleError):
                log.error("%s failed unexpectedly", label, exc_info=exc)
            else:
                log.info("%s failed: %s", label, exc)
            message = describe_error(exc)
            self.failed.emit(label, message)
            self.error.emit(message)
        finally:
            if not self._tasks:
                self.busy.emit(False)

    # --- gate ----------------------------------------------------------------------------------

    def set_request_gate(self, gate: RequestGate | None) -> None:
        """``gate()`` is asked before each user-started request; False stops it."""
        self._gate = gate

    def request_allowed(self) -> bool:
        return True if self._gate is None else self._gate()

    # --- engine events -------------------------------------------------------------------------

    def report_token(self, token: TokenSet) -> None:
        """Emit ``token_obtained`` once per token (keyed by its requestUId)."""
        key = f"{token.kind.value}:{token.request_uid}:{token.access_token[:8]}"
        if key in self._seen_tokens:
            return
        self._seen_tokens.add(key)
        self.token_obtained.emit(token)

    def attach_flow(self, flow: UserFlow | None) -> None:
        """Listen to ``flow`` (and stop listening to the previous one)."""
        if self._flow_unsubscribe is not None:
            self._flow_unsubscribe()
            self._flow_unsubscribe = None
        self._flow = flow
        if flow is not None:
            self._flow_unsubscribe = flow.subscribe(self._on_flow_event)

    @property
    def flow(self) -> UserFlow | None:
        return self._flow

    def _on_flow_event(self, event: FlowEvent) -> None:
        flow = self._flow
        if flow is not None and flow.tokens is not None:
            self.report_token(flow.tokens)
        self.flow_changed.emit(event)

    def attach_log(self, exchange_log: ExchangeLog) -> None:
        if self._log_unsubscribe is not None:
            self._log_unsubscribe()
        self._log_unsubscribe = exchange_log.subscribe(self._on_record)

    def _on_record(self, record: ExchangeRecord) -> None:
        self.exchange_recorded.emit(record)

    def detach(self) -> None:
        """Stop listening to the flow and the log (window closing)."""
        self.attach_flow(None)
        if self._log_unsubscribe is not None:
            self._log_unsubscribe()
            self._log_unsubscribe = None
