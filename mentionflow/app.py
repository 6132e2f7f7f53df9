"""Composition root for worker processes: settings -> models -> faust app -> agents."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import Sequence
from typing import Any

import faust
import structlog

from mentionflow.configs import broker_workarounds
from mentionflow.metrics import PrometheusObserver
from mentionflow.pipeline import load_models, watch_models
from mentionflow.settings import Settings
from streams.broker import StackError, TopicProblem, check_topics, problems_message
from streams.topics import TopicNames
from workers.agents import ALL_ROLES, ROLES, Stage, attach_agents
from workers.extraction.budget import ExtractBudget
from workers.normalization.routing_rate import RouteTally, flush_tally
from workers.review.decision_store import DecisionStore

__all__ = ["build_app", "run_worker"]


def build_app(settings: Settings, roles: Sequence[str]) -> faust.App:
    unknown = set(roles) - set(ALL_ROLES)
    if unknown:
        raise ValueError(f"unknown worker role(s) {sorted(unknown)}; expected {ALL_ROLES}")
    models = load_models(settings, need_extractor="extraction" in roles, need_linker="normalization" in roles)
    watch_models(settings, models)  # promotions and rollbacks reach this worker without a restart
    group = settings.app_id if set(roles) == set(ROLES) else f"{settings.app_id}.{'-'.join(sorted(roles))}"  # '+' is illegal in topic names
    datadir = (settings.home / "faust" / group).resolve()
    datadir.mkdir(parents=True, exist_ok=True)
    app = faust.App(
        group,
        broker=settings.broker_url,
        web_enabled=False,
        web_host="127.0.0.1",
        broker_session_timeout=6,
        broker_heartbeat_interval=1,
        # noida-db (and a real coordinator with a dead member) waits up to this long for every
        # known member to rejoin; faust's 60 s default makes a restart after a crash slow.
        broker_rebalance_timeout=10,
        # Static membership: noida-db never evicts a SIGKILLed group leader (its followers wait
        # for a SyncGroup that never comes); with a stable instance id the restarted process
        # replaces the dead member. Real Kafka behaves the same way with it (KIP-345).
        consumer_group_instance_id=settings.instance_id or f"{socket.gethostname()}-{'+'.join(sorted(roles))}-0",
        broker_commit_interval=1.0,
        # faust waits for every started event to be acked before a rebalance or a stop; a batch
        # held through an outage (teacher, spending cap, Redis) is never acked, so the worker
        # ignored SIGTERM and blocked its group's rebalance. Not waiting is safe: only what was
        # published is acked and committed, the rest is redelivered (outputs keyed by doc id).
        stream_wait_empty=False,
        producer_acks=-1,
        producer_linger_ms=settings.producer_linger_ms,  # let one batch of outputs share produce requests
        # outputs are checked against max_output_bytes before they are sent; a dead letter holds
        # the original input (up to max_message_bytes, base64) and may be a third larger
        producer_max_request_size=max(settings.max_output_bytes, settings.max_message_bytes * 4 // 3 + 16_384) + 1024,
        consumer_auto_offset_reset="earliest",
        topic_partitions=settings.partitions,
        # Topics are created by the admin path only (`stack up`, with the configured partitions):
        # the worker checks them (check_topics_or_exit) and never declares any, nor faust's
        # per-app leader topic (nothing here runs on_leader).
        topic_allow_declare=False,
        topic_disable_leader=True,
        store="memory://",
        datadir=str(datadir),
        autodiscover=False,
    )
    structlog.get_logger("mentionflow.app").info(
        "worker_starting", roles=list(roles), group=group, instance_id=app.conf.consumer_group_instance_id,
        broker=settings.kafka_bootstrap, extractor=models.extractor.version if models.extractor else None,
        linker=models.linker.version if models.linker else None,
        kb_version=models.linker.kb_version if models.linker else None,
        review_threshold=models.linker.routing.threshold if models.linker else None,
        broker_workarounds=broker_workarounds(settings))
    if "normalization" in roles and models.linker is not None:
        from workers.kb_follower import follow_kb_updates

        topics = TopicNames(settings.topic_prefix)
        base = models.linker.kb_version

        @app.task
        async def kb_follower() -> None:
            await follow_kb_updates(settings.kafka_bootstrap, topics.kb_updates, models.linker, base)

    attach_topic_watch(app, settings)
    tally = attach_routing_rate(app, settings) if "normalization" in roles else None
    served = {"extractor": models.extractor if "extraction" in roles else None,
              "linker": models.linker if "normalization" in roles else None}
    attach_ops(app, settings, group, served)
    attach_agents(app, roles, TopicNames(settings.topic_prefix), settings.partitions, settings.batch_max,
                  settings.batch_within_s, settings.max_message_bytes, models.extractor, models.linker,
                  tally, extract_budget(settings), settings.max_output_bytes,
                  settings.publish_max_hold_s, decision_store(settings) if "normalization" in roles else None,
                  observer=PrometheusObserver(), review=review_stage(settings) if "review" in roles else None)
    return app


def attach_ops(app: faust.App, settings: Settings, group: str, served: dict[str, Any]) -> None:
    """Metrics collectors, the consumer-lag gauge (every 5 s) and the /metrics, /healthz, /readyz
    endpoint (:mod:`mentionflow.ops`) on the worker's own event loop."""
    from index.cache import live_caches
    from mentionflow.metrics import LAG, CacheCollector, ModelsCollector, register_collector
    from mentionflow.ops import broker_check, models_check, redis_check, start_ops

    register_collector(ModelsCollector(served["extractor"], served["linker"]))
    register_collector(CacheCollector(live_caches))
    log = structlog.get_logger("mentionflow.ops")

    @app.timer(5.0)
    async def consumer_lag() -> None:
        """Lag = log end offset - the group's committed offset (before this process's first commit
        on a partition: its fetch position), for the partitions assigned to this process."""
        consumer = app.consumer
        tps = sorted(consumer.assignment())
        try:
            ends = await consumer.highwaters(*tps) if tps else {}
            lags = {}
            for tp in tps:
                committed = consumer._committed_offset.get(tp)  # type: ignore[attr-defined]  # faust keeps no public getter
                if committed is None:
                    committed = await consumer.position(tp)
                if committed is not None and ends.get(tp) is not None:
                    lags[(tp.topic, tp.partition)] = max(0, ends[tp] - committed)
        except Exception as exc:  # noqa: BLE001 - no verdict this round; the clients reconnect on their own
            log.debug("consumer_lag_unavailable", error=str(exc) or type(exc).__name__)
            return
        LAG.clear()  # partitions revoked from this process drop out
        for (topic, partition), lag in lags.items():
            LAG.labels(group, topic, str(partition)).set(lag)

    if settings.metrics_port < 0:
        return
    checks = {"broker": broker_check(settings.kafka_bootstrap), "redis": redis_check(settings.redis_url),
              "models": models_check({k: v for k, v in served.items() if v is not None})}

    @app.task
    async def ops_endpoint() -> None:
        # kept referenced for the life of the process (a port already taken raises here and stops the worker)
        _ops_servers.append(await start_ops(checks, settings.metrics_host, settings.metrics_port, f"worker {group}"))


#: the running ops endpoints of this process
_ops_servers: list[Any] = []


def decision_store(settings: Settings) -> DecisionStore:
    """The review decision records (Redis): every republished document applies them."""
    from redis.asyncio import Redis

    return DecisionStore(Redis.from_url(settings.redis_url, socket_timeout=2.0, socket_connect_timeout=2.0),
                         TopicNames(settings.topic_prefix).prefix)


def extract_budget(settings: Settings) -> ExtractBudget:
    return ExtractBudget(chunk_chars=settings.extract_chunk_chars, max_chars=settings.extract_max_chars,
                         max_mentions=settings.extract_max_mentions, timeout_s=settings.extract_timeout_s)


class TopicsNotAsConfigured(StackError):
    """A topic the worker needs is missing or has another partition count: the worker exits."""

    retriable = False


def deployment_topic_problems(settings: Settings, ready_timeout_s: float = 0.0) -> list[TopicProblem]:
    return asyncio.run(check_topics(settings.kafka_bootstrap, TopicNames(settings.topic_prefix).all(),
                                    settings.partitions, ready_timeout_s))


def attach_topic_watch(app: faust.App, settings: Settings) -> None:
    """Every ``topic_check_s`` the running worker checks its topics; if one has vanished (the broker
    lost its data) or changed its partition count, it says so and stops with a non-zero exit
    instead of stalling on a topic that no longer exists."""
    log = structlog.get_logger("mentionflow.topics")
    names = TopicNames(settings.topic_prefix).all()

    @app.timer(settings.topic_check_s)
    async def topic_watch() -> None:
        try:
            problems = await asyncio.wait_for(check_topics(settings.kafka_bootstrap, names, settings.partitions),
                                              timeout=max(10.0, settings.topic_check_s))
        except Exception as exc:  # noqa: BLE001 - broker unreachable: no verdict; the clients reconnect on their own
            log.warning("topic_check_unreachable", error=str(exc) or type(exc).__name__)
            return
        if problems and not _topic_failure:
            _topic_failure.append(problems_message(problems, settings.kafka_bootstrap))
            log.error("topics_not_as_configured", problems=[p.describe() for p in problems],
                      action="stopping the worker (exit 1)")
            os.kill(os.getpid(), signal.SIGTERM)  # faust's own graceful stop; run_worker turns it into exit 1
            _exit_after(settings.stop_deadline_s, _topic_failure[0])


def _exit_after(deadline_s: float, reason: str) -> None:
    """A graceful stop can hang on a vanished topic (a producer waiting for its metadata, a fetch on
    a partition that no longer exists): past ``deadline_s`` the process exits 1 anyway, saying so.
    Offsets not yet committed are read again by the next worker (at-least-once)."""
    import threading
    import time

    def stop() -> None:
        time.sleep(deadline_s)
        print(f"mentionflow worker: error: {reason}; graceful stop did not finish within {deadline_s:g}s: "
              "exiting now", file=sys.stderr, flush=True)
        os._exit(1)

    threading.Thread(target=stop, name="stop-deadline", daemon=True).start()


#: set by the topic watch of this process: the reason the worker stops with exit 1
_topic_failure: list[str] = []


def attach_routing_rate(app: faust.App, settings: Settings) -> RouteTally:
    """Count routed mentions per model version and add them to Redis every 5 s (the live review
    rate the retrain trigger reads); Redis being down keeps the counts for the next flush."""
    from datetime import UTC, datetime

    from redis.asyncio import Redis

    tally = RouteTally()
    log = structlog.get_logger("mentionflow.routing_rate")
    state: dict[str, Any] = {"down": False, "redis": None}

    @app.timer(5.0)
    async def flush_routing_rate() -> None:
        if state["redis"] is None:  # one client for the process, made on the worker's event loop
            state["redis"] = Redis.from_url(settings.redis_url, socket_timeout=1.0, socket_connect_timeout=1.0)
        try:
            await flush_tally(state["redis"], tally, datetime.now(UTC))
            if state["down"]:
                log.info("routing_rate_redis_back")
            state["down"] = False
        except Exception as exc:  # noqa: BLE001 - counts are kept and sent next time
            if not state["down"]:
                log.warning("routing_rate_redis_unavailable", error=str(exc))
            state["down"] = True

    return tally


def review_stage(settings: Settings) -> Stage:
    """The review stage: the teacher client, the decision store, the retraining set."""
    from mentionflow.configs import answer_store, eval_root, teacher_config
    from teacher.client import TeacherClient
    from training.dataset import eval_material
    from training.retraining import RetrainingStore
    from workers.review.agent import ReviewSettings
    from workers.review.agent import review_stage as declare_review
    from workers.review.transform import ReviewPolicy

    topics = TopicNames(settings.topic_prefix)
    from mentionflow.metrics import PrometheusObserver, TeacherCollector, register_collector

    client = TeacherClient(teacher_config(settings), answers=answer_store(settings))
    register_collector(TeacherCollector(lambda: client.stats, settings.teacher_spending_cap_usd, settings.teacher_model))
    cfg = ReviewSettings(ReviewPolicy(settings.review_teacher_min_confidence, settings.review_qc_rate),
                         teacher_version=f"teacher:{settings.teacher_model}")
    store = RetrainingStore(settings.home / "training" / "retraining", eval_material(eval_root(settings))[0])
    return declare_review(topics, client, cfg, decision_store(settings), retraining=store,
                          observer=PrometheusObserver())


def worker_class(log_throttle_s: float) -> type:
    """faust's Worker as a service runs it: no terminal spinner (faust turns it at every log record,
    so with one it sets the root logger to DEBUG: every aiokafka debug record was built and dropped,
    2-3% of a worker's CPU); the root logger at the asked level, the log throttle on its handlers."""
    import logging

    from faust.worker import Worker as FaustWorker

    from workers.logthrottle import install_log_throttle

    class Worker(FaustWorker):  # type: ignore[misc]  # the name shows in faust's log lines ("[^Worker]: Ready")
        def on_setup_root_logger(self, logger: logging.Logger, level: int) -> None:
            self.spinner = None  # a worker writes to a log, not a terminal
            super().on_setup_root_logger(logger, level)
            install_log_throttle(log_throttle_s, logger)  # on the handlers faust has just set up

    return Worker


def run_worker(settings: Settings, roles: Sequence[str], loglevel: str = "warning") -> None:
    """Blocking: run one faust worker process for ``roles`` until SIGTERM/SIGINT."""
    from workers.logthrottle import install_log_throttle

    Worker = worker_class(settings.log_throttle_s)

    problems = deployment_topic_problems(settings, ready_timeout_s=30)
    if problems:
        raise TopicsNotAsConfigured(problems_message(problems, settings.kafka_bootstrap))
    app = build_app(settings, roles)
    install_log_throttle(settings.log_throttle_s)
    try:
        Worker(app, loglevel=loglevel, quiet=True, redirect_stdouts=False).execute_from_commandline()
    except SystemExit as exc:
        if _topic_failure:
            print(f"mentionflow worker: error: {_topic_failure[0]}", file=sys.stderr)
            raise SystemExit(1) from exc
        raise
