"""Storage: Chroma vectors, BM25 lexical index, and the Norwegian analyzer they share."""
