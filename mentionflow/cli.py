"""``mentionflow`` command line. Errors print one line (exit 1) unless ``--debug``."""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import orjson

from mentionflow.settings import Settings

__all__ = ["main"]


def _settings() -> Settings:
    from mentionflow.broker_compat import install_client_guards, workarounds

    s = Settings()
    install_client_guards(workarounds(s).fetch_idle_backoff_ms)
    return s


# --- stack -----------------------------------------------------------------------------------

def cmd_stack(args: argparse.Namespace) -> int:
    from mentionflow.stack import stack_down, stack_reset, stack_status, stack_up

    s = _settings()
    if args.action == "up":
        stack_up(s, broker=args.broker, opensearch=args.opensearch)
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

    s = _settings()
    if args.action == "install":
        node.install(s)
    elif args.action == "lock":  # after a deliberate version change in deploy/opensearch/pom.xml
        cache = s.home.resolve() / "opensearch" / "artifacts"
        shutil.rmtree(cache, ignore_errors=True)
        node.fetch_artifacts(cache, verify=False)
        sums = node.write_checksums(cache)
        print(f"{len(sums)} artifacts pinned in {node.CHECKSUMS}")
    return 0


# --- kb --------------------------------------------------------------------------------------

def cmd_kb(args: argparse.Namespace) -> int:
    from mentionflow.kbcmd import kb_build, kb_index, kb_info, kb_load

    s = _settings()
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


# --- workers ---------------------------------------------------------------------------------

def cmd_run(args: argparse.Namespace) -> int:
    from mentionflow.runner import run_workers

    return run_workers(_settings(), args.workers.split(","), args.processes, args.single_process, args.loglevel)


def cmd_worker(args: argparse.Namespace) -> int:
    from mentionflow.app import run_worker
    from mentionflow.logs import configure_logging

    s = _settings()
    configure_logging(json=s.log_json, level=logging.DEBUG if args.loglevel.lower() == "debug" else logging.INFO)
    run_worker(s, args.role.split(","), args.loglevel)
    return 0


# --- batch -----------------------------------------------------------------------------------

def cmd_link(args: argparse.Namespace) -> int:
    if args.engine == "teacher":
        from mentionflow.teachercmd import link_file_teacher

        n_docs, n_rows, stats = link_file_teacher(_settings(), Path(args.input), Path(args.output))
        print(f"teacher linked {n_docs} documents -> {n_rows} mentions in {args.output}; "
              f"{stats['requests']} requests, {stats['prompt_tokens']:,} + {stats['completion_tokens']:,} tokens, "
              f"${stats['cost_usd']:.4f}; invalid answers {stats['invalid_answers']}, "
              f"rejected spans {stats['rejected_spans']}", file=sys.stderr)
        return 0
    from mentionflow.batch import link_file

    n_docs, n_rows = link_file(_settings(), Path(args.input), Path(args.output))
    print(f"linked {n_docs} documents -> {n_rows} mentions in {args.output}", file=sys.stderr)
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from mentionflow.traincmd import train_data, train_models

    s = _settings()
    if args.what == "data":
        train_data(s, "quick" if args.quick else "full", args.wiki, args.posts)
        return 0
    if args.what == "ranker":
        from mentionflow.traincmd import train_ranker_cmd

        print(train_ranker_cmd(s, Path(args.ranker_out)))
        return 0
    if args.what == "retrain":
        from mentionflow.traincmd import RetrainTrigger, retrain_every

        trigger = RetrainTrigger(args.min_new, args.review_drift or None, args.window_hours, args.min_mentions)
        retrain_every(s, trigger, args.quick, args.tolerance, args.watch)
        return 0
    kinds = ["extractor", "normalizer"] if args.what == "all" else [args.what]
    if args.what == "all" and args.with_data:
        train_data(s, "quick" if args.quick else "full", args.wiki, args.posts)
    train_models(s, kinds, args.quick, args.tolerance)
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    from mentionflow.registry import KINDS, Registry

    reg = Registry(_settings().registry_root)
    if args.action == "list":
        for kind in KINDS:
            cur = reg.state(kind)["current"]
            print(f"{kind}: current {cur or 'baseline (no student promoted)'}")
            for v in reg.versions(kind):
                i = v.info
                print(f"  {'*' if v.name == cur else ' '} {v.name}  locked link F1 {i.get('locked_f1')}  "
                      f"dataset {i.get('dataset_version')}  teacher {i.get('teacher', {}).get('model')}  "
                      f"profile {i.get('profile')}  created {i.get('created_at')}")
    elif not args.target:
        raise ValueError(f"models {args.action} needs a target")
    elif args.action == "promote":
        kind = args.target.split(".v")[0]
        reg.promote(kind, args.target, args.tolerance, force=args.force)
        print(f"{kind}: {args.target} is current")
    else:
        back = reg.rollback(args.target)
        print(f"{args.target}: current is now {back.name if back else 'the baseline'}")
    return 0


def cmd_teacher(args: argparse.Namespace) -> int:
    from mentionflow.teachercmd import serve

    serve(_settings(), args.port, args.latency_ms, args.error_rate)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from mentionflow.batch import eval_files

    report = eval_files(_settings(), Path(args.docs), Path(args.gold), Path(args.pred) if args.pred else None)
    from mentionflow.evaluate import format_report

    print(format_report(report))
    if args.json:
        Path(args.json).write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
        print(f"JSON report: {args.json}", file=sys.stderr)
    print(orjson.dumps({k: report[k] for k in ("span", "link", "documents", "gold_mentions")}).decode())
    return 0


# --- topics ----------------------------------------------------------------------------------

def cmd_produce(args: argparse.Namespace) -> int:
    from mentionflow.topicio import produce_file

    s = _settings()
    n = produce_file(s, Path(args.file), args.topic)
    print(f"produced {n} messages to {args.topic or 'mentions.raw'}", file=sys.stderr)
    return 0


def cmd_consume(args: argparse.Namespace) -> int:
    from mentionflow.topicio import print_topic

    print_topic(_settings(), args.topic, follow=args.follow, limit=args.limit, idle_s=args.idle)
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
    tail_topic(_settings(), args.topic, f, from_beginning=args.from_beginning, limit=args.limit, idle_s=args.idle)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from mentionflow.audit import audit, format_report, parse_since

    report = audit(_settings(), parse_since(args.since, datetime.now(UTC)))
    print(format_report(report, limit=args.limit))
    return 4 if report.lost else 0


def cmd_review(args: argparse.Namespace) -> int:
    if args.action == "serve":
        from mentionflow.review_ui import serve_review

        serve_review(_settings(), args.host, args.port)
        return 0
    if args.action == "add-reviewer":
        from mentionflow.review_access import add_reviewer

        if not args.name:
            raise SystemExit("review add-reviewer: a NAME is required")
        s = _settings()
        token = add_reviewer(s.reviewers_path, args.name)
        print(f"reviewer {args.name} added to {s.reviewers_path}; their token (shown once, stored only hashed):\n"
              f"{token}\nsign in: http://127.0.0.1:8770/#token={token}", flush=True)
        return 0
    from mentionflow.topicio import review_list

    review_list(_settings(), limit=args.limit)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from mentionflow.demo import run_demo

    return run_demo(_settings(), full_kb=not args.small_kb)


def cmd_bench(args: argparse.Namespace) -> int:
    if args.what == "retrieval":
        from mentionflow.bench_retrieval import bench_retrieval

        return bench_retrieval(_settings(), per_set=args.queries, as_json=args.json,
                               backends=[b.strip() for b in args.backends.split(",") if b.strip()])
    if args.what == "review":
        from mentionflow.bench_review import bench_review

        return bench_review(_settings(), as_json=args.json, vcpu_hour_usd=args.vcpu_hour_usd, chart=Path(args.chart))
    if args.what == "quality":
        import orjson

        from mentionflow.bench_quality import bench_quality, format_quality
        from mentionflow.configs import eval_root

        out = bench_quality(_settings(), eval_root(_settings()), teacher=not args.no_teacher)
        print(format_quality(out))
        if args.json:
            print(orjson.dumps(out).decode())
        return 0
    if args.what == "soak":
        from mentionflow.bench_soak import bench_soak

        return bench_soak(_settings(), minutes=args.minutes, rate_fraction=args.rate_fraction, sample_s=args.sample_s,
                          burst_docs=args.burst_docs, as_json=args.json)
    if args.what == "scale":
        from mentionflow.bench_scale import bench_scale

        return bench_scale(_settings(), steps=[int(x) for x in args.steps.split(",")], burst=args.docs,
                           paced_s=args.paced_s, rate=args.rate, partitions=args.partitions, as_json=args.json)
    if args.what == "pipeline":
        from mentionflow.bench_pipeline import bench_pipeline

        return bench_pipeline(_settings(), n_docs=args.docs, as_json=args.json, vcpu_hour_usd=args.vcpu_hour_usd,
                              teacher_docs=args.teacher_docs, skip_broker=args.skip_broker)
    from mentionflow.bench import bench_stream

    brokers = [b for b in args.broker.split(",") if b] if args.broker else None
    return bench_stream(_settings(), n_docs=args.docs, as_json=args.json, brokers=brokers)


# --- parser ----------------------------------------------------------------------------------

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

    def add(name: str, fn: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help, description=help)
        sp.set_defaults(fn=fn)
        return sp

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

    sp = add("run", cmd_run, "start the workers (one process per worker by default)")
    sp.add_argument("--workers", default="extraction,normalization", help="comma-separated roles")
    sp.add_argument("--processes", type=int, default=1, help="processes per worker (one consumer group each)")
    sp.add_argument("--single-process", action="store_true", help="all roles in one process")
    sp.add_argument("--loglevel", default="warning")

    sp = add("worker", cmd_worker, "run one worker process (used by `run`)")
    sp.add_argument("--role", required=True, help="extraction, normalization or both comma-separated")
    sp.add_argument("--loglevel", default="warning")

    sp = add("link", cmd_link, "run the pipeline in process over a JSONL of input documents")
    sp.add_argument("--input", required=True)
    sp.add_argument("--output", required=True)
    sp.add_argument("--engine", choices=["student", "teacher"], default="student",
                    help="teacher: the teacher API (MENTIONFLOW_TEACHER_*) for side-by-side comparison")

    sp = add("train", cmd_train, "build the distillation dataset with the teacher; train the students (each "
             "registered and promoted through the locked-eval gate); retrain from reviewed examples")
    tr = sp.add_subparsers(dest="what", required=True, metavar="WHAT")

    def train_cmd(name: str, help: str, data: bool = False, gate: bool = True) -> argparse.ArgumentParser:
        k = tr.add_parser(name, help=help, description=help)
        k.add_argument("--quick", action="store_true", help="the quick profile (demo, tests)")
        if data:
            k.add_argument("--wiki", type=int, default=None, help="Vital Articles to label")
            k.add_argument("--posts", type=int, default=None, help="synthetic posts to label")
        if gate:
            k.add_argument("--tolerance", type=float, default=0.005, help="promotion gate: allowed locked-eval F1 drop")
        return k

    train_cmd("data", "label documents with the teacher into a new training dataset", data=True, gate=False)
    train_cmd("extractor", "train, register and (gated) promote the extractor student")
    train_cmd("normalizer", "train, register and (gated) promote the normalizer student")
    k = train_cmd("all", "both students", data=True)
    k.add_argument("--with-data", action="store_true", help="build the dataset first")
    k = train_cmd("retrain", "retrain when enough reviewed examples arrived or the live review rate drifted")
    k.add_argument("--min-new", type=int, default=200, help="new reviewed examples needed to trigger")
    k.add_argument("--review-drift", type=float, default=1.5,
                   help="also trigger when the live review rate reaches this x the target rate (0: off)")
    k.add_argument("--window-hours", type=int, default=24, help="window of the live review rate")
    k.add_argument("--min-mentions", type=int, default=500, help="routed mentions needed to judge drift")
    k.add_argument("--watch", type=float, default=0, help="check again every this many seconds (0: once)")
    k = train_cmd("ranker", "fit the baseline linker's weights on the news dev half", gate=False)
    k.add_argument("--ranker-out", default="var/models/ranker.json",
                   help="where to write the fitted weights (serve them with MENTIONFLOW_RANKER_WEIGHTS)")

    sp = add("models", cmd_models, "the model registry: list versions, promote (gated), roll back")
    sp.add_argument("action", choices=["list", "promote", "rollback"])
    sp.add_argument("target", nargs="?", help="promote: a version (normalizer.v3); rollback: a kind")
    sp.add_argument("--tolerance", type=float, default=0.005, help="promote: allowed locked-eval F1 drop")
    sp.add_argument("--force", action="store_true", help="promote: skip the gate (logged in the history)")

    sp = add("teacher", cmd_teacher, "serve the local teacher STAND-IN (OpenAI-compatible API; not a frontier model)")
    sp.add_argument("action", choices=["serve"])
    sp.add_argument("--port", type=int, default=None, help="default MENTIONFLOW_STANDIN_PORT (8765)")
    sp.add_argument("--latency-ms", type=float, default=None, help="added per answer, to mimic an API")
    sp.add_argument("--error-rate", type=float, default=0.0, help="share of requests answered 503 (outage drills)")

    sp = add("eval", cmd_eval, "span and link precision/recall/F1 against gold annotations")
    sp.add_argument("--docs", required=True)
    sp.add_argument("--gold", required=True)
    sp.add_argument("--pred", help="score this prediction file instead of running the pipeline")
    sp.add_argument("--json", help="also write the full report (with error analysis) here")

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

    sp = add("review", cmd_review, "what waits for review")
    sp.add_argument("action", choices=["list", "serve", "add-reviewer"])
    sp.add_argument("name", nargs="?", help="add-reviewer: the reviewer's name (a new token replaces an old one)")
    sp.add_argument("--limit", type=int, default=50)
    sp.add_argument("--host", default="127.0.0.1", help="serve: bind address (127.0.0.1 by default)")
    sp.add_argument("--port", type=int, default=8770, help="serve: port")

    sp = add("demo", cmd_demo, "the main job end to end: stack, KB, workers, sample texts through Kafka")
    sp.add_argument("--small-kb", action="store_true", help="use the bundled small KB (fast)")

    sp = add("bench", cmd_bench, "benchmarks")
    sp.add_argument("what", choices=["stream", "retrieval", "pipeline", "review", "quality", "soak", "scale"])
    sp.add_argument("--steps", default="1,2,4", help="scale: worker processes per step")
    sp.add_argument("--paced-s", type=float, default=30.0, help="scale: seconds of paced load per step (latency)")
    sp.add_argument("--rate", type=float, default=40.0, help="scale: paced docs/s (under one process's capacity)")
    sp.add_argument("--partitions", type=int, default=8, help="scale: partitions of the bench's topics")
    sp.add_argument("--no-teacher", action="store_true", help="quality: leave the teacher out")
    sp.add_argument("--chart", default="docs/review-f1-vs-cost.png", help="review: where to write the PNG")
    sp.add_argument("--docs", type=int, default=2000, help="stream/pipeline: documents to send")
    sp.add_argument("--vcpu-hour-usd", type=float, default=0.0425, help="pipeline: instance price per vCPU-hour")
    sp.add_argument("--teacher-docs", type=int, default=200, help="pipeline: documents priced through the teacher")
    sp.add_argument("--skip-broker", action="store_true", help="pipeline: quality and cost only")
    sp.add_argument("--queries", type=int, default=400, help="retrieval: queries per KB-derived set")
    sp.add_argument("--backends", default="embedded",
                    help="retrieval: comma-separated, embedded and/or opensearch (same queries, one run)")
    sp.add_argument("--broker", default=None,
                    help="stream: comma-separated brokers (kafka,noida), each measured on a private stack started "
                         "for it in this run (default: the running stack)")
    sp.add_argument("--minutes", type=float, default=10.0, help="soak: how long to stream at the paced rate")
    sp.add_argument("--rate-fraction", type=float, default=0.8, help="soak: paced rate as a fraction of the measured max")
    sp.add_argument("--sample-s", type=float, default=10.0, help="soak: seconds between RSS / consumer lag samples")
    sp.add_argument("--burst-docs", type=int, default=1000, help="soak: documents of the burst that measures the max")
    sp.add_argument("--json", action="store_true", help="last line is one JSON object")
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



if __name__ == "__main__":
    sys.exit(main())
