"""A worker process's root logger stays at the level it is run with (``mentionflow.app.worker_class``)."""

from __future__ import annotations

import io
import logging

from faust.utils import terminal
from faust.worker import Worker as FaustWorker

from mentionflow.app import worker_class


def _root(name: str) -> logging.Logger:
    logger = logging.Logger(name)
    logger.addHandler(logging.StreamHandler(io.StringIO()))
    logger.setLevel(logging.WARNING)
    return logger


def _worker(cls: type) -> FaustWorker:
    w = cls.__new__(cls)  # only the logging hook is under test; faust's __init__ sets this spinner
    w.spinner = terminal.Spinner(file=io.StringIO())
    return w


def test_faust_alone_sets_the_root_logger_to_debug_for_its_spinner():
    logger = _root("stock")
    _worker(FaustWorker).on_setup_root_logger(logger, logging.WARNING)
    assert logger.level == logging.DEBUG
    assert any(isinstance(h, terminal.SpinnerHandler) for h in logger.handlers)


def test_a_worker_keeps_the_root_logger_at_the_asked_level_without_a_spinner():
    logger = _root("worker")
    w = _worker(worker_class(10.0))
    w.on_setup_root_logger(logger, logging.WARNING)
    assert w.spinner is None and logger.level == logging.WARNING
    assert not any(isinstance(h, terminal.SpinnerHandler) for h in logger.handlers)
    assert not logger.isEnabledFor(logging.DEBUG)
