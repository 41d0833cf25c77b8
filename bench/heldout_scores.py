"""Score the extractor on the held-out reports: a second set written without looking at the lexicons.

    python bench/heldout_scores.py [LANG ...] [--verbose]

``bench/heldout/<lang>/`` holds reports (``documents.jsonl``) and their hand-coded gold events
(``gold.jsonl``) in each language of the lexicons, set in countries and sectors other than
those of the test fixtures, written after the lexicons and never used to tune them: their
scores are the project's estimate of its accuracy on unseen reports (the fixtures' scores,
asserted by the tests, guard against regressions). Prints the shared scorer's figures per
language; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from strikewatch.pipeline import default_pipeline
from strikewatch.sources import document_from_text

HERE = Path(__file__).resolve().parent
SCORER = HERE.parent.parent / "shared" / "eval" / "score.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="*", help="default: every language in bench/heldout")
    parser.add_argument("--verbose", "-v", action="store_true", help="the scorer's event-by-event listing")
    args = parser.parse_args()
    if not SCORER.exists():
        sys.exit(f"the shared scorer is missing: {SCORER}")
    languages = args.languages or sorted(p.name for p in (HERE / "heldout").iterdir() if p.is_dir())
    pipeline = default_pipeline()
    work = Path(tempfile.mkdtemp(prefix="strikewatch-heldout-"))
    print("language  event_f1  slot_acc")
    for language in languages:
        folder = HERE / "heldout" / language
        predictions = work / f"{language}.jsonl"
        with predictions.open("w", encoding="utf-8") as out:
            for line in (folder / "documents.jsonl").open(encoding="utf-8"):
                record = json.loads(line)
                document = document_from_text(record["text"], id=record["id"], published=record.get("published"),
                                              url=record.get("url"), language_hint=record.get("language"))
                events = [event.to_dict() for event in pipeline.extract(document)]
                out.write(json.dumps({"id": record["id"], "events": events}, ensure_ascii=False) + "\n")
        command = [sys.executable, str(SCORER), str(folder / "gold.jsonl"), str(predictions)]
        if args.verbose:
            print(subprocess.run([*command, "--verbose"], capture_output=True, text=True, check=True).stdout)
        figures = json.loads(subprocess.run([*command, "--json"], capture_output=True, text=True,
                                            check=True).stdout)
        print(f"{language:8s}  {figures['event_f1']:8.3f}  {figures['slot_acc']:8.3f}")


if __name__ == "__main__":
    main()
