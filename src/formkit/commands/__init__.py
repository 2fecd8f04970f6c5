"""Subcommands of the ``formkit`` CLI, one module each."""
