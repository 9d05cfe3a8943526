"""The ``scb-console`` command line: :func:`scb_console.cli.main.main`."""
