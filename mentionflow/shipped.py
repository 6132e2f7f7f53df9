"""Students that come with the repository (issue 14): ``mentionflow/data/models/<name>/``, each a
student directory with its model card ``mentionflow.json`` (kind, serving component, dataset
hash, teacher, base model and licence). ``install_shipped`` puts each one into the registry
through the locked-eval gate ``train`` uses (``traincmd.register_gated``), once per artifact (by
its digest), so a fresh clone serves the students the gate accepts without training; a student
the gate refuses is registered and not served, as a trained one would be.

Shipped today: the extractor ``extractor-onnx-minilm`` (MiniLM, 6 layers, fine-tuned on the
hand-annotated spans, ONNX int8: ``training.annotated_onnx``, ``mentionflow train annotated``
rebuilds it in ~17 minutes on 2 cores) and the normalizer ``normalizer-combined`` (the combined
normalizer fitted on the same annotations: ``mentionflow.annotated_students``, seconds).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from mentionflow.settings import Settings

__all__ = ["SHIPPED_ROOT", "artifact_sha1", "install_line", "install_shipped", "shipped_students"]

SHIPPED_ROOT = Path(__file__).parent / "data" / "models"
CARD = "mentionflow.json"


def shipped_students(root: Path = SHIPPED_ROOT) -> list[Path]:
    """The student directories under ``root`` (those with a model card), by name."""
    return sorted(p for p in root.iterdir() if (p / CARD).is_file()) if root.is_dir() else []


def artifact_sha1(path: Path) -> str:
    """A digest of every file under ``path`` (relative names and bytes, in name order)."""
    h = hashlib.sha1()
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        h.update(f.relative_to(path).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def install_shipped(settings: Settings, tolerance: float = 0.005, root: Path = SHIPPED_ROOT) -> list[dict[str, Any]]:
    """Register and gate each shipped student not yet in the registry (see the module docstring).
    Returns one summary per student; ``installed`` is False for one already there."""
    from mentionflow.registry import Registry
    from mentionflow.traincmd import register_gated

    registry = Registry(settings.registry_root)
    out: list[dict[str, Any]] = []
    for src in shipped_students(root):
        card = json.loads((src / CARD).read_text())
        kind, digest = str(card["kind"]), artifact_sha1(src)
        have = next((v for v in registry.versions(kind) if v.info.get("shipped_sha1") == digest), None)
        if have is not None:
            out.append({"kind": kind, "version": have.name, "installed": False, "shipped": src.name,
                        "promoted": registry.state(kind)["current"] == have.name})
            continue
        build = settings.home / "models" / "build" / f"{kind}-shipped-{digest[:12]}"
        if build.exists():
            shutil.rmtree(build)
        shutil.copytree(src, build)
        info = {"shipped": src.name, "shipped_sha1": digest, "component": card.get("component"),
                "created_at": card.get("created_at"), "dataset_sha1": card.get("dataset_sha1"),
                "teacher": card.get("teacher"), "base_model": card.get("base_model"), "profile": "shipped"}
        out.append({**register_gated(settings, registry, kind, build, info, tolerance), "installed": True,
                    "shipped": src.name})
    return out


def install_line(r: dict[str, Any]) -> str:
    """Pure: one line saying what ``install_shipped`` did with one shipped student."""
    if not r["installed"]:
        return (f"{r['kind']}: shipped {r['shipped']} already registered as {r['version']}"
                f"{' (current)' if r['promoted'] else ' (not current)'}")
    base = r.get("baseline_locked_f1")
    return (f"{r['kind']}: shipped {r['shipped']} registered as {r['version']}, locked-eval link F1 "
            f"{r['locked_link_f1']:.4f}{f' vs the baseline {base:.4f}' if base is not None else ''}; "
            f"{'promoted' if r['promoted'] else 'NOT promoted (the gate refused it)'}")
