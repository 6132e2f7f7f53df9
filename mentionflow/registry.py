"""The model registry: versioned student artifacts, one current version per kind, a promotion
gate on the locked eval, rollback.

Layout (``<home>/models/registry/<kind>/``): ``<kind>.vN/`` artifact directories (model.onnx,
tokenizer, ``meta.json`` from training plus ``registry.json``: training-data hash, teacher,
eval scores, created/registered at) and ``state.json`` = {"current": version | null,
"history": [...]} replaced atomically (write + rename), so a reader sees the old or the new
state, never half of one. Workers watch ``state.json`` (``ModelWatcher``) and swap models
without restarting.

Gate: a version is promoted only if its locked-eval F1 is not below the current version's by
more than ``tolerance``; while no student is current, the current one is the baseline, whose
locked-eval F1 the trainer measures and records (``baseline_locked_f1``). The trainer also
scores the current student again in the candidate's run (``compared_with``,
``current_locked_f1``): the gate uses that figure over the one recorded when the current version
was registered, which may be of another KB or another partner model.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog

__all__ = ["Registry", "GateRefused", "ModelWatcher", "KINDS"]

log = structlog.get_logger("mentionflow.registry")
KINDS = ("extractor", "normalizer")


class GateRefused(Exception):
    """A promotion the locked-eval gate refused (the current version stays)."""


@dataclass(frozen=True, slots=True)
class Version:
    name: str
    path: Path
    info: dict[str, Any]


#: How much NIL accuracy on the locked sets a promotion may lose (besides the F1 tolerance).
NIL_TOLERANCE = 0.02


class Registry:
    def __init__(self, root: Path):
        self.root = root

    def _kind_dir(self, kind: str) -> Path:
        if kind not in KINDS:
            raise ValueError(f"unknown model kind {kind!r} (one of {', '.join(KINDS)})")
        return self.root / kind

    def state(self, kind: str) -> dict[str, Any]:
        p = self._kind_dir(kind) / "state.json"
        return json.loads(p.read_text()) if p.exists() else {"current": None, "history": []}

    def _write_state(self, kind: str, state: dict[str, Any]) -> None:
        d = self._kind_dir(kind)
        tmp = d / f".state.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(state, indent=2))
        tmp.replace(d / "state.json")

    def versions(self, kind: str) -> list[Version]:
        d = self._kind_dir(kind)
        out = []
        for p in sorted(d.glob(f"{kind}.v*"), key=lambda p: int(p.name.rsplit("v", 1)[1])):
            if (p / "registry.json").exists():
                out.append(Version(p.name, p, json.loads((p / "registry.json").read_text())))
        return out

    def current(self, kind: str) -> Version | None:
        name = self.state(kind)["current"]
        return next((v for v in self.versions(kind) if v.name == name), None) if name else None

    def register(self, kind: str, built: Path, info: dict[str, Any]) -> Version:
        """Move a freshly built artifact directory into the registry as the next version."""
        d = self._kind_dir(kind)
        d.mkdir(parents=True, exist_ok=True)
        n = max((int(v.name.rsplit("v", 1)[1]) for v in self.versions(kind)), default=0) + 1
        name = f"{kind}.v{n}"
        meta = json.loads((built / "meta.json").read_text())
        record = {"version": name, "kind": kind, "registered_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                  "created_at": meta.get("created_at"), "dataset_sha1": meta.get("dataset_sha1"), **info}
        (built / "registry.json").write_text(json.dumps(record, indent=2))
        shutil.move(str(built), str(d / name))
        return Version(name, d / name, record)

    def promote(self, kind: str, name: str, tolerance: float = 0.005, force: bool = False) -> Version:
        vs = {v.name: v for v in self.versions(kind)}
        if name not in vs:
            raise ValueError(f"no {kind} version {name!r}")
        cand, cur = vs[name], self.current(kind)
        if not force:
            new_f1 = cand.info.get("locked_f1")
            # the current version as scored in the candidate's own run, when it was (``register_gated``)
            same_run = cur is not None and cand.info.get("compared_with") == cur.name
            old_name, old_f1 = (cur.name, cand.info["current_locked_f1"] if same_run else cur.info.get("locked_f1")) \
                if cur is not None else ("the baseline", cand.info.get("baseline_locked_f1"))
            if cur is not None or old_f1 is not None:
                if new_f1 is None or old_f1 is None:
                    raise GateRefused(f"{name}: no locked-eval F1 to compare with {old_name}")
                if new_f1 < old_f1 - tolerance:
                    raise GateRefused(f"{name}: locked-eval F1 {new_f1:.4f} < {old_name}'s {old_f1:.4f} - {tolerance}")
            new_nil = cand.info.get("locked_nil_accuracy")
            old_nil = (cand.info.get("current_locked_nil_accuracy") if same_run else cur.info.get("locked_nil_accuracy")) \
                if cur is not None else cand.info.get("baseline_locked_nil_accuracy")
            if new_nil is not None and old_nil is not None and new_nil < old_nil - NIL_TOLERANCE:
                # saying NIL is half the job: a model that links what is not in the KB does not serve
                raise GateRefused(f"{name}: locked-eval NIL accuracy {new_nil:.4f} < {old_name}'s {old_nil:.4f} - "
                                  f"{NIL_TOLERANCE}")
        state = self.state(kind)
        state["history"].append({"version": name, "previous": state["current"], "forced": force,
                                 "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
        state["current"] = name
        self._write_state(kind, state)
        log.info("model_promoted", kind=kind, version=name, previous=cur.name if cur else None)
        return cand

    def rollback(self, kind: str) -> Version | None:
        """Back to the version that was current before the last promotion (None: to the baseline)."""
        state = self.state(kind)
        if not state["history"]:
            raise ValueError(f"nothing to roll back for {kind}")
        last = state["history"][-1]
        state["history"].append({"version": last["previous"], "previous": state["current"], "rollback": True,
                                 "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
        state["current"] = last["previous"]
        self._write_state(kind, state)
        log.info("model_rolled_back", kind=kind, version=state["current"], from_version=last["version"])
        return self.current(kind)


class ModelWatcher:
    """Calls ``on_change(kind, version_or_None)`` when a kind's current version changes
    (polls ``state.json`` every ``interval_s``; a daemon thread)."""

    def __init__(self, registry: Registry, kinds: tuple[str, ...], on_change: Callable[[str, Version | None], None],
                 interval_s: float = 1.0):
        self.registry = registry
        self._kinds = kinds
        self._on_change = on_change
        self._interval = interval_s
        self._seen = {k: registry.state(k)["current"] for k in kinds}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="model-watcher", daemon=True)

    def start(self) -> ModelWatcher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            for k in self._kinds:
                try:
                    cur = self.registry.state(k)["current"]
                except (OSError, ValueError) as exc:
                    log.warning("model_state_unreadable", kind=k, error=str(exc))
                    continue
                if cur != self._seen[k]:
                    self._seen[k] = cur
                    try:
                        self._on_change(k, self.registry.current(k))
                    except Exception as exc:  # noqa: BLE001 - keep serving the old model, say why
                        log.error("model_swap_failed", kind=k, version=cur, error=repr(exc))
