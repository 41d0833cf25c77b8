"""Further CLI commands, one module per area (fetching, review, Spark, serving, ...).

Each module defines ``register(app: typer.Typer) -> None``; ``strikewatch.cli`` calls
them all, so an area adds commands without editing the core CLI module.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer


def register_all(app: typer.Typer) -> None:
    """Add the commands of every module in this package to the app."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)
