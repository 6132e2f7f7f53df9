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
    from mentionflow.broker_compat import install_client_guards, workarounds

    s = Settings()
    install_client_guards(workarounds(s).fetch_idle_backoff_ms)
    return s
