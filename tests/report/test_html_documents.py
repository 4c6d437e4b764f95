"""HTML for the other documents (issue 10 item 7; issue 7 item 4): the due calendar, the diff
and the catalogue render as self-contained pages from the same autoescaped templates, and as
HTML in Jupyter like ``Report`` does. Every string from the evidence stays escaped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import jcp_controls as jc
from jcp_controls.report import html as html_format

from .conftest import AS_OF, NASTY, SCRIPT, Cli, make_report, result
from .test_html import Page, texts

HOSTILE = make_report(
    [
        result(message=SCRIPT, staff_id=NASTY, subject_id=f"G{SCRIPT}"),
        result("ACC-009", jc.Status.WARN, office_id=NASTY, due_on=dt.date(2026, 12, 1)),
    ]
)
EARLIER = make_report([result(subject_id="G9")])


def _forbidden(text: str) -> None:
    lowered = text.lower()
    for forbidden in ("<script", "http", "src=", "href=", "<link", "@import", "url(", "<img"):
        assert forbidden not in lowered, forbidden
    assert NASTY not in text
    assert "b" not in Page(text).tags


def _cells(text: str) -> set[str]:
    return {value for tag, rows in Page(text).blocks if tag == "table" for row in texts(rows)
            for value in row}  # fmt: skip


DOCUMENTS: dict[str, Callable[[], Any]] = {
    "due": lambda: HOSTILE.due(),
    "diff": lambda: jc.diff_reports(EARLIER, HOSTILE),
}


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_page_is_complete_self_contained_and_escaped(kind: str) -> None:
    document = DOCUMENTS[kind]()
    text = document.render("html")
    assert text.startswith("<!DOCTYPE html>\n")
    assert text.endswith("</html>\n")
    _forbidden(text)
    cells = _cells(text)
    assert SCRIPT in cells  # the reader still sees what was there, as text
    assert NASTY in cells


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_jupyter_shows_the_page_content(kind: str) -> None:
    document = DOCUMENTS[kind]()
    fragment = document._repr_html_()
    for wrapper in ("<!doctype", "<html", "<head", "<body", "<title"):
        assert wrapper not in fragment.lower()
    assert Page(fragment).blocks == Page(document.render("html")).blocks
    _forbidden(fragment)


def test_due_page_lists_every_entry_with_its_control_title() -> None:
    calendar = HOSTILE.due()
    page = Page(calendar.render("html"))
    rows = [row for tag, table in page.blocks if tag == "table" for row in texts(table)[1:]]
    assert [(row[2], row[3], row[4]) for row in rows] == [
        (entry.control_id, f"Control {entry.control_id.lower().replace('-', ' ')}",
         entry.status.value)
        for entry in sorted(calendar.entries, key=lambda e: (e.office_id or "", e.owner))
    ]  # fmt: skip
    headings = [str(text) for tag, text in page.blocks if tag == "h2"]
    assert headings == ["Office OF001", f"Office {NASTY}"]


def test_diff_page_has_the_three_lists() -> None:
    diff = jc.diff_reports(EARLIER, HOSTILE)
    page = Page(diff.render("html"))
    headings = [str(text) for tag, text in page.blocks if tag == "h2"]
    assert headings == ["New findings (2)", "Resolved (1)", "Still open (0)"]
    (resolved,) = page.tables_after("Resolved")
    assert texts(resolved)[1][:4] == ["ACC-001", "fail", "OF001", "grant G9"]


def test_catalogue_page_and_jupyter() -> None:
    catalogue = jc.Catalogue.from_plugins(jc.Plugins(entry_points=False))
    text = html_format.render_catalogue(catalogue)
    (table,) = [rows for tag, rows in Page(text).blocks if tag == "table"]
    rows = texts(table)
    assert rows[0] == ["ID", "Name", "Severity", "Citation", "Scope", "Owner"]
    assert [row[0] for row in rows[1:]] == [c.control_id for c in catalogue.controls]
    assert "SEC Annex 1 (Health &amp; Safety)" in text
    assert Page(catalogue._repr_html_()).blocks == Page(text).blocks


def test_templates_escape_what_they_show() -> None:
    environment = html_format._environment()
    template = environment.from_string("<p>{{ value }}</p>")
    assert template.render(value=SCRIPT) == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert template.render(value=None) == "<p></p>"
    assert template.render(value=AS_OF) == "<p>2026-11-22</p>"


@pytest.mark.parametrize("command", ["due", "controls"])
def test_cli_writes_html(command: str, run_cli: Cli, evidence_folder: Path) -> None:
    args = [command] + ([str(evidence_folder), "--as-of", AS_OF.isoformat()] if command == "due"
                        else [])  # fmt: skip
    code, out, err = run_cli(*args, "--format", "html")
    assert code == 0, err
    assert out.startswith("<!DOCTYPE html>")
    assert "<script" not in out
