"""End to end: the batch command on the example report, scored by the shared scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def score(shared_dir: Path, gold: Path, predicted: Path) -> dict:
    result = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score.py"), str(gold), str(predicted), "--json"],
        check=True, capture_output=True, text=True,
    )
    return json.loads(result.stdout)


def extract(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "strikewatch.cli", "extract", *args, "-o", str(out)]
    subprocess.run(command, check=True, cwd=tmp_path, capture_output=True, text=True)
    return out


def test_example_report_scores(shared_dir: Path, tmp_path: Path) -> None:
    out = extract(tmp_path, str(shared_dir / "eval" / "dev.jsonl"))
    figures = score(shared_dir, shared_dir / "eval" / "dev.gold.jsonl", out)
    assert figures["documents_missing"] == 0
    assert figures["event_f1"] >= 0.90, figures
    assert figures["slot_acc"] >= 0.85, figures


def test_plain_text_report_dates_itself_from_its_dateline(shared_dir: Path, tmp_path: Path) -> None:
    # The bundled .txt has no metadata: its dateline ("February 15, 2022") anchors relative dates.
    out = extract(tmp_path, str(ROOT / "examples" / "kz-mangystau-2022-02-15.txt"))
    figures = score(shared_dir, shared_dir / "eval" / "dev.gold.jsonl", out)
    assert figures["event_f1"] >= 0.90 and figures["slot_acc"] >= 0.85, figures


# The targets for every language's fixtures (reports written for the tests, with gold events).
TARGET_F1, TARGET_SLOTS = 0.85, 0.75
LANGUAGES = ["en", "it", "ru", "kk", "es", "fr", "de", "pt"]


@pytest.fixture(scope="module")
def fixture_scores(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Each language's fixtures extracted by the batch command and scored, once for the module."""
    out: dict[str, dict] = {}
    for language in LANGUAGES:
        folder = ROOT / "tests" / "fixtures" / language
        predicted = extract(tmp_path_factory.mktemp(language), str(folder / "documents.jsonl"))
        out[language] = score(shared_dir, folder / "gold.jsonl", predicted)
    return out


@pytest.mark.parametrize("language", LANGUAGES)
def test_fixture_reports_score(fixture_scores: dict[str, dict], language: str) -> None:
    figures = fixture_scores[language]
    assert figures["documents_missing"] == 0
    assert figures["event_f1"] >= TARGET_F1, figures
    assert figures["slot_acc"] >= TARGET_SLOTS, figures


def test_a_report_and_its_translation_give_each_event_once(tmp_path: Path, pipeline) -> None:
    # The Russian fixture that is followed by its full English translation.
    import json

    from strikewatch.sources import document_from_text

    line = next(json.loads(raw) for raw in (ROOT / "tests/fixtures/ru/documents.jsonl").open(encoding="utf-8")
                if json.loads(raw)["id"] == "ru-mixed-translation")
    document = document_from_text(line["text"], id=line["id"], published=line["published"])
    assert [b.language for b in document.blocks] == ["ru", "en"]
    events = pipeline.extract(document)
    gold = next(json.loads(raw) for raw in (ROOT / "tests/fixtures/ru/gold.jsonl").open(encoding="utf-8")
                if json.loads(raw)["id"] == "ru-mixed-translation")
    assert len(events) == len(gold["events"])
    assert all(sorted(e.languages) == ["en", "ru"] for e in events)
