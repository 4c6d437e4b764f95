"""The HTML report in a real browser (issue 10, item 2): a multi-office demo report, written by
``jcp-controls evaluate --format html``, loaded from a ``file://`` URL in headless Chromium.

* the DOM Chromium builds lists every finding of the JSON report of the same run, under its
  office's heading;
* every in-page link (``href="#..."``) resolves to an element ``id`` of that DOM;
* the screenshot is a real picture: a PNG of the window's size, mostly page, with the status
  colours of the stylesheet;
* printing works: ``--print-to-pdf`` gives a PDF of several pages.

Chromium is a system package (``apt-get install chromium``; ``.ci/setup`` installs it): these
tests fail, never skip, when it is missing.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from jcp_controls.cli import main
from jcp_controls.demo import write_demo

AS_OF = dt.date(2026, 11, 22)
OFFICES = 3
WINDOW = (1280, 2000)
#: Where Debian's ``chromium`` package puts the browser; ``JCP_CHROMIUM`` overrides it.
CHROMIUM = os.environ.get("JCP_CHROMIUM", "/usr/bin/chromium")
#: Headless, no sandbox (CI runs as root), nothing fetched from the network.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
#: The stylesheet's background of a ``fail`` status badge (#f6d7d2).
FAIL_BADGE = (0xF6, 0xD7, 0xD2)

Browser = Callable[..., bytes]


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Browser:
    """Run headless Chromium with a fresh profile on the given arguments; its stdout."""
    binary = shutil.which(CHROMIUM)
    if binary is None:
        pytest.fail(
            f"Chromium is needed for the HTML report's browser tests and {CHROMIUM} is "
            "missing: apt-get install chromium (as .ci/setup does), or set JCP_CHROMIUM",
            pytrace=False,
        )

    def run(*args: str) -> bytes:
        profile = tmp_path_factory.mktemp("chromium-profile")
        command = [binary, *FLAGS, f"--user-data-dir={profile}", *args]
        done = subprocess.run(command, capture_output=True, timeout=60, check=False)
        assert done.returncode == 0, (
            f"{' '.join(command)} exited {done.returncode}:\n"
            + done.stderr.decode("utf-8", "replace")[-2000:]
        )
        return done.stdout

    return run


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The HTML report of a multi-office demo, and the JSON report of the same run."""
    root = tmp_path_factory.mktemp("browser")
    evidence = root / "evidence"
    write_demo(evidence, offices=OFFICES, seed=7, as_of=AS_OF)
    html_path, json_path = root / "report.html", root / "report.json"
    code = main(
        [
            "evaluate",
            str(evidence),
            "--as-of",
            AS_OF.isoformat(),
            "--fail-on",
            "never",
            "--format",
            f"html:{html_path}",
            "--format",
            f"json:{json_path}",
        ]
    )
    assert code == 0
    return html_path, json.loads(json_path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dom(chromium: Browser, written: tuple[Path, dict[str, Any]]) -> Dom:
    """The DOM of the report after Chromium has loaded and rendered it."""
    html_path, _ = written
    return Dom(chromium("--dump-dom", html_path.as_uri()).decode("utf-8"))


class Dom(HTMLParser):
    """What the tests read from the dumped DOM: every element ``id``, every ``href``, and the
    rows of the findings tables with the office heading they sit under."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.office_headings: list[str] = []
        #: ``(office heading, cells)`` for every body row of a table under an office heading.
        self.rows: list[tuple[str, list[str]]] = []
        self._heading: list[str] | None = None
        self._office: str | None = None
        self._in_body = False
        self._cells: list[str] | None = None
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"] or "")
        if tag == "a" and attributes.get("href") is not None:
            self.hrefs.append(attributes["href"] or "")
        if tag in ("h2", "h3"):
            self._heading = []
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._cells = []
        elif tag == "td" and self._cells is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2" and self._heading is not None:
            self._office, self._heading = None, None
        elif tag == "h3" and self._heading is not None:
            self._office = " ".join("".join(self._heading).split())
            self.office_headings.append(self._office)
            self._heading = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "td" and self._cell is not None and self._cells is not None:
            self._cells.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._cells is not None:
            if self._office is not None:
                self.rows.append((self._office, self._cells))
            self._cells = None

    def handle_data(self, data: str) -> None:
        for buffer in (self._heading, self._cell):
            if buffer is not None:
                buffer.append(data)


def expected_row(result: dict[str, Any]) -> tuple[str, ...]:
    """How a finding of the JSON report reads in the HTML: its office heading's office, then
    control, subject, staff, status, due date and message."""
    subject = f"{result['subject_kind']} {result['subject_id'] or ''}".strip()
    return (
        result["office_id"] or "",
        result["control_id"],
        subject,
        result["staff_id"] or "",
        result["status"],
        result["due_on"] or "",
        " ".join(result["message"].split()),
    )


def shown_row(heading: str, cells: list[str]) -> tuple[str, ...]:
    """A findings row of the DOM in the shape of :func:`expected_row` (the control cell
    holds the ID, then the guidance's title and citation)."""
    office = re.fullmatch(r"(?:Office (\S+)|No office) \(\d+\)", heading)
    assert office is not None, f"unexpected heading above a findings table: {heading!r}"
    control, subject, staff, status, due_on, message = cells
    return (office.group(1) or "", control.split()[0], subject, staff, status, due_on, message)


def test_every_finding_of_the_json_report_is_listed_under_its_office(
    dom: Dom, written: tuple[Path, dict[str, Any]]
) -> None:
    _, report = written
    findings = [r for r in report["results"] if r["status"] != "pass"]
    assert len({r["office_id"] for r in findings}) == OFFICES  # a multi-office report
    expected = collections.Counter(expected_row(r) for r in findings)
    shown = collections.Counter(shown_row(heading, cells) for heading, cells in dom.rows)
    assert shown == expected, (
        f"missing from the page: {list((expected - shown).elements())[:5]}; "
        f"not in the JSON report: {list((shown - expected).elements())[:5]}"
    )


def test_every_in_page_link_resolves_to_an_element(dom: Dom) -> None:
    fragments = [href[1:] for href in dom.hrefs if href.startswith("#")]
    # the table of contents (findings, each office, summary, each flagged control) and a
    # link from every finding to its control
    assert len(fragments) > len(dom.rows) + OFFICES
    assert len(dom.ids) == len(set(dom.ids)), "element ids are not unique"
    dangling = sorted(set(fragments) - set(dom.ids))
    assert not dangling, f"links to no element: {dangling[:10]}"
    # no link leaves the page (the report is self-contained)
    assert [href for href in dom.hrefs if not href.startswith("#")] == []


def test_the_screenshot_shows_the_rendered_report(
    chromium: Browser, written: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    html_path, _ = written
    png = tmp_path / "report.png"
    chromium(f"--screenshot={png}", f"--window-size={WINDOW[0]},{WINDOW[1]}", html_path.as_uri())
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000
    with Image.open(png) as image:
        assert image.size == WINDOW
        pixels = image.convert("RGB")
        colours = pixels.getcolors(maxcolors=WINDOW[0] * WINDOW[1])
    assert colours is not None
    counts = {colour: count for count, colour in colours}
    background = max(counts, key=lambda colour: counts[colour])
    assert background == (255, 255, 255)
    # text, borders and badges cover a fair part of the window: not blank, not one colour
    assert counts[background] < 0.97 * WINDOW[0] * WINDOW[1]
    assert len(counts) > 50
    # the findings come first, so the red ``fail`` badges of the stylesheet are on screen
    assert counts.get(FAIL_BADGE, 0) > 500


def test_the_report_prints_to_a_pdf_of_several_pages(
    chromium: Browser, written: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    html_path, _ = written
    pdf = tmp_path / "report.pdf"
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", html_path.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    assert pages > 1, f"{pdf}: {pages} page(s) for a {OFFICES}-office report"
