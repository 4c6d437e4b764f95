"""The documentation runs as written (house style: a "Getting started" that runs as written).

* every ``$ jcp-controls ...`` line of docs/getting-started.rst runs, with the exit status
  cli.rst promises;
* docs/examples/getting_started.py (included on that page) runs in a folder holding the demo
  evidence and does what the page says;
* docs/examples/calendar_rules.py (included in docs/concepts.rst) and
  docs/examples/due_dates.py (docs/due-dates.rst) hold, and the evidence trace shown on the
  due-dates page is the one the library writes;
* the Sphinx build passes with ``-W``; the catalogue page shows every registered control
  with its citation, owner, frequency and an example finding from the demo evidence; the API
  page documents every public name; the CLI page documents ``due``, ``sample`` and ``diff``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import runpy
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import jcp_controls as jc

DOCS = Path(__file__).resolve().parent.parent / "docs"
EXAMPLES = DOCS / "examples"
AS_OF = "2026-11-22"
#: cli.rst, "Formats": the CSV header, also the columns of ``to_pandas()``.
CSV_COLUMNS = [
    "control_id",
    "status",
    "severity",
    "office_id",
    "subject_kind",
    "subject_id",
    "staff_id",
    "due_on",
    "message",
]


def console_commands(page: Path) -> list[list[str]]:
    """The ``$ jcp-controls ...`` lines of the page's ``code-block:: console`` blocks."""
    commands: list[list[str]] = []
    in_console = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith(".. "):
            in_console = line.strip() == ".. code-block:: console"
            continue
        if in_console and line and not line.startswith(" "):
            in_console = False
        stripped = line.strip()
        if in_console and stripped.startswith("$ jcp-controls "):
            commands.append(shlex.split(stripped[2:]))
    return commands


GETTING_STARTED_COMMANDS = console_commands(DOCS / "getting-started.rst")


def _option(argv: list[str], name: str) -> str | None:
    return argv[argv.index(name) + 1] if name in argv else None


def _findings(document: dict[str, object]) -> dict[tuple[object, ...], str]:
    """cli.rst "diff": the non-pass results of a JSON report by key (control, office,
    subject kind, subject), the worse status where a key repeats."""
    found: dict[tuple[object, ...], str] = {}
    for row in document["results"]:  # type: ignore[attr-defined]
        if row["status"] == "pass":
            continue
        key = (row["control_id"], row["office_id"], row["subject_kind"], row["subject_id"])
        if key not in found or jc.Status(row["status"]).rank > jc.Status(found[key]).rank:
            found[key] = row["status"]
    return found


def expected_exit(argv: list[str], workdir: Path) -> int:
    """cli.rst "Exit status": 1 when a result is at or above --fail-on, else 0. For
    ``diff``, only findings new in NEW count; ``due`` defaults to ``--fail-on never``;
    ``demo``, ``controls`` and ``sample`` succeed."""
    command = argv[1]
    default = {"evaluate": "fail", "diff": "fail", "due": "never"}.get(command, "never")
    gate = _option(argv, "--fail-on") or default
    if gate == "never":
        return 0
    if command == "diff":
        old, new = (
            _findings(json.loads((workdir / name).read_text(encoding="utf-8")))
            for name in argv[2:4]
        )
        fresh = [status for key, status in new.items() if key not in old]
        return 1 if any(jc.Status(s).rank >= jc.Status(gate).rank for s in fresh) else 0
    assert command == "evaluate", argv
    ids = _option(argv, "--only")
    offices = _option(argv, "--office")
    report = jc.evaluate(
        jc.load(workdir / argv[2]),
        as_of=_option(argv, "--as-of") or AS_OF,
        only=ids.split(",") if ids else None,
        offices=offices.split(",") if offices else None,
    )
    return 1 if any(r.status.rank >= jc.Status(gate).rank for r in report.results) else 0


def test_getting_started_shows_each_cli_step() -> None:
    shown = {argv[1] for argv in GETTING_STARTED_COMMANDS}
    assert {"demo", "evaluate", "controls", "due", "diff", "sample"} <= shown
    # issue 4: the calendar of what falls due in the next 30 days is shown as written.
    assert any(a[1] == "due" and _option(a, "--within") == "30" for a in GETTING_STARTED_COMMANDS)
    assert all(argv[0] == "jcp-controls" for argv in GETTING_STARTED_COMMANDS)


def test_getting_started_commands_run_as_written(tmp_path: Path) -> None:
    """Run in order, in an empty folder, as a reader would (the demo comes first)."""
    assert GETTING_STARTED_COMMANDS[0][1] == "demo"
    for argv in GETTING_STARTED_COMMANDS:
        done = subprocess.run(
            [sys.executable, "-m", "jcp_controls", *argv[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        shown = " ".join(argv)
        assert "Traceback" not in done.stderr, shown
        assert done.returncode == expected_exit(argv, tmp_path), (shown, done.stderr)
        if argv[1] == "diff" and _option(argv, "--fail-on") is None:
            # the page says this diff exits 1: the month brought new failures
            assert done.returncode == 1, shown
        output = _option(argv, "--output")
        if output is not None:
            # cli.rst: with --output the report goes to the file, not to stdout.
            assert done.stdout == "", shown
            assert (tmp_path / output).stat().st_size > 0, shown
        else:
            assert done.stdout.strip(), shown
        if _option(argv, "--format") == "json" and output is not None:
            document = json.loads((tmp_path / output).read_text(encoding="utf-8"))
            if argv[1] == "diff":
                assert document["schema"] == "jcp-controls/diff/1"
                assert set(document["counts"]) == {"new_findings", "resolved", "still_open"}
            else:
                assert document["schema"] == "jcp-controls/report/1"
                assert document["as_of"] == _option(argv, "--as-of")
        if _option(argv, "--format") == "csv" and output is not None:
            header = (tmp_path / output).read_text(encoding="utf-8").splitlines()[0]
            assert header.split(",") == CSV_COLUMNS


@pytest.fixture
def demo_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder holding ``demo-evidence/``, as the page assumes."""
    from jcp_controls.demo import write_demo

    write_demo(tmp_path / "demo-evidence", offices=3, seed=1, as_of=dt.date(2026, 11, 22))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_getting_started_python_runs_as_written(
    demo_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace = runpy.run_path(str(EXAMPLES / "getting_started.py"))
    report = namespace["report"]
    # report.summary(): counts by control and status, with a total row.
    summary = namespace["summary"]
    assert set(summary) == {control.control_id for control in report.controls} | {"total"}
    assert sum(summary["total"].values()) == len(report.results)
    # report.to_json("report.json") wrote the jcp-controls/report/1 document, with the
    # policy the example set.
    document = json.loads((demo_folder / "report.json").read_text(encoding="utf-8"))
    assert document["schema"] == "jcp-controls/report/1"
    assert document["as_of"] == AS_OF
    assert document["policy"]["warn_days"] == 14
    assert document["policy"]["access"]["leaver_grace_days"] == 2
    # report.to_pandas(): one row per result, the CSV columns.
    df = namespace["df"]
    assert list(df.columns) == CSV_COLUMNS
    assert len(df) == len(report.results)
    # report.failures(office=...) printed only that office's fail/error results.
    printed = capsys.readouterr().out
    assert report.failures(office="OF001")  # the demo (seed 1) has findings at OF001
    for result in report.failures(office="OF001"):
        assert f"{result.control_id} {result.subject_id} {result.message}" in printed


def test_getting_started_diff_fails_on_new_failures() -> None:
    """The page says the ``diff`` without ``--fail-on never`` exits 1; the run above checks
    the status against the reports, this checks the page shows such a command."""
    diffs = [a for a in GETTING_STARTED_COMMANDS if a[1] == "diff"]
    assert any(_option(a, "--fail-on") is None for a in diffs)
    assert "exits 1 because the month brought new failures" in (
        DOCS / "getting-started.rst"
    ).read_text(encoding="utf-8")


def test_calendar_rules_example_holds() -> None:
    """catalogue.rst "Result statuses and dates": month clipping and regional working days."""
    runpy.run_path(str(EXAMPLES / "calendar_rules.py"))


@pytest.fixture(scope="module")
def due_dates() -> dict[str, object]:
    """docs/examples/due_dates.py, run: its asserts are the worked examples of the page."""
    return runpy.run_path(str(EXAMPLES / "due_dates.py"))


def test_due_dates_example_holds(due_dates: dict[str, object]) -> None:
    """catalogue.rst "Result statuses and dates" / "SEC": SEC-002 one working day after
    2025-12-31 is 2026-01-02 in England and 2026-01-05 in Scotland (2 January is a Scottish
    bank holiday)."""
    england = due_dates["england_result"]
    scotland = due_dates["scotland_result"]
    assert isinstance(england, jc.Result)
    assert isinstance(scotland, jc.Result)
    assert england.due_on == dt.date(2026, 1, 2)
    assert scotland.due_on == dt.date(2026, 1, 5)
    assert england.status is jc.Status.WARN  # escalated 2026-01-05: met late
    assert scotland.status is jc.Status.PASS


def _json_blocks(page: Path) -> list[object]:
    """The ``code-block:: json`` blocks of a page, parsed."""
    blocks: list[object] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if line.strip() == ".. code-block:: json":
            body: list[str] = []
            for following in lines[index + 2 :]:
                if following and not following.startswith(" "):
                    break
                body.append(following)
            blocks.append(json.loads("\n".join(body)))
    return blocks


def test_due_dates_page_shows_the_trace_the_library_writes(due_dates: dict[str, object]) -> None:
    """issue 4 item 3: the trace (runs_from, rule, region, skipped) in a result's evidence, as
    the JSON report writes it, is what the page shows."""
    (shown,) = _json_blocks(DOCS / "due-dates.rst")
    assert isinstance(shown, dict)
    assert set(shown) == {"runs_from", "rule", "region", "skipped"}
    scotland = due_dates["scotland_result"]
    assert isinstance(scotland, jc.Result)
    written = scotland.to_dict()["evidence"]
    assert {key: written[key] for key in shown} == shown


def test_every_example_is_shown_in_the_docs() -> None:
    pages = "\n".join(page.read_text(encoding="utf-8") for page in DOCS.glob("*.rst"))
    included = set(re.findall(r"\.\. literalinclude:: examples/(\S+)", pages))
    assert included == {path.name for path in EXAMPLES.glob("*.py")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML docs, built once with ``-W`` (warnings are errors)."""
    root = tmp_path_factory.mktemp("docs")
    out = root / "html"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-E",
            "-q",
            "-b",
            "html",
            "-d",
            str(root / "doctrees"),
            str(DOCS),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


def _page(built: Path, name: str) -> str:
    return (built / f"{name}.html").read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    """The text of an HTML fragment: tags removed, entities decoded, spaces collapsed."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
    return re.sub(r" ([:,])", r"\1", text)  # "Owner : X" (a field list) reads "Owner: X"


REGISTRY = jc.Catalogue.from_plugins(jc.Plugins(entry_points=False))


def _sections(catalogue: str) -> dict[str, str]:
    """The text of each control's section of the catalogue page, by control ID."""
    anchors = list(re.finditer(r'id="control-([a-z0-9-]+)"', catalogue))
    sections = {}
    for anchor, following in zip(anchors, [*anchors[1:], None], strict=True):
        end = following.start() if following is not None else len(catalogue)
        sections[anchor[1].upper()] = _text(catalogue[anchor.end() : end])
    return sections


def test_sphinx_build_passes_with_warnings_as_errors(built: Path) -> None:
    """The docs build with -W; the catalogue page names every control of the registry with
    its citation (catalogue.rst: "documents each control in the Sphinx docs with its
    citation")."""
    catalogue = _page(built, "catalogue")
    assert REGISTRY.controls
    for control in REGISTRY.controls:
        assert f'id="control-{control.control_id.lower()}"' in catalogue, control.control_id
        assert html.escape(control.citation, quote=False) in catalogue, control.control_id


def test_catalogue_shows_owner_and_frequency_of_every_control(built: Path) -> None:
    """issue 4 item 9: citation, rule, frequency and owner of every control; a CHK control
    shows its check-catalogue entry (catalogue.rst "CHK": frequency, owner, scope, event,
    guidance)."""
    sections = _sections(_page(built, "catalogue"))
    entries = {entry.control_id: entry for entry in REGISTRY.check_types}
    families = {"ACC", "LRN", "JCC", "SEC", "INT", "CHK"}
    assert {control.control_id.split("-")[0] for control in REGISTRY.controls} <= families
    for control in REGISTRY.controls:
        section = sections[control.control_id]
        assert f"Owner: {control.owner}" in section, control.control_id
        assert "Frequency:" in section, control.control_id
        assert " ".join(control.rule_text.split()) in section, control.control_id
        entry = entries.get(control.control_id)
        if entry is not None:
            assert f"Frequency: {entry.frequency}" in section, control.control_id
            assert entry.check_type in section, control.control_id
            assert f"Check scope: {entry.scope.value}" in section, control.control_id
            if entry.event:
                assert f"Triggering event: {entry.event}" in section, control.control_id
            assert " ".join(entry.guidance.split()) in section, control.control_id


def test_catalogue_families_in_order(built: Path) -> None:
    """Grouped by family: ACC, LRN, JCC, SEC with INT, CHK (catalogue.rst order)."""
    anchors = re.findall(r'id="control-([a-z]+)-', _page(built, "catalogue"))
    families = [{"int": "sec"}.get(prefix, prefix) for prefix in anchors]
    order = [family for index, family in enumerate(families) if family not in families[:index]]
    assert order == ["acc", "lrn", "jcc", "sec", "chk"]
    # each family is one contiguous group
    assert families == sorted(families, key=order.index)


@pytest.fixture(scope="module")
def demo_results() -> dict[str, list[jc.Result]]:
    """The non-pass results of the demo evidence the catalogue page says it evaluated."""
    from jcp_controls.demo import write_demo

    page = (DOCS / "catalogue.rst").read_text(encoding="utf-8")
    match = re.search(r"--offices (\d+) --seed (\d+) --as-of (\S+)``", page)
    assert match is not None
    offices, seed, as_of = int(match[1]), int(match[2]), dt.date.fromisoformat(match[3])
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        write_demo(Path(tmp) / "demo", offices=offices, seed=seed, as_of=as_of)
        report = jc.evaluate(
            jc.load(Path(tmp) / "demo"), as_of=as_of, plugins=jc.Plugins(entry_points=False)
        )
    found: dict[str, list[jc.Result]] = {}
    for result in report.results:
        if result.status is not jc.Status.PASS:
            found.setdefault(result.control_id, []).append(result)
    return found


def test_catalogue_example_finding_is_a_real_demo_result(
    built: Path, demo_results: dict[str, list[jc.Result]]
) -> None:
    """issue 4 item 9: an example finding per control, taken from the demo evidence; a
    control the demo does not break says so."""
    sections = _sections(_page(built, "catalogue"))
    assert demo_results  # the demo breaks some controls
    for control in REGISTRY.controls:
        section = sections[control.control_id]
        results = demo_results.get(control.control_id)
        if not results:
            assert "has no finding for this control" in section, control.control_id
            continue
        assert "has no finding" not in section, control.control_id
        shown = [
            r
            for r in results
            if f"Message: {' '.join(r.message.split())}" in section
            and f"Status: {r.status.value}" in section
            and (r.due_on is None or f"Due on: {r.due_on.isoformat()}" in section)
        ]
        assert shown, control.control_id


def test_api_page_documents_every_public_name(built: Path) -> None:
    """cli.rst: ``import jcp_controls as jc`` re-exports the public API; each name is
    linked to where it is documented."""
    api = _page(built, "api")
    for name in jc.__all__:
        if name.startswith("__"):
            continue
        assert f'<span class="pre">{name}</span>' in api, name
    for name in ("parse_frequency", "ReportDiff", "RetentionRule", "Sample", "SamplePlan"):
        assert re.search(rf'id="jcp_controls\.[a-z_.]+\.{name}"', api), name


def test_cli_page_documents_due_sample_and_diff(built: Path) -> None:
    """cli.rst "CLI": ``due``, ``sample`` and ``diff`` are commands, with their usage
    (from the real parser), output schema and exit status."""
    cli = _text(_page(built, "cli"))
    assert "Planned commands" not in cli
    assert "not yet available" not in cli
    for command in ("due", "sample", "diff"):
        assert f"usage: jcp-controls {command}" in cli, command
    assert "jcp-controls/due/1" in cli
    assert "jcp-controls/diff/1" in cli
    assert '"sample_size"' in cli


def test_due_dates_page_is_in_the_guide(built: Path) -> None:
    index = _page(built, "index")
    assert 'href="due-dates.html"' in index
    page = _text(_page(built, "due-dates"))
    assert "2026-01-05" in page  # the Scottish escalation date, from the example source
