"""``mentionflow demo``: the main job end to end."""

from __future__ import annotations

import argparse

from mentionflow.cli.common import Add, settings

__all__ = ["register"]


def cmd_demo(args: argparse.Namespace) -> int:
    from mentionflow.demo import run_demo

    return run_demo(settings(), full_kb=not args.small_kb)


def register(add: Add) -> None:
    sp = add("demo", cmd_demo, "the main job end to end: stack, KB, workers, sample texts through Kafka")
    sp.add_argument("--small-kb", action="store_true", help="use the bundled small KB (fast)")
