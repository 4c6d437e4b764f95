"""Office first: ``evaluate(offices=...)`` leaves other offices' subjects out before any rule
judges them, and gives exactly what evaluating everything and keeping that office gives."""

from __future__ import annotations

import datetime as dt

import pytest

import jcp_controls as jc
from jcp_controls.demo import write_demo

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> jc.Evidence:
    folder = tmp_path_factory.mktemp("office-first") / "evidence"
    write_demo(folder, offices=4, seed=11, as_of=AS_OF)
    return jc.load(folder)


@pytest.fixture(scope="module")
def everything(estate: jc.Evidence) -> jc.Report:
    return jc.evaluate(estate, as_of=AS_OF, plugins=jc.Plugins(entry_points=False))


def _kept(report: jc.Report, offices: set[str]) -> list[jc.Result]:
    return [r for r in report.results if r.office_id is None or r.office_id in offices]


@pytest.mark.parametrize("offices", [["OF001"], ["OF002"], ["OF003", "OF004"]])
def test_one_office_gives_what_everything_gives_for_it(
    estate: jc.Evidence, everything: jc.Report, offices: list[str]
) -> None:
    report = jc.evaluate(
        estate, as_of=AS_OF, offices=offices, plugins=jc.Plugins(entry_points=False)
    )
    assert report.results == tuple(_kept(everything, set(offices)))
    assert report.to_dict()["controls"] == _counts_of(everything, set(offices))


def _counts_of(report: jc.Report, offices: set[str]) -> list[dict[str, object]]:
    document = jc.Report(
        as_of=report.as_of,
        policy=report.policy,
        controls=report.controls,
        results=tuple(_kept(report, offices)),
    ).to_dict()
    controls: list[dict[str, object]] = document["controls"]
    return controls


def test_other_offices_subjects_are_not_judged(estate: jc.Evidence) -> None:
    judged: list[str | None] = []

    def _grants(ctx: jc.RuleContext) -> list[jc.Scoped]:
        return [
            jc.Scoped(jc.Subject(jc.SubjectKind.OFFICE, office_id, office_id), office_id)
            for office_id in sorted(ctx.offices)
        ]

    def _judge(ctx: jc.RuleContext, office_id: str) -> jc.Finding:
        judged.append(office_id)
        return jc.Finding(jc.Status.PASS, "seen")

    spy = jc.Control(
        control_id="XMP-900",
        name="spy",
        severity=jc.Severity.LOW,
        citation="test",
        scope="office",
        subject_kind=jc.SubjectKind.OFFICE,
        rule_text="records which offices are judged",
        needs=(jc.RecordKind.OFFICES,),
        select=_grants,
        judge=_judge,
    )
    catalogue = jc.Catalogue((spy,))
    jc.evaluate(estate, as_of=AS_OF, offices=["OF002"], catalogue=catalogue, only=["XMP-900"])
    assert judged == ["OF002"]
