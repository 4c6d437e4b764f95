"""The ``html`` report format (cli.rst, "Formats": html; the report must be readable by a
Customer Service Manager and safe against hostile evidence text)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

import jcp_controls as jc
from jcp_controls.evidence.store import InputIssue, SourceInfo
from jcp_controls.report import html as html_format

from .conftest import AS_OF, NASTY, SCRIPT, Cli, api_render, make_report, result

STATUS_ORDER = ("pass", "warn", "fail", "error", "waived")


@attrs.define
class Cell:
    text: str = ""
    classes: set[str] = attrs.field(factory=set)


class Page(HTMLParser):
    """The page as a list of blocks: ``(tag, text)`` for headings and paragraphs,
    ``("table", rows)`` for tables (rows of :class:`Cell`); plus every start tag seen."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.blocks: list[tuple[str, object]] = []
        self.style = ""
        self._text: list[str] | None = None
        self._rows: list[list[Cell]] | None = None
        self._cell: Cell | None = None
        self._in_style = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "style":
            self._in_style = True
        elif tag in ("h1", "h2", "h3", "p"):
            self._text = []
        elif tag == "table":
            self._rows = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = Cell(classes=classes)
            self._rows[-1].append(self._cell)
        elif self._cell is not None:
            self._cell.classes |= classes

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        elif tag in ("h1", "h2", "h3", "p") and self._text is not None:
            self.blocks.append((tag, "".join(self._text)))
            self._text = None
        elif tag == "table" and self._rows is not None:
            self.blocks.append(("table", self._rows))
            self._rows = None
        elif tag in ("td", "th"):
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        if self._text is not None:
            self._text.append(data)
        if self._cell is not None:
            self._cell.text += data

    def finding_tables(self) -> list[list[list[Cell]]]:
        """The tables under the per-office headings (level 3)."""
        found: list[list[list[Cell]]] = []
        inside = False
        for tag, content in self.blocks:
            if tag in ("h1", "h2", "h3"):
                inside = tag == "h3"
            elif tag == "table" and inside:
                found.append(content)  # type: ignore[arg-type]
        return found

    def tables_after(self, heading: str) -> list[list[list[Cell]]]:
        """The tables between the heading whose text starts with ``heading`` and the next
        heading of any level."""
        found: list[list[list[Cell]]] = []
        inside = False
        for tag, content in self.blocks:
            if tag in ("h1", "h2", "h3"):
                inside = isinstance(content, str) and content.startswith(heading)
            elif tag == "table" and inside:
                found.append(content)  # type: ignore[arg-type]
        return found


def texts(rows: list[list[Cell]]) -> list[list[str]]:
    return [[cell.text for cell in row] for row in rows]


def finding_row(r: jc.Result, report: jc.Report) -> list[str]:
    subject = f"{r.subject_kind.value} {r.subject_id or ''}".strip()
    due = r.due_on.isoformat() if r.due_on else ""
    (control,) = [c for c in report.controls if c.control_id == r.control_id] or [None]
    shown = r.control_id
    if control is not None:  # the control's title and citation beside its ID
        title = control.name.replace("-", " ")
        shown += f" {title[:1].upper()}{title[1:]} ({control.citation})"
    return [shown, subject, r.staff_id or "", r.status.value, due, r.message]


# -- a complete, self-contained document -----------------------------------------------------


def test_complete_document(mixed_report: jc.Report) -> None:
    text = mixed_report.render("html")
    assert text.startswith("<!DOCTYPE html>\n")
    assert text.endswith("</html>\n")
    tags = Page(text).tags
    for tag in ("html", "head", "title", "body", "style"):
        assert tags.count(tag) == 1, tag


@pytest.mark.parametrize("include_passes", [False, True])
def test_self_contained_no_scripts_or_external_references(
    evaluated_report: jc.Report, include_passes: bool
) -> None:
    text = html_format.render(evaluated_report, include_passes)
    lowered = text.lower()
    for forbidden in ("<script", "http", "src=", "<link", "@import", "url(", "<img"):
        assert forbidden not in lowered, forbidden
    assert "script" not in Page(text).tags
    # the only links are to anchors of the page itself
    assert re.findall(r'href="([^"]*)"', text)
    assert all(href.startswith("#") for href in re.findall(r'href="([^"]*)"', text))


# -- escaping of evidence text ---------------------------------------------------------------


def test_script_in_evidence_is_escaped(evaluated_report: jc.Report) -> None:
    # ACC-005 names the entitlement "<script>alert(1)</script>" in its message.
    messages = [r.message for r in evaluated_report.findings() if SCRIPT in r.message]
    assert messages, "the evaluation should report the hostile entitlement"
    text = evaluated_report.render("html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    page = Page(text)
    cells = {cell.text for table in page.finding_tables() for row in table for cell in row}
    assert set(messages) <= cells  # shown to the reader verbatim, as text


def test_html_specials_and_quotes_are_escaped(evaluated_report: jc.Report) -> None:
    # ACC-012 names the account ID 'a&b "quoted" ...' in its message.
    assert any(NASTY in r.message for r in evaluated_report.findings())
    text = evaluated_report.render("html")
    assert NASTY not in text
    assert "a&amp;b &quot;quoted&quot; &#x27;single&#x27; &lt;b&gt;bold&lt;/b&gt;" in text
    assert "b" not in Page(text).tags


@pytest.mark.parametrize("field", ["office_id", "subject_id", "staff_id", "message"])
def test_every_result_field_is_escaped(field: str) -> None:
    report = make_report([result(**{field: SCRIPT})])
    text = html_format.render(report, False)
    page = Page(text)
    assert "<script" not in text
    assert "script" not in page.tags
    shown = [cell.text for table in page.finding_tables() for row in table for cell in row]
    shown += [str(content) for tag, content in page.blocks if tag == "h3"]
    assert any(SCRIPT in cell for cell in shown)  # the reader still sees what was there


def test_input_errors_are_listed_and_escaped() -> None:
    issue = InputIssue("csv", "bad value", "staff.csv", 7, "grade", SCRIPT)
    report = make_report([result()], input_errors=[issue])
    text = report.render("html")
    assert "<script" not in text
    (table,) = Page(text).tables_after("Input errors")
    assert ["csv", "staff.csv", "7", "grade", SCRIPT, "bad value"] in texts(table)


def test_no_input_errors_section_without_errors(mixed_report: jc.Report) -> None:
    headings = [c for t, c in Page(mixed_report.render("html")).blocks if t == "h2"]
    assert not any(str(h).startswith("Input errors") for h in headings)


def test_source_uri_is_escaped() -> None:
    source = SourceInfo("csv", f"/data/{SCRIPT}", {"staff": 1})
    report = attrs.evolve(make_report([result()]), sources=(source,))
    assert "<script" not in report.render("html")


# -- content a CSM can read ------------------------------------------------------------------


def test_heading_names_as_of_and_version(mixed_report: jc.Report) -> None:
    page = Page(mixed_report.render("html"))
    top = " ".join(str(c) for t, c in page.blocks[:3])
    assert AS_OF.isoformat() in top
    assert jc.__version__ in top


def test_summary_has_every_control_with_citation_and_counts(mixed_report: jc.Report) -> None:
    (table,) = Page(mixed_report.render("html")).tables_after("Summary")
    rows = texts(table)
    counts = mixed_report.counts()
    for control in mixed_report.controls:
        expected = [
            control.control_id,
            control.name,
            control.severity.value,
            control.citation,
            *(str(counts[control.control_id][s]) for s in STATUS_ORDER),
        ]
        assert expected in rows
    # LRN-003 has nothing in scope and is listed all the same (cli.rst "controls").
    assert any(row[0] == "LRN-003" for row in rows)


def test_findings_grouped_by_office_in_report_order(mixed_report: jc.Report) -> None:
    page = Page(mixed_report.render("html"))
    for office in ("OF001", "OF002"):
        (table,) = page.tables_after(f"Office {office}")
        expected = [
            finding_row(r, mixed_report) for r in mixed_report.findings() if r.office_id == office
        ]
        assert texts(table)[1:] == expected
    (table,) = page.tables_after("No office")
    assert texts(table)[1:] == [
        finding_row(r, mixed_report) for r in mixed_report.findings() if not r.office_id
    ]


def test_status_is_shown_as_text_and_colour(mixed_report: jc.Report) -> None:
    page = Page(mixed_report.render("html", include_passes=True))
    colours: dict[str, str] = {}
    for table in page.finding_tables():
        for row in table[1:]:
            status = row[3]
            assert status.text in STATUS_ORDER
            # the status cell is styled by a class naming the status, which the CSS colours
            (klass,) = [c for c in status.classes if status.text in c and c != "status"]
            rule = re.search(re.escape(klass) + r"\s*\{([^}]*)\}", page.style)
            assert rule is not None, klass
            colours[status.text] = rule.group(1)
    assert set(colours) == set(STATUS_ORDER)
    assert len(set(colours.values())) == len(STATUS_ORDER)  # each status its own colour


def test_passes_only_with_include_passes(mixed_report: jc.Report) -> None:
    def statuses(text: str) -> list[str]:
        page = Page(text)
        return [row[3].text for t in page.finding_tables() for row in t[1:]]

    assert "pass" not in statuses(mixed_report.render("html"))
    assert statuses(mixed_report.render("html", include_passes=True)).count("pass") == 2


def test_nothing_to_report() -> None:
    report = make_report([result(status=jc.Status.PASS)])
    page = Page(report.render("html"))
    assert page.finding_tables() == []
    assert any("Nothing to report" in str(c) for t, c in page.blocks if t == "p")


def test_deterministic(evaluated_report: jc.Report) -> None:
    assert evaluated_report.render("html") == evaluated_report.render("html")


class Links(HTMLParser):
    """Every ``id`` and every ``href`` of a page, and the text of each link."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.hrefs.append(str(found["href"]))


def test_every_link_resolves_and_ids_are_unique(evaluated_report: jc.Report) -> None:
    for report in (evaluated_report, make_report([result(office_id=SCRIPT, control_id=NASTY)])):
        page = Links(report.render("html", include_passes=True))
        assert len(page.ids) == len(set(page.ids))
        assert page.hrefs
        assert {href.removeprefix("#") for href in page.hrefs} <= set(page.ids)


def test_findings_lead_and_the_contents_link_each_office_and_control(
    mixed_report: jc.Report,
) -> None:
    text = mixed_report.render("html")
    page = Page(text)
    headings = [str(c) for t, c in page.blocks if t == "h2"]
    assert headings == ["Findings by office", "Summary"]
    links = Links(text).hrefs
    offices = [f"#office-{n}" for n in (1, 2, 3)]  # OF001, OF002, no office
    assert all(anchor in links for anchor in offices)
    for control_id in ("ACC-001", "ACC-009", "LRN-001"):  # the controls with findings...
        assert f"#control-{control_id}" in links
    assert "#control-LRN-003" not in links  # nothing to act on: not in the contents


def test_filters_are_stated_at_the_top(mixed_report: jc.Report) -> None:
    blocks = Page(mixed_report.render("html")).blocks
    (filters,) = [str(c) for t, c in blocks[:4] if t == "p" and str(c).startswith("Listing")]
    assert "not pass" in filters
    assert "4 controls evaluated" in filters
    assert "offices listed: OF001, OF002" in filters
    passes = Page(mixed_report.render("html", include_passes=True)).blocks
    assert any("Listing every status" in str(c) for t, c in passes[:4])


def test_print_stylesheet(mixed_report: jc.Report) -> None:
    style = Page(mixed_report.render("html")).style
    assert "@media print" in style
    assert "break-inside: avoid" in style


# -- Jupyter ---------------------------------------------------------------------------------


def test_fragment_is_the_same_content_without_the_wrapper(mixed_report: jc.Report) -> None:
    fragment = html_format.render_fragment(mixed_report, False)
    lowered = fragment.lower()
    for wrapper in ("<!doctype", "<html", "<head", "<body", "<title"):
        assert wrapper not in lowered
    assert fragment.endswith("\n")
    document = Page(html_format.render(mixed_report, False))
    assert Page(fragment).blocks == document.blocks
    assert mixed_report._repr_html_() == fragment


def test_fragment_escapes_too(evaluated_report: jc.Report) -> None:
    fragment = evaluated_report._repr_html_()
    assert "<script" not in fragment
    assert "&lt;script&gt;" in fragment


# -- through the CLI -------------------------------------------------------------------------


def test_cli_writes_html(evidence_folder: Path, run_cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code, out, err = run_cli(
        "evaluate",
        evidence_folder,
        "--format",
        "html",
        "--as-of",
        AS_OF.isoformat(),
        "--output",
        target,
    )
    assert code == 1, err
    assert out == ""
    text = target.read_text(encoding="utf-8")
    assert text == api_render(evidence_folder, "html")
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text  # the folder's entitlement is a script tag
    assert "&lt;script&gt;" in text
