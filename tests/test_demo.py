"""The demo generator behind ``jcp-controls demo`` (cli.rst, CLI table: "write a realistic
synthetic evidence folder (deterministic for a seed) and evaluate it").

The folder must follow the evidence-folder contract of evidence.rst, load without input
errors, and show the whole catalogue of catalogue.rst on its ``as_of`` date: a mostly compliant
estate in which every control has at least one current ``fail`` (the ongoing manual controls,
which catalogue.rst says always ``warn``, excepted) and nothing is an ``error``.
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
from jcp_controls.controls.annex1 import CHECK_TYPES
from jcp_controls.controls.base import Status
from jcp_controls.controls.frequency import FrequencyKind
from jcp_controls.demo import write_demo
from jcp_controls.evidence.schema import SCHEMAS
from jcp_controls.models import Grade, RecordKind
from jcp_controls.report.model import Report

AS_OF = dt.date(2026, 11, 23)
OFFICES = 2
ACC_LRN = [f"ACC-{n:03d}" for n in range(1, 15)] + [f"LRN-{n:03d}" for n in range(1, 4)]
CATALOGUE = jc.Catalogue.from_plugins(jc.Plugins(entry_points=False))
# catalogue.rst, CHK: `ongoing` (Accidents/Reporting incidents, People Performance, Physical
# Security) is "not computable; one warn result per office, message 'manual control', never
# pass" — so these are the only controls that cannot show a fail.
MANUAL = ("CHK-011", "CHK-023", "CHK-026")
FAILING = [c.control_id for c in CATALOGUE.controls if c.control_id not in MANUAL]
# catalogue.rst, CHK-038: the ISO 2859-1 general inspection level II sample sizes.
ISO_LEVEL_II = ((8, 2), (15, 3), (25, 5), (50, 8), (90, 13), (150, 20), (280, 32), (500, 50))
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
    assert RecordKind.CHECKS.filename in differing
    assert RecordKind.EVENTS.filename in differing


def test_generation_leaves_the_global_random_generator_alone(tmp_path: Path) -> None:
    import random

    random.seed(99)
    expected = random.random()
    random.seed(99)
    write_demo(tmp_path, offices=1, seed=5, as_of=AS_OF)
    assert random.random() == expected


# -- the evidence-folder contract (evidence.rst, General rules and Files) ------------------------


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
    # evidence.rst learning.csv: "job_role is required for lms_core".
    rows = [row for row in _rows(demo[0], RecordKind.LEARNING) if row["course"] == "lms_core"]
    assert rows
    assert all(row["job_role"] for row in rows)


def test_past_actions_are_dated_on_or_before_as_of(demo: tuple[Path, dict[str, int]]) -> None:
    folder, _ = demo
    past = {
        RecordKind.STAFF: ("started_on", "role_since", "left_on"),
        RecordKind.DESIGNATIONS: ("from_on", "to_on"),
        RecordKind.ABSENCES: ("start_on", "end_on"),
        RecordKind.ENROLMENTS: ("from_on", "to_on"),
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
    evidence: jc.Evidence, report: Report
) -> None:
    # The one exception is deliberate: an office whose CSM has left without a successor being
    # recorded, which SEC-005 (csm-in-post) must then report as its fail.
    staff = {person.staff_id: person for person in evidence.get(RecordKind.STAFF)}
    vacant = {
        r.office_id
        for r in report.results
        if r.control_id == "SEC-005" and r.status is Status.FAIL
    }
    assert vacant
    for office in evidence.get(RecordKind.OFFICES):
        csm = staff[office.csm_staff_id]
        assert csm.office_id == office.office_id
        assert csm.job_role == "customer_service_manager"
        assert csm.grade in (Grade.HEO, Grade.SEO)
        if office.office_id in vacant:
            assert csm.left_on is not None
            assert csm.left_on < AS_OF
        else:
            assert csm.is_current(AS_OF)
        assert staff[office.iam_staff_id].is_current(AS_OF)
    roles = collections.Counter(person.job_role for person in staff.values())
    for role in ("work_coach", "work_coach_team_leader", "service_delivery_support"):
        assert roles[role] > 0, role
    for person in staff.values():
        if person.line_manager_id is not None:
            assert person.line_manager_id in staff


def test_every_check_type_event_and_enrolment_of_the_catalogue_is_written(
    demo: tuple[Path, dict[str, int]],
) -> None:
    # evidence.rst: checks.csv check_type "is a slug from the mandatory-check catalogue";
    # events.csv "the catalogue says which event makes which check due"; enrolments.csv
    # "who is in scope of a subject-level check". catalogue.rst, CHK: ongoing rows have nothing
    # to record, CHK-001/037 are evaluated as other controls, CHK-036 is met by learning.
    folder, _ = demo
    checks = {row["check_type"] for row in _rows(folder, RecordKind.CHECKS)}
    events = {row["event_type"] for row in _rows(folder, RecordKind.EVENTS)}
    enrolled = {row["check_type"] for row in _rows(folder, RecordKind.ENROLMENTS)}
    recorded = {
        entry.check_type
        for entry in CHECK_TYPES
        if entry.met_by_course is None
        and all(
            part.kind not in (FrequencyKind.ONGOING, FrequencyKind.EVALUATED_AS)
            for part in entry.frequency.each()
        )
    }
    assert len(recorded) == 38 - 3 - 2 - 1
    assert recorded - checks == set()
    assert checks <= {entry.check_type for entry in CHECK_TYPES}
    wanted_events = {part.event for e in CHECK_TYPES for part in e.frequency.each() if part.event}
    assert wanted_events - events == set()
    assert {e.check_type for e in CHECK_TYPES if e.scope == "enrolled"} - enrolled == set()


def test_checks_events_and_enrolments_name_staff_of_their_office(
    demo: tuple[Path, dict[str, int]], evidence: jc.Evidence
) -> None:
    folder, _ = demo
    office_of = {person.staff_id: person.office_id for person in evidence.get(RecordKind.STAFF)}
    for kind in (RecordKind.CHECKS, RecordKind.EVENTS, RecordKind.ENROLMENTS):
        for row in _rows(folder, kind):
            if row["subject_id"]:
                assert office_of[row["subject_id"]] == row["office_id"], (kind, row)
    for row in _rows(folder, RecordKind.CHECKS):
        if row["check_type"] != "bcs_validation":
            assert office_of[row["performed_by"]] == row["office_id"], row


def test_checks_are_recorded_mostly_in_bcs_some_locally_or_in_sccs(
    demo: tuple[Path, dict[str, int]],
) -> None:
    # evidence.rst checks.csv: "as recorded in BCS, SCCS or locally".
    where = collections.Counter(row["recorded_in"] for row in _rows(demo[0], RecordKind.CHECKS))
    assert set(where) == {"bcs", "sccs", "local"}
    assert where["bcs"] > where["sccs"] + where["local"]


def _iso_sample_size(n: int) -> int:
    assert n <= ISO_LEVEL_II[-1][0]
    return min(n, next(size for largest, size in ISO_LEVEL_II if n <= largest))


def test_bcs_validations_are_sized_by_iso_2859_level_ii_with_one_quarter_short(
    demo: tuple[Path, dict[str, int]],
) -> None:
    # SEC §28 and catalogue.rst CHK-038: each complete quarter overlapping the lookback window
    # needs sample_size(n) bcs_validation checks in the quarter or within 30 days after it,
    # n being the office's checks recorded in BCS that quarter.
    rows = _rows(demo[0], RecordKind.CHECKS)
    population: collections.Counter[tuple[str, dt.date]] = collections.Counter()
    validations: dict[str, list[dt.date]] = collections.defaultdict(list)
    for row in rows:
        day = dt.date.fromisoformat(row["performed_on"])
        if row["check_type"] == "bcs_validation":
            validations[row["office_id"]].append(day)
        elif row["recorded_in"] == "bcs":
            population[row["office_id"], dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)] += 1
    window = dt.date(AS_OF.year - 1, AS_OF.month, AS_OF.day)
    met = short = 0
    for (office, first), n in population.items():
        last = dt.date(first.year + first.month // 10, (first.month + 2) % 12 + 1, 1)
        last -= dt.timedelta(days=1)
        if last < window or last >= AS_OF:
            continue  # outside the lookback window, or not complete
        closes = last + dt.timedelta(days=30)
        done = sum(first <= day <= closes for day in validations[office])
        if done >= _iso_sample_size(n):
            met += 1
        else:
            short += 1
    assert short >= 1
    assert met > 2 * short


def test_claimant_refs_are_pseudonymous(
    demo: tuple[Path, dict[str, int]], evidence: jc.Evidence
) -> None:
    # evidence.rst: claimant_ref is "a pseudonymous claimant reference; never a NINo or name".
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


# -- findings on as_of (catalogue.rst, the whole catalogue) -------------------------------------


def test_the_catalogue_is_the_whole_of_controls_md() -> None:
    ids = {c.control_id for c in CATALOGUE.controls}
    expected = (
        set(ACC_LRN)
        | {f"JCC-{n:03d}" for n in range(1, 9)}
        | {f"SEC-{n:03d}" for n in range(1, 8)}
        | {"INT-001"}
        | {f"CHK-{n:03d}" for n in range(1, 39)}
    )
    assert expected <= ids
    assert set(MANUAL) <= ids


@pytest.mark.parametrize("control_id", FAILING)
def test_every_control_has_a_current_fail(report: Report, control_id: str) -> None:
    statuses = _statuses(report)[control_id]
    assert statuses["fail"] > 0, dict(statuses)
    assert statuses["error"] == 0


@pytest.mark.parametrize("control_id", MANUAL)
def test_ongoing_manual_controls_warn_once_per_office(
    report: Report, evidence: jc.Evidence, control_id: str
) -> None:
    # catalogue.rst, CHK, `ongoing`: one warn result per office, "manual control", never pass.
    results = [r for r in report.results if r.control_id == control_id]
    offices = {office.office_id for office in evidence.get(RecordKind.OFFICES)}
    assert sorted(r.office_id for r in results) == sorted(offices)
    assert all(r.status is Status.WARN and "manual control" in r.message for r in results)


def test_no_result_is_an_error(report: Report) -> None:
    # catalogue.rst: error = "the evidence it needs is missing or was rejected"; the demo
    # supplies every file, so nothing may be unevaluable.
    assert [r for r in report.results if r.status is Status.ERROR] == []


@pytest.mark.parametrize("control_id", FAILING)
def test_passes_dominate_every_control_with_many_subjects(report: Report, control_id: str) -> None:
    # A realistic, mostly compliant estate: where a control judges many subjects (staff,
    # grants, claimants, events) most of them pass.
    statuses = _statuses(report)[control_id]
    total = sum(statuses.values())
    if total >= 40:
        assert statuses["pass"] >= 0.8 * total, dict(statuses)


def test_most_results_pass_and_a_few_fall_due_within_the_warning_window(report: Report) -> None:
    # catalogue.rst: warn = "falls due within policy.warn_days (default 30)", "is inside a grace
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
    # evidence.rst waivers.csv: a finding matching an unexpired waiver is `waived`; an expired
    # waiver stops applying the day after expires_on.
    waivers = evidence.get(RecordKind.WAIVERS)
    by_subject = {(r.control_id, r.subject_id): r for r in report.results}
    live = [w for w in waivers if w.expires_on >= AS_OF]
    expired = [w for w in waivers if w.expires_on < AS_OF]
    assert live
    assert expired
    assert any(not w.control_id.startswith("ACC-") for w in live)
    for waiver in live:
        assert by_subject[(waiver.control_id, waiver.subject_id)].status is Status.WAIVED
    for waiver in expired:
        assert by_subject[(waiver.control_id, waiver.subject_id)].status is Status.FAIL


@pytest.mark.parametrize("as_of", [dt.date(2031, 2, 28), dt.date(2024, 2, 29)])
def test_findings_are_current_whatever_the_date(tmp_path: Path, as_of: dt.date) -> None:
    write_demo(tmp_path, offices=OFFICES, seed=11, as_of=as_of)
    evidence = jc.load(str(tmp_path))
    assert evidence.errors == ()
    assert evidence.warnings == ()
    report = jc.evaluate(evidence, as_of=as_of)
    statuses = _statuses(report)
    assert [c for c in FAILING if statuses[c]["fail"] == 0] == []
    assert [c for c in MANUAL if statuses[c]["warn"] == 0] == []
    assert [r for r in report.results if r.status is Status.ERROR] == []


def test_offices_below_one_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="offices"):
        write_demo(tmp_path, offices=0, seed=1, as_of=AS_OF)


# -- the command line (cli.rst, CLI and JSON report) --------------------------------------


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
    assert set(FAILING) <= failing
    assert [r for r in report["results"] if r["status"] == "error"] == []
    assert captured.err.startswith("jcp-controls: wrote")
