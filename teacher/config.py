"""The teacher client's configuration: one frozen value, the API key a ``SecretStr``."""

from __future__ import annotations

from typing import Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    InstanceOf,
    SecretStr,
    field_serializer,
    field_validator,
    model_validator,
)

from teacher.pricing import DEFAULT_PRICE_TABLE, PriceTable

__all__ = ["TeacherConfig"]


class TeacherConfig(BaseModel):
    """How to reach and pay for the teacher. The key is a ``SecretStr``: never shown.

    base_url: the API root, e.g. ``https://api.openai.com/v1``.
    model: the model name sent in requests; must be priced in ``price_table`` (else
        :class:`teacher.errors.UnknownModelError` when the config is built).
    spending_cap_usd: hard cap on the running cost of this client (``math.inf`` for none).
    timeout_s: per-request timeout (connect, read, write, pool).
    max_retries: retries after the first attempt (so at most ``max_retries + 1`` requests).
    backoff_base_s, backoff_cap_s: exponential backoff with jitter between retries.
    retry_after_cap_s: the longest ``Retry-After`` honoured (longer waits are shortened).
    max_concurrency: requests in flight at once.
    trust_env: let httpx read proxy settings from the environment.
    context_chars: document characters shown on each side of a mention to be linked (the whole
        story, up to this, so the teacher sees every place and full name in it; cost grows with it).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str = Field(min_length=1)
    model: str = Field(min_length=1)
    api_key: SecretStr
    spending_cap_usd: float = Field(gt=0)
    timeout_s: float = Field(default=30.0, gt=0)
    max_retries: int = Field(default=5, ge=0)
    backoff_base_s: float = Field(default=0.5, ge=0)
    backoff_cap_s: float = Field(default=20.0, ge=0)
    retry_after_cap_s: float = Field(default=60.0, ge=0)
    max_concurrency: int = Field(default=8, ge=1)
    trust_env: bool = True
    context_chars: int = Field(default=2000, ge=50)
    price_table: InstanceOf[PriceTable] = Field(default_factory=lambda: DEFAULT_PRICE_TABLE)

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("base_url must start with http:// or https://")
        return v.rstrip("/")

    @field_serializer("price_table")
    def _dump_prices(self, table: PriceTable) -> dict[str, dict[str, float]]:
        return {
            m: {"input_per_mtok": p.input_per_mtok, "output_per_mtok": p.output_per_mtok}
            for m, p in table.prices.items()
        }

    @model_validator(mode="after")
    def _model_is_priced(self) -> Self:
        self.price_table.price(self.model)  # raises UnknownModelError: caps need prices
        return self
