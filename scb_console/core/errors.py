"""One error tree for everything the console can tell a person went wrong.

::

    SCBConsoleError                 every error the console shows; str() is one actionable line
    ├── TransportError              the request did not get an HTTP answer
    │   ├── ConnectError            connection refused, DNS failure, TLS failure
    │   ├── RequestTimeout          no answer within the timeout
    │   └── ConnectionDropped       the server closed the connection mid-exchange
    ├── ApiError                    SCB answered with an error envelope (HTTP 4xx/5xx, status.code)
    ├── MalformedResponse           an answer that is not SCB's envelope (HTML, truncated JSON, ...)
    ├── FlowError                   an action that does not fit the flow's state (code expired, ...)
    ├── RedirectError               a redirect URL or pasted code that cannot be used
    ├── ProfileError                a profile or profile file that cannot be used
    ├── SecretStoreError            the OS keyring cannot be used
    ├── InputError                  something pasted or opened that cannot be read (HAR, token)
    └── ExportError                 an export refused (a secret would leak) or not written

Every error carries the ``requestUId`` of the request it belongs to, where there was one.
"""

from __future__ import annotations


class SCBConsoleError(Exception):
    """Base of every error the console reports. ``str(err)`` is a one-line message."""

    #: CLI exit status for this kind of error.
    exit_code: int = 1

    def __init__(self, message: str, *, request_uid: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request_uid = request_uid

    def __str__(self) -> str:
        if self.request_uid:
            return f"{self.message} (requestUId {self.request_uid})"
        return self.message


class TransportError(SCBConsoleError):
    """No HTTP answer: the network, DNS, TLS, a timeout or a dropped connection."""

    exit_code = 4

    def __init__(self, message: str, *, url: str = "", request_uid: str | None = None) -> None:
        super().__init__(message, request_uid=request_uid)
        self.url = url


class ConnectError(TransportError):
    """The connection could not be made (refused, unknown host, TLS)."""


class RequestTimeout(TransportError):
    """The server did not answer in time. The request may still have been processed."""


class ConnectionDropped(TransportError):
    """The server closed the connection before answering. The request may have been processed."""


class ApiError(SCBConsoleError):
    """SCB answered with an error envelope."""

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        http_status: int,
        code: int | None,
        description: str,
        request_uid: str | None = None,
    ) -> None:
        super().__init__(message, request_uid=request_uid)
        self.http_status = http_status
        self.code = code
        self.description = description


class MalformedResponse(SCBConsoleError):
    """An answer that is not SCB's envelope, or lacks a field the contract promises."""

    exit_code = 5

    def __init__(
        self,
        message: str,
        *,
        http_status: int | None = None,
        excerpt: str = "",
        request_uid: str | None = None,
    ) -> None:
        super().__init__(message, request_uid=request_uid)
        self.http_status = http_status
        self.excerpt = excerpt


class FlowError(SCBConsoleError):
    """An action that does not fit where the flow is (no code yet, code expired, ...)."""

    exit_code = 2


class RedirectError(SCBConsoleError):
    """A redirect URL or pasted code that cannot be used (no code, wrong state, denied, ...)."""

    exit_code = 2


class ProfileError(SCBConsoleError):
    """A profile, or the profile file, that cannot be used."""

    exit_code = 2


class SecretStoreError(SCBConsoleError):
    """The OS keyring is missing, locked or refused the operation."""

    exit_code = 6


class InputError(SCBConsoleError):
    """What a person pasted or opened cannot be read: a HAR file, a token response, a token."""

    exit_code = 2


class ExportError(SCBConsoleError):
    """An export (the support report) was refused, because a secret would leak, or not written."""

    exit_code = 7
