"""Writes deploy/grafana/dashboards/mentionflow.json (run from the repo root after editing PANELS).
The dashboard's queries are checked against the metrics the code exports (tests/unit/test_deploy.py)."""

from __future__ import annotations

import json
from pathlib import Path

PANELS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("Documents/s by stage and outcome", "reqps",
     [("sum by (stage, outcome) (rate(mentionflow_documents_total[1m]))", "{{stage}} {{outcome}}")]),
    ("Consumer lag by topic (records)", "short",
     [("sum by (topic) (mentionflow_consumer_lag)", "{{topic}}")]),
    ("p95 record latency (broker timestamp -> outputs acked)", "s",
     [("histogram_quantile(0.95, sum by (le, stage) (rate(mentionflow_record_latency_seconds_bucket[5m])))",
       "{{stage}}")]),
    ("p95 step time per batch segment", "s",
     [("histogram_quantile(0.95, sum by (le, stage, step) (rate(mentionflow_stage_step_seconds_bucket[5m])))",
       "{{stage}} {{step}}")]),
    ("Dead letters/s by reason", "reqps",
     [("sum by (stage, reason) (rate(mentionflow_dead_letters_total[5m]))", "{{stage}} {{reason}}")]),
    ("Review rate by type and model version", "percentunit",
     [("sum by (type, model_version) (rate(mentionflow_review_routed_total[15m])) / "
       "sum by (type, model_version) (rate(mentionflow_mentions_total[15m]))", "{{type}} {{model_version}}")]),
    ("Review decisions/min", "short",
     [("sum by (decided_by, next) (rate(mentionflow_review_decisions_total[5m])) * 60", "{{decided_by}} -> {{next}}")]),
    ("Cache hit rate", "percentunit",
     [("sum by (cache) (rate(mentionflow_cache_requests_total{result=\"hit\"}[5m])) / "
       "sum by (cache) (rate(mentionflow_cache_requests_total[5m]))", "{{cache}}")]),
    ("Teacher spend vs cap (USD, per process)", "currencyUSD",
     [("sum by (instance) (mentionflow_teacher_spend_usd_total)", "spend {{instance}}"),
      ("max by (instance) (mentionflow_teacher_spend_cap_usd)", "cap {{instance}}")]),
    ("Teacher requests and tokens/s", "short",
     [("sum(rate(mentionflow_teacher_requests_total[5m]))", "requests/s"),
      ("sum by (kind) (rate(mentionflow_teacher_tokens_total[5m]))", "{{kind}} tokens/s"),
      ("sum(rate(mentionflow_teacher_failures_total[5m]))", "failures/s")]),
    ("Serving model and KB versions", "short",
     [("count by (role, version) (mentionflow_model_info)", "{{role}} {{version}}"),
      ("count by (version) (mentionflow_kb_info)", "KB {{version}}")]),
    ("Worker restarts (supervisor, last hour)", "short",
     [("sum by (slot) (increase(mentionflow_worker_restarts_total[1h]))", "{{slot}}"),
      ("sum(mentionflow_worker_up)", "slots up")]),
]


def dashboard() -> dict:
    panels = []
    for i, (title, unit, targets) in enumerate(PANELS):
        panels.append({
            "id": i + 1, "type": "timeseries", "title": title,
            "datasource": {"type": "prometheus", "uid": "prometheus"},
            "gridPos": {"h": 8, "w": 12, "x": 12 * (i % 2), "y": 8 * (i // 2)},
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True}},
            "targets": [{"refId": chr(65 + j), "expr": expr, "legendFormat": legend,
                         "datasource": {"type": "prometheus", "uid": "prometheus"}}
                        for j, (expr, legend) in enumerate(targets)],
        })
    return {"uid": "mentionflow", "title": "mentionflow", "schemaVersion": 39, "version": 1, "editable": True,
            "time": {"from": "now-1h", "to": "now"}, "refresh": "30s", "tags": ["mentionflow"],
            "templating": {"list": []}, "annotations": {"list": []}, "panels": panels}


if __name__ == "__main__":
    out = Path(__file__).parent / "dashboards" / "mentionflow.json"
    out.write_text(json.dumps(dashboard(), indent=2) + "\n")
    print(f"wrote {out}")
