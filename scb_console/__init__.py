"""SCB Console: a desktop developer console for the SCB Open API's OAuth 2.0 flows."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("scb-console")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
