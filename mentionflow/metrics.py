"""Prometheus metrics of one process (``prometheus-client``, the process's default registry).

Counters and histograms are updated by :class:`PrometheusObserver` (the agents'
:class:`workers.observe.StageObserver`); values that already live elsewhere (model and KB
versions, teacher spend, cache counts) are read at scrape time by collectors, so a hot-swapped
model or a new teacher call shows without any bookkeeping here. Names follow Prometheus
conventions (``_total`` counters, ``_seconds`` histograms); the catalogue is in the README.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from prometheus_client import REGISTRY, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from workers.normalization.transform import NormalizeResult
from workers.observe import Outcome

__all__ = ["PrometheusObserver", "LAG", "RESTARTS", "SLOT_UP", "REVIEW_DECISIONS", "register_collector",
           "ModelsCollector", "TeacherCollector", "CacheCollector"]

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)

DOCUMENTS = Counter("mentionflow_documents", "Records a stage finished (outputs or dead letter acked), by outcome "
                    "(published, dead_lettered)", ["stage", "outcome"])
DEAD_LETTERS = Counter("mentionflow_dead_letters", "Records dead-lettered, by stage, source topic and reason",
                       ["stage", "topic", "reason"])
STEP_SECONDS = Histogram("mentionflow_stage_step_seconds", "Wall time of one batch segment in one step of a stage "
                         "(transform, decisions, publish, teacher)", ["stage", "step"], buckets=_LATENCY_BUCKETS)
RECORD_LATENCY = Histogram("mentionflow_record_latency_seconds", "From the input record's broker timestamp to its "
                           "outputs being acked, per stage (includes time waiting in the topic)", ["stage"],
                           buckets=_LATENCY_BUCKETS)
MENTIONS = Counter("mentionflow_mentions", "Mentions the normalizer decided, by entity type and model version "
                   "(kept on entities.normalized or routed to review)", ["type", "model_version"])
ROUTED = Counter("mentionflow_review_routed", "Mentions routed to entities.review, by type and model version "
                 "(review rate = rate(routed) / rate(mentions))", ["type", "model_version"])
REVIEW_DECISIONS = Counter("mentionflow_review_decisions", "Review decisions made, by who decided, entity type and "
                           "where the item went next", ["decided_by", "type", "next"])
LAG = Gauge("mentionflow_consumer_lag", "Log end offset minus the group's committed offset, per partition assigned "
            "to this process", ["group", "topic", "partition"])
RESTARTS = Counter("mentionflow_worker_restarts", "Worker processes restarted by the supervisor", ["slot"])
SLOT_UP = Gauge("mentionflow_worker_up", "1 while the supervisor's slot has a live process", ["slot"])


class PrometheusObserver:
    """:class:`workers.observe.StageObserver` on the metrics above."""

    def timed(self, stage: str, step: str, seconds: float) -> None:
        STEP_SECONDS.labels(stage, step).observe(seconds)

    def published(self, stage: str, outcomes: Sequence[Outcome], now_ms: float) -> None:
        for o in outcomes:
            rec = o.processed.record
            if o.reason is None:
                DOCUMENTS.labels(stage, "published").inc()
            else:
                DOCUMENTS.labels(stage, "dead_lettered").inc()
                DEAD_LETTERS.labels(stage, rec.topic, o.reason).inc()
            if rec.timestamp_ms is not None:
                RECORD_LATENCY.labels(stage).observe(max(0.0, (now_ms - rec.timestamp_ms) / 1000))

    def normalized(self, results: Sequence[NormalizeResult]) -> None:
        for r in results:
            for e in r.normalized.entities:
                MENTIONS.labels(e.type, e.model_version).inc()
            if r.review is not None:
                for i in r.review.items:
                    MENTIONS.labels(i.type, i.proposed.model_version).inc()
                    ROUTED.labels(i.type, i.proposed.model_version).inc()

    def reviewed(self, decided_by: str, type_: str, next_: str) -> None:
        REVIEW_DECISIONS.labels(decided_by, type_, next_).inc()


_COLLECTORS: dict[str, Collector] = {}


def register_collector(c: Collector) -> None:
    """Register ``c``; one per kind: a second app built in the same process replaces the first's."""
    old = _COLLECTORS.pop(type(c).__name__, None)
    if old is not None:
        REGISTRY.unregister(old)
    REGISTRY.register(c)
    _COLLECTORS[type(c).__name__] = c


class ModelsCollector(Collector):
    """``mentionflow_model_info{role,version}`` and ``mentionflow_kb_info{version}`` (value 1),
    read from the serving models at scrape time (promotions swap them in place)."""

    def __init__(self, extractor: Any | None, linker: Any | None):
        self.extractor, self.linker = extractor, linker

    def collect(self) -> Iterator[GaugeMetricFamily]:
        models = GaugeMetricFamily("mentionflow_model_info", "The model version a role serves (value 1)",
                                   labels=["role", "version"])
        kb = GaugeMetricFamily("mentionflow_kb_info", "The KB version the normalizer serves (value 1)",
                               labels=["version"])
        if self.extractor is not None:
            models.add_metric(["extraction", str(self.extractor.version)], 1)
        if self.linker is not None:
            models.add_metric(["normalization", str(self.linker.version)], 1)
            kb.add_metric([str(self.linker.kb_version)], 1)
        yield models
        yield kb


class TeacherCollector(Collector):
    """The review worker's teacher client: requests, tokens, spend and its cap."""

    def __init__(self, stats: Callable[[], Any], cap_usd: float, model: str):
        self.stats, self.cap_usd, self.model = stats, cap_usd, model

    def collect(self) -> Iterator[Any]:
        st = self.stats()
        req = CounterMetricFamily("mentionflow_teacher_requests", "HTTP requests sent to the teacher API "
                                  "(retries included)", labels=["model"])
        req.add_metric([self.model], st.requests)
        fail = CounterMetricFamily("mentionflow_teacher_failures", "Teacher calls that ended in an error",
                                   labels=["model"])
        fail.add_metric([self.model], st.failures)
        tok = CounterMetricFamily("mentionflow_teacher_tokens", "Tokens billed by the teacher API",
                                  labels=["model", "kind"])
        tok.add_metric([self.model, "prompt"], st.prompt_tokens)
        tok.add_metric([self.model, "completion"], st.completion_tokens)
        spend = CounterMetricFamily("mentionflow_teacher_spend_usd", "Teacher spend of this process", labels=["model"])
        spend.add_metric([self.model], st.cost_usd)
        cap = GaugeMetricFamily("mentionflow_teacher_spend_cap_usd", "Spending cap of this process (the worker holds "
                                "at the cap)", labels=["model"])
        cap.add_metric([self.model], self.cap_usd)
        yield from (req, fail, tok, spend, cap)


class CacheCollector(Collector):
    """Redis caches of this process (``index.cache.live_caches``: retrieval, decision):
    ``mentionflow_cache_requests_total{cache,result}``."""

    def __init__(self, caches: Callable[[], Sequence[tuple[str, Any]]]):
        self.caches = caches

    def collect(self) -> Iterator[CounterMetricFamily]:
        fam = CounterMetricFamily("mentionflow_cache_requests", "Cache lookups by cache and result "
                                  "(hit, miss, bypassed: Redis down)", labels=["cache", "result"])
        totals: dict[tuple[str, str], int] = {}
        for name, st in self.caches():
            for result, n in (("hit", st.hits), ("miss", st.misses), ("bypassed", st.bypassed)):
                totals[(name, result)] = totals.get((name, result), 0) + n
        for (name, result), n in sorted(totals.items()):
            fam.add_metric([name, result], n)
        yield fam
