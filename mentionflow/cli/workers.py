"""``mentionflow run`` and ``mentionflow worker``: the streaming workers."""

from __future__ import annotations

import argparse
import logging

from mentionflow.cli.common import Add, settings

__all__ = ["register"]


def cmd_run(args: argparse.Namespace) -> int:
    from mentionflow.runner import run_workers

    return run_workers(settings(), args.workers.split(","), args.processes, args.single_process, args.loglevel)


def cmd_worker(args: argparse.Namespace) -> int:
    from mentionflow.app import run_worker
    from mentionflow.logs import configure_logging

    s = settings()
    configure_logging(json=s.log_json, level=logging.DEBUG if args.loglevel.lower() == "debug" else logging.INFO)
    run_worker(s, args.role.split(","), args.loglevel)
    return 0


def register(add: Add) -> None:
    sp = add("run", cmd_run, "start the workers (one process per worker by default)")
    sp.add_argument("--workers", default="extraction,normalization", help="comma-separated roles")
    sp.add_argument("--processes", type=int, default=1, help="processes per worker (one consumer group each)")
    sp.add_argument("--single-process", action="store_true", help="all roles in one process")
    sp.add_argument("--loglevel", default="warning")

    sp = add("worker", cmd_worker, "run one worker process (used by `run`)")
    sp.add_argument("--role", required=True, help="extraction, normalization or both comma-separated")
    sp.add_argument("--loglevel", default="warning")
