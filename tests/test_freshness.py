"""Evidence freshness (issue 10, item 6): a source declares when it was extracted (a folder's
``manifest.toml``, an adapter's ``SourceBatch.extracted_on``); a control whose evidence is
older than ``evidence.max_age_days`` warns instead of passing, and past
``evidence.max_age_error_days`` every result is ``error``; the report shows every source's
extract date."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import jcp_controls as jc
from evidence.folders import AS_OF, write_folder
from jcp_controls import cli
from jcp_controls.evidence.csv import read_folder
from jcp_controls.evidence.sources import Progress
from jcp_controls.models import RecordKind

DAY = dt.date.fromisoformat(AS_OF)


def _folder(tmp_path: Path, manifest: str | None, name: str = "ev", **files: Any) -> Path:
    folder = write_folder(tmp_path / name, {f"{key}.csv": value for key, value in files.items()})
    if manifest is not None:
        (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    return folder


def _days_ago(days: int) -> str:
    return (DAY - dt.timedelta(days=days)).isoformat()


def _outcomes(report: jc.Report) -> list[tuple[str, str | None, str, str]]:
    return [(r.control_id, r.subject_id, r.status.value, r.message) for r in report.results]


def _report(*folders: Path, policy: jc.Policy | None = None) -> jc.Report:
    return jc.evaluate(jc.load(*folders), as_of=DAY, policy=policy)


@pytest.fixture
def baseline(tmp_path: Path) -> jc.Report:
    """The valid example without a manifest: nothing is judged stale."""
    return _report(_folder(tmp_path, None, name="plain"))


def test_folder_without_manifest_declares_no_date_and_is_not_judged(baseline: jc.Report) -> None:
    [source] = baseline.to_dict()["sources"]
    assert source["extracted_on"] is None
    assert source["kinds_extracted_on"] == {}
    assert not any("stale_evidence" in r.evidence for r in baseline.results)
    assert {r.status for r in baseline.results} >= {jc.Status.PASS, jc.Status.FAIL}


@pytest.mark.parametrize("age", [0, 7])
def test_fresh_manifest_changes_no_result(tmp_path: Path, baseline: jc.Report, age: int) -> None:
    report = _report(_folder(tmp_path, f"extracted_on = {_days_ago(age)}\n"))
    assert _outcomes(report) == _outcomes(baseline)
    assert report.to_dict()["sources"][0]["extracted_on"] == _days_ago(age)


@pytest.mark.parametrize("age", [8, 30])
def test_stale_evidence_turns_passes_into_warnings_naming_source_date_and_limit(
    tmp_path: Path, baseline: jc.Report, age: int
) -> None:
    folder = _folder(tmp_path, f"extracted_on = {_days_ago(age)}\n")
    report = _report(folder)
    assert len(report.results) == len(baseline.results)
    for before, after in zip(baseline.results, report.results, strict=True):
        assert (after.control_id, after.subject_id) == (before.control_id, before.subject_id)
        if before.status is not jc.Status.PASS:
            assert (after.status, after.message) == (before.status, before.message)
            continue
        assert after.status is jc.Status.WARN
        assert after.message.startswith(before.message + " (evidence may be stale: ")
        assert f"source csv ({folder})" in after.message
        assert f"extracted on {_days_ago(age)}, {age} days before as_of" in after.message
        assert "past evidence.max_age_days (7 days)" in after.message
        stale = after.evidence["stale_evidence"]
        assert stale["extracted_on"] == DAY - dt.timedelta(days=age)
        assert (stale["source"], stale["limit_days"], stale["status_before"]) == (
            "csv",
            7,
            "pass",
        )
    assert not any(r.status is jc.Status.PASS for r in report.results)


def test_very_stale_evidence_makes_every_result_an_error(
    tmp_path: Path, baseline: jc.Report
) -> None:
    report = _report(_folder(tmp_path, f"extracted_on = {_days_ago(31)}\n"))
    assert {r.status for r in report.results} == {jc.Status.ERROR}
    for before, after in zip(baseline.results, report.results, strict=True):
        assert after.message.startswith("stale evidence: ")
        assert "past evidence.max_age_error_days (30 days)" in after.message
        assert after.message.endswith(f"(was {before.status.value}: {before.message})")
        assert after.evidence["stale_evidence"]["status_before"] == before.status.value


def test_extract_after_as_of_is_not_stale(tmp_path: Path, baseline: jc.Report) -> None:
    report = _report(_folder(tmp_path, f"extracted_on = {(DAY + dt.timedelta(days=40))}\n"))
    assert _outcomes(report) == _outcomes(baseline)


def test_files_entry_for_a_file_the_folder_lacks_has_no_effect(
    tmp_path: Path, baseline: jc.Report
) -> None:
    folder = _folder(tmp_path, f'[files]\n"incidents.csv" = {_days_ago(90)}\n', incidents=None)
    plain = _report(_folder(tmp_path, None, name="plain2", incidents=None))
    report = _report(folder)
    assert _outcomes(report) == _outcomes(plain)
    [source] = report.to_dict()["sources"]
    assert (source["extracted_on"], source["kinds_extracted_on"]) == (None, {})


def test_limits_come_from_the_policy(tmp_path: Path, baseline: jc.Report) -> None:
    folder = _folder(tmp_path, f"extracted_on = {_days_ago(31)}\n")
    (folder / "policy.toml").write_text(
        "[evidence]\nmax_age_days = 60\nmax_age_error_days = 90\n", encoding="utf-8"
    )
    report = jc.evaluate(jc.load(folder), as_of=DAY, policy=jc.load_policy(folder))
    assert _outcomes(report) == _outcomes(baseline)


def test_a_file_of_its_own_date_only_affects_controls_that_need_it(
    tmp_path: Path, baseline: jc.Report
) -> None:
    manifest = f'extracted_on = {_days_ago(1)}\n\n[files]\n"staff.csv" = {_days_ago(45)}\n'
    report = _report(_folder(tmp_path, manifest))
    needs = {c.control_id: c.needs for c in report.controls}
    assert report.to_dict()["sources"][0]["kinds_extracted_on"] == {"staff": _days_ago(45)}
    touched = untouched = 0
    for before, after in zip(baseline.results, report.results, strict=True):
        if RecordKind.STAFF in needs[after.control_id]:
            touched += 1
            assert after.status is jc.Status.ERROR
            assert "staff.csv from source csv" in after.message
        else:
            untouched += 1
            assert (after.status, after.message) == (before.status, before.message)
    assert touched
    assert untouched


def test_stale_warning_is_not_waived_and_a_stale_waiver_is_an_error(
    tmp_path: Path, baseline: jc.Report
) -> None:
    """Freshness is judged after waivers: a waived finding stays waived while the evidence is
    merely old, and becomes an error past the second limit."""
    failing = next(r for r in baseline.results if r.status is jc.Status.FAIL)
    assert failing.subject_id is not None
    waiver = {
        "control_id": failing.control_id,
        "subject_id": failing.subject_id,
        "reason": "accepted for the test",
        "approved_by": "S001",
        "approved_on": "2026-10-01",
        "expires_on": "2027-01-31",
    }
    key = (failing.control_id, failing.subject_id)

    def status_at(age: int) -> list[jc.Status]:
        folder = _folder(
            tmp_path, f"extracted_on = {_days_ago(age)}\n", name=f"w{age}", waivers=[waiver]
        )
        return [r.status for r in _report(folder).results if (r.control_id, r.subject_id) == key]

    assert status_at(0) == [jc.Status.WAIVED]
    assert status_at(10) == [jc.Status.WAIVED]
    assert status_at(40) == [jc.Status.ERROR]


class _StaffExport:
    """An adapter supplying staff from an HR extract of a known day (scheme ``hr:``)."""

    def __init__(self, staff: Sequence[Any], extracted_on: Any) -> None:
        self.staff = staff
        self.extracted_on = extracted_on

    @jc.hookimpl
    def jcp_controls_sources(self) -> Sequence[jc.EvidenceSource]:
        def load(location: str, progress: Progress | None) -> jc.SourceBatch:
            return jc.SourceBatch.from_records(
                "hr", f"hr:{location}", {"staff": self.staff}, extracted_on=self.extracted_on
            )

        return (jc.EvidenceSource("hr", ("hr",), frozenset({RecordKind.STAFF}), load),)


def _adapter_run(tmp_path: Path, extracted_on: Any) -> tuple[jc.Evidence, jc.Report]:
    staff = read_folder(_folder(tmp_path, None, name="full")).records[RecordKind.STAFF]
    rest = _folder(tmp_path, None, name="rest", staff=None)
    plugins = jc.Plugins(_StaffExport(staff, extracted_on), entry_points=False)
    evidence = jc.load(rest, "hr:staff-2026-11.xlsx", plugins=plugins)
    return evidence, jc.evaluate(evidence, as_of=DAY, plugins=jc.Plugins(entry_points=False))


def test_adapter_batch_with_extracted_on_is_shown_and_judged(
    tmp_path: Path, baseline: jc.Report
) -> None:
    _, report = _adapter_run(tmp_path, DAY - dt.timedelta(days=12))
    sources = {s["name"]: s for s in report.to_dict()["sources"]}
    assert sources["hr"]["extracted_on"] == _days_ago(12)
    assert sources["csv"]["extracted_on"] is None
    needs = {c.control_id: c.needs for c in report.controls}
    for before, after in zip(baseline.results, report.results, strict=True):
        if RecordKind.STAFF in needs[after.control_id] and before.status is jc.Status.PASS:
            assert after.status is jc.Status.WARN
            assert "source hr (hr:staff-2026-11.xlsx)" in after.message
        else:
            assert after.status is before.status


def test_adapter_extracted_on_that_is_not_a_date_is_a_plugin_failure(tmp_path: Path) -> None:
    evidence, report = _adapter_run(tmp_path, "2026-11-10")
    [failure] = evidence.plugin_failures
    assert failure.plugin == "hr"
    assert "extracted_on of a str, not a date" in failure.message
    assert RecordKind.STAFF in evidence.rejected
    assert not any(
        r.status is jc.Status.PASS
        for r in report.results
        if RecordKind.STAFF
        in next(c for c in report.controls if c.control_id == r.control_id).needs
    )


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_sources_show_the_extract_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path, f"extracted_on = {_days_ago(3)}\n")
    code, out, _ = _cli(capsys, "evaluate", str(folder), "--as-of", AS_OF, "--format", "json")
    assert code == 1  # the example has findings
    [source] = json.loads(out)["sources"]
    assert source["extracted_on"] == _days_ago(3)


@pytest.mark.parametrize("fmt", ["table", "md", "html"])
def test_text_reports_list_each_source_with_its_extract_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    folder = _folder(
        tmp_path, f'extracted_on = {_days_ago(3)}\n[files]\n"staff.csv" = 2026-11-01\n'
    )
    _, out, _ = _cli(capsys, "evaluate", str(folder), "--as-of", AS_OF, "--format", fmt)
    assert f"extracted on {_days_ago(3)}; staff.csv extracted on 2026-11-01" in out


@pytest.mark.parametrize(
    ("manifest", "where"),
    [
        ('extracted_on = "28/11/2026"\n', "manifest.toml, line 1, column extracted_on, value "),
        (
            'extracted_on = 2026-11-20\n[files]\n"staff.csv" = "yesterday"\n',
            'manifest.toml, line 3, column files."staff.csv", value ',
        ),
        ('[files]\n"staf.csv" = 2026-11-20\n', 'manifest.toml, line 2, column files."staf.csv"'),
        ("extracted_at = 2026-11-20\n", "manifest.toml, line 1, column extracted_at"),
        (
            "\nextracted_on = 2026-11-20T09:30:00\n",
            "manifest.toml, line 2, column extracted_on, value '2026-11-20 09:30:00'",
        ),
        ("extracted_on = 2026-02-30\n", "manifest.toml: not valid TOML"),
    ],
)
def test_bad_manifest_exits_2_in_strict_mode_naming_file_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], manifest: str, where: str
) -> None:
    folder = _folder(tmp_path, manifest)
    code, out, err = _cli(capsys, "evaluate", str(folder), "--as-of", AS_OF)
    assert code == 2
    assert out == ""
    assert where in err.splitlines()[0]
    assert "Traceback" not in err


def test_bad_manifest_in_lenient_mode_rejects_the_folder_never_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path, 'extracted_on = "2026-13-01"\n')
    code, out, _ = _cli(
        capsys, "evaluate", str(folder), "--as-of", AS_OF, "--lenient", "--format", "json"
    )
    document = json.loads(out)
    assert code == 1
    [error] = document["input_errors"]
    assert (error["file"], error["column"], error["value"]) == (
        "manifest.toml",
        "extracted_on",
        "2026-13-01",
    )
    assert {r["status"] for r in document["results"]} == {"error"}
