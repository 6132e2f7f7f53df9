"""Pure parts of the Kafka broker set-up (kafka_dist.py), the topic checks and the client guard."""

from __future__ import annotations

import hashlib
from pathlib import Path

from mentionflow import kafka_dist as kd
from streams.broker import TopicProblem, topic_problems


def test_versions_live_in_the_pom_and_the_committed_lock_matches_it():
    versions = kd.pom_versions(kd.POM.read_text())
    assert versions["kafka.version"] == kd.kafka_version()
    lock = kd.parse_lock(kd.LOCK.read_text())
    # a changed pom without `stack install --relock` would fail every fresh install
    assert lock.pom_sha256 == hashlib.sha256(kd.POM.read_bytes()).hexdigest()
    assert lock.kafka_version == versions["kafka.version"]
    assert f"kafka_2.13-{versions['kafka.version']}.jar" in lock.jars
    assert all(len(d) == 64 for d in lock.jars.values())


def test_lock_round_trip_and_problems():
    lock = kd.JarLock("p" * 64, "4.4.0", {"a.jar": "1" * 64, "b.jar": "2" * 64})
    assert kd.parse_lock(kd.format_lock(lock)) == lock
    assert kd.lock_problems(lock.jars, dict(lock.jars)) == []
    found = {"a.jar": "3" * 64, "c.jar": "4" * 64}
    assert kd.lock_problems(lock.jars, found) == [
        "missing b.jar", "unexpected c.jar", "sha256 mismatch a.jar: expected 111111111111.., found 333333333333.."]


def test_java_major_parses_old_and_new_version_lines():
    assert kd.java_major('openjdk version "17.0.15" 2025-04-15') == 17
    assert kd.java_major('java version "1.8.0_392"') == 8
    assert kd.java_major('openjdk version "21" 2023-09-19') == 21
    assert kd.java_major("no java here") is None


def test_cluster_id_is_kafka_shaped():
    ids = {kd.random_cluster_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(len(i) == 22 and not i.startswith("-") and "=" not in i for i in ids)


def test_server_properties_loopback_only_and_no_auto_create(tmp_path: Path):
    text = kd.server_properties(tmp_path / "d", 19092, 19093, 6)
    props = dict(line.split("=", 1) for line in text.splitlines())
    assert props["auto.create.topics.enable"] == "false"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"
    assert props["advertised.listeners"] == "PLAINTEXT://127.0.0.1:19092"
    assert props["process.roles"] == "broker,controller"
    assert props["controller.quorum.voters"] == "1@127.0.0.1:19093"
    assert props["log.dirs"] == str((tmp_path / "d").resolve())
    assert "0.0.0.0" not in text


def test_java_command_small_heap_and_log_config(tmp_path: Path):
    dist = kd.KafkaDist("4.4.0", tmp_path / "kafka-4.4.0")
    cmd = kd.java_command(dist, "kafka.Kafka", ["server.properties"], tmp_path / "log4j2.properties", 512)
    assert cmd[0] == "java" and "-Xmx512m" in cmd and cmd[-2:] == ["kafka.Kafka", "server.properties"]
    assert f"-Dlog4j2.configurationFile={(tmp_path / 'log4j2.properties').resolve()}" in cmd


def test_topic_problems_missing_and_wrong_partitions():
    expected = {"a": 6, "b": 6, "c": 6}
    assert topic_problems(expected, {"a": 6, "b": 6, "c": 6}) == []
    problems = topic_problems(expected, {"a": 6, "b": 1})
    assert problems == [TopicProblem("b", 6, 1), TopicProblem("c", 6, None)]
    assert [p.describe() for p in problems] == ["b: 1 partition(s), expected 6", "c: missing"]


def test_clients_never_ask_the_broker_to_auto_create_topics():
    """aiokafka asks for auto-creation in every metadata request; the guard (installed by every
    entry point and at the import of streams.broker) turns that off for producers, consumers, faust and admin."""
    from aiokafka.protocol.metadata import MetadataRequest, MetadataRequest_v5

    import streams.broker  # noqa: F401 - installs the guard

    assert MetadataRequest(["t"]).build(MetadataRequest_v5).allow_auto_topic_creation is False
    assert MetadataRequest([]).build(MetadataRequest_v5).allow_auto_topic_creation is False
    # an explicit request is still honoured (nothing in the project makes one)
    assert MetadataRequest(["t"], True).build(MetadataRequest_v5).allow_auto_topic_creation is True


def test_noida_workarounds_only_on_noida(tmp_path: Path, monkeypatch):
    from mentionflow.configs import broker_workarounds as workarounds
    from mentionflow.settings import Settings

    for var in ("KAFKA_BOOTSTRAP", "REDIS_URL", "MENTIONFLOW_BROKER", "MENTIONFLOW_FETCH_IDLE_BACKOFF_MS",
                "MENTIONFLOW_JOIN_STAGGER_S"):
        monkeypatch.delenv(var, raising=False)
    s = Settings(home=tmp_path)
    assert workarounds(s) == workarounds(Settings(home=tmp_path, broker="kafka"))
    w = workarounds(s)
    assert (w.broker, w.fetch_idle_backoff_ms, w.join_stagger_s) == ("kafka", 0.0, 0.0)
    w = workarounds(Settings(home=tmp_path, broker="noida"))
    assert (w.broker, w.fetch_idle_backoff_ms, w.join_stagger_s) == ("noida", 20.0, 8.0)
    # the broker the local stack runs decides (a worker started without MENTIONFLOW_BROKER)
    (tmp_path / "stack").mkdir()
    (tmp_path / "stack" / "pids.json").write_text('{"kafka": {"pid": 1, "expect": "x", "broker": "noida"}}')
    assert workarounds(s).broker == "noida"
    # explicit settings win
    w = workarounds(Settings(home=tmp_path, fetch_idle_backoff_ms=5, join_stagger_s=1))
    assert (w.fetch_idle_backoff_ms, w.join_stagger_s) == (5, 1)
