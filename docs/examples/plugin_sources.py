"""An evidence source plugin (hook ``jcp_controls_sources``).

It claims the ``roster`` scheme: ``jc.load("roster:OF900")`` calls :func:`load_roster` with
``"OF900"``. A real adapter would query the HR system here; this one builds its records in
code from :data:`ROSTER`. It supplies two record kinds, offices and staff: every other kind
stays *missing* (not empty), so a control that needs it reports ``error``.
"""

import datetime as dt

import jcp_controls as jc

#: What the "HR system" holds: office ID -> (office name, staff rows).
ROSTER = {
    "OF900": (
        "Example Jobcentre",
        [
            ("S901", "Ada Lovelace", "heo", "customer_service_manager", None),
            ("S902", "Charles Babbage", "eo", "work_coach_team_leader", "S901"),
            ("S903", "Mary Somerville", "ao", "work_coach", "S902"),
        ],
    ),
}


def load_roster(location: str, progress: object = None) -> jc.SourceBatch:
    """Read the offices named in ``location`` (comma-separated office IDs).

    Raises:
        KeyError: an office the roster does not hold. The run is not stopped: the report
            names the ``roster`` plugin and its kinds count as unavailable.
    """
    offices: list[jc.Office] = []
    staff: list[jc.Staff] = []
    for office_id in location.split(","):
        name, people = ROSTER[office_id]
        manager = people[0][0]
        offices.append(jc.Office(office_id=office_id, name=name, csm_staff_id=manager))
        for staff_id, person, grade, role, line_manager in people:
            staff.append(
                jc.Staff(
                    staff_id=staff_id,
                    name=person,
                    office_id=office_id,
                    grade=jc.Grade(grade),
                    job_role=role,
                    line_manager_id=line_manager,
                    started_on=dt.date(2020, 4, 1),
                )
            )
    return jc.SourceBatch(
        name="roster",
        uri=f"roster:{location}",
        records={jc.RecordKind.OFFICES: tuple(offices), jc.RecordKind.STAFF: tuple(staff)},
    )


ROSTER_SOURCE = jc.EvidenceSource(
    name="roster",
    schemes=("roster",),
    kinds=frozenset({jc.RecordKind.OFFICES, jc.RecordKind.STAFF}),
    load=load_roster,
    description="offices and staff from the example HR roster",
)


@jc.hookimpl
def jcp_controls_sources() -> tuple[jc.EvidenceSource, ...]:
    """The ``roster`` source."""
    return (ROSTER_SOURCE,)
