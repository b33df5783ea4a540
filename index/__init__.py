"""Reading, cleaning and indexing articles; search over the index."""
