"""Peak memory of extraction over 10,000 and 100,000 documents: does it stay flat as the input grows?

    python bench/memory.py [--sizes 10000 100000] [--format jsonl|jsonl.gz|parquet]

For each size, a corpus is made with bench/make_corpus.py (in the given format) and
`strikewatch extract CORPUS -o FILE` runs in a fresh child process; its peak resident
memory is read with resource.getrusage(RUSAGE_CHILDREN) by a fresh wrapper process per
size, so that one size's peak cannot hide another's. Prints the peak and the time for each
size and the ratio of the largest to the smallest (the target is under 1.5).
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
sys.path.insert(0, str(HERE))

from spark_vs_single import machine  # noqa: E402

# Runs one command and prints the peak RSS (kB on Linux) of the children it waited for.
WRAPPER = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def make_corpus(size: int, folder: Path, form: str) -> Path:
    """A corpus of ``size`` documents in the given format."""
    plain = folder / f"corpus-{size}.{'jsonl.gz' if form == 'jsonl.gz' else 'jsonl'}"
    subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(size), str(plain)], check=True)
    if form in ("jsonl", "jsonl.gz"):
        return plain
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = folder / f"corpus-{size}.parquet"
    with plain.open(encoding="utf-8") as lines, pq.ParquetWriter(table, pa.schema([
        ("id", pa.string()), ("text", pa.string()), ("url", pa.string()), ("title", pa.string()),
        ("published", pa.string()), ("language", pa.string()),
    ])) as writer:
        batch: list[dict] = []
        for line in lines:
            batch.append(json.loads(line))
            if len(batch) == 5000:
                writer.write_table(pa.Table.from_pylist(batch, schema=writer.schema))
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=writer.schema))
    plain.unlink()
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--format", choices=("jsonl", "jsonl.gz", "parquet"), default="jsonl")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="strikewatch-memory-"))
    print(f"strikewatch extract on {args.format} corpora, on {machine()}")
    peaks: dict[int, float] = {}
    for size in args.sizes:
        corpus = make_corpus(size, folder, args.format)
        command = [sys.executable, "-m", "strikewatch.cli", "extract", str(corpus), "-o", str(folder / "out.jsonl")]
        started = time.perf_counter()
        output = subprocess.run([sys.executable, "-c", WRAPPER, *command], check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        code, peak_kb = output.stdout.split()
        if code not in ("0", "1"):
            sys.exit(f"extract failed on {size} documents (exit {code})")
        peaks[size] = int(peak_kb) / 1024
        print(f"{size:>8} documents: peak {peaks[size]:7.0f} MB, {seconds:7.1f} s ({size / seconds:.0f} documents/s)")
        corpus.unlink()
    smallest, largest = min(peaks), max(peaks)
    print(f"ratio peak {largest} / peak {smallest}: {peaks[largest] / peaks[smallest]:.2f} (target < 1.50)")


if __name__ == "__main__":
    main()
