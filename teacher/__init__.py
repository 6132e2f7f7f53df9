"""Teacher client: a frontier LLM behind any OpenAI-compatible Chat Completions API.

Two tasks: extract entity spans from a document, and choose a document mention's KB entry
among candidates. Layers:

- :mod:`teacher.shapes` -- frozen queries, answers and :class:`Invalid` answer values;
- :mod:`teacher.prompts` -- the chat messages (documents as delimited data);
- :mod:`teacher.protocol` -- request bodies, answer schemas and parsing (pure);
- :mod:`teacher.pricing` -- price tables and costs (pure);
- :mod:`teacher.retry` -- backoff and ``Retry-After`` (pure);
- :mod:`teacher.stats` -- the accounting value;
- :mod:`teacher.errors` -- the exception tree (each error says whether it is ``retriable``);
- :mod:`teacher.config` -- the client configuration (frozen, key as ``SecretStr``);
- :mod:`teacher.client` -- the HTTP shell.
"""

from teacher.client import TeacherClient
from teacher.config import TeacherConfig
from teacher.errors import (
    SpendingCapReached,
    TeacherConfigError,
    TeacherError,
    TeacherRequestError,
    TeacherUnavailable,
    UnknownModelError,
)
from teacher.pricing import (
    DEFAULT_PRICE_TABLE,
    ModelPrice,
    PriceTable,
    cost_usd,
    load_price_table,
    parse_price_table,
)
from teacher.protocol import (
    EXTRACTION_SCHEMA,
    NORMALIZATION_SCHEMA,
    extraction_messages,
    normalization_messages,
    parse_extraction,
    parse_normalization,
    usage_from_response,
)
from teacher.shapes import (
    CandidateView,
    ExtractionResult,
    Invalid,
    NormalizationAnswer,
    NormalizationQuery,
    TeacherSpan,
    Usage,
)
from teacher.stats import TeacherStats

__all__ = [
    "TeacherClient",
    "TeacherConfig",
    "TeacherStats",
    "TeacherError",
    "TeacherUnavailable",
    "TeacherRequestError",
    "SpendingCapReached",
    "TeacherConfigError",
    "UnknownModelError",
    "ModelPrice",
    "PriceTable",
    "DEFAULT_PRICE_TABLE",
    "cost_usd",
    "parse_price_table",
    "load_price_table",
    "EXTRACTION_SCHEMA",
    "NORMALIZATION_SCHEMA",
    "extraction_messages",
    "normalization_messages",
    "parse_extraction",
    "parse_normalization",
    "usage_from_response",
    "CandidateView",
    "ExtractionResult",
    "Invalid",
    "NormalizationAnswer",
    "NormalizationQuery",
    "TeacherSpan",
    "Usage",
]
