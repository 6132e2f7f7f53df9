"""The one place where bytes become objects (and back).

Decoding never raises: it returns the object or a :class:`DecodeError` value naming the reason,
so a worker can route poison input to the dead-letter topic without losing it.

Readers are tolerant within a major version (docs/SCHEMAS.md): fields this reader does not know
are ignored, never rejected, so producers may add optional fields without a coordinated
upgrade. ``schema_version`` is the major version: a message whose major this reader does not
support is refused with ``unknown_schema_version`` (dead-lettered by the workers) instead of
being misread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import orjson
from pydantic import BaseModel, ValidationError

from streams.schemas import (
    SCHEMA_VERSION,
    ExtractedDocument,
    InputDocument,
    NormalizedDocument,
    ReviewRequest,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_MAJORS",
    "DecodeError",
    "decode",
    "decode_input",
    "decode_extracted",
    "decode_normalized",
    "decode_review",
    "encode",
]

DEFAULT_MAX_BYTES = 1_000_000
#: The ``schema_version`` values (major versions) this reader understands.
SUPPORTED_MAJORS = frozenset({SCHEMA_VERSION})

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class DecodeError:
    """Why a message could not be decoded.

    reason: one of ``too_large``, ``invalid_utf8``, ``not_json``, ``wrong_schema``,
        ``empty_text``, ``null_value``, ``unknown_schema_version``.
    detail: a one-line human explanation.
    """

    reason: str
    detail: str


def encode(message: BaseModel) -> bytes:
    """Serialize a schema object to JSON bytes."""
    return orjson.dumps(message.model_dump(mode="json"))


def _first_error(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err.get("loc", ())) or "<root>"
    msg = str(err.get("msg", "invalid"))
    reason = "empty_text" if loc == "text" and "text is empty" in msg else "wrong_schema"
    return reason, f"{loc}: {msg}"


def _unsupported_version(obj: dict[str, object], model: type[BaseModel]) -> DecodeError | None:
    """A message of a major version this reader does not know (a missing version means 1)."""
    if "schema_version" not in model.model_fields or "schema_version" not in obj:
        return None
    v = obj["schema_version"]
    if isinstance(v, int) and not isinstance(v, bool) and v not in SUPPORTED_MAJORS:
        known = ", ".join(str(m) for m in sorted(SUPPORTED_MAJORS))
        return DecodeError("unknown_schema_version",
                           f"{model.__name__} schema_version {v} is not supported by this reader (it reads {known}); "
                           "a new major version needs an upgraded reader")
    return None


def decode(raw: bytes | None, model: type[M], max_bytes: int = DEFAULT_MAX_BYTES) -> M | DecodeError:
    """Decode ``raw`` JSON bytes into ``model`` or return the reason it cannot be done."""
    if raw is None:
        return DecodeError("null_value", "message has no value (tombstone)")
    if len(raw) > max_bytes:
        return DecodeError("too_large", f"message is {len(raw)} bytes, limit is {max_bytes}")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return DecodeError("invalid_utf8", f"invalid UTF-8 at byte {exc.start}")
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return DecodeError("not_json", f"not JSON: {exc}")
    if not isinstance(obj, dict):
        return DecodeError("wrong_schema", f"expected a JSON object, got {type(obj).__name__}")
    version = _unsupported_version(obj, model)
    if version is not None:
        return version
    try:
        return model.model_validate(obj, extra="ignore")
    except ValidationError as exc:
        reason, detail = _first_error(exc)
        return DecodeError(reason, detail)


def decode_input(raw: bytes | None, max_bytes: int = DEFAULT_MAX_BYTES) -> InputDocument | DecodeError:
    return decode(raw, InputDocument, max_bytes)


def decode_extracted(raw: bytes | None, max_bytes: int = DEFAULT_MAX_BYTES) -> ExtractedDocument | DecodeError:
    return decode(raw, ExtractedDocument, max_bytes * 4)


def decode_normalized(raw: bytes | None) -> NormalizedDocument | DecodeError:
    return decode(raw, NormalizedDocument, DEFAULT_MAX_BYTES * 16)


def decode_review(raw: bytes | None) -> ReviewRequest | DecodeError:
    return decode(raw, ReviewRequest, DEFAULT_MAX_BYTES * 16)
