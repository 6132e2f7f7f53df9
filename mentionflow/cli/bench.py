"""``mentionflow bench WHAT``: the benchmarks."""

from __future__ import annotations

import argparse
from pathlib import Path

from mentionflow.cli.common import Add, settings

__all__ = ["register"]


def cmd_bench(args: argparse.Namespace) -> int:
    if args.what == "retrieval":
        from mentionflow.bench_retrieval import bench_retrieval

        return bench_retrieval(settings(), per_set=args.queries, as_json=args.json,
                               backends=[b.strip() for b in args.backends.split(",") if b.strip()])
    if args.what == "review":
        from mentionflow.bench_review import bench_review

        return bench_review(settings(), as_json=args.json, vcpu_hour_usd=args.vcpu_hour_usd, chart=Path(args.chart))
    if args.what == "quality":
        import orjson

        from mentionflow.bench_quality import bench_quality, format_quality
        from mentionflow.configs import eval_root

        out = bench_quality(settings(), eval_root(settings()), teacher=not args.no_teacher)
        print(format_quality(out))
        if args.json:
            print(orjson.dumps(out).decode())
        return 0
    if args.what == "soak":
        from mentionflow.bench_soak import bench_soak

        return bench_soak(settings(), minutes=args.minutes, rate_fraction=args.rate_fraction, sample_s=args.sample_s,
                          burst_docs=args.burst_docs, as_json=args.json)
    if args.what == "scale":
        from mentionflow.bench_scale import bench_scale

        return bench_scale(settings(), steps=[int(x) for x in args.steps.split(",")], burst=args.docs or 2000,
                           paced_s=args.paced_s, rate=args.rate, partitions=args.partitions, as_json=args.json)
    if args.what == "students":
        from mentionflow.bench_students import bench_students_cmd

        return bench_students_cmd(settings(), args)
    if args.what == "link":
        from mentionflow.bench_link import bench_link

        return bench_link(settings(), n_docs=args.docs or 1000, repeats=args.repeats, as_json=args.json)
    if args.what == "pipeline":
        from mentionflow.bench_pipeline import bench_pipeline

        return bench_pipeline(settings(), n_docs=args.docs or 2000, as_json=args.json, vcpu_hour_usd=args.vcpu_hour_usd,
                              teacher_docs=args.teacher_docs, skip_broker=args.skip_broker)
    from mentionflow.bench import bench_stream

    brokers = [b for b in args.broker.split(",") if b] if args.broker else None
    return bench_stream(settings(), n_docs=args.docs or 2000, as_json=args.json, brokers=brokers)


def register(add: Add) -> None:
    sp = add("bench", cmd_bench, "benchmarks")
    sp.add_argument("what", choices=["stream", "link", "retrieval", "pipeline", "review", "quality", "soak", "scale", "students"])
    sp.add_argument("--layers", default="6,4,3,2", help="students: encoder layers of each extractor student")
    sp.add_argument("--train", action="store_true", help="students: train the missing ones on the current dataset")
    sp.add_argument("--epochs", type=int, default=2, help="students: training epochs (same for every layer count)")
    sp.add_argument("--train-docs", type=int, default=2000, help="students: training documents sampled (0: all)")
    sp.add_argument("--layer-pick", default="first", help="students: which layers are kept: first and/or even (comma list)")
    sp.add_argument("--steps", default="1,2,4", help="scale: worker processes per step")
    sp.add_argument("--paced-s", type=float, default=30.0, help="scale: seconds of paced load per step (latency)")
    sp.add_argument("--rate", type=float, default=40.0, help="scale: paced docs/s (under one process's capacity)")
    sp.add_argument("--partitions", type=int, default=8, help="scale: partitions of the bench's topics")
    sp.add_argument("--no-teacher", action="store_true", help="quality: leave the teacher out")
    sp.add_argument("--chart", default="docs/review-f1-vs-cost.png", help="review: where to write the PNG")
    sp.add_argument("--docs", type=int, default=None,
                    help="stream/pipeline/scale/students: documents to send (default 2000); link: documents (default 1000)")
    sp.add_argument("--repeats", type=int, default=3, help="link: timed rounds after the warm-up pass (median reported)")
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
