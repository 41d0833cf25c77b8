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


@pytest.mark.parametrize("language", ["en", "it"])
def test_fixture_reports_score(shared_dir: Path, tmp_path: Path, language: str) -> None:
    folder = ROOT / "tests" / "fixtures" / language
    out = extract(tmp_path, str(folder / "documents.jsonl"))
    figures = score(shared_dir, folder / "gold.jsonl", out)
    assert figures["event_f1"] >= 0.85, figures
    assert figures["slot_acc"] >= 0.75, figures
