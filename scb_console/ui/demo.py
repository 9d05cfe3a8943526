"""The autopilot: ``scb-console --demo`` plays the whole story in the real window.

:class:`DemoAutopilot` drives the real :class:`~scb_console.ui.wizard.FlowWizard` against the
embedded local sandbox: it clicks the wizard's own buttons (``QAbstractButton.click``, so the
same slots run as for a person) and waits on the real signals of the
:class:`~scb_console.ui.bridge.EngineBridge` and of the flow. Each step shows a caption, in the
words a partner team uses, in a large bar above the wizard (:class:`DemoCaptionBar`), with a
small toolbar: Pause / Resume (Space), Step forward (Right), Restart, Close.

A step goes: caption and page first (a short lead-in so the room reads what is about to
happen), then the action and its request (real, never scaled), then a dwell so the result can
be seen. ``speed`` divides the lead-in and the dwell (:data:`DWELL_SECONDS` at speed 1.0); the
timers are :class:`QTimer` on the real clock.

The story runs only on a LOCAL profile (the embedded sandbox): when another profile is active
the autopilot first switches to the Local sandbox profile and says so. :attr:`finished` reports
``(ok, message)``; on failure the message is ``demo failed at step '<name>': <reason>``.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from scb_console.core.contract import Environment
from scb_console.core.flow import FlowState
from scb_console.sandbox.defaults import DEMO_CUSTOMERS
from scb_console.ui import theme
from scb_console.ui.bridge import describe_error
from scb_console.ui.presentation import PresentationMode, central_stage
from scb_console.ui.session import LOCAL_PROFILE_NAME
from scb_console.ui.wizard import Step

if TYPE_CHECKING:
    from scb_console.ui.main_window import MainWindow

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

#: Seconds a step's result stays on screen at speed 1.0, before the next step.
DWELL_SECONDS = 4.0
#: Seconds the caption shows before the step's action, at speed 1.0.
LEAD_SECONDS = 1.5
#: Seconds one step's request may take (real time, never scaled).
STEP_TIMEOUT_SECONDS = 30.0
#: The exit status of ``--demo --exit-when-done`` when a step failed.
DEMO_FAILED_EXIT = 3


class DemoState(enum.StrEnum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    FAILED = "failed"
    STOPPED = "stopped"


class _Phase(enum.Enum):
    LEAD = "lead"  # caption shown, the action comes next
    ACTING = "acting"  # the step's request is out
    DWELL = "dwell"  # the step is done; the next one comes next


@dataclass(frozen=True)
class DemoStep:
    """One step of the story: what it is called, what the room reads, which page it shows."""

    key: str
    #: The step's name (the wizard's title); failures name it.
    name: str
    #: The caption's headline: what happens.
    headline: str
    #: The caption's text: why, for a partner team.
    text: str
    page: Step


def _first_customer_name() -> str:
    customer = DEMO_CUSTOMERS[0]
    profile = customer.profile
    name = f"{profile.get('engFirstName', '')} {profile.get('engLastName', '')}".strip()
    return name or customer.id


def story() -> tuple[DemoStep, ...]:
    """The steps, in order."""
    customer = _first_customer_name()
    return (
        DemoStep(
            "server_token",
            translate(
                "DemoAutopilot",
                "Server token",
            ),
            translate(
                "DemoAutopilot",
                "The partner's app identifies itself to SCB",
            ),
            translate(
                "DemoAutopilot",
                "It sends its API key and secret and gets a server token, valid for 30 minutes. "
                "No customer is involved yet: this token is for the app's own calls.",
            ),
            Step.SERVER_TOKEN,
        ),
        DemoStep(
            "authorize",
            translate(
                "DemoAutopilot",
                "Authorize",
            ),
            translate(
                "DemoAutopilot",
                "The app asks SCB for a sign-in link",
            ),
            translate(
                "DemoAutopilot",
                "SCB answers with a link to SCB Easy, shown here as a QR code. On a real phone, "
                "scanning it opens SCB Easy, where the customer signs in.",
            ),
            Step.AUTHORIZE,
        ),
        DemoStep(
            "approve",
            translate(
                "DemoAutopilot",
                "Customer approval",
            ),
            translate("DemoAutopilot", "A test customer, {customer}, approves in SCB Easy").format(
                customer=customer
            ),
            translate(
                "DemoAutopilot",
                "The sandbox plays the customer: signs in, says yes to sharing the profile, and "
                "SCB Easy sends them back to the app with a one-time authorization code.",
            ),
            Step.AUTHORIZE,
        ),
        DemoStep(
            "countdown",
            translate(
                "DemoAutopilot",
                "Code countdown",
            ),
            translate(
                "DemoAutopilot",
                "The app holds a one-time code, valid for 60 seconds",
            ),
            translate(
                "DemoAutopilot",
                "The code can be used once and only for a minute, so a stolen or forgotten code is "
                "worthless. The app must trade it in at once: watch the ring count down.",
            ),
            Step.RECEIVE,
        ),
        DemoStep(
            "exchange",
            translate(
                "DemoAutopilot",
                "Exchange the code",
            ),
            translate(
                "DemoAutopilot",
                "The app trades the code for the customer's tokens",
            ),
            translate(
                "DemoAutopilot",
                "An access token (30 minutes) lets the app call SCB for this customer; a refresh "
                "token (60 minutes) gets new access tokens without asking the customer again.",
            ),
            Step.EXCHANGE,
        ),
        DemoStep(
            "profile",
            translate(
                "DemoAutopilot",
                "Customer profile",
            ),
            translate(
                "DemoAutopilot",
                "The app calls SCB on the customer's behalf",
            ),
            translate(
                "DemoAutopilot",
                "With the access token it reads the customer's profile: name, mobile and email "
                "come back. This proves the sign-in worked end to end.",
            ),
            Step.PROFILE,
        ),
        DemoStep(
            "refresh",
            translate(
                "DemoAutopilot",
                "Refresh",
            ),
            translate(
                "DemoAutopilot",
                "The app keeps the customer signed in",
            ),
            translate(
                "DemoAutopilot",
                "Before the access token runs out, the app swaps the refresh token for a fresh "
                "access token. The customer does not have to approve again.",
            ),
            Step.REFRESH,
        ),
    )


def _switch_step() -> DemoStep:
    """The step played first when the active profile is not the local sandbox."""
    return DemoStep(
        "switch",
        translate("DemoAutopilot", "Local sandbox"),
        translate("DemoAutopilot", "Switching to the {profile} profile").format(
            profile=LOCAL_PROFILE_NAME
        ),
        translate(
            "DemoAutopilot",
            "The demo only ever runs against the sandbox built into this console, with test "
            "customers: no request goes to SCB.",
        ),
        Step.SERVER_TOKEN,
    )


def _done_caption() -> tuple[str, str]:
    return (
        translate("DemoAutopilot", "That is the whole sign-in story"),
        translate(
            "DemoAutopilot",
            "The app identified itself, the customer approved once on their phone, and the app "
            "now calls SCB for the customer and keeps the session fresh by itself. Restart to "
            "play it again.",
        ),
    )


def demo_timeout(speed: float) -> float:
    """A generous bound on a whole run at ``speed`` (seconds), for ``--exit-when-done``."""
    per_step = (LEAD_SECONDS + DWELL_SECONDS) / speed
    return 30.0 + (len(story()) + 1) * (per_step + 5.0)


class DemoError(Exception):
    """A step could not be played (the message says why, in one line)."""


def _tint(colour: QColor, alpha: float) -> str:
    return f"rgba({colour.red()}, {colour.green()}, {colour.blue()}, {alpha:.2f})"


class DemoCaptionBar(QFrame):
    """The large caption above the wizard: step counter, headline, explanation, controls."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoCaption")
        self.setAccessibleName(self.tr("Demo caption"))
        self.counter = QLabel()
        self.counter.setObjectName("demoCounter")
        self.headline = QLabel()
        self.headline.setObjectName("demoHeadline")
        self.headline.setWordWrap(True)
        self.text = QLabel()
        self.text.setObjectName("demoText")
        self.text.setWordWrap(True)
        self.progress = QLabel()
        self.progress.setObjectName("demoProgress")
        self.progress.setTextFormat(Qt.TextFormat.RichText)
        self.status = QLabel()
        self.status.setObjectName("demoStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        base = QFont(self.font())
        size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
        counter_font = QFont(base)
        counter_font.setPointSizeF(size * 0.95)
        counter_font.setWeight(QFont.Weight.Bold)
        counter_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        self.counter.setFont(counter_font)
        headline_font = QFont(base)
        headline_font.setPointSizeF(size * 1.75)
        headline_font.setWeight(QFont.Weight.DemiBold)
        self.headline.setFont(headline_font)
        text_font = QFont(base)
        text_font.setPointSizeF(size * 1.22)
        self.text.setFont(text_font)
        status_font = QFont(base)
        status_font.setPointSizeF(size * 0.95)
        status_font.setWeight(QFont.Weight.DemiBold)
        self.status.setFont(status_font)

        self.toolbar = QToolBar(self.tr("Demo"))
        self.toolbar.setObjectName("demoToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)

        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.counter)
        top.addWidget(self.progress)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addWidget(self.toolbar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 12, 16, 14)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.headline)
        layout.addWidget(self.text)
        self._kind = "info"
        self._progress: tuple[int, int] | None = None
        self.apply_theme()
        theme.follow(self, lambda _dark: self._restyle())

    def _restyle(self) -> None:
        """The appearance changed: the colours again, the progress dots too."""
        self.apply_theme(self._kind)
        if self._progress is not None:
            self._show_progress(*self._progress)

    def apply_theme(self, kind: str = "info") -> None:
        """Colours: ``info`` (the accent), ``done`` (green) or ``error`` (red)."""
        self._kind = kind
        dark = theme.is_dark(self.palette())
        if kind == "error":
            accent = theme.error_color(dark)
        elif kind == "done":
            accent = theme.status_color(theme.TokenStatus.VALID, dark)
        else:
            accent = QColor("#1f6feb" if dark else "#0969da")
        background = _tint(accent, 0.16 if dark else 0.08)
        border = _tint(accent, 0.45)
        self.setStyleSheet(
            f"#demoCaption {{ background-color: {background}; border: none;"
            f" border-bottom: 1px solid {border}; border-left: 8px solid {accent.name()}; }}"
            f"#demoCounter {{ color: {accent.name()}; }}"
            "#demoText { color: palette(text); }"
            f"#demoStatus {{ color: {accent.name()}; padding-right: 8px; }}"
            "#demoToolbar { background: transparent; border: none; spacing: 4px; }"
            "#demoToolbar QToolButton { padding: 4px 10px; border-radius: 6px;"
            f" border: 1px solid {border}; background-color: palette(base); }}"
            f"#demoToolbar QToolButton:hover {{ border-color: {accent.name()}; }}"
            "#demoToolbar QToolButton:disabled { color: palette(placeholder-text); }"
        )
        self._accent = accent

    def show_caption(
        self, counter: str, headline: str, text: str, *, done: int, total: int, kind: str = "info"
    ) -> None:
        self.apply_theme(kind)
        self.counter.setText(counter.upper())
        self.headline.setText(headline)
        self.text.setText(text)
        self.setAccessibleDescription(f"{headline}. {text}")
        self._show_progress(done, total)

    def _show_progress(self, done: int, total: int) -> None:
        self._progress = (done, total)
        muted = theme.muted_color(theme.is_dark(self.palette())).name()
        dots = "".join(
            f'<span style="color: {self._accent.name() if i < done else muted};">●</span>'
            for i in range(total)
        )
        self.progress.setText(f'<span style="font-size: large; letter-spacing: 3px;">{dots}</span>')

    def set_status(self, text: str) -> None:
        self.status.setText(text)


class DemoAutopilot(QObject):
    """Plays the story in ``window``; see the module's docstring."""

    #: ``(index, name)``: a step began (its caption is on screen).
    step_started = Signal(int, str)
    #: ``(index, name)``: a step's action succeeded.
    step_done = Signal(int, str)
    #: ``(headline, text)``: the caption changed.
    caption_changed = Signal(str, str)
    #: ``(state)``: running, paused, done, failed or stopped.
    state_changed = Signal(str)
    #: ``(ok, message)``: the run ended (success, or the failing step named).
    finished = Signal(bool, str)

    def __init__(
        self,
        window: MainWindow,
        *,
        speed: float = 1.0,
        timeout: float | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent if parent is not None else window)
        self.setObjectName("demoAutopilot")
        if not speed > 0:
            raise ValueError(f"the demo speed must be above 0, not {speed!r}")
        self._window = window
        self._speed = float(speed)
        self._timeout = timeout
        self._steps: list[DemoStep] = list(story())
        self._index = -1
        self._phase = _Phase.LEAD
        self._state = DemoState.IDLE
        self._paused = False
        self._remaining_ms: int | None = None
        self._task: asyncio.Task[Any] | None = None
        self._act_immediately = False
        self._started_at = 0.0
        self._message = ""
        self._captions: list[str] = []

        self._timer = QTimer(self)
        self._timer.setObjectName("demoDwellTimer")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)
        self._step_timer = QTimer(self)
        self._step_timer.setObjectName("demoStepTimer")
        self._step_timer.setSingleShot(True)
        self._step_timer.timeout.connect(self._on_step_timeout)
        self._global_timer = QTimer(self)
        self._global_timer.setObjectName("demoGlobalTimer")
        self._global_timer.setSingleShot(True)
        self._global_timer.timeout.connect(self._on_global_timeout)

        self.caption = DemoCaptionBar(window)  # placed above the wizard by start()
        self.caption.hide()
        self._build_actions()
        bridge = window.bridge
        bridge.succeeded.connect(self._check)
        bridge.failed.connect(self._check)
        bridge.cancelled.connect(self._check)
        bridge.flow_changed.connect(self._check)

    # --- building ------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        bar = self.caption.toolbar
        self.pause_action = QAction(self.tr("Pause"), self)
        self.pause_action.setObjectName("demoPauseAction")
        self.pause_action.setToolTip(self.tr("Pause or resume the demo (Space)"))
        self.step_action = QAction(self.tr("Step ▸"), self)
        self.step_action.setObjectName("demoStepAction")
        self.step_action.setToolTip(self.tr("Play the next step now (Right arrow)"))
        self.restart_action = QAction(self.tr("Restart"), self)
        self.restart_action.setObjectName("demoRestartAction")
        self.restart_action.setToolTip(self.tr("Start the story again from the first step"))
        self.stop_action = QAction(self.tr("Close"), self)
        self.stop_action.setObjectName("demoCloseAction")
        self.stop_action.setToolTip(self.tr("Stop the demo and hide this bar"))
        for action in (self.pause_action, self.step_action, self.restart_action, self.stop_action):
            bar.addAction(action)
        self.pause_action.triggered.connect(self.toggle_pause)
        self.step_action.triggered.connect(self.step_forward)
        self.restart_action.triggered.connect(self.restart)
        self.stop_action.triggered.connect(self.stop)
        self.space_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Space), self._window)
        self.space_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.space_shortcut.activated.connect(self.toggle_pause)
        self.right_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Right), self._window)
        self.right_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.right_shortcut.activated.connect(self.step_forward)
        self._set_shortcuts(False)

    def _set_shortcuts(self, on: bool) -> None:
        self.space_shortcut.setEnabled(on)
        self.right_shortcut.setEnabled(on)

    # --- public --------------------------------------------------------------------------------

    @property
    def steps(self) -> tuple[DemoStep, ...]:
        return tuple(self._steps)

    @property
    def state(self) -> DemoState:
        return self._state

    @property
    def index(self) -> int:
        """The index of the current step in :attr:`steps` (-1 before the first)."""
        return self._index

    @property
    def current_step(self) -> DemoStep | None:
        return self._steps[self._index] if 0 <= self._index < len(self._steps) else None

    @property
    def phase(self) -> str:
        return self._phase.value

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def speed(self) -> float:
        return self._speed

    def set_speed(self, speed: float) -> None:
        if not speed > 0:
            raise ValueError(f"the demo speed must be above 0, not {speed!r}")
        self._speed = float(speed)

    @property
    def message(self) -> str:
        """The outcome line once the run ended (empty before)."""
        return self._message

    @property
    def captions(self) -> list[str]:
        """Every headline shown so far in this run, in order."""
        return list(self._captions)

    def waiting(self) -> bool:
        """True while a lead-in or dwell timer runs (the next move is scheduled)."""
        return self._timer.isActive()

    def set_timeout(self, timeout: float | None) -> None:
        """Fail the run when it has not finished ``timeout`` seconds after it started."""
        self._timeout = timeout

    def start(self) -> None:
        """Show the caption and play from the first step (switching to a local profile first)."""
        self._show_bar()
        self._paused = False
        self._started_at = time.monotonic()
        self._message = ""
        self._captions = []
        if self._timeout is not None:
            self._global_timer.start(int(self._timeout * 1000))
        self._set_state(DemoState.RUNNING)
        self._window.tabs.setCurrentWidget(self._window.wizard)
        try:
            switched = self._ensure_local()
        except DemoError as exc:
            self._steps = [_switch_step(), *story()]
            self._index = 0
            self._fail(str(exc))
            return
        self._steps = [_switch_step(), *story()] if switched else list(story())
        self._index = -1
        self._advance()

    def pause(self) -> None:
        if self._state is not DemoState.RUNNING or self._paused:
            return
        self._paused = True
        if self._timer.isActive():
            self._remaining_ms = max(0, self._timer.remainingTime())
            self._timer.stop()
        self._set_state(DemoState.PAUSED)

    def resume(self) -> None:
        if self._state is not DemoState.PAUSED:
            return
        self._paused = False
        self._set_state(DemoState.RUNNING)
        if self._phase is not _Phase.ACTING:
            remaining = self._remaining_ms
            self._remaining_ms = None
            self._timer.start(remaining if remaining is not None else self._phase_ms())

    def toggle_pause(self) -> None:
        if self._state is DemoState.PAUSED:
            self.resume()
        elif self._state is DemoState.RUNNING:
            self.pause()

    def step_forward(self) -> None:
        """Do the next move now: the current step's action, or the next step (and its action)."""
        if self._state not in (DemoState.RUNNING, DemoState.PAUSED):
            return
        if self._phase is _Phase.ACTING:
            return  # the request is out; its answer moves the story on
        self._timer.stop()
        self._remaining_ms = None
        if self._phase is _Phase.LEAD:
            self._act()
        else:
            self._act_immediately = True
            self._advance()

    def restart(self) -> None:
        """Stop wherever the story is, clear the flow, and play it again from the start."""
        self._halt_timers()
        self._task = None
        window = self._window
        window.bridge.cancel_all()
        flow = window.session.flow
        if flow is not None:
            flow.reset()
        window.wizard.on_profile_changed()
        self.start()

    def stop(self) -> None:
        """Stop the demo and hide the caption bar (the window stays as it is)."""
        self._halt_timers()
        self._task = None
        self._set_shortcuts(False)
        if self._state in (DemoState.RUNNING, DemoState.PAUSED):
            self._message = "the demo was stopped"
            self._set_state(DemoState.STOPPED)
            self.finished.emit(False, self._message)
        self.caption.hide()

    # --- the story -----------------------------------------------------------------------------

    def _ensure_local(self) -> bool:
        """Make a LOCAL profile active; True when it had to switch."""
        window = self._window
        if window.services.sandbox is None:
            raise DemoError("the local sandbox is not running, and the demo plays only on it")
        profile = window.session.profile
        if profile is not None and profile.environment is Environment.LOCAL:
            return False
        candidates = [p for p in window.credentials.profiles if p.environment is Environment.LOCAL]
        if not candidates:
            raise DemoError(
                f"there is no local profile: add one named {LOCAL_PROFILE_NAME!r} with the "
                "Local sandbox environment"
            )
        chosen = next((p for p in candidates if p.name == LOCAL_PROFILE_NAME), candidates[0])
        window.credentials.select_profile(chosen.name)
        current = window.session.profile
        if current is None or current.environment is not Environment.LOCAL:
            raise DemoError(f"could not switch to the profile {chosen.name!r}")
        return True

    def _show_bar(self) -> None:
        stage = central_stage(self._window)
        if stage.top.indexOf(self.caption) < 0:
            stage.top.insertWidget(0, self.caption)
            presentation = self._window.findChild(PresentationMode, "presentationMode")
            if isinstance(presentation, PresentationMode):
                presentation.adopt(self.caption)  # large type too, when the mode is on
        self.caption.show()

    def _advance(self) -> None:
        self._index += 1
        if self._index >= len(self._steps):
            self._finish()
            return
        step = self._steps[self._index]
        self._phase = _Phase.LEAD
        self._task = None
        self._show_step(step)
        self._window.wizard.go_to(step.page)
        self.step_started.emit(self._index, step.name)
        if self._act_immediately:
            self._act_immediately = False
            self._act()
        elif not self._paused:
            self._timer.start(self._phase_ms())

    def _show_step(self, step: DemoStep) -> None:
        total = len(self._steps)
        counter = f"{self._index + 1} / {total} · {step.name}"
        self._set_caption(counter, step.headline, step.text, done=self._index + 1, kind="info")

    def _set_caption(self, counter: str, headline: str, text: str, *, done: int, kind: str) -> None:
        self.caption.show_caption(
            counter, headline, text, done=done, total=len(self._steps), kind=kind
        )
        self._captions.append(headline)
        self.caption_changed.emit(headline, text)

    def _phase_ms(self) -> int:
        seconds = LEAD_SECONDS if self._phase is _Phase.LEAD else DWELL_SECONDS
        return max(1, round(seconds * 1000 / self._speed))

    def _on_timer(self) -> None:
        if self._paused or self._state is not DemoState.RUNNING:
            return
        if self._phase is _Phase.LEAD:
            self._act()
        elif self._phase is _Phase.DWELL:
            self._advance()

    def _act(self) -> None:
        step = self.current_step
        if step is None:
            return
        self._phase = _Phase.ACTING
        self._step_timer.start(int(STEP_TIMEOUT_SECONDS * 1000))
        try:
            self._perform(step)
        except DemoError as exc:
            self._fail(str(exc))
            return
        self._check()

    def _perform(self, step: DemoStep) -> None:
        """Do what a person would: click the step's button (the wizard's own slot runs)."""
        window = self._window
        wizard = window.wizard
        wizard.go_to(step.page)
        if step.key in ("switch", "countdown"):
            self._task = None
            return
        if step.key == "server_token":
            self._click(step, wizard.server_token_button)
        elif step.key == "authorize":
            self._click(step, wizard.authorize_button)
        elif step.key == "approve":
            wizard.customer_combo.setCurrentIndex(0)
            self._click(step, wizard.simulate_button)
        elif step.key == "exchange":
            self._click(step, wizard.exchange_button)
        elif step.key == "profile":
            self._click(step, wizard.call_profile_button)
        elif step.key == "refresh":
            self._click(step, wizard.refresh_button)
        else:  # pragma: no cover - every step of story() is handled above
            raise DemoError(f"no action for step {step.key!r}")

    def _click(self, step: DemoStep, button: QAbstractButton) -> None:
        if not button.isEnabled():
            raise DemoError(f"the {button.text()!r} button is not enabled")
        before = set(self._window.bridge.tasks)
        button.click()
        new = [task for task in self._window.bridge.tasks if task not in before]
        if not new:
            banner = self._window.wizard.banner_text(step.page)
            raise DemoError(banner or f"{button.text()!r} sent no request")
        self._task = new[-1]

    def _outcome(self, step: DemoStep) -> bool | str | None:
        """True when the step succeeded, a message when it failed, None while it is pending."""
        if step.key in ("switch", "countdown"):
            return self._countdown_outcome() if step.key == "countdown" else True
        task = self._task
        if task is None or not task.done():
            return None
        if task.cancelled():
            return "the request was cancelled"
        exc = task.exception()
        if exc is not None:
            return describe_error(exc)
        flow = self._window.session.flow
        if flow is None:
            return "the profile was closed"
        state = flow.state
        if step.key == "authorize":
            return True if state is FlowState.AWAITING_CONSENT else self._flow_problem(step)
        if step.key == "approve":
            if state is FlowState.CODE_RECEIVED:
                return True
            return self._flow_problem(step)
        if step.key == "exchange":
            return True if state is FlowState.AUTHORIZED else self._flow_problem(step)
        if step.key == "refresh":
            tokens = flow.tokens
            if state is FlowState.AUTHORIZED and tokens is not None and tokens.replaces:
                return True
            return self._flow_problem(step)
        return True

    def _countdown_outcome(self) -> bool | str:
        flow = self._window.session.flow
        if flow is None or flow.state is not FlowState.CODE_RECEIVED:
            state = flow.state.label if flow is not None else "no flow"
            return f"no authorization code is waiting (the flow is: {state})"
        return True

    def _flow_problem(self, step: DemoStep) -> str | None:
        flow = self._window.session.flow
        banner = self._window.wizard.banner_text(step.page)
        if step.key == "approve" and not banner:
            banner = self._window.wizard.banner_text(Step.RECEIVE)
        if banner:
            return banner
        if flow is not None and flow.state in (
            FlowState.FAILED,
            FlowState.DENIED,
            FlowState.CODE_EXPIRED,
            FlowState.CANCELLED,
            FlowState.REFRESH_EXPIRED,
        ):
            error = flow.last_error
            return str(error) if error is not None else flow.state.label
        return None  # not there yet: a flow event may still come

    def _check(self, *_args: object) -> None:
        if self._phase is not _Phase.ACTING or self._state not in (
            DemoState.RUNNING,
            DemoState.PAUSED,
        ):
            return
        step = self.current_step
        if step is None:
            return
        outcome = self._outcome(step)
        if outcome is None:
            return
        if outcome is True:
            self._step_succeeded(step)
        else:
            self._fail(str(outcome))

    def _step_succeeded(self, step: DemoStep) -> None:
        self._step_timer.stop()
        self._task = None
        self._phase = _Phase.DWELL
        self.step_done.emit(self._index, step.name)
        if not self._paused:
            self._timer.start(self._phase_ms())

    def _on_step_timeout(self) -> None:
        if self._phase is _Phase.ACTING:
            self._fail(f"no answer within {STEP_TIMEOUT_SECONDS:g} s")

    def _on_global_timeout(self) -> None:
        if self._state in (DemoState.RUNNING, DemoState.PAUSED):
            self._fail(f"the demo did not finish within {self._timeout:g} s")

    def _halt_timers(self) -> None:
        self._timer.stop()
        self._step_timer.stop()
        self._global_timer.stop()
        self._remaining_ms = None

    def _finish(self) -> None:
        self._halt_timers()
        self._index = len(self._steps)
        elapsed = time.monotonic() - self._started_at
        count = len(self._steps)
        self._message = f"demo done: all {count} steps passed in {elapsed:.1f} s"
        headline, text = _done_caption()
        self._set_caption(self.tr("Done"), headline, text, done=count, kind="done")
        self._set_state(DemoState.DONE)
        self.finished.emit(True, self._message)

    def _fail(self, reason: str) -> None:
        self._halt_timers()
        step = self.current_step
        name = step.name if step is not None else "start"
        self._task = None
        self._message = f"demo failed at step {name!r}: {reason}"
        log.info("%s", self._message)
        self._set_caption(
            self.tr("Stopped at {number} / {total} · {name}").format(
                number=self._index + 1, total=len(self._steps), name=name
            ),
            self.tr("The demo stopped at “{name}”").format(name=name),
            self.tr("{reason}. Restart to try again.").format(
                reason=f"{reason[:1].upper()}{reason[1:]}"
            ),
            done=max(0, self._index),
            kind="error",
        )
        self._set_state(DemoState.FAILED)
        self.finished.emit(False, self._message)

    def _set_state(self, state: DemoState) -> None:
        self._state = state
        running = state in (DemoState.RUNNING, DemoState.PAUSED)
        self.pause_action.setText(
            self.tr("Resume") if state is DemoState.PAUSED else self.tr("Pause")
        )
        self.pause_action.setEnabled(running)
        self.step_action.setEnabled(running)
        self._set_shortcuts(running)  # Space and Right are the window's again when it ends
        self.caption.set_status(
            {
                DemoState.RUNNING: self.tr("▶ Playing"),
                DemoState.PAUSED: self.tr("❚❚ Paused"),
                DemoState.DONE: self.tr("✓ Done"),
                DemoState.FAILED: self.tr("✕ Stopped"),
                DemoState.STOPPED: self.tr("Stopped"),
                DemoState.IDLE: "",
            }[state]
        )
        self.state_changed.emit(state.value)


def autopilot_for(window: MainWindow) -> DemoAutopilot | None:
    """The window's autopilot, if one was started."""
    found = window.findChild(DemoAutopilot, "demoAutopilot")
    return found if isinstance(found, DemoAutopilot) else None


def start_demo(
    window: MainWindow, *, speed: float = 1.0, timeout: float | None = None
) -> DemoAutopilot:
    """Start (or restart) the window's autopilot and return it."""
    pilot = autopilot_for(window)
    if pilot is None:
        pilot = DemoAutopilot(window, speed=speed, timeout=timeout)
    else:
        pilot.set_speed(speed)
        pilot.set_timeout(timeout)
    flow = window.session.flow
    if pilot.state is DemoState.IDLE and (flow is None or flow.state is FlowState.IDLE):
        pilot.start()
    else:
        pilot.restart()  # start from a clean flow
    return pilot
