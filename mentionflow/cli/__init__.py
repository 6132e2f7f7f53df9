"""``mentionflow`` command line, one module per command group (each ``register``s its
subcommands on the one parser, so ``mentionflow --help`` stays one manual). Errors print one line
(exit 1) unless ``--debug``."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from mentionflow.cli import bench, demo, kb, linking, models, review, services, topics, workers
from mentionflow.cli.common import Command

__all__ = ["build_parser", "main"]

_MANUAL = """\
Streaming entity extraction and normalization: raw mentions in Kafka -> entities normalized
against your own knowledge base, uncertain ones sent to review.

  mentions.raw --extraction--> mentions.extracted --normalization--> entities.normalized
                                                           +--(low score)--> entities.review --review-->

The main job end to end on this machine: `mentionflow demo`."""

_EPILOG = """\
a first session:
  mentionflow stack up                   Kafka (KRaft) + Redis on 127.0.0.1 (--opensearch: also OpenSearch)
  mentionflow kb build                   the default KB (minutes), loaded as the current version
  mentionflow run                        the workers; `produce FILE` feeds them, `consume TOPIC` shows results
  mentionflow train all --quick --with-data   distil students from the teacher (`teacher serve` first)
  mentionflow stack down

configuration: MENTIONFLOW_* environment variables (see README), plus KAFKA_BOOTSTRAP, REDIS_URL
and OPENSEARCH_URL for an existing stack. Layers and extension points: docs/ARCHITECTURE.md."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mentionflow", description=_MANUAL, epilog=_EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    p.add_argument("--verbose", action="store_true",
                   help="demo: also show the log lines and third-party output (warnings, weight-load reports, "
                   "consumer metadata) it hides by default")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND",
                           title="commands (`mentionflow COMMAND --help` for each)")

    def add(name: str, fn: Command, help: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help, description=help)
        sp.set_defaults(fn=fn)
        return sp

    for group in (services, kb, workers, linking, models, topics, review, demo, bench):
        group.register(add)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from mentionflow.logs import configure_logging, quiet_third_parties

    quiet = args.command == "demo" and not (args.verbose or args.debug)  # a person watches the main job
    if quiet:
        quiet_third_parties()
    configure_logging(level=logging.DEBUG if args.debug else logging.WARNING if quiet else logging.INFO)
    try:
        return int(args.fn(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place errors become a line
        if args.debug:
            raise
        print(f"mentionflow {args.command}: error: {exc}", file=sys.stderr)
        return 1
