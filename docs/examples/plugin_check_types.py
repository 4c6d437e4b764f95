"""A mandatory-check plugin (hook ``jcp_controls_check_types``).

An entry of the check catalogue, in the style of a SEC Annex 1 row: the ``check_type`` slug
is what an office writes in ``checks.csv`` when it records the check.
"""

import jcp_controls as jc

FIRE_DRILL = jc.CheckType(
    check_type="fire_drill",
    category="Fire drill",
    frequency="interval(6)",
    owner="Jobcentre Customer Service Manager",
    scope="office",
    guidance="Evacuate the building and record the time taken, at least every six months.",
    citation="local fire-safety policy",
)


@jc.hookimpl
def jcp_controls_check_types() -> tuple[jc.CheckType, ...]:
    """The fire drill."""
    return (FIRE_DRILL,)
