"""One process against the Spark job on local[2]: the same corpus, the same per-document results, wall-clock time.

    python bench/spark_vs_single.py [--docs 20000] [--corpus FILE.jsonl] [--master local[2]]
                                    [--partitions N] [--ingest]

Both sides are run as a user runs them, one command each, from a cold start (process
start, models loaded, JVM started): the single process is `strikewatch extract CORPUS -o
FILE`; the Spark side is `python -m strikewatch.spark CORPUS OUTPUT --master local[2]`,
run twice: with ``--no-similarity``, where it reads and extracts what extract does and
merges across documents besides; and as it runs by default, embedding every event's
evidence sentences for the merge as well (the encoder costs more than the extraction). The
per-document results are compared line by line with extract's. Prints the times,
documents per second, the ratio single / Spark of each run (the target, 1.6 or more, is
for the first: the same work) and the Spark stages. ``--ingest`` also times `strikewatch
ingest` into a fresh SQLite store, the single-process way to the same merged events, and
`strikewatch load` of the Spark output (slow: tens of minutes at 20,000).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(command: list[str]) -> float:
    """Seconds the command took; it must succeed (exit 1 for reported bad inputs is accepted)."""
    started = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return seconds


def machine() -> str:
    """CPU model, cores and memory of this machine."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        gigabytes = int(memory.split()[1]) / 1024 / 1024
    except (OSError, StopIteration):
        gigabytes = 0.0
    return f"{model}, {os.cpu_count()} cores, {gigabytes:.0f} GB, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int)
    parser.add_argument("--ingest", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="strikewatch-bench-"))
    corpus = args.corpus
    if corpus is None:
        corpus = work / "corpus.jsonl"
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(args.docs), str(corpus)], check=True)
    documents = sum(1 for line in corpus.open(encoding="utf-8") if line.strip())
    strikewatch = [sys.executable, "-m", "strikewatch.cli"]
    print(f"{documents} documents ({corpus.stat().st_size / 1e6:.1f} MB) on {machine()}")

    single_out = work / "single.jsonl"
    single = timed([*strikewatch, "extract", str(corpus), "-o", str(single_out)])
    print(f"single process (strikewatch extract): {single:8.1f} s  {documents / single:7.1f} documents/s")

    runs: list[tuple[str, Path, float]] = []
    for label, options in (("Spark, --no-similarity", ["--no-similarity"]), ("Spark, default", [])):
        spark_out = work / ("spark" + "".join(options))
        command = [sys.executable, "-m", "strikewatch.spark", str(corpus), str(spark_out), "--master", args.master,
                   *options]
        if args.partitions:
            command += ["--partitions", str(args.partitions)]
        seconds = timed(command)
        runs.append((label, spark_out, seconds))
        print(f"{label} {args.master}: {seconds:8.1f} s  {documents / seconds:7.1f} documents/s")
        manifest = json.loads(next((spark_out / "manifest").glob("part-*")).read_text(encoding="utf-8"))
        stages = ", ".join(f"{name} at {at:.0f} s" for name, at in manifest["stages"].items())
        print(f"  stages (from the job's start): {stages}")
        print(f"  {manifest['mentions']} mentions, {manifest['linked_pairs']} linked pairs, "
              f"{manifest['events']} events, {manifest['partitions']} partitions, encoder {manifest['encoder']}")
        spark_lines = [line for part in sorted((spark_out / "documents").glob("part-*"))
                       for line in part.read_text(encoding="utf-8").splitlines()]
        same = spark_lines == single_out.read_text(encoding="utf-8").splitlines()
        print(f"  same per-document results as extract: {'yes' if same else 'NO'}")
    for label, _out, seconds in runs:
        target = " (target >= 1.60: the same work)" if "no-similarity" in label else ""
        print(f"ratio single / {label}: {single / seconds:.2f}{target}")
    spark_out, spark = runs[-1][1], runs[-1][2]

    if args.ingest:
        ingest = timed([*strikewatch, "ingest", str(corpus), "--db", f"sqlite:///{work / 'ingest.db'}"])
        load = timed([*strikewatch, "load", str(spark_out), "--db", f"sqlite:///{work / 'load.db'}"])
        print(f"single process (strikewatch ingest): {ingest:8.1f} s; Spark and load: {spark + load:.1f} s "
              f"(load {load:.1f} s); ratio {ingest / (spark + load):.2f}")


if __name__ == "__main__":
    main()
