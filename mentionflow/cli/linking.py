"""``mentionflow link`` and ``mentionflow eval``: the pipeline in process over files, and its scores."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from mentionflow.cli.common import Add, settings

__all__ = ["register"]


def cmd_link(args: argparse.Namespace) -> int:
    if args.engine == "teacher":
        from mentionflow.teachercmd import link_file_teacher

        n_docs, n_rows, stats = link_file_teacher(settings(), Path(args.input), Path(args.output))
        print(f"teacher linked {n_docs} documents -> {n_rows} mentions in {args.output}; "
              f"{stats['requests']} requests, {stats['prompt_tokens']:,} + {stats['completion_tokens']:,} tokens, "
              f"${stats['cost_usd']:.4f}; invalid answers {stats['invalid_answers']}, "
              f"rejected spans {stats['rejected_spans']}", file=sys.stderr)
        return 0
    from mentionflow.batch import link_file

    n_docs, n_rows = link_file(settings(), Path(args.input), Path(args.output))
    print(f"linked {n_docs} documents -> {n_rows} mentions in {args.output}", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from mentionflow.batch import eval_files

    report = eval_files(settings(), Path(args.docs), Path(args.gold), Path(args.pred) if args.pred else None)
    from mentionflow.evaluate import format_report

    print(format_report(report))
    if args.json:
        Path(args.json).write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
        print(f"JSON report: {args.json}", file=sys.stderr)
    print(orjson.dumps({k: report[k] for k in ("span", "link", "documents", "gold_mentions")}).decode())
    return 0


def register(add: Add) -> None:
    sp = add("link", cmd_link, "run the pipeline in process over a JSONL of input documents")
    sp.add_argument("--input", required=True)
    sp.add_argument("--output", required=True)
    sp.add_argument("--engine", choices=["student", "teacher"], default="student",
                    help="teacher: the teacher API (MENTIONFLOW_TEACHER_*) for side-by-side comparison")

    sp = add("eval", cmd_eval, "span and link precision/recall/F1 against gold annotations")
    sp.add_argument("--docs", required=True)
    sp.add_argument("--gold", required=True)
    sp.add_argument("--pred", help="score this prediction file instead of running the pipeline")
    sp.add_argument("--json", help="also write the full report (with error analysis) here")
