"""Alembic migrations of the store, shipped with the package and applied by ``Store`` when it opens."""
