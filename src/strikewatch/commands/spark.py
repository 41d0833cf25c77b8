"""Archives at scale: ``strikewatch spark INPUT OUTPUT`` runs the job on Spark, ``strikewatch load OUTPUT`` stores it.

``spark`` needs the ``spark`` extra (pyspark and Java 17 or later); ``load`` needs nothing
beyond strikewatch, so the output can be loaded on a machine without Spark.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from strikewatch.commands.options import DbOption, fail
from strikewatch.store import Store, StoreError, database_url


def spark(
    input: Annotated[
        str, typer.Argument(help="A file (.jsonl, .jsonl.gz, .parquet, .warc.gz, .txt, .html), a folder, "
                                 "or a quoted glob pattern such as 'archive/**/*.warc.gz'."),
    ],
    output: Annotated[
        str, typer.Argument(help="Output folder: documents/, events/, events-jsonl/, problems/, store/."),
    ],
    master: Annotated[
        str, typer.Option("--master", metavar="URL", help="Spark master: local[*], local[2], spark://host:7077, yarn."),
    ] = "local[*]",
    partitions: Annotated[
        int | None, typer.Option("--partitions", metavar="N", help="Extraction tasks (default: 4 per core)."),
    ] = None,
    similarity: Annotated[
        bool, typer.Option("--similarity/--no-similarity",
                           help="Compare evidence sentences with the installed encoder, as ingest does."),
    ] = True,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing output folder.")] = False,
) -> None:
    """Extract and merge events from an archive on Spark: per-document results, merged events, the store's input."""
    try:
        from strikewatch.spark.job import JobError, describe, run_job
    except ImportError as exc:  # pyspark missing: the job module names the extra
        fail(f"{exc}; the Spark job needs pip install 'strikewatch[spark]'")
    try:
        summary = run_job(input, output, master=master, partitions=partitions, similarity=similarity,
                          overwrite=overwrite)
    except JobError as exc:
        fail(str(exc))
    for line in summary.first_problems:
        typer.echo(line, err=True)
    if summary.problems > len(summary.first_problems):
        typer.echo(f"… {summary.problems - len(summary.first_problems)} more problems in {output}/problems/", err=True)
    typer.echo(describe(summary))
    if summary.problems:
        raise typer.Exit(1)


def load(
    output: Annotated[Path, typer.Argument(help="The output folder of `strikewatch spark`.")],
    db: DbOption = None,
) -> None:
    """Put the documents and merged events of a `strikewatch spark` run into the store."""
    from strikewatch.spark.load import LoadError, load_output

    try:
        store = Store(database_url(db))
    except StoreError as exc:
        fail(str(exc))
    try:
        summary = load_output(output, store)
    except (LoadError, StoreError) as exc:
        fail(str(exc))
    finally:
        store.close()
    typer.echo(str(summary))


def register(app: typer.Typer) -> None:
    """Add ``spark`` and ``load`` to the command line."""
    app.command()(spark)
    app.command()(load)
