"""The evidence records of an LMS export: access grants from LMS2 joined to their LMS1
forms, and access reviews from the review log.

* ``authorised_by``: the LMS1 form's authoriser, else the LMS2 row's (a grant recorded
  without a form keeps who allocated it); both given and different is an input error.
* ``pseudo_reason`` and ``pseudo_end_on`` of a pseudo account come from its LMS1 form.
* An LMS2 row naming a form that LMS1 does not hold, or a form for another user, is an
  input error; so is a duplicate form reference in LMS1.
* ``office_id`` is the LMS2 office (the holder's office still wins in the controls); a row
  with neither a staff number nor an office is an input error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

import jcp_controls as jc
from jcp_controls_lms.mapping import Format
from jcp_controls_lms.reader import Row, Table

__all__ = ["Records", "build_records"]

SOURCE = "lms"


@attrs.frozen
class _Form:
    line: int
    account_id: str | None
    authorised_by: str | None
    pseudo_reason: str | None
    pseudo_end_on: dt.date | None


@attrs.define
class Records:
    """What an export yields: records and origins per kind, issues, rejected kinds."""

    records: dict[str, list[Any]] = attrs.field(factory=dict)
    origins: dict[str, list[jc.Origin]] = attrs.field(factory=dict)
    issues: list[jc.InputIssue] = attrs.field(factory=list)
    rejected: set[jc.RecordKind] = attrs.field(factory=set)

    def bucket(self, kind: jc.RecordKind) -> tuple[list[Any], list[jc.Origin]]:
        """The lists to append records of ``kind`` and their origins to (present, even
        when empty, once asked for)."""
        return (
            self.records.setdefault(kind.value, []),
            self.origins.setdefault(kind.value, []),
        )


def _forms(table: Table, fmt: Format, out: Records) -> tuple[dict[str, _Form], set[str]]:
    """The LMS1 forms by reference, and the references of rows that were rejected."""
    row = Row(table, fmt, SOURCE)
    forms: dict[str, _Form] = {}
    bad: set[str] = set()
    for line, cells in table.rows:
        row.start(line, cells)
        ref = row.required_text("form_ref")
        form = _Form(
            line=line,
            account_id=row.text("account_id"),
            authorised_by=row.text("authorised_by"),
            pseudo_reason=row.text("pseudo_reason"),
            pseudo_end_on=row.date("pseudo_end_on"),
        )
        row.text("requested_by")
        row.date("requested_on")
        row.date("authorised_on")
        earlier = forms.get(ref)
        if earlier is not None:
            row.error("form_ref", ref, f"the same LMS1 reference is on line {earlier.line}")
            bad.add(ref)
        if row.ok:
            forms[ref] = form
        elif ref:
            bad.add(ref)
    out.issues.extend(row.issues)
    for ref in bad:
        forms.pop(ref, None)
    return forms, bad


def _grants(
    table: Table,
    fmt: Format,
    forms: Mapping[str, _Form] | None,
    bad_forms: set[str],
    lms1_file: str,
    out: Records,
) -> None:
    row = Row(table, fmt, SOURCE)
    records, origins = out.bucket(jc.RecordKind.ACCESS_GRANTS)
    for line, cells in table.rows:
        row.start(line, cells)
        grant_id = row.required_text("grant_id")
        account_id = row.required_text("account_id")
        staff_id = row.text("staff_id")
        office_id = row.text("office_id")
        pseudo = row.code("pseudo") == "true"
        entitlement = row.required_code("entitlement")
        granted_on = row.required_date("granted_on")
        removed_on = row.date("removed_on")
        form_ref = row.text("form_ref")
        authorised_by = row.text("authorised_by")
        if staff_id is None and office_id is None:
            row.error(
                "office_id",
                None,
                f"{row.column('office_id')} is required when {row.column('staff_id')} is empty",
            )
        form = None
        if form_ref is not None and forms is not None:
            form = forms.get(form_ref)
            if form is None:
                message = (
                    f"its LMS1 record in {lms1_file} was rejected"
                    if form_ref in bad_forms
                    else f"no LMS1 record with this reference in {lms1_file}"
                )
                row.error("form_ref", form_ref, message)
            elif account_id and form.account_id not in (None, account_id):
                row.error(
                    "form_ref",
                    form_ref,
                    f"the LMS1 record ({lms1_file} line {form.line}) is for user "
                    f"{form.account_id!r}, not {account_id!r}",
                )
        if form is not None and form.authorised_by is not None:
            if authorised_by is not None and authorised_by != form.authorised_by:
                row.error(
                    "authorised_by",
                    authorised_by,
                    f"the LMS1 record ({lms1_file} line {form.line}) names "
                    f"{form.authorised_by!r} as authoriser",
                )
            authorised_by = form.authorised_by
        if not row.ok:
            continue
        records.append(
            jc.AccessGrant(
                grant_id=grant_id,
                system="lms",
                account_id=account_id,
                entitlement=entitlement,
                granted_on=granted_on,
                staff_id=staff_id,
                office_id=office_id,
                authorised_by=authorised_by,
                form_ref=form_ref,
                pseudo=pseudo,
                pseudo_reason=form.pseudo_reason if pseudo and form is not None else None,
                pseudo_end_on=form.pseudo_end_on if pseudo and form is not None else None,
                removed_on=removed_on,
            )
        )
        origins.append(jc.Origin(SOURCE, table.file, line))
    out.issues.extend(row.issues)


def _reviews(table: Table, fmt: Format, out: Records) -> None:
    row = Row(table, fmt, SOURCE)
    records, origins = out.bucket(jc.RecordKind.ACCESS_REVIEWS)
    outcomes = {outcome.value: outcome for outcome in jc.ReviewOutcome}
    for line, cells in table.rows:
        row.start(line, cells)
        grant_id = row.required_text("grant_id")
        reviewed_on = row.required_date("reviewed_on")
        reviewer_id = row.text("reviewer_id")
        outcome = row.code("outcome")
        if not row.ok:
            continue
        records.append(
            jc.AccessReview(
                grant_id=grant_id,
                reviewed_on=reviewed_on,
                reviewer_id=reviewer_id,
                outcome=outcomes[outcome] if outcome is not None else None,
            )
        )
        origins.append(jc.Origin(SOURCE, table.file, line))
    out.issues.extend(row.issues)


def build_records(
    tables: Mapping[str, Table | None],
    fmt: Format,
    lms1_file: str,
    layout_issues: Sequence[jc.InputIssue] = (),
) -> Records:
    """Records of the tables read (``lms2`` and ``lms1`` None when unusable; ``reviews``
    absent when the export has no review log)."""
    out = Records()
    out.issues.extend(layout_issues)
    grant_files = {table.file for name in ("lms2", "lms1") if (table := tables.get(name))}
    forms: dict[str, _Form] | None = None
    bad_forms: set[str] = set()
    lms1 = tables.get("lms1")
    if lms1 is not None:
        forms, bad_forms = _forms(lms1, fmt, out)
    lms2 = tables.get("lms2")
    if lms2 is not None:
        _grants(lms2, fmt, forms, bad_forms, lms1_file, out)
    if (
        lms2 is None
        or lms1 is None
        or any(issue.file in grant_files or issue.file == lms1_file for issue in out.issues)
    ):
        out.rejected.add(jc.RecordKind.ACCESS_GRANTS)
    reviews = tables.get("reviews")
    if "reviews" in tables:
        if reviews is None:
            out.rejected.add(jc.RecordKind.ACCESS_REVIEWS)
        else:
            _reviews(reviews, fmt, out)
            if any(issue.file == reviews.file for issue in out.issues):
                out.rejected.add(jc.RecordKind.ACCESS_REVIEWS)
    return out
