"""Copy to the clipboard, and take secrets back out of it after a while.

A secret copy (an ``Authorization`` header, a curl with a token) is marked for clipboard managers
not to keep in their history (``x-kde-passwordManagerHint: secret``) and is cleared after a delay
(30 s unless configured), but only if the clipboard still holds that same text: whatever the user
copied since is left alone.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

#: How long a secret stays on the clipboard unless told otherwise.
DEFAULT_SECRET_CLEAR_SECONDS = 30.0

_PASSWORD_HINT = "x-kde-passwordManagerHint"


class _SecretClearer(QObject):
    """Keeps one timer per pending secret copy; a newer secret copy replaces the older timer."""

    def __init__(self) -> None:
        super().__init__()
        self.delay = DEFAULT_SECRET_CLEAR_SECONDS
        self._timer: QTimer | None = None
        self._secret: str | None = None

    def schedule(self, clipboard: QClipboard, secret: str, delay: float) -> None:
        self.cancel()
        self._secret = secret
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: self._clear(clipboard))
        timer.start(max(0, round(delay * 1000)))
        self._timer = timer

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer.deleteLater()
        self._timer = None
        self._secret = None

    def pending(self) -> bool:
        return self._timer is not None and self._timer.isActive()

    def _clear(self, clipboard: QClipboard) -> None:
        secret, self._secret = self._secret, None
        if self._timer is not None:
            self._timer.deleteLater()
            self._timer = None
        if secret is not None and clipboard.text() == secret:
            clipboard.clear()


_clearer: _SecretClearer | None = None


def _secret_clearer() -> _SecretClearer:
    global _clearer
    if _clearer is None:
        _clearer = _SecretClearer()
    return _clearer


def set_secret_clear_delay(seconds: float) -> None:
    """How long later secret copies stay on the clipboard (the app's setting; tests shorten it)."""
    if seconds < 0:
        raise ValueError("the clipboard clear delay cannot be negative")
    _secret_clearer().delay = float(seconds)


def secret_clear_delay() -> float:
    return _secret_clearer().delay


def secret_clear_pending() -> bool:
    """True while a secret copy waits to be cleared."""
    return _clearer is not None and _clearer.pending()


def cancel_secret_clear() -> None:
    """Forget the pending clear (the secret stays on the clipboard): for shutdown and tests."""
    if _clearer is not None:
        _clearer.cancel()


def copy_text(text: str, *, secret: bool = False, clear_after: float | None = None) -> None:
    """Put ``text`` on the clipboard; a ``secret`` is cleared after ``clear_after`` seconds.

    ``clear_after`` defaults to :func:`secret_clear_delay` (30 s unless configured).
    """
    clipboard = QGuiApplication.clipboard()
    if not secret:
        clipboard.setText(text)
        return
    data = QMimeData()
    data.setText(text)
    data.setData(_PASSWORD_HINT, b"secret")
    clipboard.setMimeData(data)
    clearer = _secret_clearer()
    clearer.schedule(clipboard, text, clearer.delay if clear_after is None else clear_after)
