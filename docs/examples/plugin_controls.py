"""A control plugin (hook ``jcp_controls_controls``).

A control is declared data plus two small pure functions: a scope function listing the
subjects it judges, and a rule function judging one of them. The engine turns missing
evidence into ``error``, applies waivers and builds the report; the functions only decide.
"""

from collections.abc import Iterator

import jcp_controls as jc


def current_staff(ctx: jc.RuleContext) -> Iterator[jc.Scoped]:
    """Every member of staff who is current on ``as_of``."""
    for person in ctx.staff.values():
        if person.is_current(ctx.as_of):
            subject = jc.Subject(jc.SubjectKind.STAFF, person.staff_id, person.office_id)
            yield jc.Scoped(subject, person)


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


LINE_MANAGER_KNOWN = jc.Control(
    control_id="XMP-001",
    name="line-manager-known",
    severity=jc.Severity.LOW,
    citation="local policy",
    scope="current member of staff",
    subject_kind=jc.SubjectKind.STAFF,
    rule_text="line_manager_id null or not in staff: fail",
    needs=(jc.RecordKind.STAFF,),
    select=current_staff,
    judge=has_line_manager,
    owner="Jobcentre HR business partner",  # who acts on its findings (``jcp-controls due``)
)


@jc.hookimpl
def jcp_controls_controls() -> tuple[jc.Control, ...]:
    """XMP-001."""
    return (LINE_MANAGER_KNOWN,)
