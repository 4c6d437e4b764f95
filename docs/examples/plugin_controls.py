"""A control plugin (hook ``jcp_controls_controls``).

A control is one declaration next to its rule: a :class:`jc.ControlSet` for the plugin's
family, and ``@LOCAL.control(...)`` on the rule function with everything about the control
(ID, slug, severity, citation, scope, the evidence it reads, how often it falls due, who owns
it). The scope function lists the subjects it judges and the rule judges one of them. The
engine turns missing evidence into ``error``, applies waivers and builds the report; the
functions only decide.
"""

from collections.abc import Iterator

import jcp_controls as jc

LOCAL = jc.ControlSet(jc.Family("XMP", "XMP — local controls of the example office"))


def current_staff(ctx: jc.RuleContext) -> Iterator[jc.Scoped]:
    """Every member of staff who is current on ``as_of``."""
    for person in ctx.staff.values():
        if person.is_current(ctx.as_of):
            subject = jc.Subject(jc.SubjectKind.STAFF, person.staff_id, person.office_id)
            yield jc.Scoped(subject, person)


@LOCAL.control(
    "XMP-001",
    name="line-manager-known",
    severity=jc.Severity.LOW,
    citation="local policy",
    scope="current member of staff",
    subject_kind=jc.SubjectKind.STAFF,
    rule="line_manager_id null or not in staff: fail",
    needs=(jc.RecordKind.STAFF,),
    select=current_staff,
    frequency=jc.EVERY_EVALUATION,
    owner="Jobcentre HR business partner",  # who acts on its findings (``jcp-controls due``)
)
def has_line_manager(ctx: jc.RuleContext, person: jc.Staff) -> jc.Finding:
    """A current member of staff has a line manager who is also in ``staff.csv``."""
    manager = person.line_manager_id
    if manager is None:
        return jc.Finding(jc.Status.FAIL, "no line manager recorded")
    if manager not in ctx.staff:
        return jc.Finding(
            jc.Status.FAIL,
            f"line manager {manager} is not in staff.csv",
            evidence={"line_manager_id": manager},
        )
    return jc.Finding(
        jc.Status.PASS, f"managed by {manager}", evidence={"line_manager_id": manager}
    )


#: The plugin's controls; ``LOCAL.controls`` is every control declared above, by ID.
LINE_MANAGER_KNOWN = LOCAL.controls[0]


@jc.hookimpl
def jcp_controls_controls() -> tuple[jc.Control, ...]:
    """XMP-001."""
    return LOCAL.controls
