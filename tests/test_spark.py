"""The Spark job on a real local Spark (local[2]): the same answer as `strikewatch extract` and `strikewatch ingest`.

On a 200-document corpus made by bench/make_corpus.py (reports in every language, most with
no event, some actions told by several outlets), with a repeated text, a repeated URL, a
repeated id and a broken line added: the per-document results of the job are, line for line,
those of `strikewatch extract`; its merged events, loaded into an empty store, are those of
`strikewatch ingest` into an empty store; loaded into a store that already holds part of the
corpus, they are merged with it as ingest would have merged them.

The job needs pyspark and Java 17: in CI (CI=true) their absence fails the tests; elsewhere
it skips them with the reason.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from strikewatch import cli
from strikewatch.store import Store

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _need(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"the Spark tests must run in CI: {reason}")
    pytest.skip(reason)  # only outside CI, on a machine without Java or pyspark; CI fails above instead


@pytest.fixture(scope="module")
def spark() -> Any:
    try:
        import pyspark  # noqa: F401

        from strikewatch.spark.job import JobError, spark_session
    except ImportError as exc:
        _need(f"pyspark is not installed ({exc}): pip install -e '.[spark]'")
    try:
        session = spark_session("local[2]", config={
            "spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2",
        })
    except JobError as exc:
        _need(str(exc))
    yield session
    session.stop()


def _make_corpus_module() -> Any:
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _records(count: int, seed: int) -> list[dict[str, Any]]:
    make = _make_corpus_module()
    rng = random.Random(seed)
    stories = make.Stories()
    return [make.make_document(i, rng, 0.35, stories.next(rng) if rng.random() < 0.2 else None)
            for i in range(count)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 documents, with one repeated text, one repeated URL, one repeated id and a broken line."""
    records = _records(200, seed=11)
    records[150]["text"] = records[20]["text"]
    records[151]["url"] = records[21]["url"]
    records[152]["id"] = records[22]["id"]
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    lines.insert(100, '{"id": "broken", "text": ')
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def job(spark: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    from strikewatch.spark.job import run_job

    output = tmp_path_factory.mktemp("job") / "out"
    summary = run_job(str(corpus), str(output), spark=spark, partitions=4)
    return output, summary


@pytest.fixture(scope="module")
def ingested(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('ingest') / 'ingest.db'}"
    result = runner.invoke(cli.app, ["ingest", str(corpus), "--db", url])
    assert result.exit_code == 1, result.output  # the broken line and the repeated id
    assert "already stored: 0" not in result.stdout  # a repeated text and a repeated URL at least
    return url


def _lines(folder: Path) -> list[str]:
    return [line for part in sorted(folder.glob("part-*")) for line in part.read_text(encoding="utf-8").splitlines()]


def _canonical(url: str) -> set[str]:
    """The store's events as sets of their mentions and fields: what must not depend on how they got there."""
    with Store(url, encoder=None) as store:
        return {
            json.dumps({"mentions": sorted(s.mention_key for s in e.sources), **e.event.to_dict()}, sort_keys=True)
            for e in store.events()
        }


def test_per_document_results_are_those_of_extract(job: tuple[Path, Any], corpus: Path, tmp_path: Path) -> None:
    output, summary = job
    extracted = tmp_path / "extracted.jsonl"
    result = runner.invoke(cli.app, ["extract", str(corpus), "-o", str(extracted)])
    assert result.exit_code == 1  # the broken line and the repeated id, reported on stderr
    expected = extracted.read_text(encoding="utf-8").splitlines()
    assert len(expected) == 199  # 200 records but one repeated id; the broken line is no record
    assert _lines(output / "documents") == expected
    assert sum(1 for line in expected if json.loads(line)["events"]) > 40
    # The same problems, named the same way.
    problems = [json.loads(line) for line in _lines(output / "problems")]
    reported = [f"{p['input']}: {p['message']}" for p in problems]
    assert reported == [line for line in result.stderr.splitlines() if line.strip()]
    assert len(reported) == 2 and summary.problems == 2
    assert f"{corpus}:101: not valid JSON" in reported[0]
    assert "duplicate id" in reported[1]


def test_merged_events_are_those_of_ingest(job: tuple[Path, Any], ingested: str, tmp_path: Path) -> None:
    output, summary = job
    with Store(ingested, encoder=None) as store:
        # The repeated text and the repeated URL are left out, as ingest leaves them out.
        assert summary.stored_documents == store.count_documents() < summary.documents - 1
    assert summary.linked_pairs > 5, "the corpus tells some actions in several reports"
    assert summary.events < summary.mentions
    url = f"sqlite:///{tmp_path / 'loaded.db'}"
    result = runner.invoke(cli.app, ["load", str(output), "--db", url])
    assert result.exit_code == 0, result.output
    assert f"events: {summary.events} (as the job merged them)" in result.stdout
    expected = _canonical(ingested)
    assert _canonical(url) == expected
    # The job's own event files tell the same events.
    written = {
        json.dumps({"mentions": sorted(s["mention"] for s in e["sources"]),
                    **{k: v for k, v in e.items() if k not in ("id", "sources")}}, sort_keys=True)
        for e in map(json.loads, _lines(output / "events-jsonl"))
    }
    assert written == expected
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(output / "events")
    assert table.num_rows == summary.events
    # Every Parquet row is its JSONL line, field for field (numbers as numbers, sources in order).
    rows = {row["id"]: row for row in table.to_pylist()}
    for event in map(json.loads, _lines(output / "events-jsonl")):
        assert rows[event["id"]] == event


def test_loading_into_a_store_that_holds_part_of_the_corpus_merges_as_ingest(
        job: tuple[Path, Any], corpus: Path, ingested: str, tmp_path: Path) -> None:
    output, _summary = job
    first = tmp_path / "first.jsonl"
    first.write_text("".join(corpus.read_text(encoding="utf-8").splitlines(keepends=True)[:70]), encoding="utf-8")
    with Store(ingested, encoder=None) as store:
        total = store.count_documents()
    url = f"sqlite:///{tmp_path / 'partly.db'}"
    assert runner.invoke(cli.app, ["ingest", str(first), "--db", url]).exit_code == 0
    result = runner.invoke(cli.app, ["load", str(output), "--db", url])
    assert result.exit_code == 0, result.output
    assert "merged with the stored events" in result.stdout
    with Store(url, encoder=None) as store:
        assert store.count_documents() == total
    assert _canonical(url) == _canonical(ingested)
    # Loading again adds nothing.
    again = runner.invoke(cli.app, ["load", str(output), "--db", url])
    assert f"documents stored: 0, already stored: {total}, mentions: 0" in again.stdout
    assert _canonical(url) == _canonical(ingested)


def test_connected_groups_in_spark_equal_those_on_the_driver(spark: Any) -> None:
    from strikewatch.spark.job import _labels_in_spark, _union_find

    rng = random.Random(3)
    keys = [f"k{i:03d}" for i in range(120)]
    edges = [(a, b) for a, b in (sorted(rng.sample(keys, 2)) for _ in range(90))]
    edges += [(f"c{i:02d}", f"c{i + 1:02d}") for i in range(40)]  # a long chain
    labels = dict(_labels_in_spark(spark, spark.sparkContext.parallelize(edges, 3)).collect())
    assert labels == _union_find(edges)


def test_the_command_line(spark: Any, tmp_path: Path) -> None:
    source = tmp_path / "few.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _records(6, seed=5)), encoding="utf-8")
    output = tmp_path / "out"
    result = runner.invoke(cli.app, ["spark", str(source), str(output), "--master", "local[2]", "--partitions", "2"])
    assert result.exit_code == 0, result.output
    assert "documents: 6" in result.stdout
    for folder in ("documents", "events", "events-jsonl", "problems", "store/documents", "store/mentions", "manifest"):
        assert (output / folder / "_SUCCESS").exists(), folder
    # Nothing else is left behind (the JVM's warm-up writes under the output and removes it).
    assert sorted(p.name for p in output.iterdir()) == ["documents", "events", "events-jsonl", "manifest",
                                                        "problems", "store"]
    again = runner.invoke(cli.app, ["spark", str(source), str(output)])
    assert again.exit_code == 1 and "exists: remove it or pass --overwrite" in again.stderr
    assert runner.invoke(cli.app, ["spark", str(source), str(output), "--overwrite"]).exit_code == 0
    unfinished = runner.invoke(cli.app, ["load", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert unfinished.exit_code == 1 and "not the output of a finished `strikewatch spark` run" in unfinished.stderr
