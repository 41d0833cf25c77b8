"""strikewatch at archive scale: the Spark job (``strikewatch spark``) and its loader (``strikewatch load``).

``strikewatch.spark.job`` and ``strikewatch.spark.daemon`` need the ``spark`` extra (pyspark, Java 17 or later); the
records it moves (``strikewatch.spark.records``) and the loader (``strikewatch.spark.load``)
need nothing beyond strikewatch itself, so that a machine without Spark can load a job's
output into its store.
"""
