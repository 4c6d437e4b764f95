"""Reading an HR export into one :class:`jcp_controls.SourceBatch`.

Every sheet is read the same way: rows above the header (report titles) are skipped, the
header is the first row naming the sheet's key column, blank rows are skipped, a trailing
totals row is recognised, and every cell is mapped through the mapping file. A cell that
cannot be mapped is an input error naming the sheet, the 1-based row, the column as headed
and the value; the row is not used and its record kind is rejected (controls needing it
report ``error``). Nothing is raised for bad data.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs

import jcp_controls as jc
from jcp_controls_hr.cells import CellError, DateParser, code_parser, is_blank, text_of
from jcp_controls_hr.mapping import (
    FIELDS,
    IGNORE,
    KINDS,
    OFFICE_CSM,
    OFFICE_IAM,
    HrMapping,
    normalise,
)
from jcp_controls_hr.sheets import Export, Progress

__all__ = ["SOURCE_NAME", "read_export"]

#: The source name in reports and messages.
SOURCE_NAME = "hr"

_K = jc.RecordKind
#: The type of each field that is not plain text: "date", "status" or a code table.
_TYPES: Mapping[jc.RecordKind, Mapping[str, str]] = {
    _K.OFFICES: {"region": "region", "iai_submitted_on": "date", "scs_live_on": "date"},
    _K.STAFF: {
        "grade": "grade",
        "job_role": "position",
        "role_since": "date",
        "started_on": "date",
        "left_on": "date",
    },
    _K.DESIGNATIONS: {"designation": "designation", "from_on": "date", "to_on": "date"},
    _K.ABSENCES: {
        "kind": "absence",
        "start_on": "date",
        "expected_end_on": "date",
        "end_on": "date",
    },
    _K.LEARNING: {
        "course": "course",
        "status": "status",
        "completed_on": "date",
        "job_role": "position",
    },
}
#: Fields whose value may not be empty in any row (others may be, or are checked per row).
_REQUIRED_VALUES: Mapping[jc.RecordKind, frozenset[str]] = {
    _K.OFFICES: frozenset({"office_id", "name"}),
    _K.STAFF: frozenset({"staff_id", "name", "office_id", "grade", "job_role"}),
    _K.DESIGNATIONS: frozenset({"staff_id", "designation"}),
    _K.ABSENCES: frozenset({"staff_id", "kind", "start_on"}),
    _K.LEARNING: frozenset({"staff_id", "course", "status"}),
}
#: The column that finds the header row of each sheet.
_KEY_FIELD: Mapping[jc.RecordKind, str] = {
    _K.OFFICES: "office_id",
    _K.STAFF: "staff_id",
    _K.DESIGNATIONS: "staff_id",
    _K.ABSENCES: "staff_id",
    _K.LEARNING: "staff_id",
}
_LMS_CORE = jc.Course.LMS_CORE.value
#: Code tables whose values are enumeration members in the records.
_ENUMS: Mapping[str, type[enum.StrEnum]] = {
    "grade": jc.Grade,
    "region": jc.Region,
    "absence": jc.AbsenceKind,
}

#: One mapped column of a sheet: (field, cell index, header as written).
Column = tuple[str, int, str]
Row = dict[str, Any]


@attrs.define
class _Rows:
    """A data row of a sheet: where it is, its cells and the sheet's columns."""

    label: str
    line: int
    cells: Sequence[object]
    columns: list[Column]


class _Reader:
    """Reads the sheets of one export, collecting issues and rejected kinds."""

    def __init__(
        self, export: Export, mapping: HrMapping, progress: Progress | None = None
    ) -> None:
        self.export = export
        self.mapping = mapping
        self.progress = progress
        self.issues: list[jc.InputIssue] = []
        self.rejected: set[jc.RecordKind] = set()
        self.dates = DateParser(mapping.date_formats)
        self.parsers: dict[str, Callable[[object], Any]] = {
            "date": self.dates,
            "status": self._status_parser(),
        }
        for table, codes in mapping.codes.items():
            members = _ENUMS.get(table)
            if members is not None:  # records hold enumeration members, not their slugs
                codes = {
                    code: target if target == IGNORE else members(target)
                    for code, target in codes.items()
                }
            self.parsers[table] = code_parser(codes, table, normalise)
        if mapping.unmapped_courses == "ignore":
            strict_course = self.parsers["course"]

            def lenient_course(value: object) -> Any:
                try:
                    return strict_course(value)
                except CellError:
                    return IGNORE

            self.parsers["course"] = lenient_course

    def _status_parser(self) -> Callable[[object], bool]:
        completed = self.mapping.completed
        not_completed = self.mapping.not_completed
        known: dict[object, bool] = {}

        def parse(value: object) -> bool:
            found = known.get(value)
            if found is not None:
                return found
            status = normalise(text_of(value))
            if status in completed:
                found = True
            elif status in not_completed:
                found = False
            else:
                raise CellError(
                    "unknown learning status: not in the mapping's [learning] completed "
                    "or not_completed lists"
                )
            known[value] = found
            return found

        return parse

    def issue(
        self,
        kind: jc.RecordKind,
        message: str,
        file: str,
        line: int | None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        """Record an input error: ``kind`` is rejected."""
        self.issues.append(jc.InputIssue(SOURCE_NAME, message, file, line, column, value))
        self.rejected.add(kind)

    # -- sheets -------------------------------------------------------------------------

    def sheets(self, kind: jc.RecordKind) -> list[str]:
        """The sheets of ``kind`` in the export (none: the kind is not supplied)."""
        return self.export.sheets_for(self.mapping.sheets[kind].names)

    def _header(
        self, kind: jc.RecordKind, label: str, line: int, cells: Sequence[object]
    ) -> list[Column] | None:
        sheet = self.mapping.sheets[kind]
        field_of = sheet.field_of()
        found: dict[str, tuple[int, str]] = {}
        for index, cell in enumerate(cells):
            header = text_of(cell)
            field = field_of.get(normalise(header)) if header else None
            if field is None:
                continue  # HR exports carry many columns the evidence does not need
            if field in found:
                self.issue(
                    kind,
                    f"two columns for {field}: {found[field][1]!r} and {header!r}",
                    label,
                    line,
                    header,
                    header,
                )
                return None
            found[field] = (index, header)
        missing = [f for f, required in FIELDS[kind].items() if required and f not in found]
        for field in missing:
            spellings = sheet.columns[field]
            self.issue(
                kind,
                f"required column for {field} not found; expected one of: "
                + ", ".join(repr(spelling) for spelling in spellings),
                label,
                line,
                spellings[0],
            )
        if missing:
            return None
        return [(field, index, header) for field, (index, header) in found.items()]

    def rows(self, kind: jc.RecordKind, sheets: list[str]) -> Iterator[_Rows]:
        """The data rows of ``kind``'s sheets, headers found, blank and totals rows skipped."""
        for label, line, cells, columns in self.data(kind, sheets):
            yield _Rows(label, line, cells, columns)

    def data(
        self, kind: jc.RecordKind, sheets: list[str]
    ) -> Iterator[tuple[str, int, Sequence[object], list[Column]]]:
        """:meth:`rows` as plain tuples (label, line, cells, columns), for millions of rows."""
        key_spellings = {
            normalise(spelling) for spelling in self.mapping.sheets[kind].columns[_KEY_FIELD[kind]]
        }
        totals = self.mapping.totals_prefixes
        initials = {prefix[:1] for prefix in totals} | {prefix[:1].upper() for prefix in totals}
        for sheet in sheets:
            label = self.export.label(sheet)
            columns: list[Column] | None = None
            pending_total: tuple[int, str] | None = None
            unreadable = False
            for line, cells in self.export.rows(sheet, self.progress):
                if isinstance(cells, str):
                    self.issue(kind, cells, label, line)
                    unreadable = True
                    continue
                first_cell = cells[0] if cells else None
                if type(first_cell) is str and first_cell and first_cell[0] > " ":
                    # the common case, decided on the first cell: not blank, and a totals
                    # row only if the cell starts like one
                    if (
                        columns is not None
                        and pending_total is None
                        and first_cell[0] not in initials
                    ):
                        yield label, line, cells, columns
                        continue
                elif is_blank(cells):
                    continue
                if columns is None:
                    if not any(normalise(text_of(cell)) in key_spellings for cell in cells):
                        continue  # a title or filter row above the header
                    columns = self._header(kind, label, line, cells)
                    if columns is None:
                        break
                    continue
                if pending_total is not None:
                    self.issue(
                        kind,
                        "a totals row is followed by more rows: totals are only recognised "
                        "at the end of a sheet",
                        label,
                        pending_total[0],
                        value=pending_total[1],
                    )
                    pending_total = None
                first = next(text for cell in cells if (text := text_of(cell)))
                if normalise(first).startswith(totals):
                    pending_total = (line, first)
                    continue
                yield label, line, cells, columns
            else:
                if columns is None and not unreadable:
                    spellings = self.mapping.sheets[kind].columns[_KEY_FIELD[kind]]
                    self.issue(
                        kind,
                        "no header row: no row names the column "
                        + " or ".join(repr(spelling) for spelling in spellings),
                        label,
                        None,
                    )

    def parse(self, kind: jc.RecordKind, row: _Rows) -> Row | None:
        """The fields of one row, mapped; None (with issues) when a cell is bad."""
        types = _TYPES[kind]
        required = _REQUIRED_VALUES[kind]
        values: Row = dict.fromkeys(FIELDS[kind])
        cells = row.cells
        ok = True
        for field, index, header in row.columns:
            raw = cells[index] if index < len(cells) else None
            if raw is None or raw == "" or (isinstance(raw, str) and not raw.strip()):
                if field in required:
                    self.issue(kind, "required value is empty", row.label, row.line, header, "")
                    ok = False
                continue
            type_ = types.get(field)
            if type_ is None:
                values[field] = text_of(raw)
                continue
            try:
                values[field] = self.parsers[type_](raw)
            except CellError as exc:
                self.issue(kind, str(exc), row.label, row.line, header, text_of(raw))
                ok = False
        return values if ok else None

    def header_of(self, row: _Rows, field: str) -> str:
        """The header of ``field`` in the row's sheet (its first spelling if absent)."""
        for name, _, header in row.columns:
            if name == field:
                return header
        return field


def _origin(row: _Rows) -> jc.Origin:
    return jc.Origin(SOURCE_NAME, row.label, row.line)


def _keyed(
    reader: _Reader, kind: jc.RecordKind, key: str, sheets: list[str]
) -> Iterator[tuple[Row, _Rows]]:
    """Parsed rows of a sheet whose ``key`` must be unique; a repeat is an input error."""
    seen: dict[str, tuple[str, int]] = {}
    for row in reader.rows(kind, sheets):
        values = reader.parse(kind, row)
        if values is None:
            continue
        first = seen.get(values[key])
        if first is not None:
            where = f"row {first[1]}" if first[0] == row.label else f"{first[0]} row {first[1]}"
            reader.issue(
                kind,
                f"duplicate {key} (first on {where})",
                row.label,
                row.line,
                reader.header_of(row, key),
                values[key],
            )
            continue
        seen[values[key]] = (row.label, row.line)
        yield values, row


def read_export(
    export: Export, mapping: HrMapping, uri: str, progress: Progress | None = None
) -> jc.SourceBatch:
    """Every record kind the export holds, as one batch of the ``hr`` source.

    A kind whose sheet is absent is not supplied; a kind with any bad row is rejected.
    ``progress`` is told how far each sheet is read.
    """
    reader = _Reader(export, mapping, progress)
    records: dict[jc.RecordKind | str, list[Any]] = {}
    origins: dict[jc.RecordKind | str, list[jc.Origin]] = {}
    sheets = {kind: reader.sheets(kind) for kind in KINDS}

    offices: list[tuple[Row, jc.Origin]] = []
    if sheets[_K.OFFICES]:
        for values, row in _keyed(reader, _K.OFFICES, "office_id", sheets[_K.OFFICES]):
            offices.append((values, _origin(row)))

    staff_office: dict[str, str] = {}
    if sheets[_K.STAFF]:
        records[_K.STAFF], origins[_K.STAFF] = [], []
        for values, row in _keyed(reader, _K.STAFF, "staff_id", sheets[_K.STAFF]):
            records[_K.STAFF].append(jc.Staff(**values))
            origins[_K.STAFF].append(_origin(row))
            staff_office[values["staff_id"]] = values["office_id"]

    office_roles: dict[tuple[str, str], tuple[str, _Rows]] = {}
    if sheets[_K.DESIGNATIONS]:
        records[_K.DESIGNATIONS], origins[_K.DESIGNATIONS] = [], []
        for row in reader.rows(_K.DESIGNATIONS, sheets[_K.DESIGNATIONS]):
            designation = _designation(
                reader, row, staff_office, office_roles, bool(sheets[_K.OFFICES])
            )
            if designation is not None:
                records[_K.DESIGNATIONS].append(designation)
                origins[_K.DESIGNATIONS].append(_origin(row))

    if sheets[_K.OFFICES]:
        records[_K.OFFICES] = [
            jc.Office(
                **values,
                csm_staff_id=_role(office_roles, values["office_id"], OFFICE_CSM),
                iam_staff_id=_role(office_roles, values["office_id"], OFFICE_IAM),
            )
            for values, _ in offices
        ]
        origins[_K.OFFICES] = [origin for _, origin in offices]
        known = {values["office_id"] for values, _ in offices}
        for (office_id, _target), (_staff, row) in sorted(office_roles.items()):
            if office_id not in known and _K.OFFICES not in reader.rejected:
                reader.issue(
                    _K.DESIGNATIONS,
                    "office not in the offices sheet",
                    row.label,
                    row.line,
                    reader.header_of(row, "office_id"),
                    office_id,
                )

    if sheets[_K.ABSENCES]:
        records[_K.ABSENCES], origins[_K.ABSENCES] = [], []
        for row in reader.rows(_K.ABSENCES, sheets[_K.ABSENCES]):
            absence = reader.parse(_K.ABSENCES, row)
            if absence is None or absence["kind"] == IGNORE:
                continue
            records[_K.ABSENCES].append(jc.Absence(**absence))
            origins[_K.ABSENCES].append(_origin(row))

    learning = _learning(reader, sheets[_K.LEARNING]) if sheets[_K.LEARNING] else None
    batch = jc.SourceBatch.from_records(
        SOURCE_NAME,
        uri,
        records,
        origins=origins,
        issues=reader.issues,
        rejected=reader.rejected,
        sha256=export.sha256,
    )
    if learning is None:
        return batch
    facts, first_seen, per_staff = learning
    return attrs.evolve(
        batch,
        learning=facts,
        learning_staff=first_seen,
        learning_staff_rows=per_staff,
        issues=tuple(reader.issues),
        rejected=frozenset(reader.rejected),
    )


def _role(
    roles: Mapping[tuple[str, str], tuple[str, _Rows]], office_id: str, target: str
) -> str | None:
    found = roles.get((office_id, target))
    return found[0] if found is not None else None


def _designation(
    reader: _Reader,
    row: _Rows,
    staff_office: Mapping[str, str],
    office_roles: dict[tuple[str, str], tuple[str, _Rows]],
    has_offices: bool,
) -> jc.Designation | None:
    """One designations row: a designation record, an office's CSM or IAM, or ignored.

    A row that fails and might have named a CSM or IAM rejects the offices too: their
    ``csm_staff_id`` / ``iam_staff_id`` would otherwise be read as "none appointed".
    """
    kind = _K.DESIGNATIONS
    values = reader.parse(kind, row)
    if values is None:
        raw = next((row.cells[i] for f, i, _ in row.columns if f == "designation"), None)
        try:
            target = reader.parsers["designation"](raw)
        except CellError:
            target = OFFICE_CSM
        if target in (OFFICE_CSM, OFFICE_IAM) and has_offices:
            reader.rejected.add(_K.OFFICES)
        return None
    target = values["designation"]
    if target == IGNORE:
        return None
    if target in (OFFICE_CSM, OFFICE_IAM):
        if values["to_on"] is not None:
            return None  # an appointment that has ended
        office_id = values["office_id"] or staff_office.get(values["staff_id"])
        if office_id is None and _K.STAFF in reader.rejected:
            reader.rejected.add(_K.OFFICES)  # the holder's row was rejected: reported there
            return None
        if office_id is None:
            reader.issue(
                kind,
                "an office appointment needs the office: the member of staff is not in the "
                "staff sheet",
                row.label,
                row.line,
                reader.header_of(row, "office_id"),
                "",
            )
            reader.rejected.add(_K.OFFICES)
            return None
        first = office_roles.get((office_id, target))
        if first is not None:
            reader.issue(
                kind,
                f"office {office_id} already has a current {text_of(row.cells[_index(row)])} "
                f"(row {first[1].line}); end one of them with a To Date",
                row.label,
                row.line,
                reader.header_of(row, "staff_id"),
                values["staff_id"],
            )
            reader.rejected.add(_K.OFFICES)
            return None
        office_roles[(office_id, target)] = (values["staff_id"], row)
        return None
    if values["from_on"] is None:
        reader.issue(
            kind,
            "required value is empty",
            row.label,
            row.line,
            reader.header_of(row, "from_on"),
            "",
        )
        return None
    return jc.Designation(
        staff_id=values["staff_id"],
        designation=jc.DesignationKind(target),
        from_on=values["from_on"],
        to_on=values["to_on"],
        appointed_by=values["appointed_by"],
    )


def _index(row: _Rows) -> int:
    return next(index for field, index, _ in row.columns if field == "designation")


def _learning(
    reader: _Reader, sheets: list[str]
) -> tuple[jc.LearningFacts, dict[str, jc.Origin], dict[str, int]]:
    """Learning rows straight into facts; only completions count.

    The national export has millions of rows, so a row whose cells were all seen before
    (a known course title, status and date, clean staff number and position) takes a fast
    path; any other row goes through :meth:`_Reader.parse`, which reports what is wrong.
    """
    kind = _K.LEARNING
    dates: dict[tuple[str, str, str], list[dt.date]] = {}
    first_seen: dict[str, jc.Origin] = {}
    per_staff: dict[str, int] = {}
    count = 0
    parsers = reader.parsers
    course_of = parsers["course"]
    status_of = parsers["status"]
    role_of = parsers["position"]
    known_dates = reader.dates.known
    courses: dict[object, str] = {}
    statuses: dict[object, bool] = {}
    roles: dict[object, str] = {"": ""}
    layout: list[Column] | None = None
    at: dict[str, int] = {}
    at_staff = at_course = at_status = at_date = 0
    at_role: int | None = None
    for label, line, cells, columns in reader.data(kind, sheets):
        if columns is not layout:
            layout = columns
            at = {field: index for field, index, _ in layout}
            at_staff, at_course, at_status = at["staff_id"], at["course"], at["status"]
            at_date = at["completed_on"]
            at_role = at.get("job_role")
        try:
            staff_id = cells[at_staff]
            if type(staff_id) is float and staff_id.is_integer():
                staff_id = str(int(staff_id))  # a staff number stored as a number
            course = courses.get(cells[at_course])
            completed = statuses.get(cells[at_status])
            day = known_dates.get(cells[at_date])
            role = roles.get(cells[at_role]) if at_role is not None else ""
        except (IndexError, TypeError):  # a short row, or an unhashable cell
            course = None
            completed = None
        if course is not None and completed is not None and (not completed or course == IGNORE):
            continue  # not a completion, or a course the mapping ignores
        if (
            course is None
            or completed is None
            or day is None
            or role is None
            or type(staff_id) is not str
            or not staff_id
            or staff_id[0] <= " "
            or staff_id[-1] <= " "
            or (course == _LMS_CORE and not role)
        ):
            row = _Rows(label, line, cells, columns)
            values = reader.parse(kind, row)
            if values is None:
                continue
            _remember(courses, cells[at_course], course_of)
            _remember(statuses, cells[at_status], status_of)
            if at_role is not None and values["job_role"]:
                _remember(roles, cells[at_role], role_of)
            if not values["status"] or values["course"] == IGNORE:
                continue
            staff_id, course, day = values["staff_id"], values["course"], values["completed_on"]
            role = values["job_role"] or ""
            if day is None:
                reader.issue(
                    kind,
                    "a completion needs its completion date",
                    row.label,
                    row.line,
                    reader.header_of(row, "completed_on"),
                    "",
                )
                continue
            if course == _LMS_CORE and not role:
                reader.issue(
                    kind,
                    "the position is required for LMS core learning (it counts per role)",
                    row.label,
                    row.line,
                    reader.header_of(row, "job_role"),
                    "",
                )
                continue
        count += 1
        key = (staff_id, course, role if course == _LMS_CORE else "")
        bucket = dates.get(key)
        if bucket is None:
            dates[key] = [day]
        else:
            bucket.append(day)
        seen = per_staff.get(staff_id)
        if seen is None:
            per_staff[staff_id] = 1
            first_seen[staff_id] = jc.Origin(SOURCE_NAME, label, line)
        else:
            per_staff[staff_id] = seen + 1
    return jc.LearningFacts(dates, count), first_seen, per_staff


def _remember(cache: dict[object, Any], raw: object, parse: Callable[[object], Any]) -> None:
    """Cache a raw cell's parsed value for the fast path (it parsed already, so no error)."""
    if isinstance(raw, str | int | float | dt.date) and raw not in cache:
        cache[raw] = parse(raw)
