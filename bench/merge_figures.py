"""The merge on the multilingual merge set: events expected and found, with and without the sentence encoder.

    python bench/merge_figures.py [--orders 2] [--nameless]

Extracts the reports of tests/fixtures/merge once, then ingests them into fresh SQLite
stores in file order and reversed, once with the multilingual sentence encoder and once
without, and prints for each: the gold actions, the events that came out, pairwise precision
and recall of the merges against the gold actions, the actions split over several events,
and the ingest time, with the ratio of the encoder's time to the baseline without it.

``--nameless`` repeats both runs with the organisation names taken out of every mention:
the case of reports whose names do not meet (two scripts, a translated company name),
where the other values and the sentences must carry the merge. The similarity of the
evidence of every comparable pair is printed as well: same action against other actions.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import merge_set  # noqa: E402
from strikewatch.merge import (  # noqa: E402
    Mention,
    UniversalSentenceEncoder,
    default_encoder,
    embed,
    evidence_sentences,
    score_pair,
    similarity,
)
from strikewatch.model import Actor, Event  # noqa: E402
from strikewatch.pipeline import default_pipeline  # noqa: E402
from strikewatch.store import Store  # noqa: E402


def nameless(extracted: dict[str, list[Event]]) -> dict[str, list[Event]]:
    """The same events without organisation names."""
    return {
        doc_id: [replace(e, actor=Actor(group=e.actor.group, sector=e.actor.sector, size=e.actor.size)) for e in items]
        for doc_id, items in extracted.items()
    }


def run(extracted: dict[str, list[Event]], *, encoder: bool, orders: int) -> tuple[str, float, bool]:
    """Score line, seconds per ingest of the whole set, and whether every order gave the same events."""
    documents = merge_set.documents()
    sequences = [documents, documents[::-1]][:orders]
    model = default_encoder()
    if encoder and isinstance(model, UniversalSentenceEncoder):
        model.encode(["warm up"])  # the model loads once per process: not part of an ingest's time
        model.forget()
    results, seconds, line = [], [], ""
    for sequence in sequences:
        with tempfile.TemporaryDirectory() as folder:
            store = Store(f"sqlite:///{Path(folder) / 'bench.db'}", encoder=model if encoder else None)
            started = time.perf_counter()
            merge_set.ingest(store, sequence, extracted)
            seconds.append(time.perf_counter() - started)
            if isinstance(model, UniversalSentenceEncoder):
                model.forget()  # each order pays for its own encoding
            results.append(merge_set.event_set(store))
            line = merge_set.score(store, extracted).line()
            store.close()
    return line, statistics.median(seconds), all(r == results[0] for r in results)


def similarities(extracted: dict[str, list[Event]]) -> None:
    """Evidence similarity of comparable pairs from different reports: one action against two."""
    encoder = default_encoder()
    if encoder is None:
        return
    actions = merge_set.gold()
    texts = {d.id: d for d in merge_set.documents()}
    mentions: list[tuple[str | None, Mention]] = []
    for doc_id, items in extracted.items():
        document = texts[doc_id]
        for ordinal, item in enumerate(items):
            vector = embed(encoder, evidence_sentences(document.text, item))
            mentions.append((merge_set.action_of(doc_id, item, actions), Mention(
                key=f"{doc_id}:{ordinal}", document_key=doc_id, published=document.published, event=item,
                embedding=vector, encoder=encoder.name)))
    same, other = [], []
    for (aa, a), (ab, b) in combinations(mentions, 2):
        if a.document_key == b.document_key or not score_pair(a, b).comparable:
            continue
        value = similarity(a, b)
        if value is not None and aa is not None:
            (same if aa == ab else other).append(value)
    for name, values in (("same action", same), ("other actions", other)):
        if values:
            print(f"  similarity, {name}: {len(values)} pairs, min {min(values):.2f}, "
                  f"median {statistics.median(values):.2f}, max {max(values):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=2, choices=(1, 2), help="ingest orders to compare")
    parser.add_argument("--nameless", action="store_true", help="also run without organisation names")
    options = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)

    pipeline = default_pipeline()
    extracted = {d.id: pipeline.extract(d) for d in merge_set.documents()}
    mentions = sum(len(items) for items in extracted.values())
    print(f"{len(extracted)} reports, {mentions} extracted events")
    cases = [("as extracted", extracted)]
    if options.nameless:
        cases.append(("organisation names withheld", nameless(extracted)))
    for title, events in cases:
        print(title)
        baseline, base_seconds, base_same = run(events, encoder=False, orders=options.orders)
        with_encoder, enc_seconds, enc_same = run(events, encoder=True, orders=options.orders)
        print(f"  without encoder: {baseline}; orders agree: {base_same}; {base_seconds:.2f} s")
        print(f"  with encoder:    {with_encoder}; orders agree: {enc_same}; {enc_seconds:.2f} s "
              f"(ratio to the baseline {enc_seconds / base_seconds:.1f})")
        similarities(events)


if __name__ == "__main__":
    main()
