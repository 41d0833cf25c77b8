"""One module per schema revision, in order: 0001 the first tables, then each change."""
