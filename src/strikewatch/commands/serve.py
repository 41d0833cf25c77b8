"""The web dashboard and API: ``strikewatch serve``; reviewers' tokens: ``strikewatch token create NAME``."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from strikewatch.commands.options import DbOption, fail
from strikewatch.store import Reviewers, Store, StoreError, database_url

token_app = typer.Typer(help="Reviewers' tokens: sign in to the dashboard with one, or send it as a bearer header.",
                        no_args_is_help=True)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    review: Annotated[bool, typer.Option("--review", help="Let reviewers sign in with their tokens and "
                                                           "correct events (read-only without it).")] = False,
    tiles: Annotated[str | None, typer.Option(
        "--tiles", metavar="URL",
        help="Online map tiles instead of the built-in country map, e.g. "
             "https://tile.openstreetmap.org/{z}/{x}/{y}.png (needs internet in the browser).")] = None,
    tiles_attribution: Annotated[str | None, typer.Option(
        "--tiles-attribution", metavar="TEXT", help="Credit line the tile provider asks for.")] = None,
) -> None:
    """Serve the dashboard and the REST API (docs at /docs) over the event database."""
    import uvicorn

    from strikewatch.api import create_app

    try:
        app = create_app(database_url(db), review=review, tiles_url=tiles, tiles_attribution=tiles_attribution)
    except (StoreError, ValueError) as exc:
        fail(str(exc))
    if review and not _loopback(host):
        typer.echo("warning: review is on and the server listens beyond this machine: put it behind HTTPS "
                   "(tokens and session cookies must not cross the network in clear)", err=True)
    mode = "review on" if review else "read-only"
    typer.echo(f"strikewatch on http://{host}:{port}/ ({mode}); API docs at /docs", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=True, server_header=False)


def create(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The reviewer's name, as the audit log shows it.")],
    db: DbOption = None,
) -> None:
    """Make a token for a reviewer (a new one for a known name replaces the old); shown once, stored hashed."""
    try:
        with Store(database_url(db), encoder=None) as store:
            token = Reviewers(store).create_token(name)
    except (StoreError, ValueError) as exc:
        fail(str(exc))
    typer.echo(token)
    typer.echo(f"token for {name.strip()}: keep it secret, it is not shown again", err=True)


def revoke(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The reviewer's name.")],
    db: DbOption = None,
) -> None:
    """Stop a reviewer's token from working and sign out their browsers."""
    try:
        with Store(database_url(db), encoder=None) as store:
            found = Reviewers(store).revoke(name)
    except (StoreError, ValueError) as exc:
        fail(str(exc))
    if not found:
        fail(f"no reviewer named {name!r}")
    typer.echo(f"token of {name.strip()} revoked")


def list_tokens(db: DbOption = None) -> None:
    """List the reviewers, when their token was made, and whether it works."""
    try:
        with Store(database_url(db), encoder=None) as store:
            reviewers = Reviewers(store).names()
    except StoreError as exc:
        fail(str(exc))
    for name, created, active in reviewers:
        typer.echo(f"{name}\t{created:%Y-%m-%d %H:%M}\t{'active' if active else 'revoked'}")


def register(app: typer.Typer) -> None:
    """Add the serve command and the token commands."""
    app.command("serve")(serve)
    token_app.command("create")(create)
    token_app.command("revoke")(revoke)
    token_app.command("list")(list_tokens)
    app.add_typer(token_app, name="token")
