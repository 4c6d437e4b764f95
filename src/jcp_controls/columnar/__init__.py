"""The columnar engine: evidence as typed tables in embedded DuckDB, controls as queries.

Needs the ``columnar`` extra (``pip install 'jcp-controls[columnar]'``: DuckDB and
pyarrow); nothing here is imported until used, so ``import jcp_controls`` and
``jcp-controls --help`` cost the same without it. Results are identical to the Python
engine's (:func:`jcp_controls.evaluate`): the differential tests prove it.
"""

from __future__ import annotations

from jcp_controls.columnar.engine import evaluate_estate, runs_set_based
from jcp_controls.columnar.estate import Estate
from jcp_controls.columnar.load import load_estate

__all__ = ["Estate", "evaluate_estate", "load_estate", "runs_set_based"]
