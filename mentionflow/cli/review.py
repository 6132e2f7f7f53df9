"""``mentionflow review ACTION``: what waits for review, the review UI, reviewers."""

from __future__ import annotations

import argparse

from mentionflow.cli.common import Add, settings

__all__ = ["register"]


def cmd_review(args: argparse.Namespace) -> int:
    if args.action == "serve":
        from mentionflow.review_ui import serve_review

        serve_review(settings(), args.host, args.port)
        return 0
    if args.action == "add-reviewer":
        from mentionflow.review_access import add_reviewer

        if not args.name:
            raise SystemExit("review add-reviewer: a NAME is required")
        s = settings()
        token = add_reviewer(s.reviewers_path, args.name)
        print(f"reviewer {args.name} added to {s.reviewers_path}; their token (shown once, stored only hashed):\n"
              f"{token}\nsign in: http://127.0.0.1:8770/#token={token}", flush=True)
        return 0
    from mentionflow.topicio import review_list

    review_list(settings(), limit=args.limit)
    return 0


def register(add: Add) -> None:
    sp = add("review", cmd_review, "what waits for review")
    sp.add_argument("action", choices=["list", "serve", "add-reviewer"])
    sp.add_argument("name", nargs="?", help="add-reviewer: the reviewer's name (a new token replaces an old one)")
    sp.add_argument("--limit", type=int, default=50)
    sp.add_argument("--host", default="127.0.0.1", help="serve: bind address (127.0.0.1 by default)")
    sp.add_argument("--port", type=int, default=8770, help="serve: port")
