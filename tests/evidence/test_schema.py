"""The evidence-folder columns are declared once, on the record classes."""

from __future__ import annotations

import attrs
import pytest

import jcp_controls as jc
from jcp_controls.evidence.schema import SCHEMAS, columns_of
from jcp_controls.models import RECORD_TYPES


@pytest.mark.parametrize("kind", list(jc.RecordKind))
def test_every_record_field_is_a_column_of_its_file(kind: jc.RecordKind) -> None:
    schema = SCHEMAS[kind]
    fields = attrs.fields(RECORD_TYPES[kind])
    assert [column.name for column in schema.columns] == [field.name for field in fields]
    for column, field in zip(schema.columns, fields, strict=True):
        assert column.required is (field.default is attrs.NOTHING), column.name


def test_column_types_come_from_the_annotations() -> None:
    columns = {column.name: column for column in columns_of(jc.AccessGrant)}
    assert columns["granted_on"].type == "date"
    assert columns["pseudo"].type == "bool"
    assert columns["grant_id"].type == "str"
    assert columns["removed_on"].type == "date"
    assert not columns["removed_on"].required
    cc = {column.name: column for column in columns_of(jc.ClaimantCommitment)}
    assert cc["version"].type == "int"
    assert cc["channel"].type is jc.CcChannel
    office = {column.name: column for column in columns_of(jc.Office)}
    assert office["region"].type is jc.Region


def test_a_field_added_to_a_record_is_a_column_without_touching_the_schema() -> None:
    @attrs.frozen
    class Parking:
        bay_id: str
        office_id: str
        allocated_on: jc.Region | None = None

    assert [(c.name, c.required) for c in columns_of(Parking)] == [
        ("bay_id", True),
        ("office_id", True),
        ("allocated_on", False),
    ]
