"""Offline validation of the deployment files (no Docker engine or cluster exists here).

- docker-compose.yml against the compose-spec JSON schema (the copy vendored in check-jsonschema);
- the Kubernetes manifests against the Kubernetes 1.37 JSON schemas (kubernetes-validate, strict);
- KEDA ScaledObjects, the Grafana dashboard and the GPU Dockerfile: STRUCTURAL checks only (no
  schema for them is available offline): they must name what the code really exports and uses.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
STAGE_TOPIC = {"extraction": "mentions.raw", "normalization": "mentions.extracted", "review": "entities.review"}


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _manifests() -> list[dict]:
    kust = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    docs = [d for f in kust["resources"] for d in yaml.safe_load_all((K8S / f).read_text()) if d]
    assert {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"} == set(kust["resources"])
    return docs


def _compose_schema() -> dict:
    """The compose-spec JSON schema vendored in the check-jsonschema package (read as a file: its
    CLI module is not imported)."""
    import importlib.util

    spec = importlib.util.find_spec("check_jsonschema")
    assert spec is not None and spec.origin, "check-jsonschema (dev dependency) is not installed"
    return json.loads((Path(spec.origin).parent / "builtin_schemas" / "vendor" / "compose-spec.json").read_text())


def test_compose_validates_against_the_compose_spec_schema():
    import jsonschema

    schema = _compose_schema()
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(_compose()), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_compose_schema_check_catches_a_broken_file():
    import jsonschema

    schema = _compose_schema()
    broken = _compose()
    broken["services"]["redis"]["ports"] = "6379"  # a string where a list belongs
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))


def test_compose_has_every_service_scraped_healthy_and_loopback_only():
    d = _compose()
    s = d["services"]
    assert {"kafka", "opensearch", "opensearch-init", "redis", "topics-init", "extraction", "normalization", "review",
            "teacher", "review-ui", "prometheus", "grafana"} <= set(s)
    assert "ensure_cluster_ready" in " ".join(s["opensearch-init"]["entrypoint"])
    assert s["topics-init"]["depends_on"]["opensearch-init"]["condition"] == "service_completed_successfully"
    scraped = {svc for svc, spec in s.items() if spec.get("environment", {}).get("MENTIONFLOW_METRICS_PORT")}
    prom = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
    targets = {t.split(":")[0] for job in prom["scrape_configs"] if job["job_name"] == "mentionflow"
               for sc in job["static_configs"] for t in sc["targets"]}
    workers = {"extraction", "normalization", "review", "review-ui"}
    assert workers <= scraped and targets == workers
    for w in workers:
        assert "/readyz" in " ".join(s[w]["healthcheck"]["test"]), w
    for svc, spec in s.items():
        for port in spec.get("ports", []):
            assert port.startswith("127.0.0.1:"), f"{svc} publishes {port} beyond loopback"
    assert s["review"]["environment"]["MENTIONFLOW_TEACHER_BASE_URL"].endswith("http://teacher:8765/v1}")
    for mount in s["grafana"]["volumes"] + s["prometheus"]["volumes"]:
        src = mount.split(":")[0]
        if src.startswith("./"):
            assert (ROOT / src).exists(), src


@pytest.mark.parametrize("doc", [d for d in _manifests() if not d["apiVersion"].startswith("keda.sh/")],
                         ids=lambda d: f"{d['kind']}/{d['metadata']['name']}")
def test_k8s_manifest_validates_against_its_schema(doc):
    """Every core object (KEDA's CRDs have no offline schema: checked structurally below)."""
    import kubernetes_validate

    kubernetes_validate.validate(doc, "1.37.0", strict=True)


def test_k8s_schema_check_catches_a_broken_manifest():
    import kubernetes_validate

    dep = next(d for d in _manifests() if d["kind"] == "Deployment")
    broken = {**dep, "spec": {**dep["spec"], "replicas": "two"}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, "1.37.0", strict=True)


def test_k8s_structure_deployments_pdbs_scaledobjects_probes_and_config_agree():
    from mentionflow.settings import Settings
    from streams.topics import TopicNames

    docs = _manifests()
    by_kind: dict[str, dict[str, dict]] = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    config = by_kind["ConfigMap"]["mentionflow"]["data"]
    partitions = int(config["MENTIONFLOW_PARTITIONS"])
    port = int(config["MENTIONFLOW_METRICS_PORT"])
    topics = TopicNames(Settings().topic_prefix)
    assert {"extraction", "normalization", "review"} <= set(by_kind["Deployment"])
    for name, dep in by_kind["Deployment"].items():
        pod = dep["spec"]["template"]
        labels = pod["metadata"]["labels"]
        assert dep["spec"]["selector"]["matchLabels"].items() <= labels.items()
        pdb = by_kind["PodDisruptionBudget"][name]
        assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
        c = pod["spec"]["containers"][0]
        assert c["resources"]["requests"]["cpu"] and c["resources"]["requests"]["memory"]
        if "worker" in c["args"] or "review" in c["args"][:1]:
            assert {"containerPort": port, "name": "metrics"} in c["ports"], name
            assert c["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "metrics"}
            assert c["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "metrics"}
            assert pod["metadata"]["annotations"]["prometheus.io/port"] == str(port)
    # KEDA ScaledObjects (structural): each scales its stage's Deployment on that stage's consumer
    # group (the group name the app derives: mentionflow/app.py::build_app) and source topic
    for stage, topic in STAGE_TOPIC.items():
        so = by_kind["ScaledObject"][stage]
        assert so["spec"]["scaleTargetRef"]["name"] == stage and stage in by_kind["Deployment"]
        (trigger,) = so["spec"]["triggers"]
        assert trigger["type"] == "kafka"
        assert trigger["metadata"]["consumerGroup"] == f"{Settings().app_id}.{stage}"
        assert trigger["metadata"]["topic"] == getattr(topics, {"mentions.raw": "raw", "mentions.extracted": "extracted",
                                                                "entities.review": "review"}[topic])
        assert int(trigger["metadata"]["lagThreshold"]) > 0
        assert 1 <= so["spec"]["minReplicaCount"] <= so["spec"]["maxReplicaCount"] <= partitions


def _exported_metric_names() -> set[str]:
    """Sample names the code exports: the registered metrics (labelled ones may have no sample
    yet, so names come from the families) and the scrape-time collectors."""
    from prometheus_client import REGISTRY

    from mentionflow.metrics import CacheCollector, ModelsCollector, TeacherCollector
    from teacher.stats import TeacherStats

    class M:
        version, kb_version = "m", "kb"

    suffixes = {"counter": ["_total"], "histogram": ["_bucket", "_sum", "_count"], "gauge": [""]}
    fams = list(REGISTRY.collect())
    fams += [m for c in (ModelsCollector(M(), M()), TeacherCollector(TeacherStats, 1.0, "t"), CacheCollector(lambda: []))
             for m in c.collect()]
    return {f.name + sfx for f in fams for sfx in suffixes.get(f.type, [""])}


def test_grafana_dashboard_queries_only_metrics_the_code_exports():
    dash = json.loads((ROOT / "deploy" / "grafana" / "dashboards" / "mentionflow.json").read_text())
    import mentionflow.metrics  # noqa: F401 - registers the metrics

    exported = _exported_metric_names()
    used = {name for p in dash["panels"] for t in p["targets"] for name in re.findall(r"mentionflow_\w+", t["expr"])}
    assert used and used <= exported, used - exported
    assert all(p["datasource"]["uid"] == "prometheus" for p in dash["panels"])
    ds = yaml.safe_load((ROOT / "deploy" / "grafana" / "provisioning" / "datasources" / "prometheus.yml").read_text())
    assert ds["datasources"][0]["uid"] == "prometheus"
    prov = yaml.safe_load((ROOT / "deploy" / "grafana" / "provisioning" / "dashboards" / "mentionflow.yml").read_text())
    assert prov["providers"][0]["options"]["path"] == "/var/lib/grafana/dashboards"


def test_gpu_image_structure_cuda_base_onnxruntime_gpu_every_package():
    import tomllib

    docker = (ROOT / "deploy" / "Dockerfile.gpu").read_text()
    assert re.search(r"^FROM nvidia/cuda:12\.[\d.]+-cudnn-runtime-ubuntu22\.04$", docker, re.M)
    assert 'ARG ORT_PACKAGE="onnxruntime-gpu==' in docker and "pip uninstall -y onnxruntime" in docker
    assert "MENTIONFLOW_DEVICE=cuda" in docker and "python3.11" in docker
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    for pkg in {p.split(".")[0].rstrip("*") for p in packages}:
        assert f"COPY {pkg} ./{pkg}" in docker, pkg
