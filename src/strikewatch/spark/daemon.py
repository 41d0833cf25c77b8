"""Spark's Python daemon, with the language data loaded once before it forks the workers.

Spark starts one Python daemon per executor and forks a worker from it for each task slot.
Run as ``spark.python.daemon.module``, this module builds the extraction pipeline and every
language's analyser first (about a gigabyte and ten seconds or more), freezes it out of the
garbage collector's way, and only then hands over to PySpark's own daemon: each worker starts
with the models already in memory, shared copy-on-write with its siblings, instead of loading
them again. The language detector and the sentence encoder are left to the workers (the
detector's native thread pool must not be started before a fork).
"""

from __future__ import annotations


def main() -> None:
    """Load the pipeline, then run PySpark's daemon (which writes its port on stdout: nothing else may)."""
    from strikewatch.spark.records import Extractor

    Extractor(similarity=False, warm=True)
    from pyspark import daemon

    daemon.manager()


if __name__ == "__main__":
    main()
