"""``python -m scb_console``: the same as the ``scb-console`` command."""

import sys

from scb_console.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
