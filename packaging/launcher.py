"""The bundle's entry point: the `scb-console` command (PyInstaller wants a script)."""

import sys

from scb_console.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
