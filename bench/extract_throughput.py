"""Extraction throughput against the floor of only tokenising and lemmatising the same documents.

    python bench/extract_throughput.py [--docs 1000] [--corpus FILE.jsonl] [--repeat 3] [--profile FILE]

Both passes read the same documents, already split into language blocks, with the same
spaCy pipelines; the floor stops after tokens and lemmas, the full pass extracts events.
Every language's pipeline, its lexicon and the gazetteer are loaded, and both passes run
once on the documents, before timing, so that no loading falls into either pass (the lemma
caches are warm for both). The passes then alternate ``--repeat`` times and the fastest run
of each counts, which keeps other work on a shared machine out of the ratio as far as can be.
Prints documents per second for each and the ratio extract / floor (the target is 3 or less).
``--profile FILE`` writes a pyinstrument profile (text) of one more extract pass.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load(path: Path, limit: int) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for _, line in zip(range(limit), fh, strict=False)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="write a pyinstrument profile of the extract pass here")
    args = parser.parse_args()

    from strikewatch.analysis import analyzer_for, paragraph_starts
    from strikewatch.lexicons import available_languages
    from strikewatch.pipeline import default_pipeline
    from strikewatch.sources import document_from_text

    corpus = args.corpus
    if corpus is None:
        corpus = Path(tempfile.mkdtemp()) / "corpus.jsonl"
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(args.docs), str(corpus)], check=True)
    records = load(corpus, args.docs)
    documents = [document_from_text(r["text"], id=r["id"], published=r.get("published")) for r in records]
    readable = set(available_languages())

    pipeline = default_pipeline()
    for language in readable:
        analyzer_for(language)

    def floor() -> None:
        for document in documents:
            starts = paragraph_starts(document.text)
            for block in document.blocks:
                if block.language in readable:
                    analyzer_for(block.language).analyse(document.text, block.start, block.end, starts)

    def full() -> None:
        for document in documents:
            pipeline.extract(document)

    passes = (("floor (tokenise + lemmatise)", floor), ("extract", full))
    for _name, run in passes:  # warm: every lexicon's phrase lists built, caches filled
        run()
    timings: dict[str, float] = {}
    for _round in range(max(1, args.repeat)):
        for name, run in passes:
            start = time.perf_counter()
            run()
            seconds = time.perf_counter() - start
            timings[name] = min(timings.get(name, seconds), seconds)
    n = len(documents)
    events = sum(len(pipeline.extract(d)) for d in documents[:200])
    for name, seconds in timings.items():
        print(f"{name:32s} {n / seconds:8.1f} documents/s  ({seconds:.2f} s for {n})")
    ratio = timings["extract"] / timings["floor (tokenise + lemmatise)"]
    print(f"ratio extract / floor: {ratio:.2f} (target <= 3.00); {events} events in the first 200 documents")
    if args.profile:
        from pyinstrument import Profiler  # pip install pyinstrument

        profiler = Profiler(interval=0.0005)
        profiler.start()
        full()
        profiler.stop()
        args.profile.write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
        print(f"profile of the extract pass written to {args.profile}")


if __name__ == "__main__":
    main()
