"""The HTML report in a real browser (issue 10, item 2): a multi-office demo report, written by
``jcp-controls evaluate --format html``, loaded from a ``file://`` URL in headless Chromium.

* the DOM Chromium builds lists every finding of the JSON report of the same run, under its
  office's heading;
* every in-page link (``href="#..."``) resolves to an element ``id`` of that DOM;
* the screenshot is a real picture: a PNG of the window's size, mostly page, with the status
  colours of the stylesheet;
* printing works: ``--print-to-pdf`` gives a PDF of several pages;
* in the live page (driven over the DevTools protocol on a pipe) every in-page link finds its
  target, and with print media the table of contents is hidden and the status badges keep
  their colours.

Chromium is a system package (``apt-get install chromium``; ``.ci/setup`` installs it): these
tests fail, never skip, when it is missing.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import os
import re
import select
import shutil
import subprocess
import time
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
def chromium_binary() -> str:
    """The Chromium executable; the test fails (no skip) when it is missing."""
    binary = shutil.which(CHROMIUM)
    if binary is None:
        pytest.fail(
            f"Chromium is needed for the HTML report's browser tests and {CHROMIUM} is "
            "missing: apt-get install chromium (as .ci/setup does), or set JCP_CHROMIUM",
            pytrace=False,
        )
    return binary


@pytest.fixture(scope="module")
def chromium(chromium_binary: str, tmp_path_factory: pytest.TempPathFactory) -> Browser:
    """Run headless Chromium with a fresh profile on the given arguments; its stdout."""
    binary = chromium_binary

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


class DevTools:
    """A page of headless Chromium driven over the DevTools protocol on a pipe
    (``--remote-debugging-pipe``: commands in on fd 3, answers out on fd 4, each message
    JSON ended by a NUL byte)."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire() -> None:  # in the child: the two pipe ends on fds 3 and 4
            read_end, write_end = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self._process = subprocess.Popen(
            [binary, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}"],
            pass_fds=(3, 4),
            preexec_fn=wire,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._last_id = 0
        self._session: str | None = None
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        attached = self.call("Target.attachToTarget", targetId=target, flatten=True)
        self._session = attached["sessionId"]

    def _receive(self) -> dict[str, Any]:
        deadline = time.monotonic() + 30
        while b"\0" not in self._buffer:
            ready, _, _ = select.select(
                [self._from_browser], [], [], max(0.0, deadline - time.monotonic())
            )
            assert ready, "Chromium did not answer on the DevTools pipe within 30 s"
            chunk = os.read(self._from_browser, 1 << 16)
            assert chunk, "Chromium closed the DevTools pipe"
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        decoded: dict[str, Any] = json.loads(message)
        return decoded

    def _send(self, method: str, params: dict[str, Any]) -> int:
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if self._session is not None:
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        return self._last_id

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send a command to the page (the browser before a page is attached); its result."""
        sent = self._send(method, params)
        while True:
            message = self._receive()
            if message.get("id") == sent:
                assert "error" not in message, f"{method}: {message['error']}"
                result: dict[str, Any] = message["result"]
                return result

    def open(self, url: str) -> None:
        """Load ``url`` and wait for its ``load`` event."""
        self.call("Page.enable")
        self._send("Page.navigate", {"url": url})
        while self._receive().get("method") != "Page.loadEventFired":
            pass

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        answer = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in answer, answer["exceptionDetails"]
        return answer["result"].get("value")

    def close(self) -> None:
        """Close the browser and the pipes."""
        try:
            self._session = None
            self._send("Browser.close", {})
            self._process.wait(timeout=10)
        finally:
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait()
            os.close(self._to_browser)
            os.close(self._from_browser)


def test_in_the_live_page_links_resolve_and_print_hides_the_contents(
    chromium_binary: str, written: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    html_path, report = written
    page = DevTools(chromium_binary, tmp_path / "profile")
    try:
        page.open(html_path.as_uri())
        links = page.evaluate("document.querySelectorAll('a[href^=\"#\"]').length")
        dangling = page.evaluate(
            "[...document.querySelectorAll('a[href^=\"#\"]')]"
            ".filter(a => !document.getElementById(decodeURIComponent(a.hash.slice(1))))"
            ".map(a => a.getAttribute('href'))"
        )
        rows = page.evaluate("document.querySelectorAll('h3 + table tbody tr').length")
        toc = "getComputedStyle(document.querySelector('nav.toc')).display"
        on_screen = page.evaluate(toc)
        page.call("Emulation.setEmulatedMedia", media="print")
        printed = page.evaluate(toc)
        badge = page.evaluate(
            "getComputedStyle(document.querySelector('.status-fail')).printColorAdjust"
        )
    finally:
        page.close()
    assert links > rows > 0
    assert dangling == []
    assert rows == sum(1 for r in report["results"] if r["status"] != "pass")
    # on paper the table of contents (links) is left out; status badges keep their colour
    assert (on_screen, printed) == ("block", "none")
    assert badge == "exact"
