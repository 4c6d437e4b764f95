"""The estate: what it holds, what it reads lazily, and evaluating it again and again."""

from __future__ import annotations

import datetime as dt

import attrs
from tests.columnar.differential import compare, demo_evidence

import jcp_controls as jc
from jcp_controls.catalogue import Catalogue
from jcp_controls.columnar import Estate, evaluate_estate, runs_set_based
from jcp_controls.columnar.estate import read_back
from jcp_controls.evidence.store import without_columns
from jcp_controls.models import AccessGrant, RecordKind
from jcp_controls.plugins import Plugins

AS_OF = dt.date(2026, 11, 23)
ESTATE = (2, 1, AS_OF)


def test_estate_tables_hold_every_record_with_slugs_and_dates() -> None:
    evidence = demo_evidence(*ESTATE)
    estate = Estate.from_evidence(evidence)
    for kind in RecordKind:
        if kind is RecordKind.LEARNING:
            continue
        assert estate.records(kind) == evidence.records[kind], kind
    grants = estate.table(RecordKind.ACCESS_GRANTS)
    assert str(grants.schema.field("granted_on").type) == "date32[day]"
    assert str(grants.schema.field("pseudo").type) == "bool"
    assert estate.learning_facts() == evidence.learning


def test_evidence_read_back_from_an_estate_reads_only_the_kinds_asked_for() -> None:
    estate = Estate.from_evidence(demo_evidence(*ESTATE))
    lazy = Estate(estate.connection, read_back, present=estate.present)
    evidence = lazy.evidence
    assert RecordKind.CHECKS in evidence.records  # membership reads nothing
    assert evidence.records._read == {}  # type: ignore[attr-defined]
    assert len(evidence.records[RecordKind.OFFICES]) == 2
    assert set(evidence.records._read) == {RecordKind.OFFICES}  # type: ignore[attr-defined]
    assert evidence.learning is not None
    assert evidence.learning._built is None  # deferred until a rule reads learning


def test_estate_evaluate_is_evaluate_estate_and_repeats_identically() -> None:
    estate = Estate.from_evidence(demo_evidence(*ESTATE))
    first = estate.evaluate(as_of=AS_OF)
    again = evaluate_estate(estate, as_of=AS_OF)
    one_office = estate.evaluate(as_of=AS_OF, offices=["OF002"])
    later = estate.evaluate(as_of=dt.date(2041, 3, 1))  # another calendar span
    assert first.to_json(include_passes=True) == again.to_json(include_passes=True)
    assert {r.office_id for r in one_office.results} == {"OF002"}
    assert list(one_office.results) == [r for r in first.results if r.office_id == "OF002"]
    assert later.as_of == dt.date(2041, 3, 1)
    assert estate.evaluate(as_of=AS_OF).to_json() == first.to_json()


def test_a_kind_without_an_optional_column_runs_its_controls_python_rule() -> None:
    """A grant file without ``removed_on``: rules reading it must say the evidence is
    unavailable, which the Python rules do; the set-based ones are not used for it."""
    evidence = demo_evidence(*ESTATE)
    partial = without_columns(AccessGrant, RecordKind.ACCESS_GRANTS, frozenset({"removed_on"}))
    grants = []
    for grant in evidence.records[RecordKind.ACCESS_GRANTS]:
        copy = attrs.evolve(grant)
        object.__setattr__(copy, "__class__", partial)
        grants.append(copy)
    records = {**evidence.records, RecordKind.ACCESS_GRANTS: tuple(grants)}
    varied = jc.Evidence(records, evidence.learning, sources=evidence.sources)
    estate = Estate.from_evidence(varied)
    assert RecordKind.ACCESS_GRANTS in estate.partial
    lrn = Catalogue.from_plugins(Plugins()).by_id()["LRN-001"]
    assert not runs_set_based(estate, lrn)
    assert compare(varied, AS_OF, only=["LRN-001", "LRN-002", "LRN-003"]) == {}


def test_a_query_the_database_refuses_falls_back_to_the_python_rule() -> None:
    """A set-based implementation with a bug (here: a table that does not exist) is never a
    traceback and never a wrong answer: the control's Python rule judges instead."""
    evidence = demo_evidence(*ESTATE)
    built = Catalogue.from_plugins(Plugins())
    broken = tuple(
        attrs.evolve(control, sql=lambda ctx: "SELECT * FROM no_such_table")
        if control.control_id == "LRN-002"
        else control
        for control in built.controls
    )
    catalogue = Catalogue(broken, built.check_types)
    estate = Estate.from_evidence(evidence)
    got = evaluate_estate(estate, as_of=AS_OF, catalogue=catalogue, only=["LRN-002"])
    expected = jc.evaluate(evidence, as_of=AS_OF, only=["LRN-002"])
    assert len(got.results) > 0
    assert got.to_json(include_passes=True) == expected.to_json(include_passes=True)
