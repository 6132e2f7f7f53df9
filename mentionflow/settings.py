"""One frozen settings object per process, built at the entry point and passed down.

Nothing else in the project reads ``os.environ``. Variables: ``MENTIONFLOW_*`` plus the two
conventional ``KAFKA_BOOTSTRAP`` and ``REDIS_URL``; when either of those is set, the stack is
external (production) and ``mentionflow stack up`` starts nothing.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MENTIONFLOW_", frozen=True, extra="ignore")

    home: Path = Field(default=Path("var"), description="project-local state: KB versions, stack data, pids")
    kafka_bootstrap: str = Field(
        default="127.0.0.1:9092", validation_alias=AliasChoices("KAFKA_BOOTSTRAP", "MENTIONFLOW_KAFKA_BOOTSTRAP")
    )
    redis_url: str = Field(
        default="redis://127.0.0.1:6390/0", validation_alias=AliasChoices("REDIS_URL", "MENTIONFLOW_REDIS_URL")
    )
    app_id: str = "mentionflow"
    topic_prefix: str = ""
    partitions: int = Field(default=6, ge=1)
    review_threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    max_message_bytes: int = Field(default=1_000_000, ge=1024)
    batch_max: int = Field(default=64, ge=1)
    batch_within_s: float = Field(default=0.05, gt=0)
    kb_path: Path | None = Field(default=None, description="serve this KB JSONL instead of the store's current version")
    log_json: bool = False
    instance_id: str | None = Field(
        default=None,
        description="static consumer-group membership id (KIP-345), stable across restarts of one worker slot; "
        "a restarted worker takes over its partitions at once instead of waiting for the dead member to expire",
    )

    @property
    def external_stack(self) -> bool:
        """True when the operator pointed us at existing services (production)."""
        return bool({"kafka_bootstrap", "redis_url"} & self.model_fields_set)

    @property
    def kb_root(self) -> Path:
        return self.home / "kb"

    @property
    def stack_root(self) -> Path:
        return self.home / "stack"

    @property
    def broker_url(self) -> str:
        return "kafka://" + ",".join(self.kafka_bootstrap.split(","))
