"""``mentionflow models install``: the students shipped with the repository go into the registry
through the locked-eval gate, once (a real KB, the real locked sets, the real shipped model)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mentionflow.registry import Registry
from mentionflow.shipped import SHIPPED_ROOT, artifact_sha1

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def run(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "mentionflow.cli", *args], env=env, cwd=ROOT, check=True,
                          capture_output=True, text=True, timeout=900)
    return done.stdout


SHIPPED = {"extractor": ("extractor-onnx-minilm", "onnx-student.v1"), "normalizer": ("normalizer-combined", "combined-ranker.v1")}


def test_install_registers_the_shipped_students_through_the_gate_once(tmp_path: Path, small_kb_path: Path):
    env = {**os.environ, "MENTIONFLOW_HOME": str(tmp_path / "home")}
    env.pop("MENTIONFLOW_KB_PATH", None)
    run(env, "kb", "load", str(small_kb_path))
    first = run(env, "models", "install")
    reg = Registry(tmp_path / "home" / "models" / "registry")
    for kind, (shipped, component) in SHIPPED.items():
        [v] = reg.versions(kind)
        info = v.info
        assert info["shipped"] == shipped and info["component"] == component
        assert 0 < info["locked_f1"] <= 1 and 0 < info["baseline_locked_f1"] <= 1
        assert info["shipped_sha1"] == artifact_sha1(SHIPPED_ROOT / shipped)  # the artifact, byte for byte
        assert artifact_sha1(v.path) != info["shipped_sha1"]  # ... plus the registry's own record beside it
        assert json.loads((v.path / "mentionflow.json").read_text())["component"] == component
        # the gate's decision follows the scores it recorded (F1 tolerance 0.005, NIL accuracy 0.02)
        accepts = info["locked_f1"] >= info["baseline_locked_f1"] - 0.005 \
            and info["locked_nil_accuracy"] >= info["baseline_locked_nil_accuracy"] - 0.02
        assert (reg.state(kind)["current"] == v.name) == accepts
        line = next(x for x in first.splitlines() if x.startswith(f"{kind}: shipped {shipped}"))
        assert line.endswith("; promoted") if accepts else "; NOT promoted" in line
    again = run(env, "models", "install")
    for kind, (shipped, _) in SHIPPED.items():
        assert f"{kind}: shipped {shipped} already registered as {kind}.v1" in again and len(reg.versions(kind)) == 1
        assert f"shipped {shipped}" in run(env, "models", "list")
