"""The demo generator behind ``jcp-controls demo`` (interface.md, CLI table: "write a realistic
synthetic evidence folder (deterministic for a seed) and evaluate it").

The folder must follow the evidence-folder contract of evidence.md, load without input
errors, and show current findings for every ACC and LRN control of controls.md on its
``as_of`` date.
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest

import jcp_controls as jc
from jcp_controls.cli import main
from jcp_controls.controls.base import Status
from jcp_controls.demo import write_demo
from jcp_controls.evidence.schema import SCHEMAS
from jcp_controls.models import Grade, RecordKind
from jcp_controls.report.model import Report

AS_OF = dt.date(2026, 11, 23)
OFFICES = 2
ACC_LRN = [f"ACC-{n:03d}" for n in range(1, 15)] + [f"LRN-{n:03d}" for n in range(1, 4)]
# The shape of a National Insurance number: two letters, six digits, suffix A-D (deliberately
# looser than the allocated prefixes, so that example numbers such as QQ 12 34 56 C match).
NINO = re.compile(r"[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]", re.IGNORECASE)


def _rows(folder: Path, kind: RecordKind) -> list[dict[str, str]]:
    with (folder / kind.filename).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _statuses(report: Report) -> dict[str, collections.Counter[str]]:
    found: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for result in report.results:
        found[result.control_id][result.status.value] += 1
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("demo")
    counts = write_demo(folder, offices=OFFICES, seed=7, as_of=AS_OF)
    return folder, counts


@pytest.fixture(scope="module")
def evidence(demo: tuple[Path, dict[str, int]]) -> jc.Evidence:
    return jc.load(str(demo[0]))


@pytest.fixture(scope="module")
def report(evidence: jc.Evidence) -> Report:
    return jc.evaluate(evidence, as_of=AS_OF)


# -- determinism ------------------------------------------------------------------------------


def test_same_seed_and_date_give_byte_identical_files(tmp_path: Path) -> None:
    first = write_demo(tmp_path / "a", offices=OFFICES, seed=3, as_of=AS_OF)
    second = write_demo(tmp_path / "b", offices=OFFICES, seed=3, as_of=AS_OF)
    assert first == second
    for schema in SCHEMAS.values():
        a = (tmp_path / "a" / schema.filename).read_bytes()
        b = (tmp_path / "b" / schema.filename).read_bytes()
        assert a == b, schema.filename


def test_different_seed_gives_a_different_folder(tmp_path: Path) -> None:
    write_demo(tmp_path / "a", offices=OFFICES, seed=3, as_of=AS_OF)
    write_demo(tmp_path / "b", offices=OFFICES, seed=4, as_of=AS_OF)
    differing = [
        schema.filename
        for schema in SCHEMAS.values()
        if (tmp_path / "a" / schema.filename).read_bytes()
        != (tmp_path / "b" / schema.filename).read_bytes()
    ]
    assert RecordKind.STAFF.filename in differing
    assert RecordKind.ACCESS_GRANTS.filename in differing


def test_generation_leaves_the_global_random_generator_alone(tmp_path: Path) -> None:
    import random

    random.seed(99)
    expected = random.random()
    random.seed(99)
    write_demo(tmp_path, offices=1, seed=5, as_of=AS_OF)
    assert random.random() == expected


# -- the evidence-folder contract (evidence.md, General rules and Files) ------------------------


def test_all_seventeen_files_with_schema_headers_utf8_and_lf(
    demo: tuple[Path, dict[str, int]],
) -> None:
    folder, _ = demo
    assert sorted(path.name for path in folder.glob("*.csv")) == sorted(
        schema.filename for schema in SCHEMAS.values()
    )
    assert len(SCHEMAS) == 17
    for schema in SCHEMAS.values():
        raw = (folder / schema.filename).read_bytes()
        text = raw.decode("utf-8")
        assert "\r" not in text, schema.filename
        assert text.endswith("\n")
        header = next(csv.reader([text.split("\n", 1)[0]]))
        assert header == [column.name for column in schema.columns], schema.filename


def test_counts_name_every_file_in_evidence_md_order_and_match_rows(
    demo: tuple[Path, dict[str, int]],
) -> None:
    folder, counts = demo
    assert list(counts) == [kind.value for kind in SCHEMAS]
    for kind in SCHEMAS:
        assert counts[kind.value] == len(_rows(folder, kind)), kind.value
        assert counts[kind.value] > 0, kind.value


def test_loads_with_zero_input_errors_and_every_kind_present(
    evidence: jc.Evidence, demo: tuple[Path, dict[str, int]]
) -> None:
    assert evidence.errors == ()
    assert evidence.warnings == ()
    for kind in SCHEMAS:
        assert evidence.has(kind), kind
    staff = evidence.get(RecordKind.STAFF)
    assert len(staff) == demo[1]["staff"]


def test_lms_core_learning_always_names_its_job_role(demo: tuple[Path, dict[str, int]]) -> None:
    # evidence.md learning.csv: "job_role is required for lms_core".
    rows = [row for row in _rows(demo[0], RecordKind.LEARNING) if row["course"] == "lms_core"]
    assert rows
    assert all(row["job_role"] for row in rows)


def test_past_actions_are_dated_on_or_before_as_of(demo: tuple[Path, dict[str, int]]) -> None:
    folder, _ = demo
    past = {
        RecordKind.STAFF: ("started_on", "role_since", "left_on"),
        RecordKind.LEARNING: ("completed_on",),
        RecordKind.ACCESS_GRANTS: ("granted_on", "removed_on"),
        RecordKind.ACCESS_REVIEWS: ("reviewed_on",),
        RecordKind.REVIEWS: ("reviewed_on",),
        RecordKind.CHECKS: ("performed_on",),
        RecordKind.EVENTS: ("occurred_on",),
        RecordKind.CLAIMANT_COMMITMENTS: ("created_on", "dormant_since", "destroyed_on"),
        RecordKind.INCIDENTS: ("occurred_on", "reported_on", "escalated_on", "closed_on"),
        RecordKind.TEST_CHECKS: ("generated_on", "form_completed_on"),
        RecordKind.INTERVIEW_CANCELLATIONS: ("cancelled_on", "rebooked_on"),
    }
    for kind, columns in past.items():
        for row in _rows(folder, kind):
            for column in columns:
                if row[column]:
                    assert dt.date.fromisoformat(row[column]) <= AS_OF, (kind, column, row)


def test_offices_scale_and_regions(demo: tuple[Path, dict[str, int]]) -> None:
    folder, counts = demo
    offices = _rows(folder, RecordKind.OFFICES)
    assert counts["offices"] == OFFICES == len({row["office_id"] for row in offices})
    assert all(re.fullmatch(r"OF\d{3}", row["office_id"]) for row in offices)
    assert {row["region"] for row in offices} <= {"england", "wales", "scotland"}
    assert 50 * OFFICES <= counts["staff"] <= 250 * OFFICES


def test_each_office_has_a_current_csm_and_iam_and_manager_chains(
    evidence: jc.Evidence,
) -> None:
    staff = {person.staff_id: person for person in evidence.get(RecordKind.STAFF)}
    for office in evidence.get(RecordKind.OFFICES):
        csm = staff[office.csm_staff_id]
        assert csm.office_id == office.office_id
        assert csm.job_role == "customer_service_manager"
        assert csm.grade in (Grade.HEO, Grade.SEO)
        assert csm.is_current(AS_OF)
        assert staff[office.iam_staff_id].is_current(AS_OF)
    roles = collections.Counter(person.job_role for person in staff.values())
    for role in ("work_coach", "work_coach_team_leader", "service_delivery_support"):
        assert roles[role] > 0, role
    for person in staff.values():
        if person.line_manager_id is not None:
            assert person.line_manager_id in staff


def test_claimant_refs_are_pseudonymous(
    demo: tuple[Path, dict[str, int]], evidence: jc.Evidence
) -> None:
    # evidence.md: claimant_ref is "a pseudonymous claimant reference; never a NINo or name".
    folder, _ = demo
    names = {person.name for person in evidence.get(RecordKind.STAFF)}
    refs = [row["claimant_ref"] for row in _rows(folder, RecordKind.CLAIMANT_COMMITMENTS)]
    refs += [row["claimant_ref"] for row in _rows(folder, RecordKind.INTERVIEW_CANCELLATIONS)]
    assert refs
    for ref in refs:
        assert not NINO.search(ref), ref
        assert ref not in names
        assert re.fullmatch(r"C\d{7}", ref), ref


def test_nino_pattern_used_above_does_detect_a_nino() -> None:
    assert NINO.search("QQ 12 34 56 C")
    assert NINO.search("ab123456d")


# -- findings on as_of (controls.md, ACC and LRN) -----------------------------------------------


@pytest.mark.parametrize("control_id", ACC_LRN)
def test_every_acc_and_lrn_control_has_a_current_finding(report: Report, control_id: str) -> None:
    statuses = _statuses(report)[control_id]
    assert statuses["fail"] > 0, dict(statuses)
    assert statuses["error"] == 0


def test_most_results_pass_and_a_few_fall_due_within_the_warning_window(report: Report) -> None:
    # controls.md: warn = "falls due within policy.warn_days (default 30)", "is inside a grace
    # period, or was met late" — so no warning falls due later than the warning window (a
    # one-off obligation met late warns with a due date in the past).
    statuses = collections.Counter(result.status for result in report.results)
    assert statuses[Status.WARN] >= 1
    assert statuses[Status.PASS] > 10 * (statuses[Status.FAIL] + statuses[Status.WARN])
    for result in report.results:
        if result.status is Status.WARN and result.due_on is not None:
            assert result.due_on <= AS_OF + dt.timedelta(days=30), result


def test_one_waiver_covers_a_real_finding_and_an_expired_one_does_not(
    report: Report, evidence: jc.Evidence
) -> None:
    # evidence.md waivers.csv: a finding matching an unexpired waiver is `waived`; an expired
    # waiver stops applying the day after expires_on.
    waivers = evidence.get(RecordKind.WAIVERS)
    by_subject = {(r.control_id, r.subject_id): r for r in report.results}
    live = [w for w in waivers if w.expires_on >= AS_OF]
    expired = [w for w in waivers if w.expires_on < AS_OF]
    assert live
    assert expired
    for waiver in live:
        assert by_subject[(waiver.control_id, waiver.subject_id)].status is Status.WAIVED
    for waiver in expired:
        assert by_subject[(waiver.control_id, waiver.subject_id)].status is Status.FAIL


@pytest.mark.parametrize("as_of", [dt.date(2031, 2, 28), dt.date(2024, 2, 29)])
def test_findings_are_current_whatever_the_date(tmp_path: Path, as_of: dt.date) -> None:
    write_demo(tmp_path, offices=OFFICES, seed=11, as_of=as_of)
    evidence = jc.load(str(tmp_path))
    assert evidence.errors == ()
    statuses = _statuses(jc.evaluate(evidence, as_of=as_of))
    assert [c for c in ACC_LRN if statuses[c]["fail"] == 0] == []


def test_offices_below_one_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="offices"):
        write_demo(tmp_path, offices=0, seed=1, as_of=AS_OF)


# -- the command line (interface.md, CLI and JSON report) --------------------------------------


def test_cli_demo_writes_default_six_offices_and_prints_a_json_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo"
    code = main(["demo", "--out", str(out), "--as-of", "2026-11-23", "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0
    report = json.loads(captured.out)
    assert report["schema"] == "jcp-controls/report/1"
    assert report["as_of"] == "2026-11-23"
    assert report["input_errors"] == []
    assert len(_rows(out, RecordKind.OFFICES)) == 6
    failing = {r["control_id"] for r in report["results"] if r["status"] == "fail"}
    assert set(ACC_LRN) <= failing
    assert [r for r in report["results"] if r["status"] == "error"] == []
    assert captured.err.startswith("jcp-controls: wrote")
