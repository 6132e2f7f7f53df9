"""What every command module shares: the settings of a command process, the ``add`` callback that
registers a subcommand."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from mentionflow.settings import Settings

__all__ = ["Add", "Command", "settings"]

#: a command: parsed arguments -> exit status
Command = Callable[[argparse.Namespace], int]
#: registers a subcommand: (name, command, help) -> its parser, for the command's arguments
Add = Callable[[str, Command, str], argparse.ArgumentParser]


def settings() -> Settings:
    """The settings of this process; before any Kafka client exists, the broker boundary's client
    guards (the one place they are installed: every command and worker process starts here)."""
    from mentionflow.configs import broker_workarounds
    from streams.broker import install_client_guards

    s = Settings()
    install_client_guards(broker_workarounds(s).fetch_idle_backoff_ms)
    return s
