"""Settings turned into the small per-component configs the lower layers take (built once, at the
entry point; a component receives its config, not the whole ``Settings``)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson
import structlog

from mentionflow.settings import Settings
from teacher.answers import AnswerStore
from teacher.config import TeacherConfig
from teacher.pricing import DEFAULT_PRICE_TABLE, load_price_table
from workers.normalization.linker import Routing

__all__ = ["teacher_config", "answer_store", "eval_root", "configured_routing", "serving_routing", "RoutingConflict",
           "BrokerWorkarounds", "broker_kind", "broker_workarounds"]

log = structlog.get_logger("mentionflow.configs")


class RoutingConflict(ValueError):
    """Two settings each claim to decide the review threshold."""


def teacher_config(settings: Settings) -> TeacherConfig:
    table = load_price_table(settings.teacher_price_table) if settings.teacher_price_table else DEFAULT_PRICE_TABLE
    return TeacherConfig(base_url=settings.teacher_base_url, model=settings.teacher_model,
                         api_key=settings.teacher_api_key, spending_cap_usd=settings.teacher_spending_cap_usd,
                         timeout_s=settings.teacher_timeout_s, max_concurrency=settings.teacher_concurrency,
                         trust_env=False, price_table=table, context_chars=settings.teacher_context_chars)


def answer_store(settings: Settings) -> AnswerStore:
    """Paid answers are kept: a rerun, a crash or a spending-cap stop never pays twice."""
    return AnswerStore(settings.home / "teacher" / "answers.sqlite")


def eval_root(settings: Settings) -> Path:
    """The folder holding ``eval/`` (the training layer's paths are relative to it). The eval sets:
    ``MENTIONFLOW_EVAL_DIR``, else ``./eval``, else the source checkout's ``eval/``.
    An installed package ships no eval sets, so none found is an error, never an empty set (the
    contamination guard would pass everything)."""
    if settings.eval_dir is not None:
        found = [settings.eval_dir]
    else:
        found = [p for p in (Path.cwd() / "eval", Path(__file__).resolve().parents[1] / "eval") if p.is_dir()]
    if not found or not any(found[0].glob("**/*_docs.jsonl")):
        where = found[0] if found else "./eval"
        raise FileNotFoundError(f"no eval sets (*_docs.jsonl) under {where}: set MENTIONFLOW_EVAL_DIR to the "
                                "repository's eval/ folder")
    return found[0].resolve().parent


def configured_routing(settings: Settings) -> Routing:
    """The review routing the settings give: ``MENTIONFLOW_REVIEW_THRESHOLD`` (+ per type, unseen)."""
    return Routing(threshold=settings.review_threshold, per_type=tuple(settings.review_threshold_by_type.items()),
                   unseen=settings.review_unseen, source="MENTIONFLOW_REVIEW_THRESHOLD")


def serving_routing(settings: Settings, calibrated: Callable[[str, Routing], Routing | None] | None,
                    model: str) -> Routing:
    """The routing a loaded model serves with, decided once at load. A model without calibrated
    thresholds (``calibrated`` None: the baselines, the teacher) routes by the configured
    threshold. A trained normalizer routes by its thresholds for ``MENTIONFLOW_REVIEW_TARGET_RATE``
    / ``_PRECISION``, unless ``MENTIONFLOW_REVIEW_THRESHOLD`` is set: then the fixed threshold
    decides, and setting it together with an explicit target is refused (they contradict)."""
    configured = configured_routing(settings)
    target = settings.review_target
    if calibrated is None or target is None:
        return configured
    fixed = "review_threshold" in settings.model_fields_set
    targeted = bool({"review_target_rate", "review_target_precision"} & settings.model_fields_set)
    if fixed and targeted:
        raise RoutingConflict(
            f"MENTIONFLOW_REVIEW_THRESHOLD={settings.review_threshold:g} and a review target ({target}) are both "
            f"set for {model}: the target routes by the model's calibrated thresholds, the threshold by a fixed "
            "score; unset one of them")
    if fixed:
        return configured
    routing = calibrated(target, configured)
    if routing is None:
        log.warning("no_calibrated_threshold", model=model, target=target, fallback=settings.review_threshold)
        return configured
    return routing


# --- the broker -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class BrokerWorkarounds:
    """What a process does differently for the broker it talks to."""

    broker: str  # "kafka" or "noida"
    fetch_idle_backoff_ms: float
    join_stagger_s: float


#: noida-db answers empty fetches at once and stalled groups on simultaneous joins; Apache Kafka
#: long-polls (fetch.max.wait.ms) and handles concurrent JoinGroups, so it needs neither.
DEFAULTS = {"noida": (20.0, 8.0), "kafka": (0.0, 0.0)}


def broker_kind(settings: Settings) -> str:
    """The broker of the local stack `stack up` recorded (pids.json), else ``settings.broker``.
    An external stack (KAFKA_BOOTSTRAP) is taken to be Apache Kafka unless MENTIONFLOW_BROKER says
    otherwise."""
    pids = settings.stack_root / "pids.json"
    if not settings.external_stack and pids.exists():
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            return str(orjson.loads(pids.read_bytes())["kafka"].get("broker", "noida"))
    return settings.broker


def broker_workarounds(settings: Settings) -> BrokerWorkarounds:
    """What this process does for its broker (``streams.broker`` explains both workarounds)."""
    kind = broker_kind(settings)
    backoff, stagger = DEFAULTS.get(kind, DEFAULTS["noida"])
    return BrokerWorkarounds(
        kind,
        backoff if settings.fetch_idle_backoff_ms is None else settings.fetch_idle_backoff_ms,
        stagger if settings.join_stagger_s is None else settings.join_stagger_s,
    )
