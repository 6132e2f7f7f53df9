"""Settings turned into the small per-component configs the lower layers take (built once, at the
entry point; a component receives its config, not the whole ``Settings``)."""

from __future__ import annotations

from pathlib import Path

from mentionflow.settings import Settings
from teacher.answers import AnswerStore
from teacher.config import TeacherConfig
from teacher.pricing import DEFAULT_PRICE_TABLE, load_price_table

__all__ = ["teacher_config", "answer_store", "eval_root"]


def teacher_config(settings: Settings) -> TeacherConfig:
    table = load_price_table(settings.teacher_price_table) if settings.teacher_price_table else DEFAULT_PRICE_TABLE
    return TeacherConfig(base_url=settings.teacher_base_url, model=settings.teacher_model,
                         api_key=settings.teacher_api_key, spending_cap_usd=settings.teacher_spending_cap_usd,
                         timeout_s=settings.teacher_timeout_s, max_concurrency=settings.teacher_concurrency,
                         trust_env=False, price_table=table)


def answer_store(settings: Settings) -> AnswerStore:
    """Paid answers are kept: a rerun, a crash or a spending-cap stop never pays twice."""
    return AnswerStore(settings.home / "teacher" / "answers.sqlite")


def eval_root(settings: Settings) -> Path:
    """The folder holding ``eval/`` (the training layer's paths are relative to it). The eval sets:
    ``MENTIONFLOW_EVAL_DIR``, else ``./eval``, else the source checkout's ``eval/``.
    An installed package ships no eval sets, so none found is an error, never an empty set (the
    contamination guard would pass everything)."""
    if settings.eval_dir is not None:
        found = [settings.eval_dir]
    else:
        found = [p for p in (Path.cwd() / "eval", Path(__file__).resolve().parents[1] / "eval") if p.is_dir()]
    if not found or not any(found[0].glob("**/*_docs.jsonl")):
        where = found[0] if found else "./eval"
        raise FileNotFoundError(f"no eval sets (*_docs.jsonl) under {where}: set MENTIONFLOW_EVAL_DIR to the "
                                "repository's eval/ folder")
    return found[0].resolve().parent
