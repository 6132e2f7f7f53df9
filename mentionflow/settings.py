"""One frozen settings object per process, built at the entry point and passed down.

Nothing else in the project reads ``os.environ``. Variables: ``MENTIONFLOW_*`` plus the
conventional ``KAFKA_BOOTSTRAP``, ``REDIS_URL`` and ``OPENSEARCH_URL``; when ``KAFKA_BOOTSTRAP`` or
``REDIS_URL`` is set, the stack is external (production) and ``mentionflow stack up`` starts
nothing; with ``OPENSEARCH_URL`` set, it starts no OpenSearch node (it only checks the cluster and
declares the search pipelines).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "SHIPPED_RANKER"]

#: the rules linker's ranker fitted on distant supervision (`mentionflow train ranker` rebuilds it);
#: installed beside this package (workers/ is a sibling top-level package)
SHIPPED_RANKER = Path(__file__).resolve().parents[1] / "workers" / "normalization" / "ranker.distant.v1.json"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MENTIONFLOW_", frozen=True, extra="ignore")

    home: Path = Field(default=Path("var"), description="project-local state: KB versions, stack data, pids")
    kafka_bootstrap_external: str | None = Field(
        default=None, validation_alias="KAFKA_BOOTSTRAP", description="existing Kafka (production): host:port[,host:port]"
    )
    redis_url_external: str | None = Field(default=None, validation_alias="REDIS_URL", description="existing Redis (production)")
    kafka_port: int = Field(default=9092, description="port of the local broker `stack up` starts")
    broker: str = Field(default="kafka", pattern="^(kafka|noida)$",
                        description="the local broker `stack up` starts: Apache Kafka (KRaft, from Maven Central; needs "
                        "Java 17+ and Maven once) or noida-db (a Kafka-protocol broker from PyPI, for machines without Java)")
    kafka_controller_port: int | None = Field(default=None, description="KRaft controller port (default kafka_port + 1)")
    kafka_heap_mb: int = Field(default=512, ge=128, description="Java heap of the local Kafka broker")
    kafka_cache: Path = Field(default=Path("~/.cache/mentionflow"),
                              description="where the Kafka jars from Maven Central are kept (kafka-<version>/lib)")
    redis_port: int = Field(default=6390, description="port of the local Redis `stack up` starts")
    app_id: str = "mentionflow"
    topic_prefix: str = ""
    partitions: int = Field(default=6, ge=1)
    review_threshold: float = Field(default=0.5, ge=0.0, le=1.0,
                                    description="route under this score: the baselines, a student without calibration for the "
                                    "target, or any model when set (then no explicit review target may be set too)")
    review_target_rate: float | None = Field(
        default=0.1, description="a student normalizer routes by its validation-calibrated threshold for this review "
        "rate (0.02, 0.05, 0.1 or 0.2); unset: MENTIONFLOW_REVIEW_THRESHOLD")
    review_target_precision: float | None = Field(
        default=None, description="instead of a rate: route so that the kept decisions are this precise on validation "
        "(0.9, 0.95 or 0.98; a student's calibrated thresholds)")
    max_message_bytes: int = Field(default=1_000_000, ge=1024)
    max_output_bytes: int = Field(
        default=1_000_000, ge=1024,
        description="largest message a worker publishes (key + value); a larger output dead-letters its input "
        "as output_too_large. Keep it at or under the topics' max.message.bytes")
    extract_chunk_chars: int = Field(
        default=20_000, ge=1000, description="budget: the most characters one extractor call sees; longer documents "
        "are extracted chunk by chunk, one at a time, after the short ones of their batch")
    extract_max_chars: int = Field(default=1_000_000, ge=1000,
                                   description="budget: a longer text is dead-lettered (too_large)")
    extract_max_mentions: int = Field(
        default=5_000, ge=1, description="budget: a document with more mentions is dead-lettered (too_many_mentions) "
        "by the extraction and the normalization workers")
    extract_timeout_s: float = Field(
        default=10.0, gt=0, description="budget: wall time one long document may take in extraction; then it is "
        "dead-lettered (timeout). Checked after each chunk")
    publish_max_hold_s: float = Field(
        default=30.0, gt=0, description="a publish that fails with a retriable broker error is retried, the hold "
        "doubling up to this; the batch is not acked meanwhile")
    log_throttle_s: float = Field(
        default=10.0, ge=0, description="repeated warnings/errors of the Kafka client and faust (a broker outage): "
        "one line per this many seconds per kind, with the count; 0 disables")
    restart_backoff_s: float = Field(
        default=1.0, gt=0, description="`mentionflow run`: first wait before a dead worker slot is restarted")
    restart_backoff_max_s: float = Field(
        default=60.0, gt=0, description="`mentionflow run`: the restart wait doubles per quick death up to this")
    batch_max: int = Field(default=64, ge=1)
    # Latency at half load on 2 cores: 20 ms / 5 ms gave p95 177 ms, 5 ms / 1 ms 95-113 ms at the same
    # rate and throughput (bench/pipeline-2026-12-03-s13*.txt; README "Distillation", session 13).
    batch_within_s: float = Field(default=0.005, gt=0, description="a worker's batch closes after this long (or batch_max)")
    producer_linger_ms: int = Field(default=1, ge=0, description="a worker's producer waits this long for more outputs "
                                    "to share a produce request (each batch waits for its outputs' acks)")
    kb_path: Path | None = Field(default=None, description="serve this KB JSONL instead of the store's current version")
    log_json: bool = Field(default=False, description="JSON log lines (production); off: readable console lines")
    metrics_host: str = Field(default="127.0.0.1", description="address of a process's /metrics, /healthz and "
                              "/readyz (loopback by default; containers set 0.0.0.0 for the scraper)")
    metrics_port: int = Field(
        default=0, ge=-1, le=65535, description="port of /metrics, /healthz, /readyz: 0 a free port the OS picks "
        "(logged as ops_listening), -1 none; `mentionflow run` with port P serves itself on P and slot k on P + 1 + k")
    candidates: str = Field(
        default="alias", pattern="^(alias|hybrid)$",
        description="candidate generator of the linker: exact alias lookup, or hybrid BM25+kNN retrieval (needs `kb index`)",
    )
    cache_ttl_s: int = Field(default=86_400, ge=0, description="Redis cache TTL for embeddings/candidates; 0 disables")
    device: str = Field(default="cpu", pattern="^(cpu|cuda|auto)$", description="ONNX Runtime device for the models")
    ort_threads: int = Field(default=0, ge=0, description="ONNX Runtime intra-op threads per model (0: one per core)")
    fetch_idle_backoff_ms: float | None = Field(
        default=None, ge=0,
        description="pause after an empty fetch; unset: 20 ms on noida-db (which does not long-poll), 0 on Apache "
        "Kafka (see streams/broker.py)",
    )
    join_stagger_s: float | None = Field(
        default=None, ge=0,
        description="`mentionflow run --processes N`: seconds between the starts of one group's members; unset: 8 on "
        "noida-db (simultaneous joins stalled its groups), 0 on Apache Kafka")
    topic_check_s: float = Field(default=15.0, gt=0, description="a running worker checks its topics this often "
                                 "(missing or another partition count: it says so and exits 1)")
    stop_deadline_s: float = Field(default=30.0, gt=0, description="a worker stopping because its topics are not as "
                                   "configured gets this long to stop gracefully, then exits 1 at once (nothing is "
                                   "lost: uncommitted input is read again by the next worker)")
    instance_id: str | None = Field(
        default=None,
        description="static consumer-group membership id (KIP-345), stable across restarts of one worker slot; "
        "a restarted worker takes over its partitions at once instead of waiting for the dead member to expire",
    )

    retriever: str = Field(
        default="embedded",
        description="backend of hybrid candidates, by its name in mentionflow.components.retrievers: embedded "
        "(tantivy + hnswlib files beside the KB) or opensearch (OPENSEARCH_URL, else the node `stack up "
        "--opensearch` runs)")
    extractor: str = Field(default="spacy.v1", description="the extractor served while no student is promoted, by "
                           "its name in mentionflow.components.extractors")
    spacy_ner_model: Path | None = Field(
        default=None, description="the fine-tuned spaCy NER the spacy-tuned.v1 extractor serves (`python -m "
        "training.spacy_ner` writes it)")
    linker: str = Field(default="alias-ranker.v1", description="the linker served while no student is promoted, by "
                        "its name in mentionflow.components.linkers")
    opensearch_url_external: str | None = Field(
        default=None, validation_alias="OPENSEARCH_URL", description="existing OpenSearch cluster (production)")
    opensearch_port: int = Field(default=9200, description="HTTP port of the local OpenSearch node `stack up --opensearch` starts")
    opensearch_transport_port: int = Field(default=9300, description="transport port of the local OpenSearch node")
    opensearch_heap_mb: int = Field(default=512, ge=256, le=8192, description="heap of the local OpenSearch node")
    opensearch_alias: str = Field(default="mentionflow-kb", description="alias the OpenSearch retriever searches")
    opensearch_start_timeout_s: float = Field(default=300.0, gt=0, description="wait this long for the local node")
    opensearch_java_home: Path | None = Field(
        default=None, description="Java 11..21 for the local OpenSearch node (default: the `java` on PATH)")

    engine: str = Field(default="student", pattern="^(student|teacher|baseline)$",
                        description="student: the registry's models (the baselines until a student is promoted); "
                        "teacher: the workers call the teacher API; baseline: spaCy + alias linker (benchmarks)")
    review_threshold_by_type: dict[str, float] = Field(
        default_factory=dict, description='per entity type review thresholds that override the others, as JSON: '
        '{"PER": 0.8}')
    review_unseen: bool = Field(default=False, description="also route mentions without any KB candidate to review "
                                "(useful with hybrid candidates; with exact aliases there is nothing to choose from)")
    review_teacher_min_confidence: float = Field(default=0.7, ge=0, le=1,
                                                 description="teacher answers under this go on to people")
    reviewers_file: Path | None = Field(
        default=None, description="review UI reviewers, one `name:sha256(token)` line each (default "
        "<home>/review/reviewers; `mentionflow review add-reviewer NAME`)")
    reviewers: str = Field(default="", description="more review UI reviewers as `name:sha256(token)`, comma-separated")
    review_lease_s: int = Field(default=300, ge=1, description="review UI: how long an item stays leased to a reviewer, "
                                "and how long they may undo their last decision")
    review_qc_rate: float = Field(default=0.05, ge=0, le=1, description="share of teacher decisions people check")
    extractor_model: Path | None = Field(default=None, description="a trained extractor student dir (else the spaCy baseline)")
    normalizer_model: Path | None = Field(default=None, description="a trained normalizer student dir (else the baseline)")
    normalizer_rule_min_score: float = Field(
        default=0.9, ge=0, le=1.01,
        description="cascade: a mention the baseline scorer links (over the records with its name) with at least this "
        "probability skips the cross-encoder; above 1 sends every mention with candidates to the model")
    decision_cache: bool = Field(default=True, description="cache the cross-encoder's logits in Redis (needs cache_ttl_s > 0)")
    ranker_weights: Path | None = Field(
        default=SHIPPED_RANKER,
        description="the rules linker's ranker: weights + calibrated NIL fitted by `train ranker` on distant "
        "supervision (default: the shipped ranker.distant.v1.json); empty: the hand-set prior weights")

    combined_model: Path | None = Field(
        default=None, description="the combined normalizer's model file (`train combined` writes it), served by "
        "MENTIONFLOW_LINKER=combined-ranker.v1: the ranker's features plus the cross-encoder student's score (its "
        "model: MENTIONFLOW_NORMALIZER_MODEL, else the registry's current normalizer) in one calibrated model")

    @field_validator("ranker_weights", mode="before")
    @classmethod
    def _empty_is_hand_weights(cls, v: object) -> object:
        return None if v in ("", "hand") else v
    gazetteer: bool = Field(default=True, description="add the KB gazetteer pass to the extractor (notable KB names "
                            "the NER missed, never a part of a longer capitalized run)")

    # the teacher: any OpenAI-compatible Chat Completions API; by default the local stand-in
    # (`mentionflow teacher serve`), which is NOT a frontier model (see the README)
    teacher_base_url: str = Field(default="http://127.0.0.1:8765/v1", description="OpenAI-compatible API base URL")
    teacher_model: str = Field(default="mentionflow-standin", description="model name sent to the API (priced by the table)")
    teacher_api_key: SecretStr = Field(default=SecretStr("standin-local-key"), description="API key (never logged)")
    teacher_spending_cap_usd: float = Field(default=25.0, gt=0, description="hard cap on teacher spend per process")
    teacher_price_table: Path | None = Field(default=None, description="JSON price table overriding the defaults")
    teacher_concurrency: int = Field(default=8, ge=1)
    teacher_fresh: bool = Field(default=False, description="bypass the answer store (benchmarks price every answer)")
    teacher_timeout_s: float = Field(default=30.0, gt=0)
    teacher_context_chars: int = Field(default=2000, ge=50, description="document characters the teacher sees on "
                                       "each side of a mention to link (more context, more input tokens)")
    standin_port: int = Field(default=8765, description="port of `mentionflow teacher serve`")
    standin_host: str = Field(default="127.0.0.1", description="bind address of `mentionflow teacher serve` "
                              "(loopback; a container sets 0.0.0.0)")
    standin_latency_ms: float = Field(default=0.0, ge=0, description="added latency per stand-in answer (to mimic an API)")
    standin_judge: bool = Field(default=True, description="the stand-in's MiniLM context-description judge where its "
                                "learned ranker and the hand weights disagree (exports the embedder into the home if "
                                "missing); false: the learned ranker alone")
    eval_dir: Path | None = Field(
        default=None, description="the eval sets (kept out of training; the gate scores on the locked ones); default: "
        "./eval, else the source checkout's eval/ (an installed package ships none: set this)")

    @property
    def external_stack(self) -> bool:
        """True when the operator pointed us at existing services (production)."""
        return self.kafka_bootstrap_external is not None or self.redis_url_external is not None

    @property
    def review_target(self) -> str | None:
        """The key of the calibrated threshold the workers route by: ``p0.95`` or ``0.1``."""
        if self.review_target_precision is not None:
            return f"p{self.review_target_precision:g}"
        return f"{self.review_target_rate:g}" if self.review_target_rate is not None else None

    @property
    def kafka_bootstrap(self) -> str:
        return self.kafka_bootstrap_external or f"127.0.0.1:{self.kafka_port}"

    @property
    def redis_url(self) -> str:
        return self.redis_url_external or f"redis://127.0.0.1:{self.redis_port}/0"

    @property
    def reviewers_path(self) -> Path:
        return self.reviewers_file or self.home / "review" / "reviewers"

    @property
    def external_opensearch(self) -> bool:
        return self.opensearch_url_external is not None

    @property
    def opensearch_url(self) -> str:
        return self.opensearch_url_external or f"http://127.0.0.1:{self.opensearch_port}"

    @property
    def kb_root(self) -> Path:
        return self.home / "kb"

    @property
    def registry_root(self) -> Path:
        return self.home / "models" / "registry"

    @property
    def stack_root(self) -> Path:
        return self.home / "stack"

    @property
    def broker_url(self) -> str:
        return "kafka://" + ",".join(self.kafka_bootstrap.split(","))
