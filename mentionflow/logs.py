"""structlog configuration (console for people, JSON in production)."""

from __future__ import annotations

import logging
import sys

import structlog

__all__ = ["configure_logging", "get_logger", "quiet_third_parties"]

#: libraries whose INFO/WARNING lines are chatter for a person watching a command (weight-load
#: reports, consumer metadata lines, faust banners); ``--verbose`` keeps them
THIRD_PARTY = ("transformers", "sentence_transformers", "torch", "onnxruntime", "onnx", "aiokafka", "kafka", "faust",
               "mode", "huggingface_hub", "filelock", "urllib3", "opensearch", "spacy")


class _CurrentStderr:
    """Writes to whatever ``sys.stderr`` is at the time (it may be replaced after configuring)."""

    def write(self, s: str) -> int:
        return sys.stderr.write(s)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(json: bool = False, level: int = logging.INFO) -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=level)
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))  # one INFO line per request otherwise
    renderer = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso"),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=_CurrentStderr()),  # type: ignore[arg-type]
        cache_logger_on_first_use=True,
    )


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)


def quiet_third_parties() -> None:
    """Hide third-party chatter in this process: Python warnings (quantization and export
    warnings of torch / onnx), and the INFO and WARNING lines of ``THIRD_PARTY`` loggers. Errors
    still show; our own steps, progress bars and results are printed, not logged."""
    import os
    import warnings

    warnings.filterwarnings("ignore")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # read by transformers when imported
    for name in THIRD_PARTY:
        logging.getLogger(name).setLevel(logging.ERROR)
