"""``python -m jcp_controls``: the command line."""

from jcp_controls.cli import main

raise SystemExit(main())
