"""jcp-controls-sccs: the Security Checks system as an evidence source for jcp-controls.

Reads the SCCS export of security check results (the benefit and allowance security checks
not recorded in BCS, SEC §24) and of system-generated test checks (SEC §30), and supplies
``checks`` (``recorded_in`` = ``sccs``) and ``test_checks``. Installed, it claims the
``sccs`` scheme: ``jcp-controls evaluate sccs:exports/sccs evidence/``.
"""

__version__ = "0.1.0"
