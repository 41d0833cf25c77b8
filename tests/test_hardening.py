"""Hardening: any text and date through the extractor, any bytes through the sources, a corpus of bad files.

The property tests draw texts that mix arbitrary Unicode with sentences of the fixture reports
and the cues the extractor reacts to (weekdays, "for the sixth day", percentages, negations), so
that random input reaches deep into the extractor, not only its first checks. Examples are
bounded (and fixed on CI) so that the suite stays fast and repeatable.
"""

from __future__ import annotations

import gzip
import importlib
import json
import os
import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import strikewatch
from strikewatch import cli
from strikewatch.language import split_blocks
from strikewatch.model import Document
from strikewatch.sources import (
    MAX_FILE_BYTES,
    SourceError,
    SourceProblem,
    decode_bytes,
    document_from_html,
    document_from_text,
    read_inputs,
)
from strikewatch.validate import InvalidEvent, check_event, date_problem, event_problems, result_problems

FIXTURES = Path(__file__).parent / "fixtures"
# A fixed set of examples by default, the same on every run and on CI; a deeper, random search
# on demand: STRIKEWATCH_FUZZ_EXAMPLES=3000 python -m pytest tests/test_hardening.py
FUZZ_EXAMPLES = int(os.environ.get("STRIKEWATCH_FUZZ_EXAMPLES") or 0)
PROPERTY_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES or 60, deadline=None, database=None, derandomize=not FUZZ_EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _fixture_sentences() -> list[str]:
    sentences: list[str] = []
    for path in sorted(FIXTURES.glob("*/documents.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                text = json.loads(line).get("text") or ""
            except (json.JSONDecodeError, AttributeError):
                continue
            sentences += [part.strip() + "." for part in text.replace("\n", " ").split(". ") if part.strip()]
    return sentences[:4000] or ["Workers went on strike on Monday."]


SENTENCES = _fixture_sentences()
CUES = [
    "on Monday", "last Friday", "lunedì", "в понедельник", "dimanche", "for the sixth day", "for the 400th day",
    "from March 1", "since 29 February", "on 31 April", "68%", "by 1000000000000000000000%", "1,000", "-5",
    "strike", "sciopero", "забастовка", "walked out", "rally", "hunger strike", "air strike", "strike a deal",
    "called off", "threatened to strike", "2022-02-15", "15.02.2022", "0000-00-00", "9999-12-31", "\n\n", "\n",
    "\r\n", "\t", "\u200f", "\u0301", "\u200b", "\ufeff", "🙂", "\x00", "\x85", "\u2028", "  ", "«", "»", "„",
]
texts = st.lists(
    st.one_of(st.text(max_size=40), st.sampled_from(SENTENCES), st.sampled_from(CUES)), max_size=12,
).map("".join)
published_dates = st.none() | st.dates()


def assert_valid(events: list[object], text: str) -> None:
    for item in events:
        problems = event_problems(item, text)  # type: ignore[arg-type]
        assert problems == [], problems


# -- the extractor, on any input --------------------------------------------------------------


@PROPERTY_SETTINGS
@given(text=texts, published=published_dates)
@example(text="Workers will strike on Monday.", published=date(2024, 2, 29))
@example(text="Рабочие бастуют с 1 марта.", published=date(2024, 2, 29))
@example(text="\x00\x00\x00 strike", published=None)
def test_extract_takes_any_text_and_date(pipeline: object, text: str, published: date | None) -> None:
    """What ``strikewatch.extract(text, published)`` does: plain text to a Document, then the pipeline."""
    if not text.strip():
        with pytest.raises(SourceError, match="the text is empty"):
            document_from_text(text, published=published)
        return
    events = pipeline.extract(document_from_text(text, published=published))  # type: ignore[attr-defined]
    assert_valid(events, text)


def test_the_public_extract_function_survives_the_pipeline_being_loaded(pipeline: object) -> None:
    importlib.import_module("strikewatch.extraction.assemble")  # what the pipeline imports

    assert callable(strikewatch.extract), "the package's public function was replaced by a module"
    assert strikewatch.extract("Dockers in Antwerp went on strike on Monday.", published="2024-03-06")


# Examples the property tests once found failing, kept as regressions.
@pytest.mark.parametrize(("text", "published"), [
    ("Workers were on strike for a third day on Thursday.", date(1, 1, 2)),
    ("Workers will strike on Monday.", date(9999, 12, 31)),
    ("Workers went on strike for the sixth day.", date(1, 1, 1)),
])
def test_dates_at_the_ends_of_the_calendar(pipeline: object, text: str, published: date) -> None:
    assert_valid(pipeline.extract(document_from_text(text, published=published)), text)  # type: ignore[attr-defined]


def test_an_action_that_ended_before_another_began_is_not_merged_into_it(pipeline: object) -> None:
    text = ("Sono al sesto giorno di sciopero della fame le quattro lavoratrici del call center. "
            "Lo sciopero dei portuali, in corso dal 13 maggio, è terminato il 14 maggio dopo un incontro in "
            "prefettura.")
    events = pipeline.extract(document_from_text(text, published=date(2024, 6, 24)))  # type: ignore[attr-defined]
    assert_valid(events, text)


@PROPERTY_SETTINGS
@given(text=texts, published=published_dates)
@example(text="", published=None)
@example(text=" \n\n\t ", published=date(2000, 1, 1))
def test_the_pipeline_takes_any_document(pipeline: object, text: str, published: date | None) -> None:
    if text.strip():
        document = document_from_text(text, id="any", published=published)
    else:  # the pipeline is also handed blank documents by callers that build them directly
        document = Document(id="any", text=text, published=published, blocks=split_blocks(text))
    events = pipeline.extract(document)  # type: ignore[attr-defined]
    assert_valid(events, document.text)
    result = {"id": document.id, "events": [item.to_dict() for item in events]}
    assert result_problems(json.loads(json.dumps(result)), document.text) == []


@pytest.mark.parametrize("text", [
    "Workers went on strike \ud83d on Monday in the port.",  # an unpaired surrogate, as from a JSON escape
    "\udc00 Teachers held a rally on Friday outside the ministry.",
])
def test_unpaired_surrogates_become_replacement_characters(pipeline: object, text: str) -> None:
    document = document_from_text(text, id="surrogate\ud800", title="t\udfff")
    assert len(document.text) == len(text) and "\ufffd" in document.text
    assert document.id == "surrogate\ufffd" and document.title == "t\ufffd"
    document.text.encode("utf-8")
    assert_valid(pipeline.extract(document), text)  # type: ignore[attr-defined]


# -- the sources, on any bytes ----------------------------------------------------------------


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=4000))
def test_any_bytes_decode_to_text_or_a_clear_error(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except SourceError as exc:
        assert exc.message
    else:
        assert isinstance(text, str)


@PROPERTY_SETTINGS
@given(page=st.one_of(st.binary(max_size=3000), st.text(max_size=3000).map(lambda text: f"<p>{text}</p>")))
def test_any_page_becomes_a_document_or_a_clear_error(page: bytes | str) -> None:
    try:
        document = document_from_html(page, id="page")
    except SourceError as exc:
        assert exc.message
    else:
        assert document.text.strip()
        assert all(0 <= block.start < block.end <= len(document.text) for block in document.blocks)


@PROPERTY_SETTINGS
@given(lines=st.lists(st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda text: json.dumps({"id": text[:8] or "x", "text": text}).encode()),
    st.text(max_size=100).map(str.encode),
), max_size=8))
def test_any_jsonl_gives_documents_and_problems_only(tmp_path_factory: pytest.TempPathFactory,
                                                     lines: list[bytes]) -> None:
    path = tmp_path_factory.mktemp("jsonl") / "any.jsonl"
    path.write_bytes(b"\n".join(lines))
    for item in read_inputs([path]):
        assert isinstance(item, Document | SourceProblem)
        if isinstance(item, SourceProblem):
            assert item.input.startswith(str(path)) and item.message


# -- the validator itself ---------------------------------------------------------------------


def valid_event() -> dict[str, object]:
    return {
        "kind": "strike", "status": "ongoing", "start_date": "2022-02-10", "end_date": None,
        "location": {"name": "Port Town", "admin1": "Coast", "country": "KZ", "lat": 43.3, "lon": 52.8,
                     "precision": "city", "venue": "bus station"},
        "actor": {"group": "workers", "organizations": ["Harbour Works"], "unions": [], "sector": "transport",
                  "size": None},
        "demands": [{"category": "wages", "text": "higher wages", "percent": 68}],
        "targets": ["Ministry of Energy"], "fatalities": None, "arrests": 3, "injuries": None,
        "languages": ["en"], "evidence": [{"start": 0, "end": 20, "language": "en"}], "summary": "s",
    }


def test_a_valid_event_passes() -> None:
    assert event_problems(valid_event(), "x" * 20) == []
    check_event(valid_event())


@pytest.mark.parametrize(("change", "words"), [
    ({"kind": "walkout"}, "kind 'walkout' is not one of"),
    ({"status": None}, "status None is not one of"),
    ({"start_date": "2022-02-30"}, "not a calendar date"),
    ({"start_date": "15/02/2022"}, "is not YYYY-MM-DD"),
    ({"start_date": "2022-03", "end_date": "2022-02-28"}, "before start_date"),
    ({"arrests": -1}, "arrests must be a whole number"),
    ({"arrests": True}, "arrests must be a whole number"),
    ({"evidence": [{"start": 5, "end": 25, "language": "en"}]}, "ends past the text (20 characters)"),
    ({"evidence": [{"start": 5, "end": 5, "language": "en"}]}, "is empty"),
    ({"location": {"name": "X", "admin1": None, "country": "kaz", "lat": 1.0, "lon": None, "precision": "town",
                   "venue": None}}, "not an ISO 3166-1 alpha-2 code"),
    ({"actor": {"group": "miners", "organizations": [""], "unions": [], "sector": None, "size": 1}},
     "actor.group 'miners'"),
    ({"demands": [{"category": "money", "text": "", "percent": float("nan")}]}, "category 'money'"),
    ({"summary": None}, "summary must be a string"),
])
def test_an_invalid_event_is_named(change: dict[str, object], words: str) -> None:
    event = {**valid_event(), **change}
    problems = event_problems(event, "x" * 20)
    assert any(words in problem for problem in problems), problems
    with pytest.raises(InvalidEvent):
        check_event(event, "x" * 20)


def test_missing_fields_are_named() -> None:
    event = valid_event()
    del event["languages"]
    assert "no 'languages'" in event_problems(event)
    assert date_problem("2024") is None and date_problem("2024-02") is None and date_problem(2024) is not None


# -- a corpus of bad files --------------------------------------------------------------------


GOOD_REPORT = ("Dock workers walked out on Monday, demanding a pay rise of ten percent and safer shifts at the "
               "container terminal. The union said the strike would go on until the port authority met them.")


def write_bad_corpus(folder: Path) -> dict[str, Path]:
    """Bad files of every kind the sources meet, and two good ones, made on the spot."""
    noise = random.Random(11)
    files = {
        "binary": folder / "binary.txt",
        "binary-no-nul": folder / "noise.txt",
        "empty": folder / "empty.txt",
        "blank-html": folder / "blank.html",
        "huge": folder / "huge.txt",
        "nested": folder / "nested.html",
        "invalid-utf8": folder / "invalid-utf8.txt",
        "invalid-utf8-jsonl": folder / "invalid-utf8.jsonl",
        "broken-jsonl": folder / "broken.jsonl",
        "huge-line-jsonl": folder / "huge-line.jsonl",
        "truncated-gzip": folder / "truncated.jsonl.gz",
        "folder-named-txt": folder / "not-a-file.txt",
        "unsupported": folder / "photo.png",
        "missing": folder / "missing.txt",
        "good": folder / "good.txt",
    }
    files["binary"].write_bytes(noise.randbytes(64 * 1024))
    files["binary-no-nul"].write_bytes(noise.randbytes(8 * 1024).replace(b"\x00", b"\x01"))
    files["empty"].write_bytes(b"")
    files["blank-html"].write_bytes(b"  \n\t\n  ")
    with files["huge"].open("wb") as out:  # 50 MB of ordinary text
        line = (GOOD_REPORT + "\n").encode()
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            out.write(line)
    files["nested"].write_text("<html><body>" + "<div>" * 10_000 + "Nurses held a rally outside the hospital on "
                               "Tuesday, demanding safer staffing." + "</div>" * 10_000 + "</body></html>")
    files["invalid-utf8"].write_bytes(GOOD_REPORT.encode().replace(b"walked out", b"walked \xff\xfe\xc3 out"))
    files["invalid-utf8-jsonl"].write_bytes(
        json.dumps({"id": "ok-1", "text": GOOD_REPORT}).encode() + b"\n"
        + b'{"id": "bad-bytes", "text": "walked \xff\xfe out"}\n'
        + json.dumps({"id": "ok-2", "text": "Teachers held a rally on Friday outside the ministry."}).encode() + b"\n")
    files["broken-jsonl"].write_text("\n".join([
        json.dumps({"id": "port", "text": GOOD_REPORT, "published": "2023-03-13"}),
        '{"id": "cut", "text": "The line ends before the object',
        '["a", "list"]',
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "bad-date", "text": "Teachers held a rally.", "published": "13/03/2023"}),
        json.dumps({"id": "port", "text": "The same id again."}),
        "[" * 100_000,
        json.dumps({"id": "last", "text": "Miners began a sit-in underground on Sunday over unpaid wages."}),
    ]) + "\n", encoding="utf-8")
    with files["huge-line-jsonl"].open("wb") as out:
        out.write(b'{"id": "huge", "text": "' + b"strike " * (25 * 1024 * 1024 // 7) + b'"}\n')
        out.write(json.dumps({"id": "after-huge", "text": GOOD_REPORT}).encode() + b"\n")
    whole = gzip.compress("".join(json.dumps({"id": f"gz-{n}", "text": GOOD_REPORT + f" ({n})"}) + "\n"
                                  for n in range(200)).encode())
    files["truncated-gzip"].write_bytes(whole[: len(whole) // 2])
    files["folder-named-txt"].mkdir()
    files["unsupported"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    files["good"].write_text(GOOD_REPORT, encoding="utf-8")
    return files


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_bad_corpus(tmp_path_factory.mktemp("bad-corpus"))


def test_each_bad_file_is_named_with_what_is_wrong_and_the_rest_is_read(bad_corpus: dict[str, Path]) -> None:
    results = list(read_inputs(list(bad_corpus.values())))
    problems = [str(item) for item in results if isinstance(item, SourceProblem)]
    documents = {item.id: item for item in results if isinstance(item, Document)}

    def problem(key: str, line: int | None = None) -> str:
        where = f"{bad_corpus[key]}:{line}" if line else str(bad_corpus[key])
        found = [text for text in problems if text.startswith(where + ": ")]
        assert len(found) == 1, (where, problems)
        return found[0].removeprefix(where + ": ")

    assert problem("binary") == "binary data (contains NUL bytes), not text"
    assert problem("binary-no-nul") == "not valid text in any known encoding"
    assert problem("empty") == "the file is empty"
    assert problem("blank-html") == "the file is empty"
    assert problem("huge").startswith(f"file of {bad_corpus['huge'].stat().st_size:,} bytes is over the 20 MB limit")
    assert bad_corpus["huge"].stat().st_size > 50 * 1024 * 1024 > MAX_FILE_BYTES
    assert problem("invalid-utf8-jsonl", 2) == "not valid UTF-8 (byte 0xff at column 37)"
    assert problem("broken-jsonl", 2) == "not valid JSON (Invalid control character at column 55)"
    assert problem("broken-jsonl", 3) == "not a JSON object (found a list)"
    assert problem("broken-jsonl", 4) == 'no "text"'
    assert problem("broken-jsonl", 5).startswith("published '13/03/2023' is not an ISO date")
    assert problem("broken-jsonl", 6) == 'duplicate id "port" (first on line 1)'
    assert problem("broken-jsonl", 7).startswith("not valid JSON")
    assert problem("huge-line-jsonl", 1) == "line longer than the 20 MB limit"
    assert problem("truncated-gzip").startswith("compressed data corrupt or truncated after line")
    assert problem("folder-named-txt").startswith("no files to read in this folder (supported: .txt,")
    assert problem("unsupported").startswith("unsupported file type .png")
    assert problem("missing") == "no such file or folder"

    # What could be read was read: the good files and lines, the deep page, the text with bad bytes.
    assert documents["good"].text == GOOD_REPORT
    assert documents["nested"].text == "Nurses held a rally outside the hospital on Tuesday, demanding safer staffing."
    assert "demanding a pay rise of ten percent" in documents["invalid-utf8"].text
    assert {"ok-1", "ok-2", "port", "last", "after-huge"} <= set(documents)
    assert sum(1 for key in documents if key.startswith("gz-")) > 0


def test_ingest_names_every_bad_file_and_stores_the_rest(bad_corpus: dict[str, Path], tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'bad.db'}"
    runner = CliRunner()
    paths = [str(path) for key, path in bad_corpus.items() if key not in ("huge",)]
    result = runner.invoke(cli.app, ["ingest", *paths, str(bad_corpus["huge"]), "--db", db])
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert all(line.startswith(str(bad_corpus[key].parent)) for key in bad_corpus for line in errors), errors
    assert not any("Traceback" in line for line in errors)
    for key in ("binary", "empty", "huge", "invalid-utf8-jsonl", "broken-jsonl", "truncated-gzip", "unsupported"):
        assert any(line.startswith(str(bad_corpus[key])) for line in errors), key
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("documents read: ") and ", failed: " in summary
    new = int(summary.split("new: ")[1].split(",")[0])
    assert new >= 8  # good.txt, nested, invalid-utf8.txt, ok-1, ok-2, port, last, after-huge, and gzip lines


def test_extract_writes_a_line_per_readable_document_of_a_broken_jsonl(bad_corpus: dict[str, Path],
                                                                       tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli.app, ["extract", str(bad_corpus["broken-jsonl"]), "-o", str(out)])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["port", "last"]
    assert all(result_problems(line) == [] for line in lines)
    assert len(result.stderr.strip().splitlines()) == 6
