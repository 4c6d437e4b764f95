"""A deterministic, realistic synthetic evidence folder: what ``jcp-controls demo`` writes.

:func:`write_demo` writes all seventeen evidence files for a number of jobcentres:
offices in England, Wales and Scotland, each with a Customer Service Manager, an Information
Asset Manager, Work Coach Team Leaders, work coaches, service delivery support, service agents
and line managers; their designations, absences and learning; LMS and JSA Claimant Commitment
folder grants with LMS1 references, reviews and pseudo accounts; monthly folder-access and
information-asset reviews by the IAM and a Work Coach Team Leader; every mandatory check of
SEC Annex 1 done by its owner (monthly statements, quarterly Health & Safety, annual and
six-monthly reminders, eye tests, driving licences...), the enrolments that put card holders,
phone holders, drivers, Private Use Scheme members and staff-club office bearers in scope,
the events that make "as required" checks due (new starters, leavers, returns from absence,
claims, purchase orders, desk moves, laptops, pay changes, annual leave, collections,
selection exercises...) each followed by its check, and the central Quality Team's BCS
validations sized by ISO 2859-1 level II; Claimant Commitments (pseudonymous ``claimant_ref``
only) versioned and retained for ``retention.jcc_dormant_months`` once dormant, including old
ones of the tactical solution; incidents, test checks, CMS interview cancellations and
waivers.

Every date is relative to ``as_of``, so the folder always shows current findings. Most of it
is compliant; every control of the catalogue is deliberately broken a few times (see
:data:`FAULTS`: a grant self-authorised, a leaver still holding access, a lapsed Security
Awareness course, a missing eye test, a month without a folder-access review, a CC destroyed
early, an incident never escalated, an office whose CSM has left, a quarter short of BCS
validations, ...), a few obligations fall due within the warning window or were met late, and
waivers cover a real ACC and a real CHK finding while another has expired. The ongoing Annex 1
rows (CHK-011, CHK-023, CHK-026) are manual controls and warn in every office by design. The
same ``seed`` and ``as_of`` give byte-identical files: the generator uses its own
:class:`random.Random`, never the global one, and reads no clock.

Each member of staff has years of learning history: the annual refreshers of every year
since they joined and each year's read-and-understood of LMS User Guide chapter B. They make
up most of a national folder and change no answer (they fall between a course's first and
latest completion, which are what the rules read). Rows are streamed to the files in blocks
as they are made, so a national folder (640 offices, about 100,000 staff, 330,000 checks and
5.1 million rows, 3.9 million of them learning) is written in about ten seconds on two cores
without holding it in memory.

The generator is split by record family, each a small module of this package (internal):
``estate`` offices, staff, designations and absences,
``learning``, ``access`` grants, reviews and the
role matrix, ``checks`` checks, enrolments, events and validations,
``jcc`` Claimant Commitments and folder reviews,
``security`` incidents, test checks, cancellations and waivers,
``faults`` the fault table and plan, ``writer``
the streaming sink. ``import jcp_controls`` does not import this package; the ``demo`` command
imports it when it runs.
"""

from __future__ import annotations

from jcp_controls.demo.faults import FAULTS
from jcp_controls.demo.generator import FIRST_AS_OF, LAST_AS_OF, write_demo
from jcp_controls.demo.manifest import MANIFEST, is_demo_folder

__all__ = ["FAULTS", "FIRST_AS_OF", "LAST_AS_OF", "MANIFEST", "is_demo_folder", "write_demo"]
