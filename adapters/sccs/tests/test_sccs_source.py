"""The ``sccs`` source reads SCCS exports as SCCS writes them, and reports every bad cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from jcp_controls_sccs import plugin
from jcp_controls_sccs.mapping import MAPPING_ENV, default_mapping_text

import jcp_controls as jc

CHECKS = """\
SCCS - Security Check Results
Run date: 30/11/2026

Check Ref,Site Code,Check Type,Date Checked,Subject Ref,Checked By,Result
SC0000001,OF001,Laptop Security Check,17/11/2026,S106,S014,Passed
SC0000002,OF001,BSC,46300,,S014,unsatisfactory
,,,,,,

SC0000003,OF002,allowance  security check,2026-06-01,,S151,
Total records: 3
Grand total: 3
"""

TESTS = """\
SCCS - Test Checks

Test Check Ref,Staff Number,Site Code,Date Generated,Form Returned,Status
TC000001,S105,OF001,09/02/2026,13/02/2026,Completed
TC000002,="00109",OF001,20-Aug-2026,,Outstanding

Total records: 2
"""


def _export(folder: Path, **files: str) -> Path:
    contents = {"sccs_security_checks.csv": CHECKS, "sccs_test_checks.csv": TESTS}
    contents.update({name.replace("__", "."): text for name, text in files.items()})
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in contents.items():
        if text:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def _load(location: str) -> jc.Evidence:
    return jc.load(location, plugins=jc.Plugins(plugin, entry_points=False))


def _load_export(folder: Path, **files: str) -> jc.Evidence:
    return _load(f"sccs:{_export(folder, **files)}")


def _described(evidence: jc.Evidence) -> list[str]:
    return [issue.describe() for issue in evidence.issues]


def test_reads_security_checks_recorded_in_sccs(tmp_path: Path) -> None:
    evidence = _load_export(tmp_path / "sccs")

    assert evidence.issues == ()
    assert evidence.rejected == frozenset()
    assert evidence.records[jc.RecordKind.CHECKS] == (
        jc.CheckRecord(
            check_type="laptops",
            office_id="OF001",
            performed_on=dt.date(2026, 11, 17),
            subject_id="S106",
            performed_by="S014",
            outcome=jc.CheckOutcome.PASS,
            recorded_in=jc.RecordedIn.SCCS,
        ),
        jc.CheckRecord(
            check_type="benefit_security",
            office_id="OF001",
            performed_on=dt.date(2026, 10, 5),  # an Excel serial
            performed_by="S014",
            outcome=jc.CheckOutcome.FAIL,
            recorded_in=jc.RecordedIn.SCCS,
        ),
        jc.CheckRecord(
            check_type="allowance_security",
            office_id="OF002",
            performed_on=dt.date(2026, 6, 1),
            performed_by="S151",
            recorded_in=jc.RecordedIn.SCCS,
        ),
    )


def test_reads_test_checks(tmp_path: Path) -> None:
    evidence = _load_export(tmp_path / "sccs")

    assert evidence.records[jc.RecordKind.TEST_CHECKS] == (
        jc.TestCheck("TC000001", "S105", "OF001", dt.date(2026, 2, 9), dt.date(2026, 2, 13)),
        jc.TestCheck("TC000002", "00109", "OF001", dt.date(2026, 8, 20), None),
    )


def test_a_named_file_is_the_check_results_and_header_spellings_vary(tmp_path: Path) -> None:
    folder = _export(tmp_path / "sccs", sccs_security_checks__csv="")
    checks = CHECKS.replace("Date Checked", "CHECK DATE").replace("Site Code", "Office Code")
    (folder / "SCCS_2026-11.csv").write_text(checks, encoding="utf-8-sig")

    evidence = _load(f"sccs:{folder / 'SCCS_2026-11.csv'}")

    assert evidence.issues == ()
    assert len(evidence.records[jc.RecordKind.CHECKS]) == 3
    assert len(evidence.records[jc.RecordKind.TEST_CHECKS]) == 2


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "OF001,BSC,",
            "OF001,XYZ,",
            "sccs_security_checks.csv, line 6, column Check Type, value 'XYZ': "
            "code not in the mapping ([checks.codes.check_type])",
        ),
        (
            ",S014,unsatisfactory",
            ",S014,Inconclusive",
            "sccs_security_checks.csv, line 6, column Result, value 'Inconclusive': "
            "code not in the mapping ([checks.codes.outcome])",
        ),
        (
            "17/11/2026",
            "17/13/2026",
            "sccs_security_checks.csv, line 5, column Date Checked, value '17/13/2026': "
            "not a date",
        ),
        (
            "SC0000003,OF002,",
            "SC0000003,,",
            "sccs_security_checks.csv, line 9, column Site Code, value '': Site Code is required",
        ),
        (
            ",,,,,,\n",
            "Total records: 1\n",
            "sccs_security_checks.csv, line 7, value 'Total records: 1': a totals row "
            "followed by more data",
        ),
    ],
)
def test_every_bad_cell_names_file_line_column_value(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in CHECKS
    evidence = _load_export(tmp_path / "sccs", sccs_security_checks__csv=CHECKS.replace(old, new))

    described = _described(evidence)
    assert len(described) == 1, described
    assert described[0].startswith(expected)
    assert jc.RecordKind.CHECKS in evidence.rejected
    assert jc.RecordKind.TEST_CHECKS not in evidence.rejected


def test_a_bad_test_check_rejects_test_checks_only(tmp_path: Path) -> None:
    tests = TESTS.replace("TC000002,", ",")
    evidence = _load_export(tmp_path / "sccs", sccs_test_checks__csv=tests)

    assert _described(evidence) == [
        "sccs_test_checks.csv, line 5, column Test Check Ref, value '': Test Check Ref is required"
    ]
    assert evidence.rejected == frozenset({jc.RecordKind.TEST_CHECKS})
    assert len(evidence.records[jc.RecordKind.TEST_CHECKS]) == 1


def test_a_missing_file_rejects_its_kind(tmp_path: Path) -> None:
    evidence = _load_export(tmp_path / "sccs", sccs_test_checks__csv="")

    assert _described(evidence)[0].startswith("sccs_test_checks.csv: not in the export")
    assert jc.RecordKind.TEST_CHECKS in evidence.rejected
    assert jc.RecordKind.TEST_CHECKS not in evidence.records


def test_a_file_in_another_encoding_is_one_error(tmp_path: Path) -> None:
    folder = _export(tmp_path / "sccs")
    (folder / "sccs_test_checks.csv").write_bytes(TESTS.replace("S105", "S105 Ó").encode("cp1252"))

    evidence = _load(f"sccs:{folder}")

    assert _described(evidence) == [
        "sccs_test_checks.csv, line 4: not utf-8-sig text (byte 15 of the line); "
        "set [format] encoding in the mapping"
    ]
    assert jc.RecordKind.TEST_CHECKS in evidence.rejected


def test_an_edited_mapping_from_the_location_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _export(tmp_path / "sccs", sccs_security_checks__csv=CHECKS.replace("BSC", "BEN"))
    mapping = tmp_path / "my.toml"
    mapping.write_text(
        default_mapping_text().replace('"BSC" =', '"BEN" ='),
        encoding="utf-8",
    )
    assert jc.RecordKind.CHECKS in _load(f"sccs:{folder}").rejected

    assert _load(f"sccs:{folder}?mapping={mapping}").issues == ()
    monkeypatch.setenv(MAPPING_ENV, str(mapping))
    assert _load(f"sccs:{folder}").issues == ()


def test_a_bad_mapping_is_a_usage_error_naming_file_and_key(tmp_path: Path) -> None:
    folder = _export(tmp_path / "sccs")
    mapping = tmp_path / "bad.toml"
    mapping.write_text(
        default_mapping_text().replace('"Passed" = "pass"', '"Passed" = "ok"'), encoding="utf-8"
    )

    with pytest.raises(jc.UsageError, match=r"bad\.toml: \[checks\.codes\.outcome\] 'Passed'"):
        _load(f"sccs:{folder}?mapping={mapping}")
