"""The local SCB sandbox: SCB's auth API and an SCB Easy stand-in, on loopback, with no Qt.

Embedded (its own thread and loop)::

    with EmbeddedSandbox() as sandbox:
        sandbox.base_url          # http://127.0.0.1:<port>/partners/sandbox

In an asyncio loop you already run: ``await SandboxServer(SandboxConfig.default()).start()``.
Standalone: ``scb-console sandbox`` or ``python -m scb_console.sandbox`` (see :mod:`.cli`).
"""

from __future__ import annotations

from scb_console.sandbox import defaults
from scb_console.sandbox.config import ConfigError, SandboxConfig
from scb_console.sandbox.defaults import DEMO_API_KEY, DEMO_API_SECRET, DEMO_CUSTOMERS
from scb_console.sandbox.embedded import EmbeddedSandbox
from scb_console.sandbox.faults import ENDPOINTS, Faults, FaultsError, FaultSpec
from scb_console.sandbox.model import SandboxApp, SandboxCustomer
from scb_console.sandbox.server import SandboxServer

__all__ = [
    "DEMO_API_KEY",
    "DEMO_API_SECRET",
    "DEMO_CUSTOMERS",
    "ENDPOINTS",
    "ConfigError",
    "EmbeddedSandbox",
    "FaultSpec",
    "Faults",
    "FaultsError",
    "SandboxApp",
    "SandboxConfig",
    "SandboxCustomer",
    "SandboxServer",
    "defaults",
]
