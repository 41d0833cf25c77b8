"""Sources: text, HTML, JSONL, files and folders, and every kind of bad input."""

from __future__ import annotations

import gzip
import json
import random
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from strikewatch.model import Document
from strikewatch.sources import (
    MAX_FILE_BYTES,
    SourceError,
    SourceProblem,
    content_hash,
    decode_bytes,
    document_from_html,
    document_from_text,
    parse_published,
    read_inputs,
    read_jsonl,
)
from strikewatch.sources import jsonl as jsonl_module

FIXTURES = Path(__file__).parent / "fixtures" / "bad"

EN_TEXT = (
    "Dock workers walked out on Monday, demanding a pay rise of ten percent and safer shifts at the "
    "container terminal. The union said the strike would go on until the port authority met them."
)
RU_TEXT = (
    "Рабочие металлургического комбината третий день подряд продолжают забастовку, требуя повышения "
    "заработной платы на тридцать процентов. Профсоюз поддержал их требования и призвал к переговорам."
)
FR_TEXT = (
    "Les salariés de l'usine automobile sont en grève depuis mardi pour réclamer une hausse des salaires "
    "et l'embauche des intérimaires. Une manifestation est prévue samedi devant la préfecture."
)
ARTICLE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Dock workers strike for higher pay | Example News</title>
<meta property="article:published_time" content="2022-02-15T10:00:00Z">
<link rel="canonical" href="https://news.example.org/2022/dock-strike">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Dock workers strike for higher pay</h1>
<p>Dock workers walked out on Monday, demanding a pay rise of ten percent and safer shifts at the
container terminal, the union said in a statement released late in the evening.</p>
<p>The strike is the third at the port this year. Management refused to comment on the demands.</p>
<p>Trucks queued for several kilometres outside the terminal gates as the walkout entered its second day.</p>
</article>
<footer>Copyright 2022 Example News. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>"""


def problems(results: list[Document | SourceProblem]) -> list[SourceProblem]:
    return [result for result in results if isinstance(result, SourceProblem)]


def documents(results: list[Document | SourceProblem]) -> list[Document]:
    return [result for result in results if isinstance(result, Document)]


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- plain text -----------------------------------------------------------------------------------


def test_document_from_text_fills_id_blocks_and_keeps_the_text() -> None:
    text = EN_TEXT + "\n\n" + RU_TEXT + "\n"
    document = document_from_text(text, published="2023-03-13", url="https://example.org/a", title="Strike")
    assert document.text == text
    assert document.id == "sha256:" + content_hash(text)[:16]
    assert document.published == date(2023, 3, 13)
    assert (document.url, document.title) == ("https://example.org/a", "Strike")
    assert [block.language for block in document.blocks] == ["en", "ru"]
    assert document.languages == ["en", "ru"]


def test_document_from_text_keeps_an_explicit_id_and_normalises_the_hint() -> None:
    document = document_from_text("2023", id="doc-1", language_hint="Russian")
    assert document.id == "doc-1"
    assert document.language_hint == "ru"
    assert [block.language for block in document.blocks] == ["ru"]


def test_content_hash_is_the_same_for_composed_and_decomposed_text() -> None:
    composed = "Grève à l'usine"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert content_hash(composed) == content_hash(decomposed)
    assert len(content_hash(composed)) == 64
    assert content_hash(composed) != content_hash("Greve a l'usine")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-02-15", date(2022, 2, 15)),
        ("2022-02-15T10:00:00Z", date(2022, 2, 15)),
        ("2022-02-15T23:30:00-05:00", date(2022, 2, 15)),  # the publisher's own date, not UTC's
        ("2022-02-15 08:15", date(2022, 2, 15)),
        (" 2022-02-15 ", date(2022, 2, 15)),
        (date(2022, 2, 15), date(2022, 2, 15)),
        (datetime(2022, 2, 15, 23, 0, tzinfo=UTC), date(2022, 2, 15)),
        (None, None),
        ("", None),
    ],
)
def test_parse_published(value: date | str | None, expected: date | None) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    "value", ["15/02/2022", "2022-02", "20220215", "2022-02-30", "February 15, 2022", "2022-W07-1"]
)
def test_parse_published_refuses_what_is_not_an_iso_date(value: str) -> None:
    with pytest.raises(SourceError, match="not an ISO date"):
        parse_published(value)


def test_document_from_text_refuses_empty_text() -> None:
    with pytest.raises(SourceError, match="empty"):
        document_from_text(" \n\n ")


def test_source_problem_reads_as_input_and_message() -> None:
    assert str(SourceProblem("docs.jsonl:17", "not valid JSON")) == "docs.jsonl:17: not valid JSON"
    assert str(SourceError("the file is empty", input="a.txt")) == "a.txt: the file is empty"


# --- HTML -----------------------------------------------------------------------------------------


def test_html_main_text_title_date_and_url_come_from_the_page() -> None:
    document = document_from_html(ARTICLE)
    assert document.title == "Dock workers strike for higher pay"  # the site's name is cut off
    assert document.published == date(2022, 2, 15)
    assert document.url == "https://news.example.org/2022/dock-strike"
    paragraphs = document.text.split("\n\n")
    assert paragraphs[0] == "Dock workers strike for higher pay"
    assert paragraphs[1].startswith("Dock workers walked out on Monday")
    assert paragraphs[-1].startswith("Trucks queued")
    assert "Subscribe" not in document.text and "Sport" not in document.text
    assert [block.language for block in document.blocks] == ["en"]


def test_html_explicit_date_and_url_win_over_the_page() -> None:
    document = document_from_html(ARTICLE, id="page", published="2022-03-01", url="https://mirror.example/x")
    assert (document.id, document.published, document.url) == ("page", date(2022, 3, 1), "https://mirror.example/x")


def test_html_date_in_the_body_is_not_a_publication_date() -> None:
    page = ARTICLE.replace('<meta property="article:published_time" content="2022-02-15T10:00:00Z">', "")
    page = page.replace("/2022/dock-strike", "/dock-strike").replace("on Monday", "on 14 February 2022")
    assert document_from_html(page).published is None


def test_broken_html_still_gives_text() -> None:
    document = document_from_html("<html><body><p>Workers walked out<div><p>unclosed")
    assert "Workers walked out" in document.text
    assert "unclosed" in document.text


def test_deeply_nested_html_gives_text_not_a_recursion_error() -> None:
    depth = 10_000
    page = f"<html><body>{'<div>' * depth}<p>Workers walked out</p>{'</div>' * depth}</body></html>"
    assert document_from_html(page).text == "Workers walked out"
    spans = f"<html><body>{'<span><b>' * depth}Workers walked out{'</b></span>' * depth}</body></html>"
    assert document_from_html(spans.encode()).text == "Workers walked out"


def test_html_bytes_in_a_declared_charset() -> None:
    head = "<meta charset='windows-1251'><title>Забастовка</title>"
    page = f"<html><head>{head}</head><body><p>{RU_TEXT}</p></body></html>"
    document = document_from_html(page.encode("cp1251"))
    assert document.text == RU_TEXT
    assert document.title == "Забастовка"
    assert [block.language for block in document.blocks] == ["ru"]


def test_html_bytes_without_a_declared_charset_are_detected() -> None:
    page = f"<html><body><p>{RU_TEXT}</p><p>{RU_TEXT}</p></body></html>"
    assert document_from_html(page.encode("cp1251")).text == RU_TEXT + "\n\n" + RU_TEXT


@pytest.mark.parametrize(
    "page",
    ["", "   ", "<html><body></body></html>",
     "<html><head><script>var a = 1;</script></head><body> </body></html>"],
)
def test_html_without_text_is_a_source_error(page: str) -> None:
    with pytest.raises(SourceError, match=r"empty|no text"):
        document_from_html(page)


# --- byte decoding ---------------------------------------------------------------------------------


def test_decode_bytes() -> None:
    assert decode_bytes("\ufeffГрева".encode()) == "Грева"
    assert decode_bytes(RU_TEXT.encode("cp1251")) == RU_TEXT
    assert decode_bytes(RU_TEXT.encode("koi8-r")) == RU_TEXT
    assert decode_bytes(FR_TEXT.encode("latin-1")) == FR_TEXT
    assert decode_bytes(FR_TEXT.encode("utf-16")) == FR_TEXT
    with pytest.raises(SourceError, match="NUL"):
        decode_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(SourceError, match="control characters"):
        decode_bytes(bytes(range(1, 32)) * 20)


# --- JSONL -----------------------------------------------------------------------------------------


def test_read_jsonl_reports_bad_lines_and_goes_on(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "docs.jsonl", [
        json.dumps({"id": "a", "text": EN_TEXT, "published": "2023-03-13", "language": "en",
                    "url": "https://example.org/a", "title": "Port strike"}),
        "this is not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "c", "title": "no text"}),
        json.dumps({"id": "d", "text": "  \n "}),
        json.dumps({"id": "e", "text": 42}),
        json.dumps({"id": "f", "text": EN_TEXT, "published": "15/02/2022"}),
        json.dumps({"text": EN_TEXT}),
        json.dumps({"id": "h", "text": EN_TEXT, "language": 7}),
        "",
        json.dumps({"id": 9, "text": RU_TEXT, "published": "2023-03-14T08:00:00+06:00"}),
        json.dumps({"id": "a", "text": FR_TEXT}),
    ])
    results = list(read_jsonl(path))
    found = documents(results)
    assert [document.id for document in found] == ["a", "9"]
    first = found[0]
    assert (first.published, first.url, first.title, first.language_hint) == (
        date(2023, 3, 13), "https://example.org/a", "Port strike", "en")
    assert found[1].published == date(2023, 3, 14)
    assert [block.language for block in found[1].blocks] == ["ru"]
    reported = {problem.input: problem.message for problem in problems(results)}
    name = str(path)
    assert reported == {
        f"{name}:2": "not valid JSON (Expecting value at column 1)",
        f"{name}:3": "not a JSON object (found a list)",
        f"{name}:4": 'no "text"',
        f"{name}:5": '"text" is empty',
        f"{name}:6": '"text" must be a string, found a number',
        f"{name}:7": "published '15/02/2022' is not an ISO date "
                     "(YYYY-MM-DD or a timestamp like 2022-02-15T10:00:00Z)",
        f"{name}:8": 'no "id"',
        f"{name}:9": '"language" must be a string or null, found a number',
        f"{name}:12": 'duplicate id "a" (first on line 1)',
    }
    # Results keep the order of the input.
    line_9 = next(problem for problem in problems(results) if problem.input.endswith(":9"))
    assert results.index(line_9) < results.index(found[1])


def test_read_jsonl_reads_gzip_and_a_byte_order_mark(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "a", "text": EN_TEXT}), json.dumps({"id": "b", "text": FR_TEXT})]
    path = tmp_path / "docs.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8-sig") as stream:
        stream.write("\n".join(lines))
    results = list(read_jsonl(path))
    assert [document.id for document in documents(results)] == ["a", "b"]
    assert problems(results) == []
    assert [block.language for block in documents(results)[1].blocks] == ["fr"]


def test_read_jsonl_streams_a_truncated_gzip_up_to_the_damage(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"doc-{n}", "text": f"{EN_TEXT} Report {n}."}) for n in range(400)]
    data = gzip.compress("\n".join(lines).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    results = list(read_jsonl(path))
    found = documents(results)
    assert 0 < len(found) < 400
    assert [document.id for document in found] == [f"doc-{number}" for number in range(len(found))]
    assert len(problems(results)) == 1
    assert problems(results)[0].input == str(path)
    assert "truncated" in problems(results)[0].message


def test_read_jsonl_yields_lazily(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "docs.jsonl", [json.dumps({"id": "a", "text": EN_TEXT}), "{broken"])
    reader = read_jsonl(path)
    first = next(reader)
    assert isinstance(first, Document) and first.id == "a"
    # The file changes under the reader: a reader that had read it whole would not see it.
    with path.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps({"id": "late", "text": FR_TEXT}) + "\n")
    rest = list(reader)
    assert [result.id for result in documents(rest)] == ["late"]


def test_read_jsonl_skips_an_overlong_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl_module, "MAX_LINE_BYTES", 1000)
    path = write_jsonl(tmp_path / "docs.jsonl", [
        json.dumps({"id": "long", "text": EN_TEXT * 40}),
        json.dumps({"id": "short", "text": EN_TEXT}),
    ])
    results = list(read_jsonl(path))
    assert [document.id for document in documents(results)] == ["short"]
    assert problems(results)[0].input == f"{path}:1"
    assert "longer than" in problems(results)[0].message


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\n\n  \n", "empty"), (b"\x00\x01\x02binary\x00\n{}", "NUL"),
     (b'{"id": "x", "text": "caf\xe9 \xff"}\n', "not valid UTF-8")],
)
def test_read_jsonl_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_bytes(content)
    results = list(read_jsonl(path))
    assert len(results) == 1
    assert isinstance(results[0], SourceProblem)
    assert message in results[0].message


def test_read_jsonl_missing_file(tmp_path: Path) -> None:
    results = list(read_jsonl(tmp_path / "missing.jsonl"))
    assert len(results) == 1 and isinstance(results[0], SourceProblem)
    assert "cannot open" in results[0].message


# --- files and folders -------------------------------------------------------------------------------


def test_read_inputs_reads_a_folder_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.txt").write_text(EN_TEXT, encoding="utf-8")
    (tmp_path / "b" / "page.html").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b" / "deep" / "notes.md").write_text(FR_TEXT, encoding="utf-8")
    write_jsonl(tmp_path / "b" / "z.jsonl", [json.dumps({"id": "from-jsonl", "text": RU_TEXT})])
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4 not read")
    (tmp_path / ".hidden" / "secret.txt").write_text(EN_TEXT, encoding="utf-8")
    (tmp_path / ".draft.txt").write_text(EN_TEXT, encoding="utf-8")
    results = list(read_inputs([tmp_path]))
    assert problems(results) == []
    assert [document.id for document in documents(results)] == ["a", "notes", "page", "from-jsonl"]
    page = documents(results)[2]
    assert page.published == date(2022, 2, 15)
    assert [document.languages for document in documents(results)] == [["en"], ["fr"], ["en"], ["ru"]]


def test_read_inputs_names_ambiguous_files_by_path(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(EN_TEXT, encoding="utf-8")
    (tmp_path / "two" / "other.txt").write_text(FR_TEXT, encoding="utf-8")
    ids = [document.id for document in documents(list(read_inputs([tmp_path])))]
    assert ids == [(tmp_path / "one" / "report.txt").as_posix(), (tmp_path / "two" / "other.txt").stem,
                   (tmp_path / "two" / "report.txt").as_posix()]


def test_read_inputs_reports_each_bad_file_and_goes_on(tmp_path: Path) -> None:
    files = {
        "empty.txt": b"",
        "blank.txt": b"\xef\xbb\xbf \n\n \n",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "controls.txt": bytes(range(1, 9)) * 50,
        "garbage.txt": bytes(random.Random(7).choices(range(0x80, 0x100), k=400)),
        "document.pdf": b"%PDF-1.4",
        "good.txt": EN_TEXT.encode(),
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    named = [tmp_path / name for name in files] + [tmp_path / "missing.txt"]
    results = list(read_inputs(named))
    assert [document.id for document in documents(results)] == ["good"]
    reported = {Path(problem.input).name: problem.message for problem in problems(results)}
    assert reported["empty.txt"] == "the file is empty"
    assert reported["blank.txt"] == "the file is empty"
    assert "binary data (contains NUL bytes)" in reported["binary.txt"]
    assert "control characters" in reported["controls.txt"]
    assert reported["garbage.txt"] == "not valid text in any known encoding"
    assert reported["document.pdf"].startswith("unsupported file type .pdf (supported: .txt")
    assert reported["missing.txt"] == "no such file or folder"
    # Problems come out where their input stood.
    order = [Path(item.input).name if isinstance(item, SourceProblem) else item.id for item in results]
    assert order == [
        "empty.txt", "blank.txt", "binary.txt", "controls.txt", "garbage.txt", "document.pdf", "good",
        "missing.txt",
    ]


def test_read_inputs_decodes_legacy_encodings_silently(tmp_path: Path) -> None:
    (tmp_path / "ru-1251.txt").write_bytes((RU_TEXT + "\r\n\r\n" + RU_TEXT).encode("cp1251"))
    (tmp_path / "fr-latin1.txt").write_bytes(FR_TEXT.encode("latin-1"))
    (tmp_path / "fr-utf16.txt").write_bytes(FR_TEXT.encode("utf-16"))
    (tmp_path / "en-bom.txt").write_bytes(b"\xef\xbb\xbf" + EN_TEXT.encode())
    results = list(read_inputs([tmp_path]))
    assert problems(results) == []
    by_id = {document.id: document for document in documents(results)}
    assert by_id["ru-1251"].text == RU_TEXT + "\n\n" + RU_TEXT  # CRLF read as in text mode
    assert by_id["ru-1251"].languages == ["ru"]
    assert by_id["fr-latin1"].text == FR_TEXT
    assert by_id["fr-utf16"].text == FR_TEXT
    assert by_id["en-bom"].text == EN_TEXT


def test_read_inputs_refuses_a_huge_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written
    results = list(read_inputs([path]))
    assert len(results) == 1 and isinstance(results[0], SourceProblem)
    assert "over the 20 MB limit" in results[0].message


def test_read_inputs_applies_published_url_and_title(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(EN_TEXT, encoding="utf-8")
    (tmp_path / "page.html").write_text(ARTICLE, encoding="utf-8")
    write_jsonl(tmp_path / "docs.jsonl", [
        json.dumps({"id": "undated", "text": EN_TEXT}),
        json.dumps({"id": "dated", "text": EN_TEXT, "published": "2021-05-01", "url": "https://example.org/d"}),
    ])
    results = list(read_inputs([tmp_path], published="2023-03-13", url="https://example.org/u",
                               title="Given"))
    by_id = {document.id: document for document in documents(results)}
    assert by_id["a"].published == date(2023, 3, 13)
    assert (by_id["a"].url, by_id["a"].title) == ("https://example.org/u", "Given")
    assert (by_id["page"].published, by_id["page"].url, by_id["page"].title) == (
        date(2023, 3, 13), "https://example.org/u", "Given")
    assert by_id["undated"].published == date(2023, 3, 13)
    assert (by_id["dated"].published, by_id["dated"].url) == (date(2021, 5, 1), "https://example.org/d")


def test_read_inputs_refuses_a_bad_published_at_once(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not an ISO date"):
        read_inputs([tmp_path], published="yesterday")


def test_read_inputs_reads_a_file_named_twice_once_and_takes_a_single_path(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(EN_TEXT, encoding="utf-8")
    assert len(list(read_inputs([path, tmp_path, str(path)]))) == 1
    assert [document.id for document in documents(list(read_inputs(str(path))))] == ["a"]


def test_read_inputs_on_the_bad_fixtures() -> None:
    results = list(read_inputs([FIXTURES]))
    found = documents(results)
    assert [document.id for document in found] == ["broken", "port-strike", "sciopero-porto"]
    assert "Workers walked out" in found[0].text and found[0].title == "Broken page"
    assert found[2].published == date(2023, 3, 14)
    assert found[2].languages == ["it"]
    name = str(FIXTURES / "documents.jsonl")
    assert [problem.input for problem in problems(results)] == [f"{name}:{line}" for line in (2, 3, 4, 5, 6)]
