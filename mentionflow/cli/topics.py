"""``mentionflow produce``, ``consume``, ``schemas``, ``tail``, ``audit``: the topics and their contract."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mentionflow.cli.common import Add, settings

__all__ = ["register"]


def cmd_produce(args: argparse.Namespace) -> int:
    from mentionflow.topicio import produce_file

    s = settings()
    n = produce_file(s, Path(args.file), args.topic)
    print(f"produced {n} messages to {args.topic or 'mentions.raw'}", file=sys.stderr)
    return 0


def cmd_consume(args: argparse.Namespace) -> int:
    from mentionflow.topicio import print_topic

    print_topic(settings(), args.topic, follow=args.follow, limit=args.limit, idle_s=args.idle)
    return 0


def cmd_schemas(args: argparse.Namespace) -> int:
    from mentionflow.schemacmd import SCHEMA_DIR, stale_files, write_contract

    directory = Path(args.dir) if args.dir else SCHEMA_DIR
    if args.check:
        stale = stale_files(directory)
        if stale:
            print(f"stale contract files in {directory} (run `mentionflow schemas`): {', '.join(stale)}", file=sys.stderr)
            return 1
        print(f"contract files in {directory} match the models", file=sys.stderr)
        return 0
    names = write_contract(directory)
    print(f"wrote {len(names)} contract files to {directory}", file=sys.stderr)
    return 0


def cmd_tail(args: argparse.Namespace) -> int:
    from mentionflow.tail import TailFilter, tail_topic

    f = TailFilter(types=frozenset(args.type or ()), min_score=args.min_score)
    tail_topic(settings(), args.topic, f, from_beginning=args.from_beginning, limit=args.limit, idle_s=args.idle)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from mentionflow.audit import audit, format_report, parse_since

    report = audit(settings(), parse_since(args.since, datetime.now(UTC)))
    print(format_report(report, limit=args.limit))
    return 4 if report.lost else 0


def register(add: Add) -> None:
    sp = add("produce", cmd_produce, "send a JSONL file (one message per line) to a topic")
    sp.add_argument("file")
    sp.add_argument("--topic", help="default mentions.raw")

    sp = add("consume", cmd_consume, "print a topic's messages (from the beginning)")
    sp.add_argument("topic")
    sp.add_argument("--follow", action="store_true")
    sp.add_argument("--limit", type=int)
    sp.add_argument("--idle", type=float, default=2.0, help="stop after this many idle seconds")

    sp = add("schemas", cmd_schemas, "write the JSON Schemas and the AsyncAPI document of every topic to schemas/")
    sp.add_argument("--check", action="store_true", help="write nothing; exit 1 if a checked-in file is stale")
    sp.add_argument("--dir", default=None, help="target folder (default: the repository's schemas/)")

    sp = add("tail", cmd_tail, "a live, readable view of a topic: surface -> name, id, score, decided_by")
    sp.add_argument("--topic", default="entities.normalized",
                    help="entities.normalized (default), entities.reviewed, entities.review or a .dlq topic "
                         "(the deployment prefix is added)")
    sp.add_argument("--type", action="append", choices=["PER", "ORG", "LOC", "MISC"], help="only these types (repeatable)")
    sp.add_argument("--min-score", type=float, default=0.0, help="only entities scoring at least this")
    sp.add_argument("--from-beginning", action="store_true", help="start at the oldest message (default: new ones only)")
    sp.add_argument("--limit", type=int, default=None, help="stop after this many printed lines")
    sp.add_argument("--idle", type=float, default=None,
                    help="stop after this many seconds without messages (default: follow until Ctrl-C)")

    sp = add("audit", cmd_audit, "account for every input id since T: lost, duplicated, pending (exit 4 if any lost)")
    sp.add_argument("--since", required=True, help="RFC 3339 time, or a duration back from now: 30m, 2h, 1d")
    sp.add_argument("--limit", type=int, default=20, help="ids listed per category")
