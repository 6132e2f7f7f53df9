from __future__ import annotations

from pathlib import Path

import pytest

from mentionflow.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ["stack", "kb", "run", "worker", "link", "eval", "produce", "consume", "review", "demo", "bench",
            "teacher", "train", "models", "audit", "opensearch", "schemas", "tail"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert "usage: mentionflow " + command in capsys.readouterr().out


def test_errors_are_one_line_without_debug(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MENTIONFLOW_HOME", str(tmp_path))
    bad = tmp_path / "kb.jsonl"
    bad.write_text('{"id": "x:1", "name": "ok", "type": "LOC"}\n{broken\n')
    assert main(["kb", "load", str(bad)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "line 2" in err[0] and "nothing loaded" in err[0]


def test_parser_knows_all_commands():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert sorted(sub.choices) == sorted(COMMANDS)


def test_compose_defines_the_production_stack():
    import yaml  # PyYAML: installed with the pinned dependency set (transformers needs it)

    d = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = d["services"]
    assert services["kafka"]["image"].startswith("apache/kafka:")
    assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert services["opensearch"]["image"].startswith("opensearchproject/opensearch:2.")
    assert services["redis"]["image"].startswith("redis:")
    for worker in ("extraction", "normalization", "review"):
        env = services[worker]["environment"]
        assert env["KAFKA_BOOTSTRAP"] == "kafka:9092" and env["MENTIONFLOW_INSTANCE_ID"]


def test_worker_image_carries_every_package_and_serves_with_onnxruntime_gpu():
    import tomllib

    docker = (ROOT / "deploy" / "Dockerfile").read_text()
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    for pkg in {p.split(".")[0].rstrip("*") for p in packages}:
        assert f"COPY {pkg} ./{pkg}" in docker, pkg
    assert 'ARG ORT_PACKAGE="onnxruntime-gpu' in docker and "MENTIONFLOW_DEVICE=auto" in docker
