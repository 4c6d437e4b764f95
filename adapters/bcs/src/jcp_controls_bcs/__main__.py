"""``python -m jcp_controls_bcs``: the ``jcp-controls-bcs`` command line."""

from __future__ import annotations

import sys

from jcp_controls_bcs.cli import main

if __name__ == "__main__":
    sys.exit(main())
