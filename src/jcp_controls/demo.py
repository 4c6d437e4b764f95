"""A deterministic, realistic synthetic evidence folder: what ``jcp-controls demo`` writes.

:func:`write_demo` writes all seventeen files of ``evidence.md`` for a number of jobcentres:
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

Rows are streamed to the files as they are made, so a national folder (640 offices, about
100,000 staff and 330,000 checks) is written in about ten seconds without holding it in memory.
"""

from __future__ import annotations

import calendar as _stdcalendar
import contextlib
import csv
import datetime as dt
import random
from collections.abc import Callable, Sequence
from pathlib import Path

from jcp_controls.calendar import add_months
from jcp_controls.controls.annex1 import CHECK_TYPES
from jcp_controls.controls.bcs import ISO2859Level2
from jcp_controls.controls.frequency import FrequencyKind
from jcp_controls.evidence.schema import SCHEMAS
from jcp_controls.models import RecordKind
from jcp_controls.policy import Policy

__all__ = ["FAULTS", "write_demo"]

_K = RecordKind

CSM = "customer_service_manager"
WCTL = "work_coach_team_leader"
WORK_COACH = "work_coach"
LINE_MANAGER = "line_manager"
SDS = "service_delivery_support"
SERVICE_AGENT = "service_agent"

#: The access role matrix (SEC §44) the demo ships: permitted entitlements per job role.
_MATRIX: dict[str, dict[str, tuple[str, ...]]] = {
    "lms": {
        CSM: ("lms_manager", "lms_enquiry"),
        WCTL: ("lms_team_leader", "lms_adviser", "lms_enquiry"),
        WORK_COACH: ("lms_adviser", "lms_enquiry"),
        LINE_MANAGER: ("lms_manager", "lms_enquiry"),
        SDS: ("lms_admin_support", "lms_enquiry"),
        SERVICE_AGENT: ("lms_enquiry",),
    },
    "jcc_folder": {
        CSM: ("read", "full"),
        WCTL: ("read", "edit", "full"),
        WORK_COACH: ("read", "edit"),
        LINE_MANAGER: ("read", "full"),
        SDS: ("read",),
    },
}
#: The entitlement a holder of each role is normally given.
_LMS_GROUP = {
    CSM: "lms_manager",
    WCTL: "lms_team_leader",
    WORK_COACH: "lms_adviser",
    LINE_MANAGER: "lms_manager",
    SDS: "lms_admin_support",
    SERVICE_AGENT: "lms_enquiry",
}
_FOLDER_LEVEL = {CSM: "full", WCTL: "full", WORK_COACH: "edit", LINE_MANAGER: "full", SDS: "read"}

#: Deliberate findings of the ACC and LRN controls: name -> (control it breaks, share of offices
#: that get one, minimum number in the whole folder). ``W_`` entries fall due within the warning
#: window (or are met late) instead of failing.
_ACCESS_FAULTS: dict[str, tuple[str, float, int]] = {
    "unauthorised_grant": ("ACC-001", 0.15, 1),
    "no_authoriser": ("ACC-001", 0.05, 1),
    "self_authorised": ("ACC-002", 0.10, 1),
    "learning_after_access": ("ACC-003", 0.15, 1),
    "no_lms1_form": ("ACC-004", 0.15, 2),
    "entitlement_not_in_matrix": ("ACC-005", 0.10, 1),
    "role_change_not_reviewed": ("ACC-006", 0.15, 1),
    "leaver_access_held": ("ACC-007", 0.20, 1),
    "long_absence_access_held": ("ACC-008", 0.15, 1),
    "W_absence_in_grace": ("ACC-008", 0.02, 1),
    "review_overdue": ("ACC-009", 0.25, 1),
    "W_review_due": ("ACC-009", 0.05, 2),
    "pseudo_no_reason": ("ACC-010", 0.08, 1),
    "pseudo_past_end": ("ACC-011", 0.08, 1),
    "W_pseudo_ending": ("ACC-011", 0.03, 1),
    "orphan_account": ("ACC-012", 0.08, 1),
    "no_lms_operator": ("ACC-013", 0.05, 1),
    "delegate_below_eo": ("ACC-014", 0.05, 1),
    "foundation_lapsed": ("LRN-001", 0.15, 1),
    "security_awareness_lapsed": ("LRN-002", 0.20, 1),
    "W_security_awareness_due": ("LRN-002", 0.03, 2),
    "no_data_handling": ("LRN-003", 0.15, 1),
}
#: Deliberate findings of the JCC, SEC and INT controls (same form).
_OFFICE_ADMIN_FAULTS: dict[str, tuple[str, float, int]] = {
    "two_active_ccs": ("JCC-001", 0.05, 1),
    "cc_version_gap": ("JCC-002", 0.05, 1),
    "tactical_after_scs": ("JCC-003", 0.02, 1),
    "dormant_past_retention": ("JCC-004", 0.04, 1),
    "cc_destroyed_early": ("JCC-005", 0.02, 1),
    "folder_review_missed": ("JCC-006", 0.05, 1),
    "assets_review_missed": ("JCC-007", 0.05, 1),
    "no_inventory": ("JCC-008", 0.02, 1),
    "no_security_advisor": ("SEC-001", 0.03, 1),
    "incident_not_escalated": ("SEC-002", 0.03, 1),
    "W_incident_escalated_late": ("SEC-002", 0.04, 1),
    "incident_no_remedial_action": ("SEC-003", 0.03, 1),
    "test_check_form_missing": ("SEC-004", 0.04, 1),
    "W_test_check_form_late": ("SEC-004", 0.04, 1),
    "csm_left": ("SEC-005", 0.02, 1),
    "no_ico": ("SEC-006", 0.03, 1),
    "no_health_safety_rep": ("SEC-007", 0.03, 1),
    "interview_not_rebooked": ("INT-001", 0.04, 1),
    "W_interview_rebooked_late": ("INT-001", 0.05, 1),
}

_DEFAULTS = Policy()
#: The default policy's lookback (months of calendar periods judged) and CC retention.
_LOOKBACK = _DEFAULTS.lookback_months
_RETENTION_MONTHS = _DEFAULTS.retention.jcc_dormant_months
_CONTROL_OF_CHECK = {entry.check_type: entry.control_id for entry in CHECK_TYPES}
#: The check type an "As required" check follows, by catalogue entry (``expenses_claim`` ...).
_EVENT_OF_CHECK = {entry.check_type: entry.event for entry in CHECK_TYPES if entry.event}
#: Check types whose ``exception`` outcome is judged against a past period or event; an
#: interval check recording one would warn about a due date far ahead, so the demo gives
#: those pass or fail only.
_EXCEPTION_OK = frozenset(
    entry.check_type
    for entry in CHECK_TYPES
    if all(
        p.kind in (FrequencyKind.CALENDAR, FrequencyKind.ON_EVENT) for p in entry.frequency.each()
    )
)

#: "As required" checks after events the demo makes up per office:
#: check type -> (events a year (fewest, most), who checks, whether the event names a member
#: of staff). Who: ``lm`` the subject's line manager, ``head`` the CSM, ``wctl`` a Work Coach
#: Team Leader, ``approver`` the CSM or a line manager. ``annual_leave`` scales with the staff.
_AS_REQUIRED: dict[str, tuple[int, int, str, bool]] = {
    "excess_fares": (0, 4, "lm", True),
    "expenses_claims": (4, 14, "lm", True),
    "procurement": (3, 12, "approver", False),
    "workstation_assessment": (2, 10, "lm", True),
    "laptops": (1, 6, "lm", True),
    "pay_and_rewards": (3, 12, "lm", True),
    "responsibility_allowance": (0, 3, "lm", True),
    "salary_advance": (0, 2, "head", True),
    "temporary_duties_allowance": (1, 6, "lm", True),
    "vouchers": (0, 4, "wctl", False),
    "annual_leave": (0, 0, "lm", True),
    "staff_collections": (0, 4, "wctl", False),
    "staff_selection": (0, 3, "head", False),
}
#: "As required" checks after events that follow from the staff records.
_AS_REQUIRED_STAFF = (
    "attendance_management",
    "staff_induction",
    "working_patterns",
    "staff_leaving",
)
#: Office-level checks due every N months: check type -> who checks (``head``: the CSM,
#: ``manager``: a line manager).
_OFFICE_INTERVAL: dict[str, str] = {
    "asset_stock_take": "manager",
    "emergency_reminder": "manager",
    "standards_of_behaviour": "head",
    "business_continuity_test": "manager",
    "business_continuity_update": "manager",
}
#: Months between the checks of each interval check type ("Regularly": the policy default).
_INTERVAL_MONTHS = {
    entry.check_type: entry.frequency.each()[0].interval_months(_DEFAULTS.checks.regularly_months)
    for entry in CHECK_TYPES
    if entry.frequency.each()[0].kind is FrequencyKind.INTERVAL
}
_ENROLLED_INTERVAL = ("driving_licence", "motor_insurance", "staff_clubs")
_CALENDAR = (
    "gpc_statement",
    "mobile_phone_statement",
    "private_use_scheme",
    "flexi_records",
    "health_safety",
)
#: Where a check is recorded when not in BCS.
_RECORDED_IN = {
    "emergency_reminder": "local",
    "business_continuity_test": "local",
    "business_continuity_update": "local",
    "staff_clubs": "local",
    "staff_collections": "local",
    "vouchers": "local",
    "laptops": "sccs",
}


def _check_faults() -> dict[str, tuple[str, float, int]]:
    faults: dict[str, tuple[str, float, int]] = {}
    for check_type in (*_AS_REQUIRED, *_AS_REQUIRED_STAFF):
        control = _CONTROL_OF_CHECK[check_type]
        faults[f"missing_{check_type}"] = (control, 0.02, 1)
        faults[f"W_late_{check_type}"] = (control, 0.015, 0)
    for check_type in (*_OFFICE_INTERVAL, *_ENROLLED_INTERVAL):
        control = _CONTROL_OF_CHECK[check_type]
        faults[f"overdue_{check_type}"] = (control, 0.03, 1)
        faults[f"W_due_{check_type}"] = (control, 0.02, 0)
    for check_type in _CALENDAR:
        faults[f"missed_{check_type}"] = (_CONTROL_OF_CHECK[check_type], 0.03, 1)
    faults["journey_unchecked"] = ("CHK-003", 0.03, 1)
    faults["eye_test_missing"] = ("CHK-013", 0.08, 2)
    faults["bcs_validation_short"] = ("CHK-038", 0.03, 1)
    return faults


#: Deliberate findings: name -> (control it breaks, share of offices that get one, minimum
#: number in the whole folder). ``W_`` entries fall due within the warning window, or are met
#: late, instead of failing. Controls not named here fail through others: CHK-001 is evaluated
#: as ACC-009, CHK-036 (working securely) follows ``security_awareness_lapsed``, CHK-037 is
#: evaluated as JCC-004/005; the ongoing CHK-011/023/026 warn "manual control" in every office.
FAULTS: dict[str, tuple[str, float, int]] = _ACCESS_FAULTS | _OFFICE_ADMIN_FAULTS | _check_faults()

_LAPSED = {
    "dwp_foundation": "foundation_lapsed",
    "security_awareness": "security_awareness_lapsed",
}
#: Faults carried by one member of staff, chosen from the office's long-serving staff.
_PERSON_FAULTS = frozenset(
    {
        "unauthorised_grant", "no_authoriser", "self_authorised", "learning_after_access",
        "no_lms1_form", "entitlement_not_in_matrix", "role_change_not_reviewed",
        "leaver_access_held", "long_absence_access_held", "W_absence_in_grace",
        "review_overdue", "W_review_due", "delegate_below_eo", "foundation_lapsed",
        "security_awareness_lapsed", "W_security_awareness_due", "no_data_handling",
        *(f"{kind}_{check_type}" for kind in ("missing", "W_late")
          for check_type in _AS_REQUIRED_STAFF),
    }
)  # fmt: skip
_OFFICE_FAULTS = frozenset(
    {"no_lms_operator", "pseudo_no_reason", "pseudo_past_end", "W_pseudo_ending", "orphan_account"}
)

_TOWNS = {
    "england": (
        "Barnsley", "Basildon", "Bath", "Bedford", "Birkenhead", "Blackburn", "Blackpool",
        "Bolton", "Bournemouth", "Bradford", "Brighton", "Bristol", "Burnley", "Bury",
        "Cambridge", "Canterbury", "Carlisle", "Chatham", "Chelmsford", "Cheltenham", "Chester",
        "Chesterfield", "Colchester", "Coventry", "Crawley", "Darlington", "Derby", "Doncaster",
        "Dudley", "Durham", "Eastbourne", "Exeter", "Gateshead", "Gloucester", "Grimsby",
        "Guildford", "Halifax", "Harlow", "Hartlepool", "Hastings", "Hereford", "Huddersfield",
        "Hull", "Ipswich", "Kendal", "Kettering", "Lancaster", "Leeds", "Leicester", "Lincoln",
        "Liverpool", "Luton", "Maidstone", "Manchester", "Mansfield", "Middlesbrough",
        "Milton Keynes", "Newcastle upon Tyne", "Northampton", "Norwich", "Nottingham",
        "Oldham", "Oxford", "Peterborough", "Plymouth", "Portsmouth", "Preston", "Reading",
        "Redditch", "Rochdale", "Rotherham", "Salford", "Scarborough", "Scunthorpe",
        "Sheffield", "Shrewsbury", "Slough", "Southampton", "Southend-on-Sea", "Stevenage",
        "Stockport", "Stoke-on-Trent", "Sunderland", "Swindon", "Taunton", "Telford", "Truro",
        "Wakefield", "Walsall", "Warrington", "Watford", "Wigan", "Wolverhampton", "Worcester",
        "Worthing", "York",
    ),
    "wales": (
        "Aberystwyth", "Bangor", "Barry", "Bridgend", "Caernarfon", "Cardiff", "Carmarthen",
        "Ebbw Vale", "Haverfordwest", "Llandudno", "Llanelli", "Merthyr Tydfil", "Neath",
        "Newport", "Pontypridd", "Port Talbot", "Rhyl", "Swansea", "Welshpool", "Wrexham",
    ),
    "scotland": (
        "Aberdeen", "Airdrie", "Arbroath", "Ayr", "Clydebank", "Dumfries", "Dundee",
        "Dunfermline", "East Kilbride", "Edinburgh", "Elgin", "Falkirk", "Glasgow", "Greenock",
        "Hamilton", "Inverness", "Irvine", "Kilmarnock", "Kirkcaldy", "Livingston",
        "Motherwell", "Paisley", "Perth", "Stirling", "Wick",
    ),
}  # fmt: skip
_REGION_WEIGHTS = (("england", 0.80), ("scotland", 0.11), ("wales", 0.09))
_BRANCHES = (
    "Central", "North", "South", "East", "West", "Riverside", "High Street", "Market Street",
    "Station Road", "Victoria Street",
)  # fmt: skip
_FIRST = (
    "Aisha", "Alan", "Amelia", "Andrew", "Angela", "Bethan", "Callum", "Carol", "Chloe",
    "Chris", "Claire", "Daniel", "David", "Deborah", "Dylan", "Eilidh", "Emma", "Fatima",
    "Fiona", "Gareth", "Gemma", "Grace", "Hannah", "Harry", "Imran", "Isla", "Jack", "James",
    "Jasmine", "Joanne", "John", "Karen", "Kieran", "Laura", "Lewis", "Lucy", "Mark", "Megan",
    "Michael", "Mohammed", "Natalie", "Neil", "Nicola", "Olivia", "Owen", "Paul", "Priya",
    "Rachel", "Rhys", "Robert", "Ruth", "Ryan", "Sam", "Sarah", "Sian", "Simon", "Sophie",
    "Stuart", "Susan", "Thomas", "Zara",
)  # fmt: skip
_LAST = (
    "Ahmed", "Allan", "Bailey", "Baker", "Begum", "Bell", "Brown", "Campbell", "Carter",
    "Clarke", "Cooper", "Davies", "Edwards", "Evans", "Fraser", "Green", "Griffiths", "Hall",
    "Harris", "Hughes", "Hussain", "Jackson", "James", "Jenkins", "Johnson", "Jones", "Khan",
    "King", "Lewis", "MacDonald", "Martin", "Morgan", "Morris", "Murray", "Owen", "Patel",
    "Phillips", "Price", "Reid", "Roberts", "Robertson", "Robinson", "Scott", "Shah", "Smith",
    "Stewart", "Taylor", "Thomas", "Thompson", "Turner", "Walker", "Watson", "White",
    "Williams", "Wilson", "Wood", "Wright", "Young",
)  # fmt: skip
_PSEUDO_REASONS = (
    "training environment for new starter induction",
    "cover account for the Saturday claims surge",
    "system test account for the LMS release",
    "shared account for the jobs fair outreach desk",
)
_WAIVER_REASON = "LMS1 held on the paper file; scanned copy to be attached to the grant"
_EYE_WAIVER_REASON = "eye test booked; the optician's first appointment is next month"
_EXPIRED_WAIVER_REASON = "extension agreed while the replacement account was built"
_INCIDENT_KINDS = ("disclosure", "smartcard", "bogus_caller", "lost_document", "tailgating")
_REMEDIAL = (
    "staff reminded of the clear desk policy",
    "smartcard cancelled and reissued",
    "claimant informed; caller details passed to security",
    "document recovered; procedure re-briefed at team meeting",
    "door entry system repaired",
)


def _months_later(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clipped to the month end (cheap)."""
    years, index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, index + 1
    return dt.date(year, month, min(day.day, _stdcalendar.monthrange(year, month)[1]))


class _Sink:
    """One CSV writer per evidence file, header first, column order from ``SCHEMAS``."""

    def __init__(self, out: Path, stack: contextlib.ExitStack) -> None:
        self.columns: dict[RecordKind, tuple[str, ...]] = {}
        self.known: dict[RecordKind, frozenset[str]] = {}
        self.writers: dict[RecordKind, Callable[[Sequence[object]], object]] = {}
        self.counts: dict[RecordKind, int] = {}
        for kind, schema in SCHEMAS.items():
            handle = stack.enter_context(
                (out / schema.filename).open("w", encoding="utf-8", newline="", buffering=1 << 20)
            )
            writer = csv.writer(handle, lineterminator="\n")
            columns = tuple(column.name for column in schema.columns)
            writer.writerow(columns)
            self.columns[kind] = columns
            self.known[kind] = frozenset(columns)
            self.writers[kind] = writer.writerow
            self.counts[kind] = 0

    def row(self, kind: RecordKind, /, **cells: object) -> None:
        """Write one row; a date is written ISO, None as an empty cell."""
        columns = self.columns[kind]
        if not cells.keys() <= self.known[kind]:
            raise ValueError(f"{kind.filename}: unknown columns {sorted(cells.keys())}")
        self.writers[kind]([cells.get(name) for name in columns])
        self.counts[kind] += 1


class _Person:
    """A member of staff while their office is being generated (not a record)."""

    __slots__ = (
        "absence",
        "fault",
        "grade",
        "left_on",
        "lm",
        "name",
        "prev_role",
        "role",
        "role_since",
        "sid",
        "started",
    )

    def __init__(
        self, sid: str, name: str, grade: str, role: str, started: dt.date, lm: str | None
    ) -> None:
        self.sid = sid
        self.name = name
        self.grade = grade
        self.role = role
        self.started = started
        self.lm = lm
        self.role_since: dt.date | None = started
        self.prev_role: str | None = None
        self.left_on: dt.date | None = None
        # kind, start_on, expected_end_on, end_on, whether access is removed at its start
        self.absence: tuple[str, dt.date, dt.date | None, dt.date | None, bool] | None = None
        self.fault: str | None = None


class _Delegate:
    """An LMS delegate appointment: who, and from when."""

    __slots__ = ("from_on", "sid")

    def __init__(self, sid: str, from_on: dt.date) -> None:
        self.sid = sid
        self.from_on = from_on


class _Generator:
    """Writes the folder office by office from one seeded random generator."""

    def __init__(self, sink: _Sink, rng: random.Random, as_of: dt.date, offices: int) -> None:
        self.sink = sink
        self.rng = rng
        self.as_of = as_of
        self.today = as_of.toordinal()
        self.offices = offices
        self.width = max(3, len(str(offices)))
        self.staff_seq = 0
        self.grant_seq = 0
        self.claimant_seq = 0
        self.cc_seq = 0
        self.incident_seq = 0
        self.test_seq = 0
        self.orphan_seq = 0
        self.form_seq = 0
        # fault -> (first subject found with it, who would approve a waiver, a date): waivers
        self.first_found: dict[str, tuple[str, str, dt.date | None]] = {}
        towns = {region: list(names) for region, names in _TOWNS.items()}
        for names in towns.values():
            rng.shuffle(names)
        self.towns = towns
        self.town_used = dict.fromkeys(towns, 0)
        self.plan = self._plan_faults()

    # -- small helpers -----------------------------------------------------------------------

    def ago(self, days: int) -> dt.date:
        """``as_of`` minus ``days`` days."""
        return dt.date.fromordinal(self.today - days)

    def between(self, first: dt.date, last: dt.date) -> dt.date:
        """A random day from ``first`` to ``last`` (``first`` when the range is empty)."""
        low = first.toordinal()
        high = last.toordinal()
        if high <= low:
            return first
        return dt.date.fromordinal(self.rng.randint(low, high))

    def new_sid(self) -> str:
        self.staff_seq += 1
        return f"S{self.staff_seq:06d}"

    def new_name(self) -> str:
        return f"{self.rng.choice(_FIRST)} {self.rng.choice(_LAST)}"

    def _plan_faults(self) -> list[list[str]]:
        plan: list[list[str]] = [[] for _ in range(self.offices)]
        rng = self.rng
        for fault, (_control, share, minimum) in FAULTS.items():
            chosen = [index for index in range(self.offices) if rng.random() < share]
            while len(chosen) < minimum:
                chosen.append(rng.randrange(self.offices))
            for index in chosen:
                plan[index].append(fault)
        return plan

    # -- the folder --------------------------------------------------------------------------

    def run(self) -> None:
        sink = self.sink
        for system, roles in _MATRIX.items():
            for role, entitlements in roles.items():
                for entitlement in entitlements:
                    sink.row(
                        _K.ACCESS_ROLE_MATRIX,
                        system=system,
                        job_role=role,
                        entitlement=entitlement,
                    )
        for index in range(self.offices):
            self.office(index + 1, self.plan[index])
        self.waivers()

    def region(self) -> str:
        draw = self.rng.random()
        for region, weight in _REGION_WEIGHTS:
            if draw < weight:
                return region
            draw -= weight
        return _REGION_WEIGHTS[0][0]

    def office_name(self, region: str) -> str:
        names = self.towns[region]
        used = self.town_used[region]
        self.town_used[region] = used + 1
        town = names[used % len(names)]
        cycle = used // len(names)
        if cycle == 0:
            return town
        branch = _BRANCHES[(cycle - 1) % len(_BRANCHES)]
        round_ = (cycle - 1) // len(_BRANCHES)
        return f"{town} {branch}" + (f" {round_ + 1}" if round_ else "")

    def office(self, number: int, faults: list[str]) -> None:
        rng = self.rng
        oid = f"OF{number:0{self.width}d}"
        region = self.region()
        name = self.office_name(region)
        size = rng.randint(75, 240)
        people = self.roster(size)
        csm, iam = people[0], people[1]
        wctls = [p for p in people if p.role == WCTL]
        managers = [p for p in people if p.role == LINE_MANAGER and p is not iam]
        leaders = {p.sid for p in people[: 2 + len(wctls) + len(managers)]}
        if "csm_left" in faults:  # moved on; the office has not recorded a successor yet
            csm.left_on = self.ago(rng.randint(10, 60))
        # designations: EO+ delegates, operators and the Annex 1 appointments
        delegates: list[_Delegate] = []
        candidates = wctls + managers
        first = rng.choice(candidates)
        delegates.append(_Delegate(first.sid, self.ago(rng.randint(2000, 2600))))
        if rng.random() < 0.6:
            second = rng.choice(candidates)
            if second is not first:
                delegates.append(_Delegate(second.sid, self.ago(rng.randint(200, 1500))))
        designated = {d.sid for d in delegates}
        pool = [
            p for p in people if p.sid not in leaders and p.started.toordinal() <= self.today - 730
        ]
        rng.shuffle(pool)
        ops = [p for p in people if p.role == SDS and p.sid not in designated][:2] or [managers[0]]
        operators = ops[: 1 + (rng.random() < 0.5)]
        for person in operators:
            self.clear(person)
        designated.update(p.sid for p in operators)
        pool = [p for p in pool if p.sid not in designated]
        hs_rep = pool.pop() if pool else managers[-1]
        self.clear(hs_rep)
        ico = rng.choice(managers)
        for delegate in delegates:
            self.sink.row(
                _K.DESIGNATIONS,
                staff_id=delegate.sid,
                designation="lms_delegate",
                from_on=delegate.from_on,
                appointed_by=csm.sid,
            )
        operator_to_on: dt.date | None = None
        if "no_lms_operator" in faults:
            if rng.random() < 0.5:
                operator_to_on = self.ago(rng.randint(10, 200))
            else:
                operator = operators[0]
                operators = operators[:1]
                operator.absence = (
                    "long_term_sick",
                    self.ago(rng.randint(10, 150)),
                    None,
                    None,
                    True,
                )
        for person in operators:
            self.sink.row(
                _K.DESIGNATIONS,
                staff_id=person.sid,
                designation="lms_operator",
                from_on=self.between(person.started, self.ago(300)),
                to_on=operator_to_on,
                appointed_by=csm.sid,
            )
        for sid, kind, ended in (
            (hs_rep.sid, "health_safety_rep", "no_health_safety_rep" in faults),
            (ico.sid, "incident_control_officer", "no_ico" in faults),
            (csm.sid, "certifying_officer", False),
        ):
            # an ended appointment nobody has taken over: SEC-006/007
            self.sink.row(
                _K.DESIGNATIONS,
                staff_id=sid,
                designation=kind,
                from_on=self.ago(rng.randint(100, 1200)),
                to_on=self.ago(rng.randint(20, 90)) if ended else None,
                appointed_by=csm.sid,
            )
        # faults on individuals
        ao_delegate: _Person | None = None
        for fault in faults:
            if fault not in _PERSON_FAULTS or not pool:
                continue
            if fault == "self_authorised":
                rng.choice(wctls).fault = fault
                continue
            person = pool.pop()
            self.clear(person)
            person.fault = fault
            if fault == "delegate_below_eo":
                person.role, person.grade = WORK_COACH, "ao"
                ao_delegate = person
                from_on = self.ago(rng.randint(120, 400))
                self.sink.row(
                    _K.DESIGNATIONS,
                    staff_id=person.sid,
                    designation="lms_delegate",
                    from_on=from_on,
                    appointed_by=csm.sid,
                )
                if pool:  # a recent starter whose access that delegate authorised
                    starter = pool.pop()
                    self.clear(starter)
                    starter.fault = "authorised_by_ao_delegate"
                    starter.started = starter.role_since = dt.date.fromordinal(
                        from_on.toordinal() + rng.randint(5, 50)
                    )
            elif fault == "role_change_not_reviewed":
                person.prev_role, person.role, person.grade = SERVICE_AGENT, WORK_COACH, "eo"
                person.role_since = self.ago(rng.randint(45, 150))
            elif fault == "leaver_access_held":
                person.left_on = self.ago(rng.randint(3, 120))
            elif fault == "long_absence_access_held":
                self.long_absence(person, held=True)
            elif fault == "W_absence_in_grace":
                start = self.ago(rng.randint(0, 4))
                expected = start + dt.timedelta(days=rng.randint(270, 365))
                person.absence = ("maternity_leave", start, expected, None, False)
            elif fault.endswith(("_staff_induction", "_working_patterns")):
                # a starter of this year whose induction check is missing or late
                person.started = person.role_since = self.ago(rng.randint(45, 300))
            elif fault.endswith("_staff_leaving"):
                person.left_on = self.ago(rng.randint(45, 300))
            # *_attendance_management: absences() gives them one ended absence
        ctx = _OfficeContext(
            oid, region, csm, iam, wctls, delegates, ao_delegate, people, hs_rep, faults
        )
        ctx.scs_live_on = self.ago(rng.randint(3300, 4200))
        self.sink.row(
            _K.OFFICES,
            office_id=oid,
            name=f"{name} Jobcentre",
            csm_staff_id=csm.sid,
            security_advisor=(
                None
                if "no_security_advisor" in faults
                else f"{self.new_name()} (SBA {region.title()})"
            ),
            iam_staff_id=iam.sid,
            iai_submitted_on=(
                None if "no_inventory" in faults else self.ago(rng.randint(30, 700))
            ),
            scs_live_on=ctx.scs_live_on,
            region=region,
        )
        for person in people:
            self.person(ctx, person)
        for fault in faults:
            if fault in _OFFICE_FAULTS and fault != "no_lms_operator":
                self.office_grant(ctx, fault)
        for _ in range(rng.choice((0, 1, 1, 2))):
            self.office_grant(ctx, None)
        self.office_reviews(ctx)
        _OfficeChecks(self, ctx).run()
        self.claimants(ctx)
        self.incidents(ctx)
        self.test_checks(ctx)

    def clear(self, person: _Person) -> None:
        """Undo random history that would add unintended findings around a chosen person."""
        person.left_on = None
        person.absence = None
        person.prev_role = None
        person.role_since = person.started if self.rng.random() < 0.8 else None

    def long_absence(self, person: _Person, *, held: bool) -> None:
        rng = self.rng
        kind = rng.choice(
            ("maternity_leave", "career_break", "long_term_sick", "secondment", "sick")
        )
        start = self.ago(rng.randint(100, 300) if kind == "sick" else rng.randint(10, 300))
        expected: dt.date | None = None
        if kind == "maternity_leave":
            expected = start + dt.timedelta(days=rng.randint(270, 365))
        elif kind == "career_break":
            expected = start + dt.timedelta(days=rng.randint(365, 730))
        elif kind == "secondment":
            expected = start + dt.timedelta(days=rng.randint(180, 365))
        person.absence = (kind, start, expected, None, not held)

    # -- staff -------------------------------------------------------------------------------

    def roster(self, size: int) -> list[_Person]:
        """The office's staff, leadership first, with line-manager chains."""
        rng = self.rng
        n_wctl = max(2, round(size / 13))
        n_lm = max(2, round(size / 35))

        def leader(role: str, grade: str, lm: str | None) -> _Person:
            started = self.ago(rng.randint(8 * 365, 30 * 365))
            return _Person(self.new_sid(), self.new_name(), grade, role, started, lm)

        csm = leader(CSM, "heo" if rng.random() < 0.6 else "seo", None)
        csm.prev_role = WCTL
        csm.role_since = self.ago(rng.randint(365, 1800))
        iam = leader(LINE_MANAGER, "heo", csm.sid)
        people = [csm, iam]
        wctls = [leader(WCTL, "eo", csm.sid) for _ in range(n_wctl)]
        managers = [
            leader(LINE_MANAGER, "eo" if rng.random() < 0.6 else "heo", csm.sid)
            for _ in range(n_lm)
        ]
        people += wctls + managers
        for person in wctls:
            if rng.random() < 0.3:
                person.prev_role = WORK_COACH
                person.role_since = self.ago(rng.randint(60, 1500))
        for _ in range(size - len(people)):
            draw = rng.random()
            if draw < 0.68:
                role = WORK_COACH
                grade = "eo" if rng.random() < 0.8 else "ao"
                lm = rng.choice(wctls).sid
            elif draw < 0.85:
                role, grade = SDS, ("ao" if rng.random() < 0.7 else "aa")
                lm = rng.choice(managers).sid
            else:
                role, grade = SERVICE_AGENT, ("ao" if rng.random() < 0.8 else "aa")
                lm = rng.choice(managers).sid
            if rng.random() < 0.07:  # this year's starters
                tenure = rng.randint(5, 365)
            else:
                tenure = int(rng.triangular(5, 25 * 365, 4 * 365))
            person = _Person(self.new_sid(), self.new_name(), grade, role, self.ago(tenure), lm)
            if rng.random() < 0.2:
                person.role_since = None
            draw = rng.random()
            if tenure > 3 * 365 and draw < 0.08:
                if role == WORK_COACH:
                    person.prev_role = SDS if rng.random() < 0.4 else SERVICE_AGENT
                else:
                    person.prev_role = SERVICE_AGENT if role == SDS else SDS
                person.role_since = self.ago(rng.randint(40, 900))
            elif draw < 0.11 and tenure > 400:
                person.left_on = self.ago(rng.randint(2, 400))
            elif draw < 0.135 and tenure > 400:
                self.long_absence(person, held=False)
            elif draw < 0.145 and tenure > 400:
                start = self.ago(rng.randint(400, 900))
                person.absence = (
                    "maternity_leave", start, start + dt.timedelta(days=300),
                    start + dt.timedelta(days=rng.randint(250, 360)), True,
                )  # fmt: skip
            people.append(person)
        return people

    def person(self, ctx: _OfficeContext, p: _Person) -> None:
        rng = self.rng
        sink = self.sink
        today = self.today
        fault = p.fault
        sink.row(
            _K.STAFF,
            staff_id=p.sid,
            name=p.name,
            office_id=ctx.oid,
            grade=p.grade,
            job_role=p.role,
            role_since=p.role_since,
            line_manager_id=p.lm,
            started_on=p.started,
            left_on=p.left_on,
        )
        end = (p.left_on or self.as_of).toordinal()
        start = p.started.toordinal()
        induct = start + rng.randint(1, 12)
        if induct > end:
            return  # started in the last few days: no learning, no access yet
        first_role = p.prev_role or p.role

        def learn(course: str, day: int, role: str | None = None) -> None:
            if day <= end:
                sink.row(
                    _K.LEARNING,
                    staff_id=p.sid,
                    course=course,
                    completed_on=dt.date.fromordinal(day),
                    job_role=role,
                )

        grant_day = induct + rng.randint(5, 12)
        for course in ("dwp_foundation", "security_awareness"):
            learn(course, induct)
            latest: int | None = None
            if fault == _LAPSED.get(course):
                latest = today - rng.randint(380, 600)
            elif fault == "W_security_awareness_due" and course == "security_awareness":
                latest = add_months(self.as_of, -12).toordinal() + rng.randint(2, 25)
            elif end - induct > 300:
                latest = end - rng.randint(10, 300)
            if latest is not None and latest > induct:
                earlier = latest - 365 + rng.randint(-20, 20)
                if earlier > induct + 30 and rng.random() < 0.6:
                    learn(course, earlier)
                learn(course, latest)
        if fault == "learning_after_access":
            learn("lms_user_guide_chapter_b", grant_day + rng.randint(3, 40))
        else:
            learn("lms_user_guide_chapter_b", induct + rng.randint(0, 4))
        learn("lms_core", induct + rng.randint(0, 4), first_role)
        role_since = p.role_since.toordinal() if p.role_since is not None else None
        if p.prev_role is not None and role_since is not None:
            learn("lms_core", max(induct, role_since - rng.randint(1, 20)), p.role)
        if fault != "no_data_handling":
            learn("data_handling", induct + rng.randint(0, 4))
            if end - induct > 800 and rng.random() < 0.4:
                learn("data_handling", end - rng.randint(30, 700))
        removal, returned = self.absences(ctx, p, start, end)
        if grant_day >= today:
            return  # a new starter still waiting for access
        self.grants(ctx, p, grant_day, role_since, removal, returned)

    def absences(
        self, ctx: _OfficeContext, p: _Person, start: int, end: int
    ) -> tuple[int | None, int | None]:
        """Write the person's absences; when access was removed for one, and restored."""
        rng = self.rng
        today = self.today
        forced = p.fault is not None and p.fault.endswith("_attendance_management")
        if forced or (rng.random() < 0.25 and end - start > 60):
            length = rng.randint(1, 10)
            if forced:  # ended this year; its return-to-work check is missing or late
                day = today - rng.randint(45, 300) - length
            else:
                day = max(start + 30, end - rng.randint(20, 365))
            ended = min(day + length, today - 1)
            self.sink.row(
                _K.ABSENCES,
                staff_id=p.sid,
                kind="sick" if rng.random() < 0.85 else rng.choice(("special_leave", "other")),
                start_on=dt.date.fromordinal(day),
                expected_end_on=dt.date.fromordinal(day + length),
                end_on=dt.date.fromordinal(ended),
            )
            ctx.absence_ends.append((ended, p))
        if p.absence is None:
            return None, None
        kind, a_start, expected, a_end, removed = p.absence
        self.sink.row(
            _K.ABSENCES,
            staff_id=p.sid,
            kind=kind,
            start_on=a_start,
            expected_end_on=expected,
            end_on=a_end,
        )
        if a_end is not None and a_end.toordinal() < today:
            ctx.absence_ends.append((a_end.toordinal(), p))
        if not removed:
            return None, None
        # removed within the grace period; a short-term kind once it ran past the threshold
        removal = a_start.toordinal() + rng.randint(0, 4) + (90 if kind == "sick" else 0)
        returned = a_end.toordinal() + 1 if a_end is not None else None
        return min(removal, today - 1), returned

    def grants(
        self,
        ctx: _OfficeContext,
        p: _Person,
        grant_day: int,
        role_since: int | None,
        removal: int | None,
        returned: int | None,
    ) -> None:
        """The person's LMS and folder grants over their history, and their reviews."""
        rng = self.rng
        today = self.today
        fault = p.fault
        changed = p.prev_role is not None and role_since is not None
        first_role = p.prev_role or p.role
        # (system, entitlement, granted_on, removed_on, role-change review day)
        grants: list[tuple[str, str, int, int | None, int | None]] = []
        for system, levels in (("lms", _LMS_GROUP), ("jcc_folder", _FOLDER_LEVEL)):
            day = grant_day + (rng.randint(0, 10) if system == "jcc_folder" else 0)
            old = levels.get(first_role)
            new = levels.get(p.role)
            if system == "lms" and fault == "entitlement_not_in_matrix":
                old = new = "lms_manager"
            if not changed or role_since is None or role_since <= day:
                if new is not None and not (
                    system == "jcc_folder" and p.role in (WORK_COACH, SDS) and rng.random() < 0.1
                ):
                    grants.append((system, new, day, None, None))
            elif old is None:
                if new is not None:
                    grants.append((system, new, role_since + rng.randint(1, 10), None, None))
            elif old in _MATRIX[system].get(p.role, ()):
                review = (
                    None
                    if fault == "role_change_not_reviewed"
                    else role_since + rng.randint(2, 25)
                )
                grants.append((system, old, day, None, review))
            else:  # the role-change review changed the entitlement: old grant out, new in
                moved = role_since + rng.randint(1, 10)
                grants.append((system, old, day, moved, None))
                if new is not None:
                    grants.append((system, new, moved, None, None))
        left = p.left_on.toordinal() if p.left_on is not None else None
        for system, entitlement, granted, removed, review in grants:
            if removed is None and removal is not None and granted < removal:
                self.grant(ctx, p, system, entitlement, granted, removal, None)
                if returned is not None and returned < today:
                    self.grant(ctx, p, system, entitlement, returned, None, None)
                continue
            if left is not None and fault != "leaver_access_held":
                if granted > left:
                    continue
                removed = left + rng.randint(0, 1) if removed is None else min(removed, left)
            self.grant(ctx, p, system, entitlement, granted, removed, review)

    def grant(
        self,
        ctx: _OfficeContext,
        p: _Person,
        system: str,
        entitlement: str,
        granted: int,
        removed: int | None,
        review_day: int | None,
    ) -> None:
        rng = self.rng
        self.grant_seq += 1
        gid = f"G{self.grant_seq:07d}"
        granted_on = dt.date.fromordinal(granted)
        fault = p.fault
        active = removed is None
        form_ref: str | None = None
        if system == "lms":
            auth: str | None = self.lms_authoriser(ctx, p.sid, granted_on)
            if active and fault == "no_authoriser":
                auth = None
            elif active and fault == "unauthorised_grant":
                others = [q.sid for q in ctx.people if q.role == WORK_COACH and q is not p]
                auth = rng.choice(others)
            elif active and fault == "authorised_by_ao_delegate" and ctx.ao_delegate is not None:
                auth = ctx.ao_delegate.sid
            self.form_seq += 1
            form_ref = f"LMS1/{ctx.oid}/{granted_on.year}/{self.form_seq:06d}"
            if active and fault == "no_lms1_form":
                form_ref = None
                self.first_found.setdefault(fault, (gid, ctx.csm.sid, None))
            reviewer = ctx.csm.sid if p is not ctx.csm else ctx.iam.sid
            account = f"L{p.sid[1:]}"
        else:
            if p is ctx.iam:
                auth = rng.choice(ctx.wctls).sid
            elif p.role == WCTL or rng.random() < 0.5:
                auth = ctx.iam.sid
            else:
                auth = p.lm if p.lm in ctx.wctl_ids else rng.choice(ctx.wctls).sid
            if active and fault == "self_authorised":
                auth = p.sid
            elif active and fault == "no_authoriser":
                auth = None
            reviewer = ctx.iam.sid if p is not ctx.iam else ctx.csm.sid
            account = p.sid.lower()
        self.sink.row(
            _K.ACCESS_GRANTS,
            grant_id=gid,
            system=system,
            account_id=account,
            staff_id=p.sid,
            entitlement=entitlement,
            granted_on=granted_on,
            authorised_by=auth,
            form_ref=form_ref,
            pseudo="false",
            removed_on=dt.date.fromordinal(removed) if removed is not None else None,
        )
        if review_day is not None and review_day < self.today:
            self.review(gid, review_day, reviewer, "retain")
        if removed is not None:
            if removed <= self.today:
                self.review(gid, removed, reviewer, "remove")
            return
        self.periodic_reviews(gid, granted, reviewer, fault, p.role_since)

    def periodic_reviews(
        self,
        gid: str,
        granted: int,
        reviewer: str,
        fault: str | None,
        role_since: dt.date | None,
    ) -> None:
        rng = self.rng
        today = self.today
        if fault == "review_overdue":
            last = max(granted + 1, today - rng.randint(100, 250))
        elif fault == "W_review_due":
            last = add_months(self.as_of, -3).toordinal() + rng.randint(1, 25)
        elif fault == "role_change_not_reviewed" and role_since is not None:
            last = role_since.toordinal() - rng.randint(3, 30)
        elif granted >= today - 55:
            return
        else:
            last = rng.randint(max(granted + 1, today - 55), today - 5)
        if last <= granted:
            return
        earlier = add_months(dt.date.fromordinal(last), -3).toordinal() + rng.randint(-5, 5)
        if earlier > granted and rng.random() < 0.5:
            self.review(gid, earlier, reviewer, "retain")
        self.review(gid, last, reviewer, "retain")

    def review(self, gid: str, day: int, reviewer: str, outcome: str) -> None:
        self.sink.row(
            _K.ACCESS_REVIEWS,
            grant_id=gid,
            reviewed_on=dt.date.fromordinal(day),
            reviewer_id=reviewer,
            outcome=outcome,
        )

    def lms_authoriser(self, ctx: _OfficeContext, holder: str, granted_on: dt.date) -> str:
        """The CSM, or an LMS delegate (not the holder) appointed by ``granted_on``."""
        rng = self.rng
        delegates = [d.sid for d in ctx.delegates if d.from_on <= granted_on and d.sid != holder]
        if holder == ctx.csm.sid:
            if delegates:
                return rng.choice(delegates)
            others = [d.sid for d in ctx.delegates if d.sid != holder]
            return others[0] if others else ctx.iam.sid
        if delegates and rng.random() < 0.6:
            return rng.choice(delegates)
        return ctx.csm.sid

    def office_grant(self, ctx: _OfficeContext, fault: str | None) -> None:
        """A pseudo account, or (``orphan_account``) an account with no known holder."""
        rng = self.rng
        self.grant_seq += 1
        gid = f"G{self.grant_seq:07d}"
        granted = self.today - rng.randint(20, 200)
        self.form_seq += 1
        form_ref = f"LMS1/{ctx.oid}/{dt.date.fromordinal(granted).year}/{self.form_seq:06d}"
        if fault == "orphan_account":
            self.orphan_seq += 1
            holder = f"AGY{self.orphan_seq:05d}" if rng.random() < 0.5 else None
            self.sink.row(
                _K.ACCESS_GRANTS,
                grant_id=gid,
                system="lms",
                account_id=f"L9{self.orphan_seq:05d}",
                staff_id=holder,
                office_id=ctx.oid,
                entitlement="lms_enquiry",
                granted_on=dt.date.fromordinal(granted),
                authorised_by=ctx.csm.sid,
                form_ref=form_ref,
                pseudo="false",
            )
            self.periodic_reviews(gid, granted, ctx.csm.sid, None, None)
            return
        reason: str | None = rng.choice(_PSEUDO_REASONS)
        end = self.today + rng.randint(35, 250)
        if fault == "pseudo_no_reason":
            reason = None
        elif fault == "pseudo_past_end":
            end = self.today - rng.randint(5, 15)
        elif fault == "W_pseudo_ending":
            end = self.today + rng.randint(1, 25)
        end_on = dt.date.fromordinal(end)
        if fault == "pseudo_past_end":
            self.first_found.setdefault(fault, (gid, ctx.csm.sid, end_on))
        self.sink.row(
            _K.ACCESS_GRANTS,
            grant_id=gid,
            system="lms",
            account_id=f"PSEUDO-{ctx.oid}-{self.grant_seq}",
            office_id=ctx.oid,
            entitlement="lms_enquiry",
            granted_on=dt.date.fromordinal(granted),
            authorised_by=ctx.csm.sid,
            form_ref=form_ref,
            pseudo="true",
            pseudo_reason=reason,
            pseudo_end_on=end_on,
        )
        self.periodic_reviews(gid, granted, ctx.csm.sid, None, None)

    # -- office-level evidence ---------------------------------------------------------------

    def months(self, count: int) -> list[tuple[int, int]]:
        """The last ``count`` complete calendar months before ``as_of``, oldest first."""
        year, month = self.as_of.year, self.as_of.month
        out: list[tuple[int, int]] = []
        for _ in range(count):
            month -= 1
            if month == 0:
                year, month = year - 1, 12
            out.append((year, month))
        return out[::-1]

    def office_reviews(self, ctx: _OfficeContext) -> None:
        """Monthly JSA CC folder-access and information-asset reviews (SEC §36)."""
        rng = self.rng
        judged = self.months(_LOOKBACK)
        skipped = {
            kind: rng.choice(judged) if fault in ctx.faults else None
            for kind, fault in (
                ("jcc_folder_access", "folder_review_missed"),
                ("jcc_information_assets", "assets_review_missed"),
            )
        }
        for year, month in self.months(14):
            for kind in ("jcc_folder_access", "jcc_information_assets"):
                if skipped[kind] == (year, month):
                    continue
                self.sink.row(
                    _K.REVIEWS,
                    office_id=ctx.oid,
                    kind=kind,
                    reviewed_on=dt.date(year, month, rng.randint(3, 26)),
                    reviewer_id=ctx.iam.sid,
                    second_reviewer_id=(
                        rng.choice(ctx.wctls).sid if kind == "jcc_folder_access" else None
                    ),
                )

    def claimants(self, ctx: _OfficeContext) -> None:
        """Claimant Commitments (pseudonymous references only, versions 1..n, retained for
        ``retention.jcc_dormant_months`` once dormant) and CMS interview cancellations."""
        rng = self.rng
        today = self.today
        refs: list[str] = []

        def claimant() -> str:
            self.claimant_seq += 1
            ref = f"C{self.claimant_seq:07d}"
            refs.append(ref)
            return ref

        def cc(
            ref: str,
            version: int,
            created: int,
            channel: str,
            dormant: int | None = None,
            destroyed: int | None = None,
            *,
            status: str | None = None,
            work_programme: bool | None = None,
        ) -> None:
            if status is None:
                status = "active" if dormant is None else "dormant"
                if destroyed is None and dormant is not None:
                    expiry = _months_later(
                        dt.date.fromordinal(dormant), _RETENTION_MONTHS
                    ).toordinal()
                    if expiry < today:  # destroyed in the week its retention ended
                        destroyed = min(today - 1, expiry + rng.randint(0, 6))
                if destroyed is not None:
                    status = "destroyed"
            self.cc_seq += 1
            self.sink.row(
                _K.CLAIMANT_COMMITMENTS,
                cc_id=f"CC{self.cc_seq:08d}",
                claimant_ref=ref,
                office_id=ctx.oid,
                version=version,
                created_on=dt.date.fromordinal(created),
                channel=channel,
                status=status,
                dormant_since=dt.date.fromordinal(dormant) if dormant is not None else None,
                destroyed_on=dt.date.fromordinal(destroyed) if destroyed is not None else None,
                work_programme=(None if work_programme is None else str(work_programme).lower()),
            )

        for _ in range(rng.randint(len(ctx.people) // 2, len(ctx.people))):
            ref = claimant()
            versions = 1 if rng.random() < 0.7 else (2 if rng.random() < 0.75 else 3)
            created = [today - rng.randint(10, 1800)]
            for _ in range(versions - 1):
                created.append(created[-1] + rng.randint(20, 200))
            created = [day for day in created if day < today] or [today - 1]
            ended_on: int | None = None
            if rng.random() < 0.35:
                ended_on = created[-1] + rng.randint(30, 600)
                if ended_on >= today:
                    ended_on = None
            channel = "scs" if rng.random() < 0.92 else "clerical"
            for number, day in enumerate(created, start=1):
                dormant = created[number] if number < len(created) else ended_on
                cc(ref, number, day, channel, dormant)
        # CCs of the tactical desktop solution, before the office went live with SCS (SEC §33)
        live = ctx.scs_live_on.toordinal()
        if rng.random() < 0.3:
            for _ in range(rng.randint(1, 3)):
                created_on = live - rng.randint(200, 900)
                dormant = created_on + rng.randint(60, 400)
                cc(
                    claimant(),
                    1,
                    created_on,
                    "tactical",
                    dormant,
                    work_programme=rng.random() < 0.3,
                )
        faults = ctx.faults
        if "two_active_ccs" in faults:  # a new version without retiring the old (JCC-001)
            ref, first = claimant(), today - rng.randint(200, 500)
            cc(ref, 1, first, "scs", status="active")
            cc(ref, 2, first + rng.randint(30, 150), "scs", status="active")
        if "cc_version_gap" in faults:  # version 2 never recorded (JCC-002)
            ref, first = claimant(), today - rng.randint(200, 700)
            third = first + rng.randint(40, 180)
            cc(ref, 1, first, "scs", third)
            cc(ref, 3, third, "scs")
        if "tactical_after_scs" in faults:  # the old desktop PDF used after go-live (JCC-003)
            cc(claimant(), 1, today - rng.randint(100, 600), "tactical")
        if "dormant_past_retention" in faults:  # retention ended, not destroyed (JCC-004)
            dormant = add_months(self.as_of, -_RETENTION_MONTHS).toordinal() - rng.randint(15, 150)
            cc(claimant(), 1, dormant - rng.randint(60, 400), "scs", dormant, status="dormant")
        if "cc_destroyed_early" in faults:  # destroyed before its retention ended (JCC-005)
            dormant = today - rng.randint(200, 500)
            cc(
                claimant(),
                1,
                dormant - rng.randint(60, 400),
                "scs",
                dormant,
                dormant + rng.randint(30, 150),
            )
        # new-claim interviews cancelled by the CMS rebuild, rebooked "immediately" (IT §24)
        cancellations: list[tuple[int, str, int | None]] = []
        for _ in range(rng.randint(0, 4)):
            cancelled = today - rng.randint(2, 180)
            reason = "cms_rebuild" if rng.random() < 0.8 else "other"
            late = rng.random() < 0.03
            rebooked = cancelled + (rng.randint(4, 8) if late else rng.randint(0, 1))
            cancellations.append((cancelled, reason, rebooked))
        if "interview_not_rebooked" in faults:
            cancellations.append((today - rng.randint(10, 120), "cms_rebuild", None))
        if "W_interview_rebooked_late" in faults:
            cancelled = today - rng.randint(20, 120)
            cancellations.append((cancelled, "cms_rebuild", cancelled + rng.randint(7, 10)))
        for cancelled, reason, rebooked_day in cancellations:
            self.sink.row(
                _K.INTERVIEW_CANCELLATIONS,
                claimant_ref=rng.choice(refs),
                office_id=ctx.oid,
                cancelled_on=dt.date.fromordinal(cancelled),
                reason=reason,
                rebooked_on=(
                    dt.date.fromordinal(rebooked_day)
                    if rebooked_day is not None and rebooked_day < today
                    else None
                ),
            )

    def incidents(self, ctx: _OfficeContext) -> None:
        """Security incidents, reported and escalated within a working day (SEC §36, §45)."""
        rng = self.rng
        today = self.today
        # occurred, reported, escalated (None: not yet), closed (None: open), remedial action
        planned: list[tuple[int, int, int | None, bool, bool]] = []
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            occurred = today - rng.randint(5, 360)
            reported = occurred + rng.choice((0, 0, 1))
            delay = rng.randint(7, 10) if rng.random() < 0.02 else rng.choice((0, 0, 0, 1))
            planned.append((occurred, reported, reported + delay, True, True))
        if "incident_not_escalated" in ctx.faults:
            occurred = today - rng.randint(10, 200)
            planned.append((occurred, occurred, None, False, False))
        if "W_incident_escalated_late" in ctx.faults:
            occurred = today - rng.randint(30, 300)
            planned.append((occurred, occurred, occurred + rng.randint(7, 10), True, True))
        if "incident_no_remedial_action" in ctx.faults:
            occurred = today - rng.randint(90, 300)
            planned.append((occurred, occurred, occurred + 1, True, False))
        for occurred, reported, escalated, may_close, remedied in planned:
            self.incident_seq += 1
            closed: int | None = None
            if escalated is not None and may_close and escalated + 60 < today:
                closed = escalated + rng.randint(5, 60)
            if escalated is not None and escalated >= today:
                escalated = None
            index = rng.randrange(len(_INCIDENT_KINDS))
            self.sink.row(
                _K.INCIDENTS,
                incident_id=f"INC{self.incident_seq:06d}",
                office_id=ctx.oid,
                kind=_INCIDENT_KINDS[index],
                occurred_on=dt.date.fromordinal(occurred),
                reported_on=dt.date.fromordinal(reported),
                escalated_on=dt.date.fromordinal(escalated) if escalated is not None else None,
                remedial_action=_REMEDIAL[index] if closed is not None and remedied else None,
                closed_on=dt.date.fromordinal(closed) if closed is not None else None,
            )

    def test_checks(self, ctx: _OfficeContext) -> None:
        """System-generated test checks, their forms completed immediately (SEC §30)."""
        rng = self.rng
        today = self.today
        coaches = [p for p in ctx.people if p.role == WORK_COACH and p.left_on is None]
        planned: list[tuple[int, int | None]] = []
        for _ in range(rng.randint(2, 6)):
            generated = today - rng.randint(1, 360)
            late = rng.random() < 0.02
            planned.append(
                (generated, generated + (rng.randint(4, 8) if late else rng.choice((0, 0, 1))))
            )
        if "test_check_form_missing" in ctx.faults:
            planned.append((today - rng.randint(10, 200), None))
        if "W_test_check_form_late" in ctx.faults:
            generated = today - rng.randint(20, 200)
            planned.append((generated, generated + rng.randint(7, 10)))
        for generated, completed in planned:
            self.test_seq += 1
            self.sink.row(
                _K.TEST_CHECKS,
                test_check_id=f"TC{self.test_seq:06d}",
                staff_id=rng.choice(coaches).sid,
                office_id=ctx.oid,
                generated_on=dt.date.fromordinal(generated),
                form_completed_on=(
                    dt.date.fromordinal(completed)
                    if completed is not None and completed < today
                    else None
                ),
            )

    def waivers(self) -> None:
        """Waivers covering a real ACC and a real CHK finding, and one that has expired."""
        rng = self.rng
        found = self.first_found.get("no_lms1_form")
        if found is not None:
            gid, approver, _ = found
            self.sink.row(
                _K.WAIVERS,
                control_id="ACC-004",
                subject_id=gid,
                reason=_WAIVER_REASON,
                approved_by=approver,
                approved_on=self.ago(rng.randint(5, 30)),
                expires_on=self.ago(-rng.randint(30, 90)),
            )
        eyes = self.first_found.get("eye_test_missing")
        if eyes is not None:
            sid, approver, _ = eyes
            self.sink.row(
                _K.WAIVERS,
                control_id="CHK-013",
                subject_id=sid,
                reason=_EYE_WAIVER_REASON,
                approved_by=approver,
                approved_on=self.ago(rng.randint(5, 30)),
                expires_on=self.ago(-rng.randint(20, 60)),
            )
        expired = self.first_found.get("pseudo_past_end")
        if expired is not None:
            gid, approver, end_on = expired
            assert end_on is not None
            self.sink.row(
                _K.WAIVERS,
                control_id="ACC-011",
                subject_id=gid,
                reason=_EXPIRED_WAIVER_REASON,
                approved_by=approver,
                approved_on=end_on - dt.timedelta(days=rng.randint(10, 30)),
                expires_on=end_on + dt.timedelta(days=2),
            )


class _OfficeChecks:
    """One office's mandatory checks (SEC Annex 1), the enrolments and events that make them
    due, and the central Quality Team's BCS validations of them (SEC §28).

    Checks are written as their owner would record them: on time, mostly passing, in BCS
    unless the check is kept locally or in SCCS. The office's planned faults (:data:`FAULTS`)
    leave a check out, record it late, or let a cycle lapse.
    """

    def __init__(self, gen: _Generator, ctx: _OfficeContext) -> None:
        self.gen = gen
        self.ctx = ctx
        self.rng = gen.rng
        self.sink = gen.sink
        self.today = gen.today
        self.faults = frozenset(ctx.faults)
        self.head = ctx.iam if ctx.csm.left_on is not None else ctx.csm
        self.current = [p for p in ctx.people if p.left_on is None]
        self.bcs: dict[tuple[int, int], int] = {}

    def run(self) -> None:
        """Write everything, validations last (they depend on the BCS checks)."""
        self.office_calendar()
        self.office_interval()
        self.monthly_statements()
        self.staff_clubs()
        self.drivers()
        self.eye_care()
        self.staff_events()
        for check_type in _AS_REQUIRED:
            self.as_required(check_type)
        self.validations()

    # -- writing ---------------------------------------------------------------------------

    def check(self, check_type: str, day: int, by: str | None, subject: str | None = None) -> None:
        """One check on ``day`` (an ordinal); nothing when it would be on or after ``as_of``."""
        if day >= self.today:
            return
        draw = self.rng.random()
        outcome = "pass"
        if draw < 0.001:
            outcome = "fail"
        elif draw < 0.004 and check_type in _EXCEPTION_OK:
            outcome = "exception"
        where = _RECORDED_IN.get(check_type, "bcs")
        performed = dt.date.fromordinal(day)
        self.sink.row(
            _K.CHECKS,
            check_type=check_type,
            office_id=self.ctx.oid,
            subject_id=subject,
            performed_on=performed,
            performed_by=by,
            outcome=outcome,
            recorded_in=where,
        )
        if where == "bcs":
            quarter = (performed.year, (performed.month - 1) // 3)
            self.bcs[quarter] = self.bcs.get(quarter, 0) + 1

    def event(self, event_type: str, day: int, subject: str | None) -> None:
        self.sink.row(
            _K.EVENTS,
            event_type=event_type,
            subject_id=subject,
            office_id=self.ctx.oid,
            occurred_on=dt.date.fromordinal(day),
        )

    def enrol(self, check_type: str, p: _Person, from_on: dt.date) -> None:
        self.sink.row(
            _K.ENROLMENTS,
            check_type=check_type,
            subject_id=p.sid,
            office_id=self.ctx.oid,
            from_on=from_on,
            to_on=p.left_on,
        )

    def manager_of(self, p: _Person) -> str:
        """Who checks for a member of staff: their line manager (the IAM for the CSM)."""
        return p.lm if p.lm is not None else self.ctx.iam.sid

    def state(self, check_type: str) -> str:
        """``fail``, ``warn`` or ``pass``: what the office's faults make of an interval check."""
        if f"overdue_{check_type}" in self.faults:
            return "fail"
        if f"W_due_{check_type}" in self.faults:
            return "warn"
        return "pass"

    def last_of_cycle(self, months: int, state: str) -> int:
        """The day of the latest check of an interval cycle ending as ``state`` says."""
        rng = self.rng
        if state == "fail":
            due = self.today - rng.randint(5, 60)
        elif state == "warn":
            due = self.today + rng.randint(5, 25)
        else:
            due = self.today + rng.randint(35, max(36, months * 30 - 5))
        return add_months(dt.date.fromordinal(due), -months).toordinal()

    def cycle(
        self, check_type: str, months: int, state: str, by: str, subject: str | None = None
    ) -> int:
        """The latest check of an interval cycle and, half the time, the one before it."""
        last = self.last_of_cycle(months, state)
        if self.rng.random() < 0.5:
            earlier = add_months(dt.date.fromordinal(last), -months).toordinal()
            self.check(check_type, earlier - self.rng.randint(0, 10), by, subject)
        self.check(check_type, last, by, subject)
        return last

    # -- the checks ------------------------------------------------------------------------

    def office_calendar(self) -> None:
        """Flexi sheets each accounting period (month), Health & Safety each quarter."""
        rng = self.rng
        gen = self.gen
        managers = self.ctx.managers
        judged = gen.months(_LOOKBACK)
        flexi_gap = rng.choice(judged) if "missed_flexi_records" in self.faults else None
        middles = [(y, m) for y, m in judged[:-1] if m % 3 == 2]
        hs_gap = rng.choice(middles) if "missed_health_safety" in self.faults else None
        for year, month in gen.months(15):
            if (year, month) != flexi_gap:
                day = dt.date(year, month, rng.randint(20, 28)).toordinal()
                self.check("flexi_records", day, rng.choice(managers).sid)
            if month % 3 == 2 and (year, month) != hs_gap:
                day = dt.date(year, month, rng.randint(1, 28)).toordinal()
                self.check("health_safety", day, self.ctx.hs_rep.sid)

    def office_interval(self) -> None:
        """Stock take, emergency reminders, standards of behaviour, business continuity."""
        for check_type, who in _OFFICE_INTERVAL.items():
            months = _INTERVAL_MONTHS[check_type]
            by = self.head.sid if who == "head" else self.rng.choice(self.ctx.managers).sid
            self.cycle(check_type, months, self.state(check_type), by)

    def monthly_statements(self) -> None:
        """GPC and mobile phone statements, Private Use Scheme logs: each month."""
        rng = self.rng
        ctx = self.ctx
        card_holders = [ctx.csm, rng.choice(ctx.managers)]
        phones = [ctx.csm] + ([rng.choice(ctx.wctls)] if rng.random() < 0.3 else [])
        pus: list[_Person] = []
        if rng.random() < 0.5 or "missed_private_use_scheme" in self.faults:
            pus = rng.sample(ctx.wctls + ctx.managers, rng.randint(1, 2))
        certifying = self.head.sid
        for check_type, holders in (
            ("gpc_statement", card_holders),
            ("mobile_phone_statement", phones),
            ("private_use_scheme", pus),
        ):
            gap = None
            if holders and f"missed_{check_type}" in self.faults:
                left = holders[0].left_on or self.gen.as_of  # a month the holder was in scope
                gap = rng.choice(
                    [(y, m) for y, m in self.gen.months(_LOOKBACK) if dt.date(y, m, 1) <= left]
                )
            for index, holder in enumerate(holders):
                self.enrol(check_type, holder, self.gen.ago(rng.randint(500, 2000)))
                by = certifying if check_type == "private_use_scheme" else self.manager_of(holder)
                for year, month in self.gen.months(15):
                    if holder.left_on is not None and dt.date(year, month, 1) > holder.left_on:
                        break
                    if index == 0 and (year, month) == gap:
                        continue
                    day = dt.date(year, month, rng.randint(5, 26)).toordinal()
                    self.check(check_type, day, by, holder.sid)

    def staff_clubs(self) -> None:
        """Office bearers of staff clubs reminded of their responsibilities each year."""
        rng = self.rng
        if rng.random() >= 0.6 and not any(f.endswith("_staff_clubs") for f in self.faults):
            return
        bearers = rng.sample(self.current[2:], rng.randint(1, 3))
        for index, bearer in enumerate(bearers):
            self.enrol("staff_clubs", bearer, self.gen.ago(rng.randint(400, 2000)))
            state = self.state("staff_clubs") if index == 0 else "pass"
            self.cycle("staff_clubs", 12, state, rng.choice(self.ctx.wctls).sid, bearer.sid)

    def drivers(self) -> None:
        """Drivers on official business: licence and insurance each year, the licence checked
        before each journey; now and then a journey by someone never checked."""
        rng = self.rng
        ctx = self.ctx
        faults = self.faults
        forced = any(f.endswith(("_driving_licence", "_motor_insurance")) for f in faults)
        if rng.random() < 0.4 or forced:
            drivers = rng.sample(ctx.wctls + ctx.managers, rng.randint(1, 2))
            for index, driver in enumerate(drivers):
                from_on = self.gen.ago(rng.randint(400, 1500))
                for check_type in ("driving_licence", "motor_insurance"):
                    self.enrol(check_type, driver, from_on)
                by = self.manager_of(driver)
                first = index == 0
                licence = self.cycle(
                    "driving_licence",
                    12,
                    self.state("driving_licence") if first else "pass",
                    by,
                    driver.sid,
                )
                self.cycle(
                    "motor_insurance",
                    12,
                    self.state("motor_insurance") if first else "pass",
                    by,
                    driver.sid,
                )
                for _ in range(rng.randint(1, 4)):
                    day = rng.randint(max(licence, self.today - 55), self.today - 1)
                    self.event("business_journey_driving", day, driver.sid)
        if "journey_unchecked" in faults:
            coach = rng.choice([p for p in self.current if p.role == WORK_COACH])
            self.event("business_journey_driving", self.today - rng.randint(5, 100), coach.sid)

    def eye_care(self) -> None:
        """An eye test before VDU work (on the first day) and every two years."""
        rng = self.rng
        today = self.today
        victims: list[_Person] = []
        if "eye_test_missing" in self.faults:
            victims = rng.sample(self.current[2:], rng.randint(2, 3))  # one may be waived
            self.gen.first_found.setdefault(
                "eye_test_missing", (victims[0].sid, self.head.sid, None)
            )
        for p in self.current:
            if p in victims:
                continue
            started = p.started.toordinal()
            by = self.manager_of(p)
            if today - started <= 705:
                self.check("eye_care", started, by, p.sid)
                continue
            day = rng.randint(today - 705, today - 1)
            if rng.random() < 0.3 and day - 730 > started:
                self.check("eye_care", day - rng.randint(700, 730), by, p.sid)
            self.check("eye_care", day, by, p.sid)

    def after(
        self, check_type: str, day: int, by: str | None, subject: str | None, fault: str | None
    ) -> None:
        """The check that follows an event: within a few days, or late, or never."""
        if fault == "missing":
            return
        later = day + (self.rng.randint(25, 40) if fault == "late" else self.rng.randint(0, 9))
        self.check(check_type, later, by, subject)

    def staff_events(self) -> None:
        """New starters (induction, working pattern), leavers, returns from absence."""
        horizon = self.today - 450
        window = add_months(self.gen.as_of, -_LOOKBACK).toordinal()
        for p in self.ctx.people:
            by = self.manager_of(p)
            started = p.started.toordinal()
            if started >= horizon:
                self.event("new_starter", started, p.sid)
                for check_type in ("staff_induction", "working_patterns"):
                    self.after(check_type, started, by, p.sid, _fault_of(p, check_type))
            if p.left_on is not None and p.left_on.toordinal() >= horizon:
                left = p.left_on.toordinal()
                self.event("leaver", left, p.sid)
                self.after("staff_leaving", left, by, p.sid, _fault_of(p, "staff_leaving"))
        for day, p in self.ctx.absence_ends:
            if day >= window:
                self.event("absence_ended", day, p.sid)
                self.after(
                    "attendance_management",
                    day,
                    self.manager_of(p),
                    p.sid,
                    _fault_of(p, "attendance_management"),
                )

    def as_required(self, check_type: str) -> None:
        """Events of one kind over the last year, each followed by its check."""
        rng = self.rng
        today = self.today
        ctx = self.ctx
        low, high, who, staff_level = _AS_REQUIRED[check_type]
        event_type = _EVENT_OF_CHECK[check_type]
        if check_type == "annual_leave":
            low, high = len(self.current) // 4, len(self.current) // 2
        faults = [
            kind
            for kind, fault in (("late", "W_late_"), ("missing", "missing_"))
            if fault + check_type in self.faults
        ]
        # (day, subject, fault); the faulty events are the only ones of their subject (staff)
        # or the latest of the office (office-level), so no other check can stand in for them
        planned: list[tuple[int, _Person | None, str | None]] = []
        eligible = self.current
        if staff_level:
            victims = rng.sample(self.current, len(faults))
            for kind, victim in zip(faults, victims, strict=True):
                planned.append((today - rng.randint(45, 300), victim, kind))
            eligible = [p for p in self.current if p not in victims]
        else:
            for kind in faults:
                ago = rng.randint(45, 55) if kind == "missing" else rng.randint(100, 110)
                planned.append((today - ago, None, kind))
        newest = today - (125 if faults and not staff_level else 1)
        for _ in range(rng.randint(low, high)):
            subject = rng.choice(eligible) if staff_level else None
            first = today - 360
            if subject is not None:
                first = max(first, subject.started.toordinal())
            planned.append((rng.randint(first, max(first, newest)), subject, None))
        for day, subject, fault in planned:
            if subject is not None:
                by = self.manager_of(subject) if who == "lm" else self.head.sid
            elif who == "wctl":
                by = rng.choice(ctx.wctls).sid
            elif who == "approver":
                by = rng.choice([self.head, *ctx.managers]).sid
            else:
                by = self.head.sid
            sid = subject.sid if subject is not None else None
            self.event(event_type, day, sid)
            self.after(check_type, day, by, sid, fault)

    def validations(self) -> None:
        """BCS validation by the central Quality Team (SEC §28): for each complete quarter of
        the last fifteen months, a sample of its BCS checks sized by ISO 2859-1 level II,
        validated in the quarter's last weeks; one quarter short when the office has that
        fault."""
        rng = self.rng
        as_of = self.gen.as_of
        plan = ISO2859Level2()
        current = (as_of.year, (as_of.month - 1) // 3)
        oldest = add_months(as_of, -15)
        window = add_months(as_of, -_LOOKBACK)
        quarters: list[tuple[tuple[int, int], dt.date, dt.date]] = []
        for key in sorted(self.bcs):
            year, quarter = key
            first = dt.date(year, quarter * 3 + 1, 1)
            last = add_months(first, 3) - dt.timedelta(days=1)
            if key < current and last >= oldest:
                quarters.append((key, first, last))
        short = None
        if "bcs_validation_short" in self.faults:
            closed = [
                key
                for key, _first, last in quarters
                if last >= window and (last + dt.timedelta(days=30)).toordinal() < self.today
            ]
            short = rng.choice(closed) if closed else None
        for key, _first, last in quarters:
            required = plan.sample_size(self.bcs[key])
            if key == short:
                required = rng.randint(0, required - 1)
            end = last.toordinal()
            for _ in range(required):
                self.sink.row(
                    _K.CHECKS,
                    check_type="bcs_validation",
                    office_id=self.ctx.oid,
                    performed_on=dt.date.fromordinal(rng.randint(end - 40, end)),
                    performed_by="quality_team",
                    outcome="pass" if rng.random() < 0.95 else "exception",
                    recorded_in="bcs",
                )


def _fault_of(p: _Person, check_type: str) -> str | None:
    """``missing`` or ``late`` when the person carries that fault for ``check_type``."""
    if p.fault == f"missing_{check_type}":
        return "missing"
    if p.fault == f"W_late_{check_type}":
        return "late"
    return None


class _OfficeContext:
    """Who is who in the office being generated."""

    __slots__ = (
        "absence_ends",
        "ao_delegate",
        "csm",
        "delegates",
        "faults",
        "hs_rep",
        "iam",
        "managers",
        "oid",
        "people",
        "region",
        "scs_live_on",
        "wctl_ids",
        "wctls",
    )

    def __init__(
        self,
        oid: str,
        region: str,
        csm: _Person,
        iam: _Person,
        wctls: list[_Person],
        delegates: list[_Delegate],
        ao_delegate: _Person | None,
        people: list[_Person],
        hs_rep: _Person,
        faults: list[str],
    ) -> None:
        self.oid = oid
        self.region = region
        self.csm = csm
        self.iam = iam
        self.wctls = wctls
        self.wctl_ids = frozenset(p.sid for p in wctls)
        self.managers = [p for p in people if p.role == LINE_MANAGER and p is not iam]
        self.delegates = delegates
        self.ao_delegate = ao_delegate
        self.people = people
        self.hs_rep = hs_rep
        self.faults = frozenset(faults)
        self.scs_live_on = dt.date.min
        #: (day an absence ended, who) for the return-to-work checks
        self.absence_ends: list[tuple[int, _Person]] = []


def write_demo(out: Path, *, offices: int, seed: int, as_of: dt.date) -> dict[str, int]:
    """Write a synthetic evidence folder of ``offices`` jobcentres into ``out``.

    The folder holds all seventeen files of ``evidence.md`` (headers in the column order of
    :data:`jcp_controls.evidence.schema.SCHEMAS`, UTF-8, ``\\n`` line endings) and loads
    without input errors. Dates are relative to ``as_of``; the same ``seed`` and ``as_of``
    give byte-identical files. About 150 staff per office on average; every control of the
    catalogue has deliberate findings (see :data:`FAULTS`; the ongoing manual controls warn
    by design), the rest is mostly compliant.

    Args:
        out: the folder to write (created if needed; the seventeen files are overwritten).
        offices: how many offices (at least 1).
        seed: the random seed.
        as_of: the date the folder is made for.

    Returns:
        The number of records written per file stem, in ``evidence.md`` order.

    Raises:
        ValueError: ``offices`` is less than 1.
    """
    if offices < 1:
        raise ValueError("offices must be at least 1")
    out.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        sink = _Sink(out, stack)
        _Generator(sink, random.Random(seed), as_of, offices).run()
    return {kind.value: sink.counts[kind] for kind in SCHEMAS}
