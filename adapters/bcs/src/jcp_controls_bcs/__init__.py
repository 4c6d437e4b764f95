"""jcp-controls-bcs: the Business Controls System (BCS) database as a jcp-controls source, and
the place every evaluation's results are recorded.

``jcp-controls evaluate bcs:sqlite:///bcs.db evidence/`` reads mandatory-check results,
validations, enrolments and events from BCS and writes the run's results back to it;
``jcp-controls-bcs`` creates, migrates and reads the database (``init``, ``upgrade``,
``history``, ``diff``, ``export``).
"""

from __future__ import annotations

__all__ = ["__version__"]

#: The adapter's version.
__version__ = "0.1.0"
