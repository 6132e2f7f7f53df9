"""``mentionflow stack`` and ``mentionflow opensearch``: the local services (broker, Redis, OpenSearch)."""

from __future__ import annotations

import argparse
import shutil
import time

import orjson

from mentionflow.cli.common import Add, settings

__all__ = ["register"]


def cmd_stack(args: argparse.Namespace) -> int:
    from mentionflow.stack import stack_down, stack_reset, stack_status, stack_up

    s = settings()
    if args.action == "up":
        stack_up(s, broker=args.broker, services=["opensearch"] if args.opensearch else [])
    elif args.action == "down":
        stack_down(s)
    elif args.action == "reset":
        stack_reset(s, yes=args.yes)
    elif args.action == "install":
        from mentionflow.kafka_dist import install

        t0 = time.monotonic()
        dist = install(s.kafka_cache, relock=args.relock)
        print(f"Kafka {dist.version} ready in {dist.lib} ({time.monotonic() - t0:.1f}s)")
    else:
        st = stack_status(s)
        print(orjson.dumps(st, option=orjson.OPT_INDENT_2).decode())
        ok = st["kafka"]["reachable"] and st["redis"]["reachable"] and st.get("opensearch", {}).get("reachable", True)
        return 0 if ok else 3
    return 0


def cmd_opensearch(args: argparse.Namespace) -> int:
    from mentionflow import opensearch_node as node

    s = settings()
    if args.action == "install":
        node.install(s)
    elif args.action == "lock":  # after a deliberate version change in deploy/opensearch/pom.xml
        cache = s.home.resolve() / "opensearch" / "artifacts"
        shutil.rmtree(cache, ignore_errors=True)
        node.fetch_artifacts(cache, verify=False)
        sums = node.write_checksums(cache)
        print(f"{len(sums)} artifacts pinned in {node.CHECKSUMS}")
    return 0


def register(add: Add) -> None:
    sp = add("stack", cmd_stack, "start/stop/check the local broker and Redis (127.0.0.1 only); data is kept "
             "across restarts and crashes, only `reset --yes` deletes it; `install` fetches the Kafka jars")
    sp.add_argument("action", choices=["up", "down", "status", "reset", "install"])
    sp.add_argument("--broker", choices=["kafka", "noida"], default=None,
                    help="up: Apache Kafka (KRaft; default, MENTIONFLOW_BROKER) or noida-db (no Java needed)")
    sp.add_argument("--yes", action="store_true", help="reset: really delete the local broker's and Redis' data")
    sp.add_argument("--relock", action="store_true",
                    help="install: re-resolve the pom and rewrite mentionflow/data/kafka/kafka-jars.sha256")
    sp.add_argument("--opensearch", action="store_true",
                    help="up: also a local OpenSearch node (implied by MENTIONFLOW_RETRIEVER=opensearch; with OPENSEARCH_URL "
                    "set: only check it and declare the search pipelines)")

    sp = add("opensearch", cmd_opensearch, "the local OpenSearch node's artifacts (Maven Central, deploy/opensearch/pom.xml)")
    sp.add_argument("action", choices=["install", "lock"],
                    help="install: fetch (once, sha256-checked) and build the node; lock: re-pin artifacts.sha256 "
                    "after changing the versions in the pom")
