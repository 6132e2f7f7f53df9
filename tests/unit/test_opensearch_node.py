"""The local OpenSearch node's pure parts: pinned versions, artifact checksums, Java check (the
node itself runs in the live suite, started by scripts/test.sh)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from mentionflow import opensearch_node as node
from mentionflow.settings import Settings
from streams.broker import StackError


def test_versions_live_in_the_pom_and_every_artifact_is_pinned():
    v = node.pinned_versions()
    assert (v.core, v.plugins) == ("2.19.1", "2.19.1.0")
    pinned = node._read_checksums()
    assert f"opensearch-{v.core}.zip" in pinned
    assert {f"opensearch-knn-{v.plugins}.zip", f"neural-search-{v.plugins}.zip"} <= set(pinned)
    assert {f"lang-painless-{v.core}.jar", f"analysis-common-{v.core}.jar"} <= set(pinned)
    assert all(len(d) == 64 for d in pinned.values())


def _fake_cache(tmp_path: Path, monkeypatch) -> Path:
    cache = tmp_path / "artifacts"
    cache.mkdir()
    lines = []
    for name in ("opensearch-2.19.1.zip", "opensearch-knn-2.19.1.0.zip"):
        (cache / name).write_bytes(name.encode())
        lines.append(f"{hashlib.sha256(name.encode()).hexdigest()}  {name}")
    sums = tmp_path / "artifacts.sha256"
    sums.write_text("# test\n" + "\n".join(lines) + "\n")
    monkeypatch.setattr(node, "CHECKSUMS", sums)
    monkeypatch.setattr(node, "_mvn", lambda: pytest.fail("nothing is missing: Maven must not run"))
    return cache


def test_cached_artifacts_are_verified_offline(tmp_path, monkeypatch):
    cache = _fake_cache(tmp_path, monkeypatch)
    assert set(node.fetch_artifacts(cache, log=lambda _: None)) == {"opensearch-2.19.1.zip", "opensearch-knn-2.19.1.0.zip"}


def test_a_changed_artifact_fails_loudly(tmp_path, monkeypatch):
    cache = _fake_cache(tmp_path, monkeypatch)
    (cache / "opensearch-knn-2.19.1.0.zip").write_bytes(b"tampered")
    with pytest.raises(StackError, match="checksum mismatch"):
        node.fetch_artifacts(cache, log=lambda _: None)


def test_an_unpinned_artifact_fails_loudly(tmp_path, monkeypatch):
    cache = _fake_cache(tmp_path, monkeypatch)
    (cache / "extra-1.0.jar").write_bytes(b"x")
    with pytest.raises(StackError, match="not in"):
        node.fetch_artifacts(cache, log=lambda _: None)


def _fake_java(tmp_path: Path, version: str) -> Path:
    home = tmp_path / f"jdk-{version}"
    (home / "bin").mkdir(parents=True)
    java = home / "bin" / "java"
    java.write_text(f'#!/bin/sh\necho \'openjdk version "{version}" 2025-01-01\' >&2\n')
    java.chmod(0o755)
    return home


def test_java_version_is_checked(tmp_path):
    ok = _fake_java(tmp_path, "17.0.15")
    assert node.java_home(Settings(home=tmp_path, opensearch_java_home=ok)) == ok
    too_new = _fake_java(tmp_path, "25")
    with pytest.raises(StackError, match="Java 11..23"):
        node.java_home(Settings(home=tmp_path, opensearch_java_home=too_new))
    with pytest.raises(StackError, match="no bin/java"):
        node.java_home(Settings(home=tmp_path, opensearch_java_home=tmp_path / "nowhere"))
