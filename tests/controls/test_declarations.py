"""A control is one declaration next to its rule: everything about it is on the declaration.

The catalogue, the docs and the demo read the family, frequency, owner and demo faults from
there; "evaluated as" resolves through the catalogue, so it works for plugin controls too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

import jcp_controls as jc

AS_OF = dt.date(2026, 11, 22)
LOCAL = jc.Family("XMP", "XMP — local controls", 9)


def _offices(ctx: jc.RuleContext) -> Iterator[jc.Scoped]:
    for office in ctx.offices.values():
        yield jc.Scoped(
            jc.Subject(jc.SubjectKind.OFFICE, office.office_id, office.office_id), office
        )


def _declare(family: jc.Family = LOCAL) -> jc.ControlSet:
    declared = jc.ControlSet(family)

    @declared.control(
        "XMP-002",
        name="office-named",
        severity=jc.Severity.LOW,
        citation="local policy",
        scope="office",
        subject_kind=jc.SubjectKind.OFFICE,
        rule="an office whose name starts with 'Closed': fail",
        needs=(jc.RecordKind.OFFICES,),
        select=_offices,
        frequency=jc.EVERY_EVALUATION,
        owner="Site manager",
        faults=[jc.DemoFault("closed_office", 0.1, 2)],
    )
    def office_named(ctx: jc.RuleContext, office: jc.Office) -> jc.Finding:
        if office.name.startswith("Closed"):
            return jc.Finding(jc.Status.FAIL, f"{office.name} is closed")
        return jc.Finding(jc.Status.PASS, "open")

    return declared


def test_the_decorator_declares_the_control_and_returns_the_rule_unchanged() -> None:
    declared = _declare()
    (control,) = declared.controls
    assert control.control_id == "XMP-002"
    assert control.family == LOCAL
    assert control.frequency == jc.EVERY_EVALUATION
    assert control.owner == "Site manager"
    assert control.faults == (jc.DemoFault("closed_office", 0.1, 2),)
    office = jc.Office("OF1", "Closed Road")
    finding = control.judge(None, office)  # type: ignore[arg-type]
    assert finding.status is jc.Status.FAIL


def test_a_control_id_declared_twice_is_refused() -> None:
    declared = _declare()
    with pytest.raises(ValueError, match="XMP-002 is declared twice"):
        declared.add(
            "XMP-002",
            name="again",
            severity=jc.Severity.LOW,
            citation="x",
            scope="office",
            subject_kind=jc.SubjectKind.OFFICE,
            rule="x",
            needs=(),
            select=_offices,
            judge=lambda ctx, item: jc.Finding(jc.Status.PASS, "ok"),
            frequency="never",
        )


def test_a_control_without_a_family_is_listed_under_its_id_prefix() -> None:
    control = jc.Control(
        control_id="ABC-001",
        name="x",
        severity=jc.Severity.LOW,
        citation="x",
        scope="x",
        subject_kind=jc.SubjectKind.OFFICE,
        rule_text="x",
        needs=(),
        select=lambda ctx: (),
        judge=lambda ctx, item: jc.Finding(jc.Status.PASS, "ok"),
    )
    assert control.family == jc.Family("ABC", "ABC controls")


def test_every_shipped_control_declares_family_frequency_and_owner() -> None:
    catalogue = jc.Catalogue.from_plugins(jc.Plugins(entry_points=False))
    assert len(catalogue.controls) == 71
    for control in catalogue.controls:
        assert control.frequency, control.control_id
        assert control.owner, control.control_id
        assert control.family.title.startswith(control.family.prefix), control.control_id
    families = {c.control_id: c.family.prefix for c in catalogue.controls}
    assert families["INT-001"] == "SEC"
    assert {families[f"CHK-{n:03d}"] for n in range(1, 39)} == {"CHK"}


def test_evaluated_as_resolves_a_plugin_control_through_the_catalogue() -> None:
    """A plugin check type "evaluated as" a plugin control: the catalogue finds it, and the
    generated control reads what the referenced one reads."""

    class Plugin:
        @jc.hookimpl
        def jcp_controls_controls(self) -> tuple[jc.Control, ...]:
            return _declare().controls

        @jc.hookimpl
        def jcp_controls_check_types(self) -> tuple[jc.CheckType, ...]:
            return (
                jc.CheckType(
                    check_type="closure_review",
                    category="Closures",
                    frequency="evaluated_as(XMP-002)",
                    owner="Site manager",
                    scope="office",
                ),
            )

    plugins = jc.Plugins(Plugin(), entry_points=False)
    catalogue = jc.Catalogue.from_plugins(plugins)
    control = catalogue.get("CHK-CLOSURE-REVIEW")
    assert jc.RecordKind.OFFICES in control.needs
    evidence = jc.Evidence.from_records(
        offices=[jc.Office("OF1", "Closed Road"), jc.Office("OF2", "High Street")],
    )
    report = jc.evaluate(evidence, as_of=AS_OF, plugins=plugins, only=["CHK-CLOSURE-REVIEW"])
    statuses = {r.office_id: r.status for r in report.results}
    assert statuses == {"OF1": jc.Status.FAIL, "OF2": jc.Status.PASS}
    assert "XMP-002" in next(r.message for r in report.results if r.office_id == "OF1")


def test_evaluated_as_an_unknown_control_is_an_error_not_a_pass() -> None:
    class Plugin:
        @jc.hookimpl
        def jcp_controls_check_types(self) -> tuple[jc.CheckType, ...]:
            return (
                jc.CheckType(
                    check_type="ghost_review",
                    category="Ghosts",
                    frequency="evaluated_as(XMP-404)",
                    owner="Site manager",
                    scope="office",
                ),
            )

    plugins = jc.Plugins(Plugin(), entry_points=False)
    evidence = jc.Evidence.from_records(offices=[jc.Office("OF1", "A")])
    report = jc.evaluate(evidence, as_of=AS_OF, plugins=plugins, only=["CHK-GHOST-REVIEW"])
    assert [r.status for r in report.results] == [jc.Status.ERROR]
    assert "XMP-404" in report.results[0].message


def test_the_demo_plants_every_fault_the_declarations_name() -> None:
    from jcp_controls.demo import FAULTS

    catalogue = jc.Catalogue.from_plugins(jc.Plugins(entry_points=False))
    declared = {
        fault.name: (control.control_id, fault.share, fault.minimum)
        for control in catalogue.controls
        for fault in control.faults
    }
    assert len(declared) >= 40
    for name, plan in declared.items():
        assert FAULTS[name] == plan, name


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Line Managers", jc.Owner.LINE_MANAGER),
        ("line managers", jc.Owner.LINE_MANAGER),
        ("  All line managers ", jc.Owner.LINE_MANAGER),
        ("Line manager of card holder", jc.Owner.LINE_MANAGER),
        ("central Quality Team", jc.Owner.QUALITY_TEAM),
        ("Any officer approving an expenses claim", jc.Owner.APPROVING_OFFICER),
        ("Jobcentre Customer Service Manager", jc.Owner.CSM),
    ],
)
def test_an_owner_has_one_spelling(text: str, owner: jc.Owner) -> None:
    assert jc.canonical_owner(text) == owner.value


def test_a_plugin_owner_outside_the_vocabulary_is_kept() -> None:
    assert jc.canonical_owner(" Jobcentre  HR business partner") == "Jobcentre HR business partner"


def test_every_shipped_owner_is_in_the_vocabulary() -> None:
    catalogue = jc.Catalogue.from_plugins(jc.Plugins(entry_points=False))
    assert {control.owner for control in catalogue.controls} <= {owner.value for owner in jc.Owner}
