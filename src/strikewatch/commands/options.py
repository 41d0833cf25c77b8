"""What every command of the CLI shares: the ``--db`` option and the way a command stops on an error."""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer

from strikewatch.store import DATABASE_URL_ENV, DEFAULT_DATABASE_URL

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", metavar="URL",
        help=f"Database URL (SQLAlchemy form); default ${DATABASE_URL_ENV}, else {DEFAULT_DATABASE_URL}.",
    ),
]


def fail(message: str, code: int = 1) -> NoReturn:
    """Stop the command with one line on stderr."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)
