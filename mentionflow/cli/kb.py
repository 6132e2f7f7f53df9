"""``mentionflow kb ACTION``: build, load, index and change the knowledge base."""

from __future__ import annotations

import argparse
from pathlib import Path

from mentionflow.cli.common import Add, settings

__all__ = ["register"]


def cmd_kb(args: argparse.Namespace) -> int:
    from mentionflow.kbcmd import kb_build, kb_index, kb_info, kb_load

    s = settings()
    if args.action == "build":
        kb_build(s, Path(args.output) if args.output else None, load=not args.no_load,
                 sources=args.source or ["default.v1"])
    elif args.action == "load":
        kb_load(s, Path(args.file))
    elif args.action == "index":
        kb_index(s, embed_min_popularity=args.embed_min_popularity)
    elif args.action == "upsert":
        from mentionflow.kbupdates import kb_upsert

        kb_upsert(s, Path(args.file))
    elif args.action == "delete":
        from mentionflow.kbupdates import kb_delete

        kb_delete(s, list(args.ids))
    else:
        kb_info(s)
    return 0


def register(add: Add) -> None:
    sp = add("kb", cmd_kb, "the knowledge base: build the default KB, load a KB file, index it for retrieval, "
             "change records in running workers, show the current version")
    kb = sp.add_subparsers(dest="action", required=True, metavar="ACTION")
    k = kb.add_parser("build", help="build the default KB from the data packages (minutes) and load it")
    k.add_argument("--output", help="where to write the JSONL (default <home>/kb/default-kb.jsonl)")
    k.add_argument("--no-load", action="store_true", help="only write the file")
    k.add_argument("--source", action="append", metavar="NAME[:ARG]",
                   help="a registered KB source, repeatable, in order (default default.v1; "
                   "jsonl.v1:FILE adds the records of a KB JSONL file)")
    k = kb.add_parser("load", help="validate a KB JSONL file and make it the current version")
    k.add_argument("file", help="KB JSONL file")
    kb.add_parser("info", help="show the current KB version")
    k = kb.add_parser("index", help="build the retrieval index of the current version (MENTIONFLOW_RETRIEVER)")
    k.add_argument("--embed-min-popularity", type=float, default=None,
                   help="names whose best record is less popular get no vector (default 0.35; 0 = all)")
    k = kb.add_parser("upsert", help="add or replace records in the running workers (kb.updates) and the change log")
    k.add_argument("file", help="KB JSONL file of the records")
    k = kb.add_parser("delete", help="remove records by id from the running workers and the change log")
    k.add_argument("ids", nargs="+", metavar="ID", help="record ids")
