"""Score the extractor on the held-out reports, written without looking at the lexicons.

    python bench/heldout_scores.py [LANG ...] [--sets dev test] [--verbose]

``bench/heldout/<set>/<lang>/`` holds reports (``documents.jsonl``) and their hand-coded gold
events (``gold.jsonl``) in each language of the lexicons, set in other countries and sectors
than the test fixtures and written by people who did not see the lexicons or the fixtures:

- ``dev``: its misses were read to find what the lexicons and the engine lacked, so its
  scores flatter the extractor from then on;
- ``test``: scored, never read for gaps (only to find what a change broke): the project's
  estimate of its accuracy on reports it has not seen.

Prints the shared scorer's figures per set and language; nothing is asserted (the fixtures'
scores, asserted by the tests, guard against regressions).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from strikewatch.pipeline import Pipeline, default_pipeline
from strikewatch.sources import document_from_text

HERE = Path(__file__).resolve().parent
SCORER = HERE.parent.parent / "shared" / "eval" / "score.py"
SETS = ("dev", "test")


def score(pipeline: Pipeline, folder: Path, work: Path, verbose: bool) -> dict[str, Any]:
    """The scorer's figures for one language's reports in ``folder``."""
    predictions = work / f"{folder.parent.name}-{folder.name}.jsonl"
    with predictions.open("w", encoding="utf-8") as out:
        for line in (folder / "documents.jsonl").open(encoding="utf-8"):
            record = json.loads(line)
            document = document_from_text(record["text"], id=record["id"], published=record.get("published"),
                                          url=record.get("url"), language_hint=record.get("language"))
            events = [event.to_dict() for event in pipeline.extract(document)]
            out.write(json.dumps({"id": record["id"], "events": events}, ensure_ascii=False) + "\n")
    command = [sys.executable, str(SCORER), str(folder / "gold.jsonl"), str(predictions)]
    if verbose:
        print(subprocess.run([*command, "--verbose"], capture_output=True, text=True, check=True).stdout)
    return json.loads(subprocess.run([*command, "--json"], capture_output=True, text=True, check=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="*", help="default: every language of the set")
    parser.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS))
    parser.add_argument("--verbose", "-v", action="store_true", help="the scorer's event-by-event listing")
    args = parser.parse_args()
    if not SCORER.exists():
        sys.exit(f"the shared scorer is missing: {SCORER}")
    pipeline = default_pipeline()
    work = Path(tempfile.mkdtemp(prefix="strikewatch-heldout-"))
    print("set   language  event_f1  slot_acc")
    for name in args.sets:
        root = HERE / "heldout" / name
        languages = args.languages or sorted(p.name for p in root.iterdir() if p.is_dir())
        f1s, slots = [], []
        for language in languages:
            figures = score(pipeline, root / language, work, args.verbose)
            f1s.append(figures["event_f1"])
            slots.append(figures["slot_acc"])
            print(f"{name:5s} {language:8s}  {figures['event_f1']:8.3f}  {figures['slot_acc']:8.3f}")
        print(f"{name:5s} {'mean':8s}  {sum(f1s) / len(f1s):8.3f}  {sum(slots) / len(slots):8.3f}")


if __name__ == "__main__":
    main()
