"""The Spark job: documents to per-document results and to events merged across documents.

    strikewatch spark INPUT OUTPUT [--master local[*]] [--partitions N]
    spark-submit --master yarn strikewatch/spark/__main__.py INPUT OUTPUT [--partitions N]

Stages (see docs/scale.md):

1. the driver cuts the inputs into pieces (``strikewatch.sources.pieces``); each partition
   reads its pieces with the readers of ``read_inputs`` and extracts events with the
   pipeline built once per partition (once per Python worker, which Spark reuses), and
   embeds each event's evidence for the merge;
2. repeated ids within a file are found with one small shuffle of (file, id) pairs, and the
   per-document results are written under OUTPUT/documents/ in input order, line for line
   what ``strikewatch extract`` writes;
3. documents are kept for the store as ``strikewatch ingest`` keeps them (the first of each
   text, then the first of each URL; not those whose extraction failed);
4. the merge: each mention goes to the blocks of ``strikewatch.merge`` it reaches (country,
   kind family, window of days); within a block, pairs are scored with ``score_pair``; the
   linked pairs make a graph whose connected groups are clustered with
   ``cluster_mentions`` and folded into events with ``combine``, exactly as the store does;
5. events are written as Parquet (OUTPUT/events/) and JSONL (OUTPUT/events-jsonl/), and
   what ``strikewatch load`` puts into the store under OUTPUT/store/.

After extraction, the bookkeeping (repeats, problems, counts) and the merge read the rows
without their texts, one partition per core; once the repeats are known, the per-document
results, the problems, the store's documents and the merge are written side by side from
driver threads (stages 2 to 5 overlap).

Only this module and ``__main__`` import pyspark; the rest of strikewatch never does.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from strikewatch.sources.document import SourceProblem
from strikewatch.sources.pieces import DEFAULT_PIECE_BYTES, Piece, plan_inputs, repeated_id
from strikewatch.spark import records
from strikewatch.spark.records import Row

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

# Pieces per core by default: enough that a slow piece does not hold the others back.
PIECES_PER_CORE = 16
# Up to this many linked pairs, connected groups are found on the driver (union-find); beyond, in Spark.
DRIVER_EDGES = 200_000
MAX_LABEL_ROUNDS = 64
GZIP = "org.apache.hadoop.io.compress.GzipCodec"
# A Python worker holds the language models (about 1.2 GB): the threshold above which its groupings
# spill to disk must lie above that, or every grouping spills. The daemon loads the models once
# and forks the workers with them (strikewatch.spark.daemon), so that an executor holds one copy.
WORKER_SETTINGS = {
    "spark.python.worker.memory": "3g",
    "spark.python.daemon.module": "strikewatch.spark.daemon",
}
NEEDS_PYSPARK = "the Spark job needs pyspark and Java 17 or later: pip install 'strikewatch[spark]'"


class JobError(Exception):
    """The job cannot run or cannot write its output; the message says what to do."""


@dataclass
class JobSummary:
    """What a run did: counts, the encoder used, the time taken, and a first few problems."""

    output: str
    documents: int = 0
    problems: int = 0
    stored_documents: int = 0
    mentions: int = 0
    events: int = 0
    linked_pairs: int = 0
    encoder: str | None = None
    seconds: float = 0.0
    partitions: int = 0
    pieces: int = 0
    first_problems: list[str] = field(default_factory=list)
    # Seconds from the start at the end of each stage.
    stages: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain values (the manifest of the output)."""
        return asdict(self)


def spark_session(master: str | None = "local[*]", *, app_name: str = "strikewatch",
                  config: dict[str, str] | None = None) -> SparkSession:
    """A SparkSession for the job; a local master runs the workers with this very Python."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise JobError(NEEDS_PYSPARK) from exc
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        # Workers must import strikewatch: the interpreter of the driver is the one that has it.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.ui.showConsoleProgress", "false")
    settings = dict(WORKER_SETTINGS)
    settings.update(config or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # no Java, a bad master URL: Spark says why in its own words
        raise JobError(f"cannot start Spark ({type(exc).__name__}: {str(exc).strip().splitlines()[0]}); "
                       f"{NEEDS_PYSPARK}") from exc
    session.sparkContext.setLogLevel("ERROR")
    return session


# ---- functions the workers run (top level, so that they pickle by reference) ----------------


def _extract_partition(similarity: bool, pieces: Iterable[Piece]) -> Iterator[Row]:
    extractor: records.Extractor | None = None
    for piece in pieces:
        if extractor is None:  # built once per partition (and kept by a reused worker)
            extractor = records.Extractor(similarity=similarity, warm=True)
        yield from records.extract_piece(piece, extractor)
    if extractor is not None:
        records.settle()  # what the partition loaded lazily (a lexicon's phrase lists) is long-lived too


def _is_doc(row: Row) -> bool:
    return row["type"] == "doc"


def _bookkeeping(row: Row) -> Row:
    """A row without what only the per-document outputs need (the text, the results line)."""
    return {key: value for key, value in row.items() if key not in ("line", "document")}


def _first_and_count(a: tuple[Any, Any, int], b: tuple[Any, Any, int]) -> tuple[Any, Any, int]:
    """Of two (position, number, count): the earlier position with its number, and the counts added."""
    first = a if a[0] <= b[0] else b
    return first[0], first[1], a[2] + b[2]


def _repeats(rows: RDD, key: Callable[[Row], Any]) -> dict[Any, tuple[Any, Any]]:
    """For each key that several rows share: the first row's position and number (few: collected)."""
    return dict(
        rows.map(lambda r: (key(r), (tuple(r["position"]), r.get("number"), 1)))
        .reduceByKey(_first_and_count)
        .filter(lambda kv: kv[1][2] > 1)
        .mapValues(lambda v: (v[0], v[1]))
        .collect()
    )


def _problem_row(position: tuple[int, int], problem: SourceProblem) -> Row:
    return {"type": "problem", "position": position, "input": problem.input, "message": problem.message}


def _problem_line(row: Row) -> str:
    return json.dumps({"input": row["input"], "message": row["message"]}, ensure_ascii=False)


def _union_find(edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each key of a linked pair and the smallest key of its connected group."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {key: root(key) for key in list(parent)}


def _labels_in_spark(spark: SparkSession, edges: RDD) -> RDD:
    """(key, smallest key of its connected group) for each key of a linked pair, by label propagation.

    Each round gives every key the smallest label among its neighbours, then the label of its
    label (pointer jumping), so that chains shrink fast; rounds stop when no label changes.
    """
    from pyspark.sql import functions as F

    pairs = spark.createDataFrame(edges, "src string, dst string")
    both = pairs.select(F.col("src").alias("id"), F.col("dst").alias("other")).union(
        pairs.select(F.col("dst").alias("id"), F.col("src").alias("other"))).localCheckpoint()
    labels = both.groupBy("id").agg(F.least(F.min("other"), F.first("id")).alias("label")).localCheckpoint()
    for _round in range(MAX_LABEL_ROUNDS):
        neighbours = (both.join(labels.withColumnRenamed("id", "other").withColumnRenamed("label", "seen"), "other")
                      .groupBy("id").agg(F.min("seen").alias("seen")))
        moved = labels.join(neighbours, "id").select("id", F.least("label", "seen").alias("label"))
        jumped = (moved.alias("a").join(moved.alias("b"), F.col("a.label") == F.col("b.id"))
                  .select(F.col("a.id").alias("id"), F.least(F.col("a.label"), F.col("b.label")).alias("label")))
        jumped = jumped.localCheckpoint()
        changed = jumped.alias("n").join(labels.alias("o"), "id").where(F.col("n.label") != F.col("o.label")).count()
        labels = jumped
        if changed == 0:
            break
    else:  # pragma: no cover - a chain of more than 2**64 mentions
        raise JobError(f"the merge graph did not settle in {MAX_LABEL_ROUNDS} rounds")
    return labels.rdd.map(lambda row: (row["id"], row["label"]))


def _component_key(item: tuple[str, tuple[Row, str | None]]) -> tuple[str, Row]:
    key, (record, label) = item
    return (label or key), record


def event_schema() -> Any:
    """The Spark schema of OUTPUT/events: the fields of EVENTS.md, an id and the sources."""
    from pyspark.sql.types import ArrayType, DoubleType, LongType, StringType, StructField, StructType

    def strings() -> ArrayType:
        return ArrayType(StringType())

    span = StructType([StructField("start", LongType()), StructField("end", LongType()),
                       StructField("language", StringType())])
    place = StructType([
        StructField("name", StringType()), StructField("admin1", StringType()), StructField("country", StringType()),
        StructField("lat", DoubleType()), StructField("lon", DoubleType()), StructField("precision", StringType()),
        StructField("venue", StringType()), StructField("geonameid", LongType()),
    ])
    actor = StructType([
        StructField("group", StringType()), StructField("organizations", strings()),
        StructField("unions", strings()), StructField("sector", StringType()), StructField("size", LongType()),
    ])
    demand = StructType([StructField("category", StringType()), StructField("text", StringType()),
                         StructField("percent", DoubleType())])
    source = StructType([
        StructField("id", StringType()), StructField("url", StringType()), StructField("title", StringType()),
        StructField("published", StringType()), StructField("mention", StringType()),
        StructField("languages", strings()), StructField("evidence", ArrayType(span)),
    ])
    return StructType([
        StructField("id", StringType()), StructField("kind", StringType()), StructField("status", StringType()),
        StructField("start_date", StringType()), StructField("end_date", StringType()),
        StructField("location", place), StructField("actor", actor), StructField("demands", ArrayType(demand)),
        StructField("targets", strings()), StructField("fatalities", LongType()), StructField("arrests", LongType()),
        StructField("injuries", LongType()), StructField("languages", strings()),
        StructField("evidence", ArrayType(span)), StructField("summary", StringType()),
        StructField("sources", ArrayType(source)),
    ])


# ---- the driver ---------------------------------------------------------------------------


def _warm_up_sql(spark: SparkSession, output: str) -> None:
    """Write one JSON line as Parquet under OUTPUT/_warm-up, and remove it.

    Spark SQL's first JSON read and Parquet write of a run cost seconds of the JVM's own warming up
    (class loading, code generation). Done while the Python workers extract, when the JVM has
    little else to do, that time is off the job's path. (Names starting with "_" are hidden to
    Spark's and Hadoop's readers.)
    """
    path = f"{output}/_warm-up"
    line = spark.sparkContext.parallelize(['{"id": "warm-up", "kind": "strike"}'], 1)
    spark.read.schema(event_schema()).option("mode", "FAILFAST").json(line).write.parquet(path)
    jvm = spark.sparkContext._jvm  # type: ignore[attr-defined]
    folder = jvm.org.apache.hadoop.fs.Path(path)
    folder.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).delete(folder, True)  # type: ignore[attr-defined]


def _prepare_output(spark: SparkSession, output: str, overwrite: bool) -> None:
    """Refuse an existing output (or remove it with ``overwrite``), on any file system Spark writes to."""
    jvm = spark.sparkContext._jvm  # type: ignore[attr-defined]
    path = jvm.org.apache.hadoop.fs.Path(output)
    filesystem = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())  # type: ignore[attr-defined]
    if filesystem.exists(path):
        if not overwrite:
            raise JobError(f"{output} exists: remove it or pass --overwrite")
        filesystem.delete(path, True)


def run_job(
    input: str | list[str],
    output: str,
    *,
    spark: SparkSession | None = None,
    master: str | None = "local[*]",
    partitions: int | None = None,
    similarity: bool = True,
    overwrite: bool = False,
    driver_edges: int = DRIVER_EDGES,
    config: dict[str, str] | None = None,
) -> JobSummary:
    """Run the job on files, folders or glob patterns, writing everything under ``output``.

    ``spark`` is an existing session (else one is made for ``master``); ``partitions`` the
    number of extraction tasks (default four per core, more for inputs over 64 MB each);
    ``similarity`` embeds evidence with the installed sentence encoder, as the store does;
    ``driver_edges`` is the number of linked pairs up to which connected groups are found on
    the driver.
    """
    started = time.perf_counter()
    if partitions is not None and partitions < 1:
        raise JobError(f"--partitions must be 1 or more, not {partitions}")
    session = spark or spark_session(master, config=config)
    from pyspark import StorageLevel

    context = session.sparkContext
    _prepare_output(session, output, overwrite)
    inputs = [input] if isinstance(input, str) else list(input)
    summary = JobSummary(output=output)

    # 1. pieces, read and extracted in parallel
    total = plan_inputs(inputs, piece_bytes=2**62).total_bytes  # listing only: nothing is cut or scanned
    wanted = partitions or max(context.defaultParallelism * PIECES_PER_CORE, math.ceil(total / DEFAULT_PIECE_BYTES))
    plan = plan_inputs(inputs, piece_bytes=max(1, math.ceil(total / wanted)))
    summary.pieces = len(plan.pieces)
    summary.partitions = max(1, min(wanted, len(plan.pieces)))
    pieces = context.parallelize(plan.pieces, summary.partitions)
    rows = pieces.mapPartitions(partial(_extract_partition, similarity)).persist(StorageLevel.MEMORY_AND_DISK)

    def stage(name: str) -> None:
        summary.stages[name] = round(time.perf_counter() - started, 2)

    # Extraction runs as many small tasks, so that no core waits on a slow piece; the rest of the job
    # reads the bookkeeping of the rows (no texts, no results lines) in one partition per core, since
    # every task costs a round trip to a Python worker (tens of milliseconds) and most stages are small.
    with ThreadPoolExecutor(max_workers=1) as beside:
        warming = beside.submit(_warm_up_sql, session, output)
        rows.count()
        warming.result()
    stage("extracted")
    meta = rows.map(_bookkeeping).coalesce(context.defaultParallelism).persist(StorageLevel.MEMORY_AND_DISK)
    docs = meta.filter(_is_doc)

    # 2. repeated ids within a file; the per-document results, in input order
    repeated = _repeats(docs.filter(lambda r: r["scope"] is not None), lambda r: (r["scope"], r["id"]))
    seen = context.broadcast(repeated)

    def is_repeat(row: Row) -> bool:
        first = seen.value.get((row["scope"], row["id"])) if row["scope"] is not None else None
        return first is not None and tuple(row["position"]) != first[0]

    def repeat_problem(row: Row) -> Row:
        piece = Piece(index=row["position"][0], path=row["scope"], kind=row.get("kind") or "jsonl")
        first = seen.value[(row["scope"], row["id"])][1]
        return _problem_row(row["position"], repeated_id(piece, row["number"], row["id"], first))

    kept = docs.filter(lambda r: not is_repeat(r))

    # Problems: unreadable inputs, bad lines and records, repeated ids, failed extractions; in input order
    # (the inputs that cannot be read at all come first).
    def problems_of(row: Row) -> list[Row]:
        if row["type"] == "problem":
            return [row]
        if is_repeat(row):
            return [repeat_problem(row)]
        if row["failed"] is not None:
            return [{"type": "problem", "position": row["position"], "input": row["id"], "message": row["failed"]}]
        return []

    # 3. the documents the store keeps: as ingest keeps them
    stored_meta = kept.filter(lambda r: r["failed"] is None)
    same_text = context.broadcast(_repeats(stored_meta, lambda r: r["hash"]))

    def first_of_text(row: Row) -> bool:
        return same_text.value.get(row["hash"], (tuple(row["position"]),))[0] == tuple(row["position"])

    stored_meta = stored_meta.filter(first_of_text)
    same_url = context.broadcast(_repeats(stored_meta.filter(lambda r: r["url"] is not None), lambda r: r["url"]))

    def first_of_url(row: Row) -> bool:
        return row["url"] is None or same_url.value.get(row["url"], (tuple(row["position"]),))[0] == tuple(
            row["position"])

    stored_meta = stored_meta.filter(first_of_url)
    stage("repeats found")

    # The outputs are independent of one another from here: they are written side by side (Spark runs
    # jobs from several threads), so that one output's waits (task launches, the JVM warming up to a new
    # kind of work) are another's working time. Each records when it was done.
    def write_documents() -> None:
        rows.filter(lambda r: _is_doc(r) and not is_repeat(r)).map(lambda r: r["line"]).saveAsTextFile(
            f"{output}/documents")
        stage("documents written")

    def write_problems() -> None:
        unreadable = context.parallelize([_problem_row((-1, n), p) for n, p in enumerate(plan.problems)], 1)
        # (The bookkeeping's partitions are not in input order: the problems are put back in it.)
        problems = unreadable.union(meta.flatMap(problems_of)).sortBy(
            lambda r: tuple(r["position"]), numPartitions=1).persist(StorageLevel.MEMORY_AND_DISK)
        problems.map(_problem_line).saveAsTextFile(f"{output}/problems")
        summary.problems = problems.count()
        summary.first_problems = [f"{r['input']}: {r['message']}" for r in problems.take(20)]
        problems.unpersist()
        stage("problems written")

    def write_store_documents() -> None:
        stored = rows.filter(lambda r: _is_doc(r) and not is_repeat(r) and r["failed"] is None
                             and first_of_text(r) and first_of_url(r))
        stored.map(records.document_line).saveAsTextFile(f"{output}/store/documents", GZIP)
        summary.documents, summary.stored_documents = kept.count(), stored_meta.count()  # small: no texts
        stage("store documents written")

    with ThreadPoolExecutor(max_workers=4) as beside:
        waiting = [beside.submit(write) for write in (write_documents, write_problems, write_store_documents)]
        events, mentions, edges = _merge(session, stored_meta, driver_edges, summary, output, stage)
        for future in waiting:
            future.result()  # raises what the job raised
    summary.seconds = round(time.perf_counter() - started, 2)
    context.parallelize([json.dumps(summary.to_dict(), ensure_ascii=False)], 1).saveAsTextFile(f"{output}/manifest")
    for rdd in (rows, meta, mentions, edges, events):
        rdd.unpersist()
    return summary


def _tally(row: Row) -> tuple[int, int, str | None]:
    """(mentions, events, the sentence encoder used) of one event row."""
    return len(row["mentions"]), 1, next((m["encoder"] for m in row["mentions"] if m["encoder"]), None)


def _add_tallies(a: tuple[int, int, str | None], b: tuple[int, int, str | None]) -> tuple[int, int, str | None]:
    return a[0] + b[0], a[1] + b[1], a[2] or b[2]


def _merge(session: SparkSession, stored: RDD, driver_edges: int, summary: JobSummary, output: str,
           stage: Callable[[str], None]) -> tuple[RDD, RDD, RDD]:
    """Stage 4 and 5: blocks, linked pairs, connected groups, clusters and events, and their outputs."""
    from pyspark import StorageLevel

    context = session.sparkContext
    mentions = stored.flatMap(lambda r: r["mentions"]).persist(StorageLevel.MEMORY_AND_DISK)
    edges = (mentions.flatMap(records.block_entries).groupByKey()
             .flatMap(lambda kv: records.block_edges(kv[0], kv[1]))).persist(StorageLevel.MEMORY_AND_DISK)
    summary.linked_pairs = edges.count()
    stage("pairs scored")
    # A mention in no linked pair is an event of its own: only the others are grouped (shuffled).
    if summary.linked_pairs <= driver_edges:
        group_of = context.broadcast(_union_find(edges.collect()))
        alone = mentions.filter(lambda m: m["key"] not in group_of.value)
        grouped = mentions.filter(lambda m: m["key"] in group_of.value).map(lambda m: (group_of.value[m["key"]], m))
    else:
        labels = _labels_in_spark(session, edges)
        joined = mentions.map(lambda m: (m["key"], m)).leftOuterJoin(labels)
        alone = joined.filter(lambda kv: kv[1][1] is None).map(lambda kv: kv[1][0])
        grouped = joined.filter(lambda kv: kv[1][1] is not None).map(_component_key)
    events = alone.flatMap(lambda m: records.merge_component([m])).union(
        grouped.groupByKey().flatMap(lambda kv: records.merge_component(kv[1]))).persist(StorageLevel.MEMORY_AND_DISK)
    summary.mentions, summary.events, summary.encoder = events.map(_tally).fold((0, 0, None), _add_tallies)
    stage("events merged")

    # 5. the events, and what the store needs
    lines = events.map(records.event_line).persist(StorageLevel.MEMORY_AND_DISK)

    def write_parquet() -> None:
        # Parquet from the JSONL lines, read by the JVM with the schema: no second trip of every event
        # through Python. FAILFAST: a line the schema cannot read stops the job rather than becoming nulls.
        session.read.schema(event_schema()).option("mode", "FAILFAST").json(lines).write.parquet(f"{output}/events")

    with ThreadPoolExecutor(max_workers=1) as beside:
        parquet = beside.submit(write_parquet)
        lines.saveAsTextFile(f"{output}/events-jsonl")
        events.flatMap(lambda r: [records.mention_line(r["id"], m) for m in r["mentions"]]).saveAsTextFile(
            f"{output}/store/mentions", GZIP)
        parquet.result()
    lines.unpersist()
    stage("events written")
    return events, mentions, edges


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``spark-submit strikewatch/spark/__main__.py`` and ``python -m strikewatch.spark``."""
    parser = argparse.ArgumentParser(prog="strikewatch.spark", description=__doc__.splitlines()[0])
    parser.add_argument("input", nargs="+", help="files, folders or glob patterns (quoted)")
    parser.add_argument("output", help="the output folder (any file system Spark writes to)")
    parser.add_argument("--master", default=None, help="Spark master; default: the one spark-submit gives")
    parser.add_argument("--partitions", type=int, default=None, help="extraction tasks (default: 4 per core)")
    parser.add_argument("--no-similarity", action="store_true", help="merge on the events' fields alone")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing output folder")
    args = parser.parse_args(argv)
    try:
        summary = run_job(args.input, args.output, master=args.master, partitions=args.partitions,
                          similarity=not args.no_similarity, overwrite=args.overwrite)
    except JobError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for line in summary.first_problems:
        print(line, file=sys.stderr)
    print(describe(summary))
    return 1 if summary.problems else 0


def describe(summary: JobSummary) -> str:
    """The summary in one line."""
    return (f"documents: {summary.documents}, kept for the store: {summary.stored_documents}, "
            f"mentions: {summary.mentions}, events: {summary.events}, problems: {summary.problems}, "
            f"{summary.seconds:.1f} s, written to {summary.output}")
