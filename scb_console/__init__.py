"""SCB Console: a desktop developer console for the SCB Open API's OAuth 2.0 flows."""

from __future__ import annotations

__all__ = ["__version__"]

#: The release: the ``version`` of pyproject.toml, written here too (tests/test_packaging.py
#: keeps the two and the installed metadata equal). Asking the installed metadata instead
#: (``importlib.metadata`` and the email parser under it) cost every session about 20 ms and
#: 1 MiB, for a string known when the package is written.
__version__ = "0.1.0"
