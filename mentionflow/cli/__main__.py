"""``python -m mentionflow.cli``: the command line (what the ``mentionflow`` script runs)."""

import sys

from mentionflow.cli import main

sys.exit(main())
