"""Candidate retrieval: one ``Retriever`` interface, an embedded backend (default) and an
OpenSearch backend with the same ranking semantics (BM25 + kNN, min-max + weighted arithmetic
mean fusion, RRF as an option)."""
