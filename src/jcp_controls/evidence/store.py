"""The evidence of one evaluation: records per kind, learning as per-person facts, and what
went wrong while loading.

A kind is *present* when some source supplied it (possibly with zero records) and *missing*
when none did. Controls never see a missing or rejected kind as empty: reading it raises
:class:`EvidenceUnavailable`, which the engine turns into an ``error`` result.

Learning is kept as facts, not rows: for each (staff member, course, role for ``lms_core``)
the sorted distinct completion dates. Every learning rule asks "was it done on or before
D?" or "when was it last done by D?", and at national scale (millions of rows) facts are
an order of magnitude smaller than rows (see ``performance.rst``).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Literal

import attrs

from jcp_controls.converters import converter
from jcp_controls.models import Course, LearningRecord, RecordKind

__all__ = [
    "Evidence",
    "EvidenceUnavailable",
    "InputIssue",
    "IssueGroup",
    "LearningFacts",
    "Origin",
    "PluginFailure",
    "SourceInfo",
    "group_issues",
    "raw_value",
    "without_columns",
]


#: The longest value a one-line description quotes in full.
_VALUE_SHOWN = 80


def _shown(value: str) -> str:
    """``value`` quoted, cut to :data:`_VALUE_SHOWN` characters (a 5,000-character cell
    would otherwise fill the terminal)."""
    if len(value) <= _VALUE_SHOWN:
        return repr(value)
    return f"{value[:_VALUE_SHOWN]!r}... ({len(value)} characters)"


#: The keys of an ``input_errors`` entry of the JSON report, in order.
_ISSUE_KEYS = ("source", "file", "line", "column", "value", "message")


@attrs.frozen
class InputIssue:
    """One problem with the input: an error (row rejected) or a warning (e.g. extra column).

    ``line`` is the 1-based physical line of the file (the header is line 1); ``file``,
    ``line``, ``column`` and ``value`` are None when they do not apply.
    """

    source: str
    message: str
    file: str | None = None
    line: int | None = None
    column: str | None = None
    value: str | None = None
    level: Literal["error", "warning"] = "error"

    def describe(self) -> str:
        """One line naming where and what: ``staff.csv line 7, column grade, value 'E0': ...``."""
        parts = [self.file or self.source]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        if self.value is not None:
            parts.append(f"value {_shown(self.value)}")
        return f"{', '.join(parts)}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON report form (``input_errors`` entries)."""
        return {name: converter.unstructure(getattr(self, name)) for name in _ISSUE_KEYS}


#: How many line numbers a group of repeated issues lists.
LINES_SHOWN = 3


@attrs.frozen
class IssueGroup:
    """Issues that repeat one problem in one file and column (a file of dd/mm/yyyy dates):
    the first of them, how many there are, and the first few lines.

    Attributes:
        first: the first issue of the group (its line and value are the first ones).
        count: how many issues the group holds.
        lines: the lines of the first :data:`LINES_SHOWN` of them.
    """

    first: InputIssue
    count: int = 1
    lines: tuple[int, ...] = ()

    def describe(self) -> str:
        """One line; for a group, the count and first lines come before the message."""
        if self.count == 1:
            return self.first.describe()
        issue = self.first
        parts = [issue.file or issue.source]
        if issue.column is not None:
            parts.append(f"column {issue.column}")
        shown = ", ".join(str(line) for line in self.lines)
        more = ", ..." if self.count > len(self.lines) else ""
        parts.append(f"{self.count} rows (lines {shown}{more})")
        if issue.value is not None:
            parts.append(f"first value {_shown(issue.value)}")
        return f"{', '.join(parts)}: {issue.message}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON report form: an ``input_errors`` entry (the first issue's line and value),
        plus ``count`` and ``lines`` when the group holds more than one issue."""
        entry = self.first.to_dict()
        if self.count > 1:
            entry["count"] = self.count
            entry["lines"] = list(self.lines)
        return entry


def group_issues(issues: Iterable[InputIssue]) -> list[IssueGroup]:
    """Issues grouped by source, file, column, message and level, in order of first
    appearance; issues without a line (file-level) stay on their own."""
    groups: dict[tuple[Any, ...], list[Any]] = {}
    order: list[tuple[Any, ...]] = []
    for index, issue in enumerate(issues):
        if issue.line is None:
            key: tuple[Any, ...] = ("single", index)
        else:
            key = (issue.source, issue.file, issue.column, issue.message, issue.level)
        group = groups.get(key)
        if group is None:
            groups[key] = [issue, 1, [issue.line] if issue.line is not None else []]
            order.append(key)
        else:
            group[1] += 1
            if len(group[2]) < LINES_SHOWN:
                group[2].append(issue.line)
    return [IssueGroup(groups[key][0], groups[key][1], tuple(groups[key][2])) for key in order]


@attrs.frozen
class PluginFailure:
    """A plugin raised: the report names it, and what it would have supplied is unavailable."""

    plugin: str
    stage: str
    message: str
    kinds: frozenset[RecordKind] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        """The JSON report form (``plugin_errors`` entries)."""
        return {
            "plugin": self.plugin,
            "stage": self.stage,
            "message": self.message,
            "kinds": sorted(kind.value for kind in self.kinds),
        }


@attrs.frozen
class SourceInfo:
    """What one source supplied: record counts per kind, a digest of its input and the day
    it was extracted.

    Attributes:
        name: the source's name.
        uri: where it was read from.
        records: how many records of each kind (by kind value) it supplied.
        sha256: a digest of its input, when the source gives one.
        extracted_on: the day its evidence was extracted, when the source declares one.
        kinds_extracted_on: per kind value, a day that overrides ``extracted_on``.
    """

    name: str
    uri: str
    records: Mapping[str, int]
    sha256: str | None = None
    extracted_on: dt.date | None = None
    kinds_extracted_on: Mapping[str, dt.date] = attrs.field(factory=dict)

    def extracted_on_of(self, kind: RecordKind) -> dt.date | None:
        """The day ``kind`` was extracted, or None when the source does not say."""
        return self.kinds_extracted_on.get(kind.value, self.extracted_on)

    def to_dict(self) -> dict[str, Any]:
        """The JSON report form (``sources`` entries): ``extracted_on`` is an ISO date or
        null; ``kinds_extracted_on`` maps a kind with a day of its own to it (often empty)."""
        return {
            "name": self.name,
            "uri": self.uri,
            "records": dict(sorted(self.records.items())),
            "sha256": self.sha256,
            "extracted_on": None if self.extracted_on is None else self.extracted_on.isoformat(),
            "kinds_extracted_on": {
                kind: day.isoformat() for kind, day in sorted(self.kinds_extracted_on.items())
            },
        }


@attrs.frozen
class Origin:
    """Where a record came from, for messages about it."""

    source: str
    file: str | None = None
    line: int | None = None


class EvidenceUnavailable(Exception):
    """Raised to a control that reads a kind no source supplied, or whose input was rejected."""

    def __init__(self, kind: RecordKind, reason: str) -> None:
        self.kind = kind
        self.reason = reason
        super().__init__(f"{kind.filename} {reason}")


class _AbsentColumn:
    """Stands for an optional column a file did not have: reading it raises
    :class:`EvidenceUnavailable` naming the file and column, so a control that needs the
    column reports ``error`` instead of judging every record as if the cell were empty."""

    def __init__(self, kind: RecordKind, name: str) -> None:
        self.kind = kind
        self.name = name

    def __get__(self, record: object, owner: type[Any] | None = None) -> Any:
        if record is None:
            return self
        raise EvidenceUnavailable(
            self.kind, f"has no column {self.name} (optional, but this control reads it)"
        )

    def __set__(self, record: object, value: object) -> None:
        raise AttributeError(self.name)


_WITHOUT: dict[tuple[type[Any], frozenset[str]], type[Any]] = {}


def without_columns(cls: type[Any], kind: RecordKind, absent: frozenset[str]) -> type[Any]:
    """A subclass of the record class ``cls`` whose ``absent`` fields raise
    :class:`EvidenceUnavailable` when read. A record gets it by ``record.__class__ = ...``
    after construction (its values stay in the slots; see :func:`raw_value`)."""
    found = _WITHOUT.get((cls, absent))
    if found is None:

        def __repr__(self: Any) -> str:
            fields = ", ".join(
                f"{field.name}=<no column>"
                if field.name in absent
                else f"{field.name}={raw_value(self, field.name)!r}"
                for field in attrs.fields(cls)
            )
            return f"{cls.__name__}({fields})"

        namespace: dict[str, Any] = {"__slots__": (), "__repr__": __repr__}
        namespace.update({name: _AbsentColumn(kind, name) for name in sorted(absent)})
        found = type(cls.__name__, (cls,), namespace)
        _WITHOUT[(cls, absent)] = found
    return found


def raw_value(record: object, name: str) -> Any:
    """A record's field as stored, even for a column its file did not have (then None)."""
    for klass in type(record).__mro__:
        descriptor = klass.__dict__.get(name)
        if descriptor is not None and not isinstance(descriptor, _AbsentColumn):
            return descriptor.__get__(record, klass)
    return getattr(record, name)


#: (staff_id, course slug, job role for ``lms_core`` else ""). Plain strings, not enum members:
#: an Enum member hashes in Python code, which costs seconds over millions of rows.
FactKey = tuple[str, str, str]


_LMS_CORE = Course.LMS_CORE.value


class LearningFacts:
    """Completion dates per (staff member, course[, job role]), sorted and deduplicated.

    ``lms_core`` counts only for the job role it was completed for (IT §4); other courses
    ignore the role column.
    """

    __slots__ = ("_build", "_built", "_rows", "_staff_ids")

    def __init__(self, dates: Mapping[FactKey, Iterable[dt.date]], rows: int) -> None:
        self._built: dict[FactKey, tuple[dt.date, ...]] | None = {
            key: tuple(sorted(set(days))) for key, days in dates.items()
        }
        self._build: Callable[[], Mapping[FactKey, Iterable[dt.date]]] | None = None
        self._rows = rows
        self._staff_ids: frozenset[str] | None = None

    @classmethod
    def deferred(
        cls, build: Callable[[], Mapping[FactKey, Iterable[dt.date]]], rows: int
    ) -> LearningFacts:
        """Facts built by ``build`` the first time they are read: a columnar store hands
        these over so that an evaluation whose rules never read learning never pays for it.
        """
        facts = cls({}, rows)
        facts._built = None
        facts._build = build
        return facts

    @property
    def _dates(self) -> dict[FactKey, tuple[dt.date, ...]]:
        built = self._built
        if built is None:
            assert self._build is not None
            built = self._built = {
                key: tuple(sorted(set(days))) for key, days in self._build().items()
            }
            self._build = None
        return built

    @property
    def _staff(self) -> frozenset[str]:
        if self._staff_ids is None:
            self._staff_ids = frozenset(key[0] for key in self._dates)
        return self._staff_ids

    def items(self) -> Iterator[tuple[FactKey, tuple[dt.date, ...]]]:
        """Every fact key with its distinct completion dates, oldest first."""
        return iter(self._dates.items())

    @staticmethod
    def key(staff_id: str, course: Course | str, job_role: str | None) -> FactKey:
        """The fact key of a completion: the role counts for ``lms_core`` only."""
        # ``_value_`` is a plain attribute of an enum member; ``str()``/``.value`` run Python
        # code per call, which shows at millions of look-ups.
        slug: str = getattr(course, "_value_", course)
        return (staff_id, slug, (job_role or "") if slug == _LMS_CORE else "")

    @classmethod
    def from_records(cls, records: Iterable[LearningRecord]) -> LearningFacts:
        """Facts from learning records (the path for evidence built in code)."""
        dates: dict[FactKey, list[dt.date]] = {}
        rows = 0
        for record in records:
            rows += 1
            key = cls.key(record.staff_id, record.course, record.job_role)
            dates.setdefault(key, []).append(record.completed_on)
        return cls(dates, rows)

    @classmethod
    def merge(cls, parts: Iterable[LearningFacts]) -> LearningFacts:
        """Facts holding every completion of every part."""
        dates: dict[FactKey, list[dt.date]] = {}
        rows = 0
        for part in parts:
            rows += part._rows
            for key, days in part._dates.items():
                dates.setdefault(key, []).extend(days)
        return cls(dates, rows)

    @property
    def rows(self) -> int:
        """How many learning rows the facts were built from."""
        return self._rows

    @property
    def staff_ids(self) -> frozenset[str]:
        """Every staff member with at least one completion."""
        return self._staff

    def completions(
        self, staff_id: str, course: Course, job_role: str | None = None
    ) -> tuple[dt.date, ...]:
        """Every distinct completion date, oldest first."""
        return self._dates.get(self.key(staff_id, course, job_role), ())

    def first(self, staff_id: str, course: Course, job_role: str | None = None) -> dt.date | None:
        """The earliest completion, or None."""
        days = self.completions(staff_id, course, job_role)
        return days[0] if days else None

    def latest_by(
        self, staff_id: str, course: Course, day: dt.date, job_role: str | None = None
    ) -> dt.date | None:
        """The latest completion on or before ``day``, or None."""
        days = self.completions(staff_id, course, job_role)
        index = bisect.bisect_right(days, day)
        return days[index - 1] if index else None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LearningFacts):
            return NotImplemented
        return self._dates == other._dates

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LearningFacts({len(self._dates)} facts from {self._rows} rows)"


@attrs.frozen(eq=False)
class Evidence:
    """Everything one evaluation may look at.

    Attributes:
        records: the records of every present kind except learning, in source order.
        learning: learning facts, or None when no source supplied ``learning``.
        issues: input errors and warnings found while loading.
        rejected: kinds for which some input was rejected (lenient mode) or whose plugin failed.
        sources: what each source supplied.
        plugin_failures: plugins that raised while supplying evidence.
    """

    records: Mapping[RecordKind, tuple[Any, ...]] = attrs.field(factory=dict)
    learning: LearningFacts | None = None
    issues: tuple[InputIssue, ...] = ()
    rejected: frozenset[RecordKind] = frozenset()
    sources: tuple[SourceInfo, ...] = ()
    plugin_failures: tuple[PluginFailure, ...] = ()

    @classmethod
    def from_records(cls, **kinds: Iterable[Any]) -> Evidence:
        """Evidence built in code: ``Evidence.from_records(offices=[...], staff=[...])``.

        Each keyword is a record kind (``RecordKind`` value); a kind not given is missing.
        ``learning`` takes :class:`~jcp_controls.models.LearningRecord` objects.
        """
        records: dict[RecordKind, tuple[Any, ...]] = {}
        learning: LearningFacts | None = None
        for name, values in kinds.items():
            kind = RecordKind(name)
            if kind is RecordKind.LEARNING:
                learning = LearningFacts.from_records(values)
            else:
                records[kind] = tuple(values)
        counts = {kind.value: len(values) for kind, values in records.items()}
        if learning is not None:
            counts[RecordKind.LEARNING.value] = learning.rows
        return cls(records, learning, sources=(SourceInfo("python", "<records>", counts),))

    @property
    def errors(self) -> tuple[InputIssue, ...]:
        """The input errors (not warnings)."""
        return tuple(issue for issue in self.issues if issue.level == "error")

    @property
    def warnings(self) -> tuple[InputIssue, ...]:
        """The input warnings."""
        return tuple(issue for issue in self.issues if issue.level == "warning")

    def has(self, kind: RecordKind) -> bool:
        """True when some source supplied ``kind`` (even with no records)."""
        if kind is RecordKind.LEARNING:
            return self.learning is not None
        return kind in self.records

    def get(self, kind: RecordKind) -> tuple[Any, ...]:
        """The records of ``kind``; raises :class:`EvidenceUnavailable` if missing or rejected."""
        self.check(kind)
        return self.records[kind]

    def check(self, kind: RecordKind) -> None:
        """Raise :class:`EvidenceUnavailable` unless ``kind`` is present and was not rejected."""
        if kind in self.rejected:
            raise EvidenceUnavailable(kind, "was rejected (see input errors)")
        if not self.has(kind):
            raise EvidenceUnavailable(kind, "was not supplied")

    def facts(self) -> LearningFacts:
        """The learning facts; raises :class:`EvidenceUnavailable` if missing or rejected."""
        self.check(RecordKind.LEARNING)
        assert self.learning is not None
        return self.learning
