"""The command line: the Typer app, its commands and how results reach a terminal or a pipe.

Everything here sits on top of the library (`wco_cli` outside this package), which imports
nothing from here, nor Typer or Rich (tests/test_layout.py keeps it so)."""
