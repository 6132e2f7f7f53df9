#!/usr/bin/env bash
# The test suite against the real services: installs what is missing, starts a private broker
# (Apache Kafka, KRaft), Redis and OpenSearch node (own ports and state dir; Kafka's jars and
# OpenSearch fetched once from Maven Central), runs pytest (the live OpenSearch suite included),
# stops exactly what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
export MENTIONFLOW_HOME="${MENTIONFLOW_TEST_HOME:-var/test}"
export MENTIONFLOW_KAFKA_PORT="${MENTIONFLOW_TEST_KAFKA_PORT:-19092}"
export MENTIONFLOW_REDIS_PORT="${MENTIONFLOW_TEST_REDIS_PORT:-16390}"
export MENTIONFLOW_OPENSEARCH_PORT="${MENTIONFLOW_TEST_OPENSEARCH_PORT:-19200}"
export MENTIONFLOW_OPENSEARCH_TRANSPORT_PORT="${MENTIONFLOW_TEST_OPENSEARCH_TRANSPORT_PORT:-19300}"
export KAFKA_BOOTSTRAP_FOR_TESTS="127.0.0.1:$MENTIONFLOW_KAFKA_PORT" REDIS_URL_FOR_TESTS="redis://127.0.0.1:$MENTIONFLOW_REDIS_PORT/0"
unset KAFKA_BOOTSTRAP REDIS_URL OPENSEARCH_URL  # a production stack in the environment must not be touched by tests
# the test broker starts empty: its data is disposable (`reset --yes` is the only command that deletes data)
.venv/bin/mentionflow stack reset --yes
trap '.venv/bin/mentionflow stack down' EXIT
.venv/bin/mentionflow stack up --opensearch
export OPENSEARCH_URL="http://127.0.0.1:$MENTIONFLOW_OPENSEARCH_PORT"  # the live OpenSearch suite's cluster
.venv/bin/ruff check streams workers index mentionflow teacher standin training tests eval bench
.venv/bin/mypy streams index workers mentionflow teacher standin training
.venv/bin/pytest "$@"
