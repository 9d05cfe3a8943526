"""The main window: Credentials (left dock), the flow wizard (centre), Tokens and the Exchange log
(bottom docks), a status bar with the profile, the environment badge, the keyring and the skew.

All signal wiring is in :meth:`MainWindow._connect_signals`; slots are named ``on_*``.
Geometry and dock layout are kept in QSettings (never a secret).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from scb_console.core import report as core_report
from scb_console.core.client import SCBClient
from scb_console.core.contract import Environment
from scb_console.core.errors import SCBConsoleError
from scb_console.core.flow import FlowEvent, FlowState, UserFlow
from scb_console.core.models import Profile, RedirectParams, TokenSet
from scb_console.ui import i18n, report_dialog, theme
from scb_console.ui.about import AboutDialog
from scb_console.ui.bridge import EngineBridge
from scb_console.ui.credentials import CredentialCheck, CredentialsPanel, check_credentials
from scb_console.ui.exchange_view import ExchangeLogPanel
from scb_console.ui.faults_panel import FaultsPanel
from scb_console.ui.inspector import TokenInspector
from scb_console.ui.lan_mode import LanMode
from scb_console.ui.report_dialog import (
    SessionRecorder,
    ask_report_path,
    export_support_report,
    show_export_result,
)
from scb_console.ui.session import ConsoleSession, Services
from scb_console.ui.settings import UiSettings
from scb_console.ui.ticker import Ticker
from scb_console.ui.token_check import TokenCheckPanel
from scb_console.ui.wizard import FlowWizard, Step

log = logging.getLogger(__name__)

#: How long a status-bar message stays (ms).
MESSAGE_MS = 8000
#: From this many exchanges on, the support report is built and written on a worker thread.
REPORT_IN_BACKGROUND_FROM = 200


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class MainWindow(QMainWindow):
    """The console window over running :class:`Services`."""

    #: Emitted once the window has closed (the app then shuts the services down).
    closed = Signal()

    def __init__(
        self,
        services: Services,
        *,
        settings: UiSettings | None = None,
        ticker: Ticker | None = None,
        initial_profile: str | None = None,
        restore_layout: bool = True,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("SCB Console")
        self.services = services
        self.settings = settings if settings is not None else UiSettings(services.settings_path)
        self.clock = services.clock
        self.ticker = ticker if ticker is not None else Ticker(services.clock, self)
        self.bridge = EngineBridge(self)
        self.bridge.attach_log(services.exchange_log)
        self.bridge.set_request_gate(self.confirm_request)
        self.session = ConsoleSession(services)
        self._save_on_close = restore_layout
        self._closed = False
        self._shown_once = False
        self._layout_restored = False
        #: The window's own texts, re-applied when the interface language changes.
        self._texts = i18n.Retranslator()
        self._last_skew: TokenSet | None = None
        self._build()
        self._connect_signals()
        if restore_layout:
            self._restore_layout()
        self.wizard.set_auto_refresh(self.settings.auto_refresh(), self.settings.refresh_margin())
        self.credentials.load(select=initial_profile)
        self.ticker.start()

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        services = self.services
        self.wizard = FlowWizard(self.session, self.bridge, services)
        self.inspector = TokenInspector(self.clock)
        self.inspector.set_curl_provider(self.profile_call_curl)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.wizard, "")
        self.tabs.addTab(self.inspector, "")
        self._texts.bind(lambda t: self.tabs.setTabText(0, t), lambda: self.tr("Flow"))
        self._texts.bind(
            lambda t: self.tabs.setTabToolTip(0, t),
            lambda: self.tr("Walk the server token and the 3-legged flow, step by step"),
        )
        self._texts.bind(
            lambda t: self.tabs.setTabToolTip(1, t),
            lambda: self.tr("Every token of this session: state, both clocks, timeline"),
        )
        self.report_recorder = SessionRecorder(self.bridge, self.clock, self)
        self.token_check = TokenCheckPanel(self.clock, self.bridge, lambda: self.session.client)
        index = self.tabs.addTab(self.token_check, "")
        self._texts.bind(lambda t: self.tabs.setTabText(index, t), lambda: self.tr("Token check"))
        self._texts.bind(
            lambda t: self.tabs.setTabToolTip(index, t),
            lambda: self.tr(
                "Paste what a partner sent (token, token response, HAR) and see what is wrong"
            ),
        )
        self.setCentralWidget(self.tabs)

        self.credentials = CredentialsPanel(
            services.profile_store,
            services.secret_store,
            sandbox_base_url=services.sandbox.base_url if services.sandbox is not None else None,
        )
        scroll = QScrollArea()
        scroll.setObjectName("credentialsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.credentials)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(self.credentials.minimumSizeHint().width())
        self.credentials_dock = self._dock(
            lambda: self.tr("Credentials"), "credentialsDock", scroll
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.credentials_dock)

        self.exchange_panel = ExchangeLogPanel(services.exchange_log)
        self.exchange_dock = self._dock(
            lambda: self.tr("Exchange log"), "exchangeLogDock", self.exchange_panel
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.exchange_dock)
        self.faults_panel = FaultsPanel(services.sandbox)
        self.faults_dock = self._dock(
            lambda: self.tr("Fault rehearsal"), "faultsDock", self.faults_panel
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.faults_dock)
        self.tabifyDockWidget(self.credentials_dock, self.faults_dock)  # the wizard keeps its room
        self.faults_dock.setVisible(False)  # a rehearsal tool: View or Tools menu
        self.lan_mode = LanMode(services.sandbox, self, dialog_parent=self)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
        )
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)

        self._build_menus()
        self._build_status_bar()

        self.next_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        self.next_shortcut_keypad = QShortcut(QKeySequence("Ctrl+Enter"), self)
        self.copy_shortcut = QShortcut(QKeySequence("Ctrl+Shift+C"), self)
        self.resize(1280, 800)

    def _dock(self, title: str | Callable[[], str], name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        text = title if callable(title) else (lambda: str(title))
        self._texts.bind(dock.setWindowTitle, text)
        self._texts.bind(dock.setAccessibleName, text)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        return dock

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.import_action = self.credentials.import_action
        self.export_action = self.credentials.export_action
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        self.export_report_action = QAction("Export support report…", self)
        self.export_report_action.setObjectName("exportReportAction")
        self.export_report_action.setStatusTip(
            "Save this session (timeline, requestUIds, tokens, clocks) as one masked HTML or "
            "Markdown file for a support ticket"
        )
        file_menu.addAction(self.export_report_action)
        file_menu.addSeparator()
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        file_menu.addAction(self.quit_action)

        flow_menu = bar.addMenu("F&low")
        self.next_action = QAction("Next step / send", self)
        self.next_action.setShortcut(QKeySequence("Ctrl+Return"))
        self.next_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # QShortcut fires
        self.copy_action = QAction("Copy current (deeplink or curl)", self)
        self.copy_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.restart_action = QAction("Start the 3-legged flow again", self)
        flow_menu.addAction(self.next_action)
        flow_menu.addAction(self.copy_action)
        flow_menu.addSeparator()
        flow_menu.addAction(self.restart_action)
        self.play_demo_action = QAction("Play demo (autopilot)", self)
        self.play_demo_action.setObjectName("playDemoAction")
        self.play_demo_action.setStatusTip(
            "Play the whole flow by itself on the local sandbox, with captions"
        )
        flow_menu.addAction(self.play_demo_action)

        self.view_menu = bar.addMenu("&View")
        for dock in (self.credentials_dock, self.exchange_dock, self.faults_dock):
            action = dock.toggleViewAction()
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        self.show_flow_action = QAction("Flow", self)
        self.show_flow_action.setShortcut(QKeySequence("Ctrl+1"))
        self.show_tokens_action = QAction("Tokens", self)
        self.show_tokens_action.setShortcut(QKeySequence("Ctrl+2"))
        self.view_menu.addAction(self.show_flow_action)
        self.view_menu.addAction(self.show_tokens_action)
        self.view_menu.addSeparator()
        self.reset_layout_action = QAction("Reset layout", self)
        self.view_menu.addAction(self.reset_layout_action)
        self.presentation_action = QAction("Presentation mode", self)
        self.presentation_action.setObjectName("presentationAction")
        self.presentation_action.setCheckable(True)
        self.presentation_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.presentation_action.setStatusTip("Large type, every secret hidden, for a room")
        self.view_menu.addAction(self.presentation_action)

        self.tools_menu = bar.addMenu("&Tools")
        self.faults_action = QAction("Fault rehearsal…", self)
        self.faults_action.setStatusTip("Make the local sandbox slow, down or strange, on purpose")
        self.lan_mode_action = QAction("Phone demo (LAN mode)", self)
        self.lan_mode_action.setObjectName("lanModeAction")
        self.lan_mode_action.setCheckable(True)
        self.lan_mode_action.setStatusTip(
            "Let a phone on this network scan the QR code and approve (asks first)"
        )
        self.tools_menu.addAction(self.faults_action)
        self.tools_menu.addAction(self.lan_mode_action)

        help_menu = bar.addMenu("&Help")
        self.about_action = QAction("&About SCB Console", self)
        help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setObjectName("statusBar")
        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("busyIndicator")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setFixedWidth(80)
        self.busy_bar.setMaximumHeight(10)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setVisible(False)
        self.busy_bar.setAccessibleName("Request in progress")
        self.profile_label = QLabel()
        self.profile_label.setObjectName("statusProfile")
        self.profile_label.setToolTip("The active profile")
        self.env_badge = QLabel()
        self.env_badge.setObjectName("environmentBadge")
        self.env_badge.setToolTip("Where requests go")
        self.keyring_label = QLabel()
        self.keyring_label.setObjectName("keyringStatus")
        self.skew_label = QLabel("Clock skew: —")
        self.skew_label.setObjectName("clockSkew")
        self.skew_label.setMinimumWidth(
            self.skew_label.fontMetrics().horizontalAdvance("⚠ Clock skew: +000.0 s") + 12
        )
        self.skew_label.setToolTip(
            "The server's Date header minus the local clock, from the last token response. "
            "Countdowns use the local monotonic clock either way."
        )
        status.addPermanentWidget(self.faults_panel.indicator)
        status.addPermanentWidget(self.lan_mode.indicator)
        status.addPermanentWidget(self.busy_bar)
        status.addPermanentWidget(self.profile_label)
        status.addPermanentWidget(self.env_badge)
        status.addPermanentWidget(self.keyring_label)
        status.addPermanentWidget(self.skew_label)
        ok, description = self.services.keyring
        if ok:
            self.keyring_label.setText(f"🔒 {description}")
            self.keyring_label.setToolTip(f"API secrets are kept in {description}")
        else:
            self.keyring_label.setText("⚠ Secrets: this session only")
            self.keyring_label.setToolTip(f"No usable OS keyring: {description}")
        self.keyring_label.setAccessibleName(self.keyring_label.toolTip())
        self._update_status()

    def _connect_signals(self) -> None:
        """Every connection between the window's parts, in one place."""
        self.credentials.profile_selected.connect(self.on_profile_selected)
        self.credentials.test_requested.connect(self.on_test_requested)
        self.credentials.message.connect(self.on_message)
        self.wizard.message.connect(self.on_message)
        self.wizard.code_window.connect(self.on_code_window)
        self.wizard.auto_refresh_check.toggled.connect(self.on_auto_refresh_setting)
        self.wizard.margin_spin.valueChanged.connect(self.on_auto_refresh_setting)
        self.bridge.busy.connect(self.on_busy)
        self.bridge.token_obtained.connect(self.on_token_obtained)
        self.bridge.error.connect(self.on_message)
        self.bridge.succeeded.connect(self.on_task_succeeded)
        self.bridge.failed.connect(self.on_task_failed)
        self.bridge.flow_changed.connect(self.on_flow_changed)
        self.ticker.tick.connect(self.on_tick)
        self.inspector.refresh_requested.connect(self.on_refresh_requested)
        self.inspector.forgotten.connect(self.on_token_forgotten)
        self.inspector.message.connect(self.on_message)
        self.next_shortcut.activated.connect(self.on_next_step)
        self.next_shortcut_keypad.activated.connect(self.on_next_step)
        self.copy_shortcut.activated.connect(self.on_copy_current)
        self.next_action.triggered.connect(self.on_next_step)
        self.copy_action.triggered.connect(self.on_copy_current)
        self.restart_action.triggered.connect(self.on_restart_flow)
        self.play_demo_action.triggered.connect(self.on_play_demo)
        self.presentation_action.toggled.connect(self.on_presentation_toggled)
        self.quit_action.triggered.connect(self.close)
        self.reset_layout_action.triggered.connect(self.on_reset_layout)
        self.about_action.triggered.connect(self.on_about)
        self.show_flow_action.triggered.connect(self.on_show_flow)
        self.show_tokens_action.triggered.connect(self.on_show_tokens)
        self.export_report_action.triggered.connect(self.on_export_report)
        self.credentials.profile_selected.connect(self.token_check.on_profile_changed)
        self.token_check.message.connect(self.on_message)
        self.session.on_flow_replaced = self.on_flow_replaced
        self.faults_panel.message.connect(self.on_message)
        self.faults_panel.indicator.clicked.connect(self.on_show_faults)
        self.faults_action.triggered.connect(self.on_show_faults)
        self.lan_mode_action.toggled.connect(self.on_lan_mode_toggled)
        self.lan_mode.changed.connect(self.on_lan_mode_changed)
        self.lan_mode.redirect.connect(self.on_lan_redirect)
        self.lan_mode.message.connect(self.on_message)

    # --- layout --------------------------------------------------------------------------------

    def _size_docks(self) -> None:
        self.resizeDocks([self.credentials_dock], [340], Qt.Orientation.Horizontal)
        self.resizeDocks([self.exchange_dock], [215], Qt.Orientation.Vertical)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if not self._layout_restored:
                self._size_docks()

    def _restore_layout(self) -> None:
        self._default_state = self.saveState()
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state()
        if state is not None:
            self._layout_restored = self.restoreState(state)

    def save_layout(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        self.settings.sync()

    def on_reset_layout(self) -> None:
        default = getattr(self, "_default_state", None)
        if isinstance(default, QByteArray):
            self.restoreState(default)
        for dock in (self.credentials_dock, self.exchange_dock):
            dock.setVisible(True)
            dock.setFloating(False)
        self._size_docks()

    # --- status --------------------------------------------------------------------------------

    def _update_status(self) -> None:
        profile = self.session.profile
        if profile is None:
            self.profile_label.setText("No profile")
            self.env_badge.setVisible(False)
            self.setWindowTitle("SCB Console")
            return
        self.profile_label.setText(f"Profile: {profile.name}")
        env = profile.environment
        self.env_badge.setText(env.label)
        self.env_badge.setStyleSheet(theme.environment_badge_stylesheet(env, theme.is_dark()))
        self.env_badge.setAccessibleName(f"Environment: {env.label}")
        self.env_badge.setVisible(True)
        where = profile.name if profile.name == env.label else f"{profile.name} · {env.label}"
        self.setWindowTitle(f"SCB Console · {where}")

    def _update_skew(self, token: TokenSet) -> None:
        if token.skew is None:
            return
        skew = token.skew
        sign = "+" if skew >= 0 else "−"
        text = f"Clock skew: {sign}{abs(skew):.1f} s"
        warn = abs(skew) >= 30
        self.skew_label.setText(("⚠ " if warn else "") + text)
        colour = theme.warning_color(theme.is_dark()).name() if warn else ""
        self.skew_label.setStyleSheet(f"color: {colour};" if colour else "")
        self.skew_label.setAccessibleName(text)

    # --- the gate ------------------------------------------------------------------------------

    def confirm_request(self) -> bool:
        """Before the first request of a session to production: ask."""
        session = self.session
        if not session.needs_production_confirmation:
            return True
        profile = session.profile
        assert profile is not None
        answer = self.ask_production_confirmation(profile)
        if answer:
            session.confirmed_production.add(profile.name)
        return answer

    def ask_production_confirmation(self, profile: Profile) -> bool:
        box = QMessageBox(self)
        box.setObjectName("productionConfirmation")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Send to SCB production?")
        box.setText(
            f"Profile {profile.name!r} sends requests to SCB production, with real customers "
            "and real credentials."
        )
        box.setInformativeText("Send requests to production for the rest of this session?")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    # --- slots ---------------------------------------------------------------------------------

    def on_profile_selected(self, profile: Profile | None) -> None:
        if profile is None:
            self.session.profile = None
            self.session.client = None
            old = self.session.flow
            self.session.flow = None
            if old is not None:
                old.cancel()
            self.bridge.attach_flow(None)
        else:
            flow = self.session.activate(profile)
            self.bridge.attach_flow(flow)
        self.wizard.on_profile_changed()
        self.faults_panel.set_profile(self.session.profile)
        self._update_status()

    def on_flow_replaced(self, flow: UserFlow) -> None:
        self.bridge.attach_flow(None)
        receiver = self.services.receiver
        if receiver is not None and receiver.running:
            receiver.disarm()

    def on_test_requested(self, profile: Profile, secret: str) -> None:
        if profile.environment is Environment.PRODUCTION and (
            profile.name not in self.session.confirmed_production
        ):
            if not self.ask_production_confirmation(profile):
                return
            self.session.confirmed_production.add(profile.name)
        self.credentials.set_test_busy(True)
        self.bridge.run(
            check_credentials(
                self.services.http,
                profile,
                secret,
                clock=self.clock,
                exchange_log=self.services.exchange_log,
            ),
            label="test_credentials",
        )

    def on_task_succeeded(self, label: str, result: object) -> None:
        if label == "test_credentials" and isinstance(result, CredentialCheck):
            self.credentials.set_test_busy(False)
            self.credentials.set_test_result(result)
            self.on_message(result.message)

    def on_task_failed(self, label: str, message: str) -> None:
        if label == "test_credentials":
            self.credentials.set_test_busy(False)
            self.credentials.set_test_result(CredentialCheck(False, message))

    def on_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)

    def on_token_obtained(self, token: TokenSet) -> None:
        self.inspector.add_token(token)
        self._update_skew(token)
        count = self.inspector.model.rowCount()
        self.tabs.setTabText(1, f"Tokens ({count})")

    def on_show_flow(self) -> None:
        self.tabs.setCurrentWidget(self.wizard)

    def on_show_tokens(self) -> None:
        self.tabs.setCurrentWidget(self.inspector)

    def on_code_window(self, label: str, start: float, end: float) -> None:
        self.inspector.add_code_window(label, start, end)

    def on_flow_changed(self, event: FlowEvent) -> None:
        if event.state in (FlowState.CODE_EXPIRED, FlowState.REFRESH_EXPIRED, FlowState.DENIED):
            self.on_message(event.message[:1].upper() + event.message[1:])

    def on_tick(self) -> None:
        self.wizard.on_tick()
        self.inspector.on_tick()
        self.faults_panel.sync()

    def on_refresh_requested(self, token: object) -> None:
        flow = self.session.flow
        current = flow.tokens if flow is not None else None
        if (
            isinstance(token, TokenSet)
            and current is not None
            and token.request_uid == current.request_uid
        ):
            self.tabs.setCurrentWidget(self.wizard)
            self.wizard.go_to(Step.REFRESH)
            self.wizard.on_refresh_clicked()
            return
        self.on_message(
            "Only the active profile's current user token can be refreshed: select its row"
        )

    def on_token_forgotten(self, token: object) -> None:
        count = self.inspector.model.rowCount()
        self.tabs.setTabText(1, f"Tokens ({count})" if count else "Tokens")

    def on_next_step(self) -> None:
        self.wizard.trigger_primary()

    def on_copy_current(self) -> None:
        self.wizard.copy_current()

    def on_restart_flow(self) -> None:
        flow = self.session.flow
        if flow is not None:
            flow.reset()
        self.wizard.go_to(Step.AUTHORIZE)

    def on_auto_refresh_setting(self, *_args: object) -> None:
        self.settings.set_auto_refresh(self.wizard.auto_refresh_check.isChecked())
        self.settings.set_refresh_margin(self.wizard.margin_spin.value())

    def on_message(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text, MESSAGE_MS)

    def on_show_faults(self) -> None:
        self.faults_dock.setVisible(True)
        self.faults_dock.raise_()

    def on_lan_mode_toggled(self, on: bool) -> None:
        if on != self.lan_mode.enabled:
            self.lan_mode.set_enabled(on)

    def on_lan_mode_changed(self, on: bool) -> None:
        self.lan_mode_action.blockSignals(True)
        self.lan_mode_action.setChecked(on)
        self.lan_mode_action.blockSignals(False)
        self.wizard.set_lan_root_url(self.lan_mode.root_url)

    def on_lan_redirect(self, params: object) -> None:
        """An approval on a phone (LAN mode), handed over by the sandbox: into the flow."""
        if not isinstance(params, RedirectParams):
            return
        self.tabs.setCurrentWidget(self.wizard)
        self.wizard.on_redirect(params)
        flow = self.session.flow
        if flow is not None and flow.state is FlowState.CODE_RECEIVED:
            self.on_message("Approved on a phone: exchange the code before the ring runs out")

    def on_about(self) -> None:
        dialog = AboutDialog(self.services.log_dir, self)
        dialog.exec()

    def export_report(self, path: str | Path) -> Path:
        """Write the support report to ``path`` (.html or .md); raises ExportError."""
        return export_support_report(self, path)

    def on_export_report(self) -> None:
        path = ask_report_path(self)
        if path is None:
            return
        if len(self.services.exchange_log) >= REPORT_IN_BACKGROUND_FROM and _loop_running():
            self.bridge.run(self._export_report_in_background(path), label="export_report")
            return
        try:
            written = self.export_report(path)
        except SCBConsoleError as exc:
            self.on_message(str(exc))
            show_export_result(self, None, str(exc))
            return
        self.on_message(f"Support report written to {written}")
        show_export_result(self, written, None)

    async def _export_report_in_background(self, path: str) -> Path | None:
        """A large session's report: gathered here, built and written on a worker thread (a
        10,000-exchange report takes the best part of a second, which the GUI must not freeze)."""
        data = report_dialog.gather_session_data(self)
        secrets = report_dialog.gather_secrets(self)

        def build_and_write() -> Path:
            report = core_report.build_report(data)
            return core_report.write_report(report, path, secrets=secrets)

        try:
            written = await asyncio.to_thread(build_and_write)
        except SCBConsoleError as exc:
            self.on_message(str(exc))
            show_export_result(self, None, str(exc))
            return None
        self.on_message(f"Support report written to {written}")
        show_export_result(self, written, None)
        return written

    def on_play_demo(self) -> None:
        from scb_console.ui.demo import start_demo  # loaded on first use

        start_demo(self)

    def on_presentation_toggled(self, on: bool) -> None:
        from scb_console.ui.presentation import presentation_for

        presentation_for(self).set_enabled(on)

    def profile_call_curl(self, token: Any) -> str:
        """The curl of the profile call for ``token``, for the token inspector's copy action.

        The inspector copies it as a secret (kept out of clipboard history, cleared soon), as
        it does the Authorization header: a curl that runs as it is. The request goes to the
        profile and environment that issued the token, never elsewhere.
        """
        if not isinstance(token, TokenSet):
            return ""
        client = self.session.client
        if client is None or token.profile_name != client.profile.name:
            base = client.profile if client is not None else Profile(name=token.profile_name)
            client = SCBClient(
                self.services.http,
                replace(
                    base,
                    name=token.profile_name,
                    environment=token.environment,
                    base_url=token.base_url,
                ),
                "",
                clock=self.clock,
            )
        try:
            return client.prepare_customer_profile(token).to_curl(reveal=True)
        except SCBConsoleError as exc:
            self.on_message(str(exc))
            return ""

    # --- closing -------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._save_on_close:
            self.save_layout()
        self.ticker.stop()
        self.lan_mode.disable()
        self.bridge.cancel_all()
        flow = self.session.flow
        if flow is not None:
            flow.cancel()
        self.bridge.detach()
        self.exchange_panel.model.detach()
        super().closeEvent(event)
        if not self._closed:
            self._closed = True
            QTimer.singleShot(0, self.closed.emit)
