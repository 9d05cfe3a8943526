"""Phone demo (LAN mode): a person in the meeting approves on their own phone.

Off by default. Switching it on warns that the sandbox's consent page becomes reachable from the
network and asks for confirmation (and which of the machine's addresses phones reach it on).
Then the embedded sandbox also listens on that address (serving the consent page only: see
:mod:`scb_console.sandbox.lan`), the wizard's QR code encodes
``http://<lan-ip>:<port>/_sandbox/easy/login/<login-id>``, and an approval on the phone is handed
to the console directly: the sandbox calls :meth:`LanMode.hand_off` on its own thread, a queued
Qt signal brings the redirect URL to the GUI thread, and :attr:`LanMode.redirect` gives the flow
what the loopback receiver would have. Switching it off closes the LAN listener.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from scb_console.core.errors import RedirectError
from scb_console.core.masking import mask_url
from scb_console.core.redirect import read_redirect
from scb_console.sandbox import EmbeddedSandbox
from scb_console.sandbox.lan import (
    LanAddressError,
    check_lan_address,
    detect_lan_address,
    host_addresses,
    lan_address_candidates,
)
from scb_console.ui import theme
from scb_console.ui.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

#: Asks the user to confirm LAN mode: gets the candidate addresses (best first), returns the
#: address chosen, or None (cancelled).
ConfirmLan = Callable[[Sequence[str]], str | None]
#: Lists the machine's addresses to offer (best first).
AddressSource = Callable[[], list[str]]

#: The dialog's warning (English, marked for translation; shown in the interface language).
WARNING_TITLE = QT_TRANSLATE_NOOP("LanModeDialog", "Switch the phone demo (LAN mode) on?")
WARNING_TEXT = QT_TRANSLATE_NOOP(
    "LanModeDialog",
    "The local sandbox's sign-in and consent page becomes reachable from the network: anyone on "
    "this network (the meeting room's Wi-Fi, the office LAN) who has the QR code's address can "
    "open it and approve or decline the sign-in.",
)
WARNING_DETAIL = QT_TRANSLATE_NOOP(
    "LanModeDialog",
    "Only the consent page is served on the network; the sandbox's API, its faults and its "
    "journal stay on this machine. The customers and PINs are fictional. Use it on a network "
    "you trust, and switch it off after the demo (Tools › Phone demo).",
)


def machine_addresses() -> list[str]:
    """The machine's LAN addresses, the primary one (the default route's) first."""
    return lan_address_candidates(detect_lan_address(), host_addresses())


class LanModeDialog(QDialog):
    """The warning, and the address to listen on (editable: any address of this machine)."""

    def __init__(self, candidates: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lanModeDialog")
        self.setWindowTitle(self.tr("Phone demo (LAN mode)"))
        self.setModal(True)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(self.tr(WARNING_TITLE))
        title.setObjectName("lanWarningTitle")
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        self.warning_label = QLabel(self.tr(WARNING_TEXT))
        self.warning_label.setObjectName("lanWarning")
        self.warning_label.setWordWrap(True)
        detail = QLabel(self.tr(WARNING_DETAIL))
        detail.setObjectName("lanWarningDetail")
        detail.setWordWrap(True)
        theme.styled(detail, lambda dark: f"color: {theme.muted_color(dark).name()};")

        self.address_combo = QComboBox()
        self.address_combo.setObjectName("lanAddressCombo")
        self.address_combo.setEditable(True)
        self.address_combo.setAccessibleName(self.tr("Address phones reach this machine on"))
        self.address_combo.setToolTip(
            self.tr(
                "The address of this machine on the network the phones are on. The first one is "
                "the interface of the default route; type another if phones use a different one."
            )
        )
        for address in candidates:
            self.address_combo.addItem(address)
        if not candidates:
            self.address_combo.setPlaceholderText(self.tr("e.g. 192.168.1.20"))
            line = self.address_combo.lineEdit()
            if line is not None:
                line.setPlaceholderText(self.tr("e.g. 192.168.1.20 (see your network settings)"))
        self.error_label = QLabel()
        self.error_label.setObjectName("lanAddressError")
        self.error_label.setWordWrap(True)
        theme.styled(self.error_label, lambda dark: f"color: {theme.error_color(dark).name()};")
        self.error_label.setVisible(False)
        form = QFormLayout()
        form.addRow(self.tr("Listen on"), self.address_combo)
        form.addRow("", self.error_label)

        self.buttons = QDialogButtonBox()
        self.enable_button = QPushButton(self.tr("Switch LAN mode on"))
        self.enable_button.setObjectName("lanEnableButton")
        self.buttons.addButton(self.enable_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)  # the safe choice is the default
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        text = QVBoxLayout()
        text.setSpacing(8)
        text.addWidget(title)
        text.addWidget(self.warning_label)
        text.addWidget(detail)
        text.addLayout(form)
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def address(self) -> str:
        return self.address_combo.currentText().strip()

    def accept(self) -> None:
        try:
            check_lan_address(self.address())
        except LanAddressError as exc:
            self.error_label.setText(str(exc))
            self.error_label.setVisible(True)
            return
        super().accept()


class LanIndicator(QLabel):
    """The status bar's reminder while LAN mode is on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lanModeIndicator")
        self.setVisible(False)
        self._root_url: str | None = None
        theme.follow(self, lambda _dark: self._reshow())

    def _reshow(self) -> None:
        if self._root_url is not None:
            self.show_root(self._root_url)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._root_url is not None:
            self.show_root(self._root_url)
        super().changeEvent(event)

    def show_root(self, root_url: str | None) -> None:
        self._root_url = root_url
        if root_url is None:
            self.setVisible(False)
            self.setText("")
            return
        colour = theme.warning_color(theme.is_dark()).name()
        self.setStyleSheet(f"QLabel#lanModeIndicator {{ color: {colour}; font-weight: 600; }}")
        shown = root_url.removeprefix("http://")
        self.setText(self.tr("⚠ LAN mode on: {address}").format(address=shown))
        self.setToolTip(
            self.tr(
                "Phone demo: the sandbox's consent page is reachable from the network on "
                "{url}. Switch it off under Tools › Phone demo (LAN mode)."
            ).format(url=root_url)
        )
        self.setAccessibleName(self.tr("LAN mode on: {address}").format(address=shown))
        self.setVisible(True)


class LanMode(QObject):
    """LAN mode over the console's embedded sandbox: on, off, and the redirect hand-off."""

    #: On (True) or off (False), after every change (and after a refused switch-on: False).
    changed = Signal(bool)
    #: What an approval on a phone carried (a RedirectParams), on the GUI thread.
    redirect = Signal(object)
    #: A one-line message for the status bar.
    message = Signal(str)
    #: From the sandbox thread to the GUI thread (queued): the redirect URL.
    _arrived = Signal(str)

    def __init__(
        self,
        sandbox: EmbeddedSandbox | None,
        parent: QObject | None = None,
        *,
        confirm: ConfirmLan | None = None,
        addresses: AddressSource = machine_addresses,
        dialog_parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sandbox = sandbox
        #: Lists the addresses to offer (tests replace it: they never touch a real interface).
        self.addresses: AddressSource = addresses
        self._dialog_parent = dialog_parent
        #: Asks before switching on (tests replace it).
        self.confirm: ConfirmLan = confirm if confirm is not None else self.ask
        self._root_url: str | None = None
        self.indicator = LanIndicator()
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)

    # --- state ---------------------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        return self._root_url is not None

    @property
    def root_url(self) -> str | None:
        """``http://<lan-ip>:<port>`` while on, else None."""
        return self._root_url

    def consent_url(self, login_id: str) -> str | None:
        root = self._root_url
        return None if root is None else f"{root}/_sandbox/easy/login/{login_id}"

    # --- switching -----------------------------------------------------------------------------

    def ask(self, candidates: Sequence[str]) -> str | None:
        """The real confirmation: :class:`LanModeDialog`."""
        dialog = LanModeDialog(candidates, self._dialog_parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.address()
        finally:
            dialog.deleteLater()

    def set_enabled(self, on: bool) -> bool:
        """Switch on (asking first) or off; returns whether LAN mode is on afterwards."""
        if on:
            return self.enable()
        self.disable()
        return False

    def enable(self, address: str | None = None) -> bool:
        """Warn, ask, then listen on the chosen address. ``address`` is offered first."""
        if self.enabled:
            return True
        sandbox = self._sandbox
        if sandbox is None or not sandbox.running:
            self.message.emit(
                self.tr("The phone demo needs the local sandbox, which is not running")
            )
            self.changed.emit(False)
            return False
        candidates = list(self.addresses())
        if address:
            candidates = [address, *(a for a in candidates if a != address)]
        chosen = self.confirm(candidates)
        if not chosen:
            self.changed.emit(False)
            return False
        sandbox.set_redirect_handler(self.hand_off)
        try:
            root = sandbox.start_lan(chosen)
        except (LanAddressError, OSError, RuntimeError) as exc:
            sandbox.set_redirect_handler(None)
            self.message.emit(self.tr("LAN mode stays off: {error}").format(error=exc))
            self.changed.emit(False)
            return False
        self._root_url = root
        self.indicator.show_root(root)
        log.warning("LAN mode on: the consent page is reachable on %s", root)
        self.message.emit(
            self.tr(
                "LAN mode on: phones on this network reach the consent page at {url}. "
                "Scan the QR code of step 1."
            ).format(url=root)
        )
        self.changed.emit(True)
        return True

    def disable(self) -> None:
        """Close the LAN listener; approvals from phones are no longer taken."""
        sandbox = self._sandbox
        was_on = self.enabled
        self._root_url = None
        self.indicator.show_root(None)
        if sandbox is not None:
            sandbox.set_redirect_handler(None)
            try:
                sandbox.stop_lan()
            except Exception:  # the sandbox may be stopping too; the listener goes with it
                log.exception("closing the LAN listener failed")
        if was_on:
            log.info("LAN mode off")
            self.message.emit(
                self.tr("LAN mode off: the consent page answers on this machine only")
            )
            self.changed.emit(False)

    # --- the hand-off --------------------------------------------------------------------------

    def hand_off(self, url: str) -> None:
        """The sandbox's redirect handler: runs on the sandbox thread, queues to the GUI."""
        try:
            self._arrived.emit(url)
        except RuntimeError:  # the console is closing: its objects are gone
            log.info("a phone approval arrived while the console was closing")

    def _on_arrived(self, url: str) -> None:
        if not self.enabled:
            return
        try:
            params = read_redirect(url)
        except RedirectError as exc:
            log.warning("unusable hand-off %s: %s", mask_url(url), exc)
            self.message.emit(
                self.tr("The phone's approval could not be used: {error}").format(error=exc)
            )
            return
        log.info("redirect handed over by the sandbox (LAN): %s", mask_url(url))
        self.redirect.emit(params)
