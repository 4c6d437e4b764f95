"""The ``lms`` source reads LMS exports as LMS writes them, and reports every bad cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from jcp_controls_lms import plugin
from jcp_controls_lms.mapping import MAPPING_ENV, default_mapping_text

import jcp_controls as jc

LMS2_HEADER = (
    "Access Ref,Office Code,User ID,Staff Number,Account Type,User Group,Date Allocated,"
    "Date Removed,LMS1 Ref,Authorised By"
)
LMS1_HEADER = (
    "LMS1 Ref,User ID,Staff Number,Requested By,Date Requested,Authorised By,Date Authorised,"
    "Reason For Access,Access End Date"
)

LMS2 = f"""\
LMS2 - User Access Report
Office: all offices,,,,,Run date: 30/11/2026

{LMS2_HEADER}
G1,OF001,L000101,S101,Standard,Adviser,03/04/2024,,LMS1/OF001/0001,
G2,OF001,L000101,S101,Standard,ENQ,45292,46000,LMS1/OF001/0002,
,,,,,,,,,

G3,OF001,PSEUDO-OF001-1,,Pseudo,Enquiry Only,2026-10-01,,LMS1/OF001/0003,S100
G4,OF001,L000102,="00102",standard,team   leader,01-Feb-2025,,,S100

Total records: 4
"""

LMS1 = f"""\
LMS1 - Access Requests

{LMS1_HEADER}
LMS1/OF001/0001,L000101,S101,S100,01/04/2024,S100,02/04/2024,,
LMS1/OF001/0002,L000101,S101,S100,01/01/2024,S099,01/01/2024,,
LMS1/OF001/0003,PSEUDO-OF001-1,,S100,30/09/2026,S100,30/09/2026,training account,31/03/2027
Total records: 3
"""

REVIEWS = """\
LMS2 - Access Review Log

Access Ref,Date Reviewed,Reviewed By,Outcome
G1,01/10/2026,S100,Retain
G2,46000,S100,Removed
"""


def _export(folder: Path, **files: str) -> Path:
    contents = {
        "lms2_user_access.csv": LMS2,
        "lms1_access_requests.csv": LMS1,
        "lms2_access_reviews.csv": REVIEWS,
    }
    contents.update({name.replace("__", "."): text for name, text in files.items()})
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in contents.items():
        if text:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def _load(location: str) -> jc.Evidence:
    return jc.load(location, plugins=jc.Plugins(plugin, entry_points=False))


def _load_export(folder: Path, **files: str) -> jc.Evidence:
    return _load(f"lms:{_export(folder, **files)}")


def _grants(evidence: jc.Evidence) -> dict[str, jc.AccessGrant]:
    return {g.grant_id: g for g in evidence.records[jc.RecordKind.ACCESS_GRANTS]}


def _described(evidence: jc.Evidence) -> list[str]:
    return [issue.describe() for issue in evidence.issues]


def test_reads_grants_joined_to_their_lms1_forms(tmp_path: Path) -> None:
    evidence = _load_export(tmp_path / "lms")

    assert evidence.issues == ()
    assert evidence.rejected == frozenset()
    grants = _grants(evidence)
    assert list(grants) == ["G1", "G2", "G3", "G4"]
    assert grants["G1"] == jc.AccessGrant(
        grant_id="G1",
        system="lms",
        account_id="L000101",
        entitlement="lms_adviser",
        granted_on=dt.date(2024, 4, 3),  # day first
        staff_id="S101",
        office_id="OF001",
        authorised_by="S100",  # from the LMS1 form
        form_ref="LMS1/OF001/0001",
    )
    # Excel serial dates; the LMS1 form names who authorised it
    assert grants["G2"].granted_on == dt.date(2024, 1, 1)
    assert grants["G2"].removed_on == dt.date(2025, 12, 9)
    assert grants["G2"].authorised_by == "S099"
    assert grants["G2"].entitlement == "lms_enquiry"
    # a pseudo account: why and until when, from its LMS1 form (IT §11)
    assert grants["G3"].pseudo is True
    assert grants["G3"].staff_id is None
    assert grants["G3"].pseudo_reason == "training account"
    assert grants["G3"].pseudo_end_on == dt.date(2027, 3, 31)
    # no LMS1 form: who allocated it (LMS2); ="00102" as a spreadsheet writes it; codes
    # match without regard to case or spaces
    assert grants["G4"].form_ref is None
    assert grants["G4"].authorised_by == "S100"
    assert grants["G4"].staff_id == "00102"
    assert grants["G4"].entitlement == "lms_team_leader"
    assert grants["G4"].granted_on == dt.date(2025, 2, 1)


def test_reads_the_review_log(tmp_path: Path) -> None:
    evidence = _load_export(tmp_path / "lms")

    assert evidence.records[jc.RecordKind.ACCESS_REVIEWS] == (
        jc.AccessReview("G1", dt.date(2026, 10, 1), "S100", jc.ReviewOutcome.RETAIN),
        jc.AccessReview("G2", dt.date(2025, 12, 9), "S100", jc.ReviewOutcome.REMOVE),
    )


def test_without_a_review_log_reviews_are_missing_not_empty(tmp_path: Path) -> None:
    evidence = _load_export(tmp_path / "lms", lms2_access_reviews__csv="")

    assert evidence.issues == ()
    assert jc.RecordKind.ACCESS_REVIEWS not in evidence.records
    assert len(evidence.records[jc.RecordKind.ACCESS_GRANTS]) == 4


def test_a_file_of_the_export_may_be_named_and_header_spellings_vary(tmp_path: Path) -> None:
    folder = _export(tmp_path / "lms", lms2_user_access__csv="")
    lms2 = LMS2.replace("Date Allocated", "ALLOCATED ON").replace("Staff Number", "Staff No")
    (folder / "LMS2_2026-11.csv").write_text(lms2, encoding="utf-8-sig")  # with a BOM

    evidence = _load(f"lms:{folder / 'LMS2_2026-11.csv'}")

    assert evidence.issues == ()
    assert _grants(evidence)["G1"].granted_on == dt.date(2024, 4, 3)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "Standard,Adviser,03/04/2024",
            "Standard,Wizard,03/04/2024",
            "lms2_user_access.csv, line 5, column User Group, value 'Wizard': "
            "code not in the mapping ([lms2.codes.entitlement])",
        ),
        (
            "Standard,Adviser,03/04/2024",
            "Standard,Adviser,31/02/2024",
            "lms2_user_access.csv, line 5, column Date Allocated, value '31/02/2024': not a date",
        ),
        (
            "G1,OF001,L000101",
            "G1,OF001,",
            "lms2_user_access.csv, line 5, column User ID, value '': User ID is required",
        ),
        (
            "Standard,Adviser,03/04/2024,,LMS1/OF001/0001",
            "Standard,Adviser,03/04/2024,,LMS1/OF001/9999",
            "lms2_user_access.csv, line 5, column LMS1 Ref, value 'LMS1/OF001/9999': "
            "no LMS1 record with this reference in lms1_access_requests.csv",
        ),
        (
            "G1,OF001,L000101",
            "G1,OF001,L000999",
            "lms2_user_access.csv, line 5, column LMS1 Ref, value 'LMS1/OF001/0001': "
            "the LMS1 record (lms1_access_requests.csv line 4) is for user 'L000101', "
            "not 'L000999'",
        ),
        (
            "LMS1/OF001/0001,",
            "LMS1/OF001/0001,S555",
            "lms2_user_access.csv, line 5, column Authorised By, value 'S555': "
            "the LMS1 record (lms1_access_requests.csv line 4) names 'S100' as authoriser",
        ),
        (
            'G4,OF001,L000102,="00102"',
            "G4,,L000102,",
            "lms2_user_access.csv, line 10, column Office Code: "
            "Office Code is required when Staff Number is empty",
        ),
        (
            ",,,,,,,,,\n",
            "Total records: 2\n",
            "lms2_user_access.csv, line 7, value 'Total records: 2': a totals row followed "
            "by more data",
        ),
        (
            "Standard,Adviser,03/04/2024,,",
            "Standard,Adviser,03/04/2024,,,,,extra,",
            "lms2_user_access.csv, line 5, value 'extra': 14 cells but the header has 10",
        ),
    ],
)
def test_every_bad_cell_names_file_line_column_value(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in LMS2
    evidence = _load_export(tmp_path / "lms", lms2_user_access__csv=LMS2.replace(old, new, 1))

    described = _described(evidence)
    assert len(described) == 1, described
    assert described[0].startswith(expected)
    # fail closed: the kind is rejected, so controls needing it report error
    assert jc.RecordKind.ACCESS_GRANTS in evidence.rejected
    assert jc.RecordKind.ACCESS_REVIEWS not in evidence.rejected


def test_the_rejected_row_is_left_out_and_the_rest_kept(tmp_path: Path) -> None:
    lms2 = LMS2.replace("Standard,ENQ,", "Standard,XYZ,")
    evidence = _load_export(tmp_path / "lms", lms2_user_access__csv=lms2)

    assert list(_grants(evidence)) == ["G1", "G3", "G4"]


def test_lms1_errors_reject_grants(tmp_path: Path) -> None:
    lms1 = LMS1.replace("training account,31/03/2027", "training account,someday")
    lms1 = lms1.replace("LMS1/OF001/0002,", "LMS1/OF001/0001,")
    evidence = _load_export(tmp_path / "lms", lms1_access_requests__csv=lms1)

    described = _described(evidence)
    assert any(
        d.startswith(
            "lms1_access_requests.csv, line 5, column LMS1 Ref, value 'LMS1/OF001/0001': "
            "the same LMS1 reference is on line 4"
        )
        for d in described
    ), described
    assert any(
        d.startswith("lms1_access_requests.csv, line 6, column Access End Date, value 'someday'")
        for d in described
    )
    assert any("its LMS1 record in lms1_access_requests.csv was rejected" in d for d in described)
    assert jc.RecordKind.ACCESS_GRANTS in evidence.rejected


def test_a_missing_lms1_file_rejects_grants(tmp_path: Path) -> None:
    evidence = _load_export(tmp_path / "lms", lms1_access_requests__csv="")

    assert _described(evidence)[0].startswith("lms1_access_requests.csv: not in the export")
    assert jc.RecordKind.ACCESS_GRANTS in evidence.rejected


def test_a_file_without_the_header_is_one_error(tmp_path: Path) -> None:
    evidence = _load_export(tmp_path / "lms", lms2_user_access__csv="a,b\n1,2\n")

    assert _described(evidence) == [
        "lms2_user_access.csv: no header row naming the required columns ('Access Ref' or "
        "'Access Reference'; 'User ID' or 'LMS User ID'; 'User Group'; 'Date Allocated' or "
        "'Allocated On')"
    ]
    assert jc.RecordKind.ACCESS_GRANTS in evidence.rejected


def test_an_edited_mapping_from_the_location_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _export(tmp_path / "lms", lms2_user_access__csv=LMS2.replace("Adviser,", "WCA,"))
    mapping = tmp_path / "my.toml"
    mapping.write_text(
        default_mapping_text().replace('"ADV" = "lms_adviser"', '"WCA" = "lms_adviser"'),
        encoding="utf-8",
    )
    assert jc.RecordKind.ACCESS_GRANTS in _load(f"lms:{folder}").rejected

    assert _load(f"lms:{folder}?mapping={mapping}").issues == ()
    monkeypatch.setenv(MAPPING_ENV, str(mapping))
    assert _load(f"lms:{folder}").issues == ()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('"Adviser" = "lms_adviser"', '"Adviser" = 3'), "must map to text"),
        (
            lambda t: t.replace('"Retain" = "retain"', '"Retain" = "keep"'),
            "[reviews.codes.outcome] 'Retain' maps to 'keep', not one of change, remove, retain",
        ),
        (
            lambda t: t.replace('grant_id = ["Access Ref", "Access Reference"]\n', "", 1),
            "[lms2.columns] required field 'grant_id' is not mapped",
        ),
        (lambda t: t + "\n[lms3]\nfile = 'x'\n", "[lms3] unknown table"),
        (lambda t: t + "\n[[broken", "not a valid mapping file"),
    ],
)
def test_a_bad_mapping_is_a_usage_error_naming_file_and_key(
    tmp_path: Path, edit: Callable[[str], str], message: str
) -> None:
    folder = _export(tmp_path / "lms")
    mapping = tmp_path / "bad.toml"
    mapping.write_text(edit(default_mapping_text()), encoding="utf-8")

    with pytest.raises(jc.UsageError, match=r"bad\.toml") as caught:
        _load(f"lms:{folder}?mapping={mapping}")
    assert message in str(caught.value)


@pytest.mark.parametrize("location", ["lms:nowhere", "lms:{folder}?colour=red"])
def test_bad_locations_are_usage_errors(tmp_path: Path, location: str) -> None:
    folder = _export(tmp_path / "lms")
    with pytest.raises(jc.UsageError):
        _load(location.format(folder=folder))


def test_the_digest_follows_the_content(tmp_path: Path) -> None:
    plugins = jc.Plugins(plugin, entry_points=False)
    first = jc.load(f"lms:{_export(tmp_path / 'a')}", plugins=plugins).sources[0]
    again = jc.load(f"lms:{_export(tmp_path / 'b')}", plugins=plugins).sources[0]
    folder = _export(tmp_path / "c", lms2_access_reviews__csv=REVIEWS.replace("Retain", "Amend"))
    changed = jc.load(f"lms:{folder}", plugins=plugins).sources[0]

    assert first.sha256 == again.sha256 != changed.sha256
    assert dict(first.records) == {"access_grants": 4, "access_reviews": 2}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("45292", dt.date(2024, 1, 1)),  # Excel serial
        ("45292.75", dt.date(2024, 1, 1)),  # serial with a time of day
        ("61", dt.date(1900, 3, 1)),
        ("60", None),  # Excel's 29 February 1900, which never was
        ("3/4/24", dt.date(2024, 4, 3)),  # day first
        ("30-Nov-2026", dt.date(2026, 11, 30)),
        ("30 Nov 2026", dt.date(2026, 11, 30)),
        ("2026-11-30", dt.date(2026, 11, 30)),
        ("30/11/2026 14:05", dt.date(2026, 11, 30)),
        ("2026-11-30 00:00:00", dt.date(2026, 11, 30)),
        ("31/02/2024", None),
        ("11/30/2026", None),  # month first is not a default format
        ("soon", None),
    ],
)
def test_dates_as_text_and_as_excel_serials(
    tmp_path: Path, cell: str, expected: dt.date | None
) -> None:
    lms2 = LMS2.replace("Adviser,03/04/2024,", f"Adviser,{cell},", 1)
    evidence = _load_export(tmp_path / "lms", lms2_user_access__csv=lms2)

    if expected is None:
        assert [issue.column for issue in evidence.issues] == ["Date Allocated"]
        assert evidence.issues[0].value == cell
    else:
        assert evidence.issues == ()
        assert _grants(evidence)["G1"].granted_on == expected
