"""Comparing the two engines: the Python rules (the reference) and the set-based queries.

:func:`compare` evaluates one evidence twice, :func:`jcp_controls.evaluate` and
:func:`jcp_controls.columnar.evaluate_estate` over :meth:`Estate.from_evidence`, and returns,
per control, the first result that differs (status, due date, message, evidence, subject),
or the difference in the number of results.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import jcp_controls as jc
from jcp_controls.columnar import Estate, evaluate_estate
from jcp_controls.demo import write_demo


@functools.cache
def demo_evidence(offices: int, seed: int, as_of: dt.date) -> jc.Evidence:
    """The evidence of a demo folder (written once per process and arguments)."""
    folder = Path(tempfile.mkdtemp(prefix="jcp-differential-")) / "evidence"
    write_demo(folder, offices=offices, seed=seed, as_of=as_of)
    return jc.load(folder)


def by_control(report: jc.Report) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in report.results:
        grouped[result.control_id].append(result.to_dict())
    return grouped


def compare(
    evidence: jc.Evidence,
    as_of: dt.date,
    policy: jc.Policy | None = None,
    only: list[str] | None = None,
    offices: list[str] | None = None,
) -> dict[str, str]:
    """``{control_id: what differs}`` for every control whose results differ."""
    reference = jc.evaluate(evidence, as_of=as_of, policy=policy, only=only, offices=offices)
    estate = Estate.from_evidence(evidence)
    columnar = evaluate_estate(estate, as_of=as_of, policy=policy, only=only, offices=offices)
    left, right = by_control(reference), by_control(columnar)
    differences: dict[str, str] = {}
    for control_id in sorted(set(left) | set(right)):
        expected, got = left.get(control_id, []), right.get(control_id, [])
        for index, (want, have) in enumerate(zip(expected, got, strict=False)):
            if want != have:
                differences[control_id] = (
                    f"result {index}:\n  python:   {json.dumps(want, sort_keys=True)}\n"
                    f"  columnar: {json.dumps(have, sort_keys=True)}"
                )
                break
        else:
            if len(expected) != len(got):
                differences[control_id] = f"{len(expected)} results in python, {len(got)} columnar"
    for form in ("json", "table", "md"):
        if not differences and reference.render(form, include_passes=True) != columnar.render(
            form, include_passes=True
        ):
            differences["<report>"] = f"the {form} reports differ outside the results"
    return differences
