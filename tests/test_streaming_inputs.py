"""Inputs that stream: JSONL cut into pieces, Parquet, WARC and WET, glob patterns; read as read_inputs reads."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from strikewatch.model import Document
from strikewatch.sources import SourceProblem, read_inputs
from strikewatch.sources.parquet import read_parquet
from strikewatch.sources.pieces import jsonl_cuts, plan_inputs, read_piece, read_plan
from strikewatch.sources.warc import read_warc

pa = pytest.importorskip("pyarrow", reason="the parquet extra (pyarrow) is installed with the spark extra")
pq = pytest.importorskip("pyarrow.parquet")

TEXTS = [
    "Dock workers walked out on Monday, demanding a pay rise of ten percent at the container terminal.",
    "Рабочие комбината третий день продолжают забастовку, требуя повышения заработной платы.",
    "Les salariés de l'usine sont en grève depuis mardi pour réclamer une hausse des salaires.",
    "The city council approved a new budget for road repairs on Tuesday evening.",
    "I lavoratori del porto hanno scioperato lunedì chiedendo un aumento del dieci per cento.",
]
PAGE = """<!DOCTYPE html><html lang="en"><head><title>Bus drivers walk out | Example News</title>
<meta property="article:published_time" content="2023-03-07T08:00:00Z"></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Bus drivers walk out</h1>
<p>Bus drivers in the northern depot walked out on Monday morning, demanding unpaid wages for two months,
the drivers' union said in a statement.</p>
<p>The city's transport department said talks would resume on Wednesday with the operator's management.</p>
</article><footer>Copyright Example News.</footer></body></html>"""
UNDATED_PAGE = PAGE.replace('<meta property="article:published_time" content="2023-03-07T08:00:00Z">', "")


def _documents(items: list[Document | SourceProblem]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def _problems(items: list[Document | SourceProblem]) -> list[str]:
    return [str(item) for item in items if isinstance(item, SourceProblem)]


def _jsonl(path: Path, count: int) -> Path:
    """A JSONL file of ``count`` documents with a blank line, a bad line and a repeated id among them."""
    lines = []
    for index in range(count):
        lines.append(json.dumps({"id": f"doc-{index}", "text": f"{TEXTS[index % len(TEXTS)]} ({index})",
                                 "published": f"2023-03-0{1 + index % 9}"}, ensure_ascii=False))
    lines.insert(7, "")
    lines.insert(13, "{not json")
    lines.insert(19, json.dumps({"id": "doc-2", "text": "A second line with the id of the third."}))
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_cut_into_pieces_reads_as_one_file(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "docs.jsonl", 30)
    whole = list(read_inputs([path]))
    plan = plan_inputs([path], piece_bytes=600)
    assert len(plan.pieces) > 3
    assert all(piece.kind == "jsonl" for piece in plan.pieces)
    # Pieces cover the file end to end, each starting at a line start with its line number.
    assert plan.pieces[0].start == 0 and plan.pieces[-1].end is None
    for before, after in zip(plan.pieces, plan.pieces[1:], strict=False):
        assert before.end == after.start
    data = path.read_bytes()
    for piece in plan.pieces[1:]:
        assert data[piece.start - 1 : piece.start] == b"\n"
        assert data[: piece.start].count(b"\n") + 1 == piece.first_line
    pieced = list(read_plan(plan))
    assert _documents(pieced) == _documents(whole)
    assert _problems(pieced) == _problems(whole)
    assert any("duplicate id \"doc-2\" (first on line 3)" in problem for problem in _problems(pieced))
    assert any(problem.startswith(f"{path}:14: not valid JSON") for problem in _problems(pieced))


def test_pieces_give_line_numbers_and_read_alone(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "docs.jsonl", 30)
    plan = plan_inputs([path], piece_bytes=600)
    last = plan.pieces[-1]
    found = list(read_piece(last))
    assert found, "the last piece holds lines"
    first_number, first_item = found[0]
    assert first_number == last.first_line
    assert isinstance(first_item, Document)


def test_gzip_and_binary_jsonl_stay_whole(tmp_path: Path) -> None:
    plain = _jsonl(tmp_path / "docs.jsonl", 30)
    packed = tmp_path / "docs.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert jsonl_cuts(packed, 100) == [(0, 1)]
    plan = plan_inputs([packed], piece_bytes=100)
    assert len(plan.pieces) == 1
    assert _documents(list(read_plan(plan))) == _documents(list(read_inputs([plain])))
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(plain.read_bytes()[:500] + b"\x00\x01" + plain.read_bytes()[500:])
    assert jsonl_cuts(binary, 100) == [(0, 1)]
    assert _problems(list(read_plan(plan_inputs([binary], piece_bytes=100)))) == _problems(list(read_inputs([binary])))


def _parquet(path: Path, rows: list[dict], row_group_size: int = 4) -> Path:
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=row_group_size)
    return path


def test_parquet_rows_read_in_row_groups(tmp_path: Path) -> None:
    rows = [{"id": f"p-{i}", "text": f"{TEXTS[i % len(TEXTS)]} ({i})", "published": date(2023, 3, 1 + i % 9),
             "url": f"https://news.example.org/{i}", "extra": i} for i in range(18)]
    rows[9]["text"] = "   "
    rows[12]["id"] = "p-1"
    path = _parquet(tmp_path / "docs.parquet", rows)
    found = list(read_parquet(path))
    documents = _documents(found)
    assert [d.id for d in documents] == [f"p-{i}" for i in range(18) if i not in (9, 12)]
    assert documents[0].published == date(2023, 3, 1)
    assert documents[0].url == "https://news.example.org/0"
    assert _problems(found) == [
        f'{path}:row 10: "text" is empty', f'{path}:row 13: duplicate id "p-1" (first on row 2)']
    plan = plan_inputs([path], piece_bytes=1)
    assert len(plan.pieces) > 1 and all(piece.row_groups for piece in plan.pieces)
    assert list(read_plan(plan)) == found
    assert _documents(list(read_inputs([tmp_path]))) == documents


def test_parquet_timestamps_and_bad_files(tmp_path: Path) -> None:
    stamped = _parquet(tmp_path / "stamped.parquet",
                       [{"id": 7, "text": TEXTS[0], "published": datetime(2023, 3, 7, 10, 30)}])
    (document,) = read_parquet(stamped)
    assert isinstance(document, Document) and document.id == "7" and document.published == date(2023, 3, 7)
    no_text = _parquet(tmp_path / "no_text.parquet", [{"id": "a", "body": "words"}])
    assert _problems(list(read_parquet(no_text))) == [f"{no_text}: no 'text' column (columns: body, id)"]
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    (problem,) = read_parquet(broken)
    assert isinstance(problem, SourceProblem) and problem.message.startswith("not a readable Parquet file")


def _warc(path: Path, *, gzipped: bool) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)

    def response(url: str, body: bytes, content_type: str, status: str = "200 OK",
                 when: str = "2023-03-09T12:00:00Z") -> None:
        http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": when}))

    writer.write_record(writer.create_warc_record("https://news.example.org/a", "request",
                                                  payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")))
    response("https://news.example.org/a", PAGE.encode("utf-8"), "text/html; charset=utf-8")
    response("https://news.example.org/b", UNDATED_PAGE.encode("utf-8"), "text/html")
    response("https://news.example.org/gone", b"<html><body>Not found</body></html>", "text/html", "404 Not Found")
    response("https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(50), "image/png")
    response("https://news.example.org/empty", b"", "text/html")
    writer.write_record(writer.create_warc_record(
        "https://news.example.org/c", "conversion", payload=io.BytesIO(TEXTS[1].encode("utf-8")),
        warc_content_type="text/plain", warc_headers_dict={"WARC-Date": "2023-03-10T06:00:00Z"}))
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("gzipped", [False, True])
def test_warc_html_responses_and_wet_text_become_documents(tmp_path: Path, gzipped: bool) -> None:
    path = _warc(tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc"), gzipped=gzipped)
    found = list(read_warc(path))
    documents = _documents(found)
    assert [d.url for d in documents] == [
        "https://news.example.org/a", "https://news.example.org/b", "https://news.example.org/c"]
    dated, undated, converted = documents
    assert "Bus drivers in the northern depot walked out" in dated.text
    assert "Copyright" not in dated.text
    assert dated.published == date(2023, 3, 7)  # the page's own date
    assert undated.published == date(2023, 3, 9)  # the capture date stands in
    assert converted.text == TEXTS[1] and converted.languages == ["ru"]
    assert all(d.id.startswith("urn:uuid:") for d in documents)
    assert len({d.id for d in documents}) == 3
    (problem,) = _problems(found)
    assert problem.startswith(f"{path}@") and problem.endswith("the record's body is empty")
    # The same through read_inputs, a folder and a plan.
    assert _documents(list(read_inputs([tmp_path]))) == documents
    assert _documents(list(read_plan(plan_inputs([path], piece_bytes=1)))) == documents


def test_truncated_and_foreign_warc(tmp_path: Path) -> None:
    whole = _warc(tmp_path / "crawl.warc.gz", gzipped=True).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    found = list(read_warc(cut))
    assert _documents(found), "the records before the damage are read"
    assert _problems(found)
    foreign = tmp_path / "notes.warc"
    foreign.write_bytes(b"these are notes, not an archive\n" * 10)
    (problem,) = read_warc(foreign)
    assert isinstance(problem, SourceProblem) and problem.message.startswith("not a WARC file")
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    assert _problems(list(read_warc(empty))) == [f"{empty}: the file is empty"]


def test_glob_patterns_are_expanded(tmp_path: Path) -> None:
    (tmp_path / "2023" / "03").mkdir(parents=True)
    (tmp_path / "2023" / "04").mkdir(parents=True)
    _jsonl(tmp_path / "2023" / "03" / "a.jsonl", 6)
    (tmp_path / "2023" / "04" / "b.jsonl.gz").write_bytes(
        gzip.compress(json.dumps({"id": "b-1", "text": TEXTS[2]}).encode("utf-8") + b"\n"))
    (tmp_path / "2023" / "04" / "notes.pdf").write_bytes(b"%PDF-1.4")
    found = list(read_inputs([str(tmp_path / "2023" / "**" / "*.jsonl*")]))
    ids = [d.id for d in _documents(found)]
    assert ids == [f"doc-{i}" for i in range(6)] + ["b-1"]
    everything = list(read_inputs([str(tmp_path / "2023" / "*")]))
    assert [d.id for d in _documents(everything)] == ids  # the PDF a pattern meets is passed over
    missing = list(read_inputs([str(tmp_path / "1999" / "*.jsonl")]))
    assert _problems(missing) == [f"{tmp_path / '1999' / '*.jsonl'}: no file or folder matches this pattern"]
    plan = plan_inputs([str(tmp_path / "2023" / "**" / "*.jsonl*")], piece_bytes=50)
    assert [d.id for d in _documents(list(read_plan(plan)))] == ids


def test_text_and_html_files_keep_their_ids_in_a_plan(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "report.txt").write_text(TEXTS[0], encoding="utf-8")
    (tmp_path / "two" / "report.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "two" / "single.txt").write_text(TEXTS[3], encoding="utf-8")
    whole = list(read_inputs([tmp_path]))
    planned = list(read_plan(plan_inputs([tmp_path])))
    assert planned == whole
    assert [d.id for d in _documents(planned)] == [
        (tmp_path / "one" / "report.txt").as_posix(), (tmp_path / "two" / "report.html").as_posix(), "single"]
