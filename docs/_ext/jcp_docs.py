"""Local Sphinx extension: pages generated from the code at build time.

Directives:

``.. jcp-catalogue::``
    One section per control of the shipped catalogue (ID, name, severity, citation, scope,
    owner, frequency — for a CHK control, its check-catalogue entry —, rule, an example
    finding from the demo evidence and the rule function's docstring), grouped by family,
    then the mandatory-check entries.
``.. jcp-evidence::``
    The evidence-folder contract: every file, column, type, key, reference and row rule,
    generated from :mod:`jcp_controls.evidence.schema` and the record classes.
``.. jcp-policy::``
    The policy settings table: every field of :class:`jcp_controls.policy.Policy` with its
    default (read from the code) and what the guidance says (:data:`DESCRIPTIONS`). A setting
    without a description is a build warning, so ``-W`` catches an undocumented setting.
``.. jcp-cli-help:: [COMMAND]``
    The ``--help`` text of ``jcp-controls`` or one of its commands, from the real parser.
``.. jcp-formats::``
    The report formats registered by the built-in plugin.
``.. jcp-public-api::``
    The public names of ``jcp_controls`` and the module documenting each.
``.. jcp-json-example::``
    A JSON report evaluated from records built in code.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import io
import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

#: What the guidance says about each policy setting (catalogue.rst, "Policy settings").
DESCRIPTIONS: Mapping[str, str] = {
    "warn_days": "How many days before a due date a result turns ``warn``.",
    "lookback_months": "How far back calendar-period obligations are checked.",
    "learning.validity_months": '"at least once a year" (IT §4 note, SEC §41).',
    "access.review_interval_months": '"regularly" (SEC §44, SEC Annex 1 Computer access).',
    "access.role_change_review_days": (
        'Review "where the user changes job role or duties" (IT §11).'
    ),
    "access.absence_threshold_days": (
        '"absence is expected to last for more than 90 days" (IT §11).'
    ),
    "access.absence_grace_days": "Days allowed to remove access once an absence qualifies.",
    "access.leaver_grace_days": "Days allowed to remove a leaver's access after ``left_on``.",
    "access.delegate_min_grade": (
        '"a Line Manager of an appropriate grade of at least EO" (IT §3).'
    ),
    "timeliness.immediately_working_days": '"immediately" (IT §24, SEC §30).',
    "timeliness.escalation_working_days": "Incidents reported and escalated (SEC §36).",
    "checks.regularly_months": 'SEC Annex 1 "Regularly".',
    "checks.as_required_working_days": (
        'SEC Annex 1 "As required", counted after the triggering event.'
    ),
    "checks.flexi_period": (
        '"at end of each accounting period" (flexible working): ``month`` or ``quarter``.'
    ),
    "retention.jcc_dormant_months": (
        '"retained in line with DWP Data Retention Policies" (SEC §36). The default is the DWP '
        "customer-record retention after live interest ends; the older standard was 14."
    ),
    "jcc.tactical_end_on": '"until July 2017" (SEC §33).',
    "calendar.default_region": (
        "Whose bank holidays make the working days of an office that names no ``region``."
    ),
    "bcs.validation_lag_days": "Validation of a quarter may finish this long after it (SEC §28).",
    "bcs.sample_plan": (
        '"volume ... will depend on the number of BCS monthly checks" (SEC §28): ISO 2859-1, '
        "general inspection level II."
    ),
    "evidence.max_age_days": (
        "A control whose evidence was extracted longer ago than this (``manifest.toml`` or the "
        "adapter's ``extracted_on``) turns its ``pass`` results into ``warn``."
    ),
    "evidence.max_age_error_days": (
        "Past this age of its evidence, every result of a control is ``error``."
    ),
}

#: The demo evidence the example findings come from: ``write_demo`` with these arguments.
DEMO_OFFICES = 3
DEMO_SEED = 1
DEMO_AS_OF = "2026-11-23"
#: Which non-pass result of a control is its example: the first (in report order) of the
#: most telling status.
_EXAMPLE_PREFERENCE = ("fail", "warn", "waived", "error")
#: Longest evidence (as JSON) shown with an example finding.
_EVIDENCE_SHOWN = 700

_SPECIAL = re.compile(r"([\\`*_|])")


def escape(text: str) -> str:
    """``text`` as literal reStructuredText (no markup, no references)."""
    return _SPECIAL.sub(r"\\\1", text)


def _title(text: str, underline: str) -> list[str]:
    return [text, underline * (len(text) + 2), ""]


def _indent(text: str, prefix: str = "   ") -> list[str]:
    return [prefix + line if line else "" for line in text.splitlines()]


def _flatten(values: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in values.items():
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _plugins(modules: tuple[str, ...]) -> Any:
    """The built-in plugins plus the plugin modules named (no installed entry points)."""
    import importlib

    from jcp_controls import Plugins

    return Plugins(*(importlib.import_module(name) for name in modules), entry_points=False)


def _catalogue(modules: tuple[str, ...] = ()) -> Any:
    from jcp_controls import Catalogue

    return Catalogue.from_plugins(_plugins(modules))


@functools.lru_cache(maxsize=8)
def example_findings(modules: tuple[str, ...] = ()) -> tuple[Mapping[str, Any], tuple[str, ...]]:
    """One non-pass result per control, from the demo evidence, and what went wrong making it
    (the demo's input errors, or the exception that stopped it).

    The demo folder (:func:`jcp_controls.demo.write_demo`, :data:`DEMO_OFFICES` offices, seed
    :data:`DEMO_SEED`, as of :data:`DEMO_AS_OF`) is written to a temporary folder, loaded and
    evaluated with the shipped catalogue. For each control the example is the first result,
    in report order, of the first status of ``fail``, ``warn``, ``waived``, ``error`` that it
    has: the same for every build.
    """
    import datetime as dt

    import jcp_controls as jc
    from jcp_controls.demo import write_demo

    as_of = dt.date.fromisoformat(DEMO_AS_OF)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "demo-evidence"
            write_demo(folder, offices=DEMO_OFFICES, seed=DEMO_SEED, as_of=as_of)
            evidence = jc.load(folder)
            errors = tuple(f"input error: {issue}" for issue in evidence.errors)
            report = jc.evaluate(evidence, as_of=as_of, plugins=_plugins(modules))
    except Exception as error:  # reported as a build warning, so -W fails the build
        return {}, (f"could not evaluate it: {type(error).__name__}: {error}",)
    chosen: dict[str, Any] = {}
    for result in report.results:
        status = result.status.value
        if status not in _EXAMPLE_PREFERENCE:
            continue
        best = chosen.get(result.control_id)
        rank = _EXAMPLE_PREFERENCE.index(status)
        if best is None or rank < _EXAMPLE_PREFERENCE.index(best.status.value):
            chosen[result.control_id] = result
    return chosen, errors


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


class CatalogueDirective(SphinxDirective):
    """``.. jcp-catalogue::``: the control catalogue shipped with the core, each control with
    its frequency, owner and an example finding from the demo evidence.

    Options: ``:plugins:`` plugin modules to register too (comma-separated import names), and
    ``:only:`` the family prefixes to show (comma-separated; default all). A plugin's
    controls get the same page as the built-ins: their example findings come from the same
    demo evidence, evaluated with the plugin registered.
    """

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "plugins": directives.unchanged,
        "only": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        from jcp_controls import demo

        modules = _names(self.options.get("plugins", ""))
        only = set(_names(self.options.get("only", "")))
        catalogue = _catalogue(modules)
        entries = {entry.control_id: entry for entry in catalogue.check_types}
        findings, errors = example_findings(modules)
        for error in errors:
            logger.warning("demo evidence: %s", error, location=self.get_location())
        lines: list[str] = []
        families: dict[Any, list[Any]] = {}
        for control in catalogue.controls:
            if not only or control.family.prefix in only:
                families.setdefault(control.family, []).append(control)
        for family in sorted(families, key=lambda f: (f.order, f.prefix)):
            lines.extend(_title(escape(family.title), "-"))
            for control in families[family]:
                entry = entries.get(control.control_id)
                if entry is None and not control.frequency:
                    logger.warning(
                        "control %s declares no frequency",
                        control.control_id,
                        location=self.get_location(),
                    )
                lines.extend(self._control(control, entry, control.frequency or None))
                lines.extend(self._example(findings.get(control.control_id)))
                lines.extend(self._rule_function(control))
        if catalogue.check_types and (not only or "CHK" in only):
            lines.extend(_title("Mandatory-check catalogue entries", "-"))
            lines.extend(self._check_types(catalogue.check_types))
        self.env.note_dependency(inspect.getfile(type(catalogue)))
        self.env.note_dependency(inspect.getfile(demo))
        return self.parse_text_to_nodes("\n".join(lines), allow_section_headings=True)

    @staticmethod
    def _control(control: Any, entry: Any, frequency: str | None) -> list[str]:
        needs = ", ".join(f"``{kind.filename}``" for kind in control.needs) or "—"
        lines = [f".. _control-{control.control_id.lower()}:", ""]
        lines.extend(_title(f"{control.control_id} · {escape(control.name)}", "~"))
        lines.extend(
            [
                f":Severity: {control.severity.value}",
                f":Citation: {escape(control.citation)}",
                f":Scope: {escape(control.scope)}",
                f":Subject kind: ``{control.subject_kind.value}``",
                f":Evidence read: {needs}",
                f":Owner: {escape(control.owner)}",
            ]
        )
        if entry is None:
            lines.append(f":Frequency: {frequency or '—'}")
        else:
            annex = f" (Annex 1: {escape(entry.annex_frequency)})" if entry.annex_frequency else ""
            event = f"``{entry.event}``" if entry.event else "—"
            if entry.owner != control.owner:
                lines.append(f":Annex 1 owner: {escape(entry.owner)}")
            lines.extend(
                [
                    f":Frequency: ``{entry.frequency}``{annex}",
                    f":Check type: ``{entry.check_type}`` — {escape(entry.category)}",
                    f":Check scope: ``{entry.scope.value}``",
                    f":Triggering event: {event}",
                    f":Guidance: {escape(entry.guidance) or '—'}",
                ]
            )
        lines.extend(["", f"**Rule.** {escape(control.rule_text)}", ""])
        return lines

    @staticmethod
    def _example(result: Any) -> list[str]:
        if result is None:
            return ["**Example finding.** The demo evidence has no finding for this control.", ""]
        subject = f"{result.subject_kind.value} ``{result.subject_id or '—'}``"
        if result.office_id is not None:
            subject += f" at office ``{result.office_id}``"
        if result.staff_id is not None and result.staff_id != result.subject_id:
            subject += f" (staff ``{result.staff_id}``)"
        due = result.due_on.isoformat() if result.due_on is not None else "—"
        lines = [
            "**Example finding** (from the demo evidence):",
            "",
            f":Status: ``{result.status.value}``",
            f":Subject: {subject}",
            f":Due on: {due}",
            f":Message: {escape(result.message)}",
            "",
        ]
        evidence = result.to_dict()["evidence"]
        compact = json.dumps(evidence, ensure_ascii=False)
        if evidence and len(compact) <= _EVIDENCE_SHOWN:
            shown = json.dumps(evidence, ensure_ascii=False, indent=2)
            lines.extend(["Its evidence:", "", ".. code-block:: json", "", *_indent(shown), ""])
        return lines

    @staticmethod
    def _rule_function(control: Any) -> list[str]:
        judge = control.judge
        module = getattr(judge, "__module__", "")
        qualname = getattr(judge, "__qualname__", getattr(judge, "__name__", repr(judge)))
        lines = [f"**Rule function:** ``{module}.{qualname}``", ""]
        doc = inspect.getdoc(judge)
        if doc:
            lines.extend(_indent(doc, "    "))
            lines.append("")
        return lines

    @staticmethod
    def _check_types(check_types: Any) -> list[str]:
        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "",
            "   * - check_type",
            "     - control",
            "     - Annex 1 row",
            "     - frequency",
            "     - owner",
            "     - scope",
            "     - citation",
        ]
        for entry in check_types:
            lines.extend(
                [
                    f"   * - ``{entry.check_type}``",
                    f"     - :ref:`{entry.control_id} <control-{entry.control_id.lower()}>`",
                    f"     - {escape(entry.category)}",
                    f"     - ``{entry.frequency}``",
                    f"     - {escape(entry.owner)}",
                    f"     - ``{entry.scope.value}``",
                    f"     - {escape(entry.citation)}",
                ]
            )
        return [*lines, ""]


class EvidenceDirective(SphinxDirective):
    """``.. jcp-evidence::``: the evidence-folder contract, generated from the schema.

    For every file of :data:`jcp_controls.evidence.schema.SCHEMAS`: what one row is (the
    record class's docstring), every column with its type, whether it is required, the
    enumeration values it admits, the unique key, the references that must resolve and the
    rules across the columns of a row.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        import enum as _enum

        from jcp_controls.evidence import schema as schema_module

        lines: list[str] = []
        for schema in schema_module.SCHEMAS.values():
            record = schema.record
            lines.extend([f".. _evidence-{schema.kind.value}:", ""])
            lines.extend(_title(f"``{schema.filename}``", "~"))
            summary = (inspect.getdoc(record) or "").split("\n\n")[0].replace("\n", " ")
            lines.extend([summary, ""])
            lines.extend(
                [
                    ".. list-table::",
                    "   :header-rows: 1",
                    "   :widths: 25 12 63",
                    "",
                    "   * - column",
                    "     - required",
                    "     - type and values",
                ]
            )
            references = {reference.column: reference for reference in schema.references}
            for column in schema.columns:
                if isinstance(column.type, type) and issubclass(column.type, _enum.Enum):
                    values = ", ".join(f"``{member.value}``" for member in column.type)
                    kind = f"one of {values}"
                else:
                    kind = {
                        "date": "date ``YYYY-MM-DD``",
                        "bool": "``true`` / ``false``",
                        "int": "integer",
                    }.get(str(column.type), "text")
                notes = []
                if column.name == schema.key:
                    notes.append("unique key")
                reference = references.get(column.name)
                if reference is not None:
                    target = schema_module.SCHEMAS[reference.target]
                    condition = (
                        f" when ``{reference.when_null}`` is empty" if reference.when_null else ""
                    )
                    notes.append(
                        f"must be the ``{target.key}`` of a row of :ref:`{target.filename} "
                        f"<evidence-{target.kind.value}>`{condition}"
                    )
                text = "; ".join([kind, *notes])
                lines.extend(
                    [
                        f"   * - ``{column.name}``",
                        f"     - {'yes' if column.required else 'no'}",
                        f"     - {text}",
                    ]
                )
            lines.append("")
            for rule in schema.rules:
                doc = inspect.getdoc(rule)
                if doc:
                    lines.append("* " + " ".join(doc.split()))
            if schema.rules:
                lines.append("")
        self.env.note_dependency(inspect.getfile(schema_module))
        return self.parse_text_to_nodes("\n".join(lines), allow_section_headings=True)


class PolicyDirective(SphinxDirective):
    """``.. jcp-policy::``: every policy setting, its default and what the guidance says."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from jcp_controls.policy import Policy, setting_range

        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 28 12 15 45",
            "",
            "   * - setting",
            "     - default",
            "     - range",
            "     - what the guidance says",
        ]
        seen: set[str] = set()
        for key, default in _flatten(Policy().to_dict()):
            seen.add(key)
            description = DESCRIPTIONS.get(key)
            if description is None:
                logger.warning(
                    "policy setting %s has no description in docs/_ext/jcp_docs.py",
                    key,
                    location=self.get_location(),
                )
                description = "—"
            found = setting_range(key)
            allowed = f"{found[0]} to {found[1]} {found[2]}" if found is not None else "—"
            lines.extend(
                [
                    f"   * - ``{key}``",
                    f"     - ``{default}``",
                    f"     - {allowed}",
                    f"     - {description}",
                ]
            )
        for key in sorted(set(DESCRIPTIONS) - seen):
            logger.warning(
                "documented policy setting %s is not a field of Policy",
                key,
                location=self.get_location(),
            )
        return self.parse_text_to_nodes("\n".join(lines))


def cli_help(*command: str) -> str:
    """The ``--help`` text of ``jcp-controls [COMMAND]``, as the real parser prints it."""
    from jcp_controls.cli import main

    buffer = io.StringIO()
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "92"
    try:
        with contextlib.redirect_stdout(buffer), contextlib.suppress(SystemExit):
            main([*command, "--help"])
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous
    return buffer.getvalue()


class CliHelpDirective(SphinxDirective):
    """``.. jcp-cli-help:: [COMMAND]``: the usage text of the CLI or one command."""

    has_content = False
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        text = cli_help(*self.arguments)
        if not text.strip():
            logger.warning(
                "jcp-controls %s --help printed nothing",
                " ".join(self.arguments),
                location=self.get_location(),
            )
        block = nodes.literal_block(text, text)
        block["language"] = "text"
        return [block]


class FormatsDirective(SphinxDirective):
    """``.. jcp-formats::``: the built-in report formats."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from jcp_controls import Plugins
        from jcp_controls.report.formats import formats

        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "",
            "   * - ``--format``",
            "     - extension",
            "     - writes",
        ]
        for fmt in formats(Plugins(entry_points=False)).values():
            lines.extend(
                [
                    f"   * - ``{fmt.name}``",
                    f"     - ``.{fmt.extension}``",
                    f"     - {escape(fmt.description)}",
                ]
            )
        return self.parse_text_to_nodes("\n".join(lines))


class PublicApiDirective(SphinxDirective):
    """``.. jcp-public-api::`` with one module name a line: ``jcp_controls.__all__`` as a table
    linking each name to the module documenting it. A public name that none of the listed
    modules defines is a build warning."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        import importlib

        import jcp_controls

        modules = [importlib.import_module(name.strip()) for name in self.content if name.strip()]
        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 30 70",
            "",
            "   * - ``jc.`` name",
            "     - documented as",
        ]
        for name in sorted(jcp_controls.__all__, key=str.lower):
            if name.startswith("__"):
                continue
            obj = getattr(jcp_controls, name)
            home = next(
                (
                    module.__name__
                    for module in modules
                    if name in getattr(module, "__all__", ()) and getattr(module, name) is obj
                ),
                None,
            )
            if home is None:
                logger.warning(
                    "public name jcp_controls.%s is not documented by any listed module",
                    name,
                    location=self.get_location(),
                )
                continue
            role = (
                "func" if inspect.isfunction(obj) else "class" if inspect.isclass(obj) else "obj"
            )
            lines.extend([f"   * - ``{name}``", f"     - :py:{role}:`{home}.{name}`"])
        return self.parse_text_to_nodes("\n".join(lines))


def example_report() -> Any:
    """A small report evaluated from records built in code (one office, one bad grant)."""
    import datetime as dt

    import jcp_controls as jc

    evidence = jc.Evidence.from_records(
        offices=[jc.Office("OF001", "Example Jobcentre", csm_staff_id="S001")],
        staff=[
            jc.Staff("S001", "A. Manager", "OF001", jc.Grade.HEO, "customer_service_manager"),
            jc.Staff("S042", "B. Coach", "OF001", jc.Grade.AO, "work_coach"),
        ],
        designations=[],
        access_grants=[
            jc.AccessGrant(
                "G17", "lms", "ACC17", "work_coach", dt.date(2026, 3, 2),
                staff_id="S042", authorised_by="S099", form_ref="LMS1-0017",
            ),
            jc.AccessGrant(
                "G18", "lms", "ACC18", "work_coach", dt.date(2026, 3, 2),
                staff_id="S042", authorised_by="S001",
            ),
        ],
    )  # fmt: skip
    return jc.evaluate(
        evidence,
        as_of="2026-11-22",
        only=["ACC-001", "ACC-002", "ACC-004"],
        plugins=jc.Plugins(entry_points=False),
    )


class JsonExampleDirective(SphinxDirective):
    """``.. jcp-json-example::``: the JSON report of :func:`example_report`, as written."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        text = example_report().to_json(include_passes=False)
        block = nodes.literal_block(text, text)
        block["language"] = "json"
        return [block]


#: Public names whose defining module is not where they are documented.
_DOCUMENTED_IN = {"hookimpl": "jcp_controls.hookspecs"}


def resolve_reexport(
    app: Sphinx, env: Any, node: Any, contnode: nodes.Element
) -> nodes.Element | None:
    """Resolve ``jcp_controls.NAME[.attr]`` to where NAME is documented (its defining module).

    Docstrings refer to the public API as users write it (:func:`jcp_controls.evaluate`); the
    reference pages document each object once, in its own module.
    """
    import jcp_controls

    target = node.get("reftarget", "")
    if node.get("refdomain") != "py" or not target.startswith("jcp_controls."):
        return None
    name, *rest = target.split(".")[1:]
    if name not in jcp_controls.__all__:
        return None
    module = _DOCUMENTED_IN.get(name) or getattr(getattr(jcp_controls, name), "__module__", None)
    if not module or module == "jcp_controls":
        return None
    resolved: nodes.Element | None = env.get_domain("py").resolve_xref(
        env,
        node["refdoc"],
        app.builder,
        node["reftype"],
        ".".join([module, name, *rest]),
        node,
        contnode,
    )
    return resolved


def add_enum_values(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Append the values of an enumeration to its class docstring (they are the slugs of the
    CSV files and the JSON report)."""
    import enum

    if what == "class" and isinstance(obj, type) and issubclass(obj, enum.Enum):
        values = ", ".join(f"``{member.value}``" for member in obj)
        lines.extend(["", f"Values: {values}.", ""])


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives."""
    app.add_directive("jcp-catalogue", CatalogueDirective)
    app.add_directive("jcp-evidence", EvidenceDirective)
    app.add_directive("jcp-policy", PolicyDirective)
    app.add_directive("jcp-cli-help", CliHelpDirective)
    app.add_directive("jcp-formats", FormatsDirective)
    app.add_directive("jcp-public-api", PublicApiDirective)
    app.add_directive("jcp-json-example", JsonExampleDirective)
    app.connect("missing-reference", resolve_reexport)
    app.connect("autodoc-process-docstring", add_enum_values)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
