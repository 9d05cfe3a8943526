"""SCB Console: a desktop developer console for the SCB Open API's OAuth 2.0 flows."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # ``importlib.metadata`` (and the email parser under it) costs about 20 ms to import, a
    # tenth of the console's start-up; the first frame never shows the version, so it is looked
    # up the first time someone asks for it (the About box, ``--version``, the log's header).
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("scb-console")
    except PackageNotFoundError:  # a source tree that was never installed
        found = "0.0.0+source"
    globals()["__version__"] = found
    return found
