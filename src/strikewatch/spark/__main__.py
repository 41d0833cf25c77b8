"""``python -m strikewatch.spark INPUT OUTPUT`` and ``spark-submit …/strikewatch/spark/__main__.py INPUT OUTPUT``."""

import sys

from strikewatch.spark.job import main

if __name__ == "__main__":
    sys.exit(main())
