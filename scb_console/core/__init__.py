"""The engine: SCB's auth contract, the client, the flow and the exchange log.

No Qt and no keyring here (tests/test_layers.py enforces it): everything the engine needs from
outside comes in through the protocols in :mod:`scb_console.core.ports`.
"""
