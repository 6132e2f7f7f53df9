#!/usr/bin/env bash
# The main job end to end: install, stack up, KB built and loaded, workers started, the bundled
# sample of real texts streamed through Kafka, normalized entities shown.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
exec .venv/bin/mentionflow demo "$@"
