"""The command line through Typer's test runner: extract, ingest, events, show, export, and their errors."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from strikewatch import cli
from strikewatch.model import Actor, Demand, Document, Event, Place, Span
from strikewatch.store import Store

runner = CliRunner()


@dataclass
class FakePipeline:
    """Finds one strike per document, at the first sentence; trips on documents that say so."""

    seen: list[Document] = field(default_factory=list)

    def extract(self, document: Document) -> list[Event]:
        self.seen.append(document)
        if "TRIP THE EXTRACTOR" in document.text:
            raise RuntimeError("the extractor tripped")
        first_sentence = document.text.index(".") + 1
        kind = "demonstration" if "rally" in document.text else "strike"
        return [Event(
            kind=kind, status="occurred",
            start_date=document.published.isoformat() if document.published else None,
            location=Place(name="Gyumri", admin1="Shirak", country="AM", lat=40.79, lon=43.85),
            actor=Actor(group="workers", organizations=[f"Works of {document.id}"]),
            demands=[Demand("wages", "higher pay")],
            languages=["en"], evidence=[Span(0, first_sentence, "en")], summary=f"Strike in {document.id}",
        )]


@dataclass
class PipelineGetter:
    """Stands in for ``cli.get_pipeline`` and counts how often a pipeline was asked for."""

    pipeline: FakePipeline = field(default_factory=FakePipeline)
    calls: int = 0

    def __call__(self) -> FakePipeline:
        self.calls += 1
        return self.pipeline


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> PipelineGetter:
    getter = PipelineGetter()
    monkeypatch.setattr(cli, "get_pipeline", getter)
    return getter


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def run(*args: str) -> Result:
    return runner.invoke(cli.app, [str(a) for a in args])


def one_line_error(result: Result) -> str:
    """The single line a failing command wrote on stderr (and no traceback anywhere)."""
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def write_jsonl(path: Path, records: list[dict[str, object] | str | bytes]) -> Path:
    lines = [r if isinstance(r, bytes) else (r if isinstance(r, str) else json.dumps(r)).encode() for r in records]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def report(key: str, words: str = "Dock workers stopped work.") -> dict[str, object]:
    return {"id": key, "text": f"{words} They want higher pay ({key}).", "published": "2023-03-07",
            "url": f"https://news.example.org/{key}", "title": f"Report {key}"}


def results(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# extract


def test_extract_writes_one_line_per_document_in_input_order(tmp_path: Path, fake: PipelineGetter) -> None:
    source = write_jsonl(tmp_path / "docs.jsonl", [report("c"), report("a"), report("b")])
    output = tmp_path / "out.jsonl"
    result = run("extract", source, "-o", output)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = results(output)
    assert [line["id"] for line in lines] == ["c", "a", "b"]
    assert set(lines[0]) == {"id", "events"}
    assert lines[0]["events"] == [e.to_dict() for e in fake.pipeline.extract(fake.pipeline.seen[0])]
    assert fake.calls == 1


def test_extract_names_bad_lines_and_goes_on(tmp_path: Path, fake: PipelineGetter) -> None:
    source = write_jsonl(tmp_path / "mixed.jsonl", [
        report("first"),
        "{this is not json",
        {"id": "no-text", "url": "https://news.example.org/empty"},
        b'{"id": "latin", "text": "gr\xe8ve g\xe9n\xe9rale"}',
        report("last"),
    ])
    output = tmp_path / "out.jsonl"
    result = run("extract", source, "-o", output)
    assert result.exit_code == 1
    assert [line["id"] for line in results(output)] == ["first", "last"]
    problems = result.stderr.strip().splitlines()
    assert len(problems) == 3
    for number, line in zip((2, 3, 4), problems, strict=True):
        assert line.startswith(f"{source}:{number}: ")


def test_extract_a_text_file_with_date_and_url(tmp_path: Path, fake: PipelineGetter) -> None:
    source = tmp_path / "harbour-report.txt"
    source.write_text("Dock workers stopped work on Monday. They want higher pay.", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    result = run("extract", source, "-o", output, "--published", "2023-03-07", "--url", "https://x.example/r")
    assert result.exit_code == 0, result.output
    [document] = fake.pipeline.seen
    assert (document.id, document.published, document.url) == (
        "harbour-report", date(2023, 3, 7), "https://x.example/r")
    [line] = results(output)
    assert line["id"] == "harbour-report" and line["events"][0]["start_date"] == "2023-03-07"


def test_extract_keeps_the_line_of_a_document_the_extractor_trips_on(
    tmp_path: Path, fake: PipelineGetter,
) -> None:
    source = write_jsonl(tmp_path / "docs.jsonl", [
        report("ok"), {"id": "trips", "text": "TRIP THE EXTRACTOR. Now."}, report("after"),
    ])
    output = tmp_path / "out.jsonl"
    result = run("extract", source, "-o", output)
    assert result.exit_code == 1
    assert [(line["id"], len(line["events"])) for line in results(output)] == [
        ("ok", 1), ("trips", 0), ("after", 1)]
    assert one_line_error(result) == "trips: extraction failed: RuntimeError: the extractor tripped"


def test_extract_refuses_a_malformed_date(tmp_path: Path, fake: PipelineGetter) -> None:
    source = write_jsonl(tmp_path / "docs.jsonl", [report("a")])
    output = tmp_path / "out.jsonl"
    result = run("extract", source, "-o", output, "--published", "15/02/2022")
    assert result.exit_code == 2
    assert "--published" in one_line_error(result)
    assert not output.exists() and fake.calls == 0


def test_extract_reports_an_unwritable_output(tmp_path: Path, fake: PipelineGetter) -> None:
    source = write_jsonl(tmp_path / "docs.jsonl", [report("a")])
    result = run("extract", source, "-o", tmp_path / "no-such-folder" / "out.jsonl")
    assert one_line_error(result).startswith("error: cannot write ")


def test_extract_reports_a_missing_input(tmp_path: Path, fake: PipelineGetter) -> None:
    output = tmp_path / "out.jsonl"
    result = run("extract", tmp_path / "absent.jsonl", "-o", output)
    assert result.exit_code == 1
    assert "absent.jsonl" in one_line_error(result)
    assert output.read_text() == ""


def test_extract_with_the_real_pipeline(tmp_path: Path) -> None:
    source = tmp_path / "bus-strike.txt"
    source.write_text(
        "Bus drivers in Lyon went on strike on Monday, demanding higher wages, the transport union said. "
        "No buses ran in the city centre.\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.jsonl"
    result = run("extract", source, "-o", output, "--published", "2023-03-08")
    assert result.exit_code == 0, result.output
    [line] = results(output)
    assert line["id"] == "bus-strike"
    assert any(event["kind"] == "strike" for event in line["events"])


# ingest


def test_ingest_stores_once_and_builds_the_pipeline_once(
    tmp_path: Path, fake: PipelineGetter, db: str,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text("Miners walked out. Pay is late.", encoding="utf-8")
    (folder / "two.txt").write_text("Teachers held a rally. They want pay.", encoding="utf-8")
    write_jsonl(folder / "more.jsonl", [report("x"), report("y")])

    first = run("ingest", folder, "--db", db)
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == (
        "documents read: 4, new: 4, already stored: 0, failed: 0, events stored: 4")
    assert fake.calls == 1

    fake.calls = 0
    again = run("ingest", folder, "--db", db)
    assert again.exit_code == 0
    assert again.stdout.strip() == (
        "documents read: 4, new: 0, already stored: 4, failed: 0, events stored: 0")
    assert fake.calls == 0  # nothing new: no pipeline built
    with Store(db) as store:
        assert store.count_documents() == 4 and store.count_events() == 4


def test_ingest_names_each_bad_input_and_keeps_the_rest(
    tmp_path: Path, fake: PipelineGetter, db: str,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text("Nurses stopped work. They want staff.", encoding="utf-8")
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "c-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    bad = write_jsonl(folder / "d-lines.jsonl", [
        report("fine"),
        "[1, 2",
        {"id": "empty-text", "text": "   "},
        b'{"id": "bytes", "text": "\xff\xfe broken"}',
    ])
    result = run("ingest", folder, "--db", db)
    assert result.exit_code == 1
    problems = result.stderr.strip().splitlines()
    assert len(problems) == 5
    assert problems[0].startswith(str(folder / "b-empty.txt"))
    assert problems[1].startswith(str(folder / "c-binary.txt"))
    for number, line in zip((2, 3, 4), problems[2:], strict=True):
        assert line.startswith(f"{bad}:{number}: ")
    assert result.stdout.strip() == (
        "documents read: 7, new: 2, already stored: 0, failed: 5, events stored: 2")

    # What was stored stays, and another run adds nothing to it.
    again = run("ingest", folder, "--db", db)
    assert again.exit_code == 1
    assert "new: 0, already stored: 2, failed: 5" in again.stdout
    with Store(db) as store:
        assert store.count_documents() == 2 and store.count_events() == 2


def test_ingest_goes_on_past_a_document_the_extractor_trips_on(
    tmp_path: Path, fake: PipelineGetter, db: str,
) -> None:
    source = write_jsonl(tmp_path / "docs.jsonl", [
        report("a"), {"id": "trips", "text": "TRIP THE EXTRACTOR. Now."}, report("b"),
    ])
    result = run("ingest", source, "--db", db)
    assert result.exit_code == 1
    assert one_line_error(result).startswith("trips: extraction failed")
    assert "new: 2, already stored: 0, failed: 1, events stored: 2" in result.stdout


def test_ingest_with_a_bad_database_url(tmp_path: Path, fake: PipelineGetter) -> None:
    result = run("ingest", tmp_path, "--db", "nosuchdialect://x/y")
    assert one_line_error(result).startswith("error: cannot use database URL")


def test_the_database_comes_from_the_environment(
    tmp_path: Path, fake: PipelineGetter, monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("STRIKEWATCH_DB", url)
    assert run("ingest", write_jsonl(tmp_path / "d.jsonl", [report("a")])).exit_code == 0
    with Store(url) as store:
        assert store.count_events() == 1


# events, show, export


@pytest.fixture
def filled_db(tmp_path: Path, fake: PipelineGetter, db: str) -> str:
    source = write_jsonl(tmp_path / "docs.jsonl", [
        report("strike-1"), report("rally-2", "Students held a rally."), report("strike-3"),
    ])
    assert run("ingest", source, "--db", db).exit_code == 0
    return db


@pytest.mark.parametrize("width", ["80", "160"])
def test_events_as_a_table(filled_db: str, width: str) -> None:
    result = runner.invoke(cli.app, ["events", "--db", filled_db], env={"COLUMNS": width})
    assert result.exit_code == 0, result.output
    assert "3 events" in result.stdout
    rows = [line.split() for line in result.stdout.splitlines() if "2023-03-07" in line]
    assert [row[:4] for row in rows] == [
        ["1", "2023-03-07", "strike", "occurred"],
        ["2", "2023-03-07", "demonstration", "occurred"],
        ["3", "2023-03-07", "strike", "occurred"],
    ]
    assert "Gyumri" in result.stdout and "Shirak" in result.stdout


def test_events_as_json_carry_ids_and_sources(filled_db: str) -> None:
    result = run("events", "--db", filled_db, "--format", "json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [e["id"] for e in listed] == [1, 2, 3]
    source = listed[1]["sources"][0]
    assert source["doc_key"] == "rally-2" and source["url"] == "https://news.example.org/rally-2"
    assert source["title"] == "Report rally-2" and source["published"] == "2023-03-07"
    assert source["languages"] and source["evidence"] == [{"start": 0, "end": 22, "language": "en"}]

    lines = run("events", "--db", filled_db, "--format", "jsonl", "--kind", "strike").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [1, 3]

    table = list(csv.DictReader(io.StringIO(run("events", "--db", filled_db, "--format", "csv").stdout)))
    assert [row["kind"] for row in table] == ["strike", "demonstration", "strike"]


@pytest.mark.parametrize(("options", "expected"), [
    (["--kind", "demonstration"], [2]),
    (["--country", "arm"], [1, 2, 3]),
    (["--country", "FR"], []),
    (["--region", "SHIRAK"], [1, 2, 3]),
    (["--demand", "wages", "--org", "works of strike"], [1, 3]),
    (["--since", "2023-03", "--until", "2023-03-07", "--limit", "2"], [1, 2]),
    (["--since", "2023-03-08"], []),
])
def test_events_filters(filled_db: str, options: list[str], expected: list[int]) -> None:
    result = run("events", "--db", filled_db, "--format", "jsonl", *options)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == expected


@pytest.mark.parametrize(("options", "words"), [
    (["--since", "2023-13-01"], "--since"),
    (["--until", "last week"], "--until"),
    (["--kind", "walkout"], "unknown kind 'walkout'"),
    (["--demand", "money"], "unknown demand category 'money'"),
    (["--country", "Atlantis"], "--country"),
    (["--format", "xml"], "--format"),
])
def test_events_refuses_malformed_options_in_one_line(filled_db: str, options: list[str], words: str) -> None:
    result = run("events", "--db", filled_db, *options)
    assert result.exit_code == 2
    assert words in one_line_error(result)


def test_events_with_an_unopenable_database(tmp_path: Path) -> None:
    result = run("events", "--db", f"sqlite:///{tmp_path / 'missing' / 'x.db'}")
    assert one_line_error(result).startswith("error: cannot open database")


def test_show_prints_fields_sources_and_evidence_sentences(filled_db: str) -> None:
    result = run("show", "2", "--db", filled_db)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "demonstration" in out and "Gyumri" in out and "Works of rally-2" in out
    assert "Report rally-2" in out and "https://news.example.org/rally-2" in out
    assert "published 2023-03-07" in out
    assert "Students held a rally." in out  # the evidence span, read from the stored text


def test_show_an_unknown_event(filled_db: str) -> None:
    result = run("show", "99", "--db", filled_db)
    assert result.exit_code == 1
    assert one_line_error(result).startswith("error: no event with id 99")


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "geojson", "acled"])
def test_export_writes_each_format(tmp_path: Path, filled_db: str, fmt: str) -> None:
    output = tmp_path / f"events.{fmt}"
    result = run("export", "--format", fmt, "-o", output, "--db", filled_db, "--kind", "strike")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"2 events written to {output}")
    text = output.read_text(encoding="utf-8")
    if fmt in ("csv", "acled"):
        assert len(list(csv.DictReader(io.StringIO(text)))) == 2
    elif fmt == "jsonl":
        assert len(text.splitlines()) == 2
    elif fmt == "geojson":
        assert len(json.loads(text)["features"]) == 2
    else:
        assert len(json.loads(text)) == 2


def test_export_says_what_it_left_out(tmp_path: Path, fake: PipelineGetter, db: str) -> None:
    source = write_jsonl(tmp_path / "d.jsonl", [report("a")])
    assert run("ingest", source, "--db", db).exit_code == 0
    with Store(db) as store:
        store.add_document(Document(id="nowhere", text="Somewhere unknown."), [Event(kind="strike", status="occurred")])
    result = run("export", "--format", "geojson", "-o", tmp_path / "map.geojson", "--db", db)
    assert result.exit_code == 0
    assert "1 event written" in result.stdout and "1 left out: without coordinates" in result.stdout


def test_export_errors_are_one_line(tmp_path: Path, filled_db: str) -> None:
    unwritable = run("export", "--format", "csv", "-o", tmp_path / "nope" / "x.csv", "--db", filled_db)
    assert one_line_error(unwritable).startswith("error: cannot write ")
    unknown = run("export", "--format", "shapefile", "-o", tmp_path / "x", "--db", filled_db)
    assert unknown.exit_code == 2 and "--format" in one_line_error(unknown)
