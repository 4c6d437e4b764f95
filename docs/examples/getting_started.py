"""Getting started in Python: the notebook walk-through of docs/getting-started.rst.

Run it in a folder holding ``demo-evidence/`` (``jcp-controls demo --out demo-evidence``);
tests/test_docs.py runs it exactly as written.
"""

import jcp_controls as jc

# Load an evidence folder. Bad rows never raise here: they are collected, with file, line,
# column and value, so you decide between strict and lenient.
evidence = jc.load("demo-evidence/")
if evidence.errors:
    raise jc.EvidenceError(evidence.errors)

# Evaluate on a fixed date (nothing reads the clock) with two settings changed.
policy = jc.Policy.from_mapping({"warn_days": 14, "access": {"leaver_grace_days": 2}})
report = jc.evaluate(evidence, as_of="2026-11-22", policy=policy)

# Counts by control and status, plus a "total" row.
summary = report.summary()
print(summary["total"])

# What failed (or could not be evaluated) at one office.
for result in report.failures(office="OF001"):
    print(result.control_id, result.subject_id, result.message)

# In Jupyter, `report` on its own renders as an HTML table.
report  # noqa: B018 - a notebook cell showing the report

# The JSON report (jcp-controls/report/1), also written to a file.
report.to_json("report.json")

# A pandas DataFrame (pip install 'jcp-controls[pandas]').
df = report.to_pandas()
print(df.groupby(["control_id", "status"]).size())
