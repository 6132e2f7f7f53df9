"""Pure transform: input documents -> extracted documents (no Kafka, no clock)."""

from __future__ import annotations

from collections.abc import Sequence

from streams.schemas import ExtractedDocument, InputDocument
from workers.extraction.model import Extractor

__all__ = ["extract_documents"]


def extract_documents(docs: Sequence[InputDocument], extractor: Extractor) -> list[ExtractedDocument]:
    """One ExtractedDocument per input, same order; the extractor is called once per batch."""
    if not docs:
        return []
    spans = extractor.extract([d.text for d in docs])
    return [
        ExtractedDocument(doc=d, mentions=tuple(m), extractor_version=extractor.version)
        for d, m in zip(docs, spans, strict=True)
    ]
