"""REST schemas of the deliberation module (``/api/v1/deliberation``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from gongzhi.api.schemas import Code, Ref, Str60, Str2000, Text100, Text200, Text2000, Text20000

Count = Annotated[int, Field(ge=0, le=1_000_000)]
PersonId = Annotated[int, Field(ge=1)]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
AttendanceStatusIn = Literal["present", "excused", "absent"]
BidderRoleIn = Literal["individual", "legal_representative", "shareholder", "manager", "actual_controller"]
MemberBasisIn = Literal[
    "village_committee",
    "party_committee",
    "supervision",
    "representative",
    "party_member",
    "community_police",
    "expert",
    "villager",
]
RoleKindIn = Literal[
    "representative",
    "party_member",
    "party_committee",
    "village_committee",
    "supervision",
    "clerk",
    "bookkeeper",
    "community_police",
    "legal_adviser",
]


class MatterTypeOut(Schema):
    code: str
    name: str
    scope: str
    procedure: Ref
    steps: list[str]
    deciding_body: Ref | None
    involves_tender: bool
    expert_fields: list[str]
    exclusion_predicate: str
    legal_basis: str


class MatterIn(Schema):
    village: Code
    matter_type: Code
    title: Text100
    description: Str2000 = ""
    proposed_on: date
    budget: Money | None = None


class MatterOut(Schema):
    id: int
    reference: str
    village: Ref
    matter_type: Ref
    title: str
    status: str
    proposed_on: date
    decided_on: date | None
    completed_on: date | None
    budget: Decimal | None
    involves_tender: bool
    is_generated: bool
    current_step: str | None


class SessionOut(Schema):
    id: int
    number: int
    held_at: datetime
    notice_given_on: date | None
    expected: int
    present: int
    votes_for: int
    votes_against: int
    abstentions: int
    outcome: str
    minutes: str
    rules: dict[str, Any]
    signatures: list[str]
    attachments: list[str]


class PublicationOut(Schema):
    id: int
    kind: str
    title: str
    content: str
    published_on: date
    ends_on: date
    location: str


class StepOut(Schema):
    order: int
    name: str
    kind: str
    body: Ref | None
    is_decision: bool
    status: str
    passed_on: date | None
    notice_days: int
    sessions: list[SessionOut]
    publication: PublicationOut | None


class MemberOut(Schema):
    id: int
    person: int
    name: str
    basis: str
    reason: str
    status: str
    status_reason: str
    conflict_relation: str


class BidderOut(Schema):
    id: int
    name: str
    bid_amount: Decimal | None
    people: list[dict[str, Any]]


class TenderOut(Schema):
    id: int
    title: str
    status: str
    budget: Decimal | None
    awarded_bidder: int | None
    awarded_amount: Decimal | None
    awarded_on: date | None
    bidders: list[BidderOut]


class ObjectionOut(Schema):
    id: int
    publication: int
    raised_by_name: str
    content: str
    raised_at: datetime
    due_at: datetime
    status: str
    answer: str
    answered_at: datetime | None


class MatterDetailOut(MatterOut):
    description: str
    procedure: Ref
    exclusion_predicate: str
    steps: list[StepOut]
    team: list[MemberOut]
    tender: TenderOut | None
    objections: list[ObjectionOut]


class AttendanceIn(Schema):
    person: PersonId
    status: AttendanceStatusIn


class SignatureIn(Schema):
    name: Text100
    capacity: Str60 = "参会人员"


class SessionIn(Schema):
    held_at: datetime
    notice_given_on: date | None = None
    expected: Count
    present: Count
    votes_for: Count = 0
    votes_against: Count = 0
    abstentions: Count = 0
    households_expected: Count | None = None
    households_present: Count | None = None
    minutes: Str2000 = ""
    attendance: list[AttendanceIn] = Field(default_factory=list, max_length=5000)
    signatures: list[SignatureIn] = Field(default_factory=list, max_length=500)
    require_pass: bool = Field(False, description="refuse (and record nothing) unless the step passes")


class MemberIn(Schema):
    person: PersonId
    basis: MemberBasisIn
    reason: Text200
    expert: Annotated[int, Field(ge=1)] | None = None


class TeamIn(Schema):
    formed_on: date
    members: list[MemberIn] = Field(min_length=1, max_length=100)


class DeclarationIn(Schema):
    statement: Text2000
    declared_on: date
    related_person: PersonId | None = None
    recuses: bool = False


class TenderIn(Schema):
    title: Text100
    opened_on: date
    budget: Money | None = None


class BidderPersonIn(Schema):
    person: PersonId
    role: BidderRoleIn


class BidderIn(Schema):
    name: Text100
    registered_on: date
    people: list[BidderPersonIn] = Field(min_length=1, max_length=50)
    bid_amount: Money | None = None
    credit_code: Annotated[str, Field(max_length=18)] = ""


class BidderRegistrationOut(Schema):
    bidder: BidderOut
    excluded: list[MemberOut]


class AwardIn(Schema):
    bidder: Annotated[int, Field(ge=1)]
    awarded_on: date
    amount: Money | None = None
    note: Str2000 = ""


class PublicationIn(Schema):
    title: Text200
    content: Text20000
    published_on: date
    period_days: Annotated[int, Field(ge=1, le=365)] | None = None
    location: Str60 = "村务公开栏"


class ObjectionIn(Schema):
    publication: Annotated[int, Field(ge=1)]
    name: Text100
    content: Text2000
    phone: Annotated[str, Field(max_length=20)] = ""
    raised_at: datetime | None = None


class AnswerIn(Schema):
    answer: Text2000


class ReasonIn(Schema):
    reason: Text200


class RoleIn(Schema):
    person: PersonId
    kind: RoleKindIn
    started_on: date


class RoleOut(Schema):
    id: int
    person: int
    name: str
    kind: str
    started_on: date
    ended_on: date | None
    is_active: bool


class RegisterOut(Schema):
    village: Ref
    population: int
    minimum_representatives: int
    representatives: int
    committee_members: int
    women_representatives: int
    shared_households: list[str]
    representatives_share_ok: bool
    women_share_ok: bool
    ok: bool
    absence_flags: list[dict[str, Any]]
    roles: list[RoleOut]


class FiguresOut(Schema):
    region: Ref
    start: date
    end: date
    matters: int
    matters_by_type: list[dict[str, Any]]
    matters_by_status: dict[str, int]
    teams: int
    team_members: int
    experts: int
    excluded_members: int
    sessions: int
    sessions_without_quorum: int
    participants: int
    distinct_participants: int
    days_to_decision_median: float | None
    days_to_decision_mean: float | None
    objections: int
    objections_open: int
    objections_answered_on_time: int
    objections_overdue: int
    generated_share: float


class PublicPublicationOut(Schema):
    id: int
    matter: str
    matter_type: str
    kind: str
    title: str
    content: str
    published_on: date
    ends_on: date
    location: str
    is_generated: bool


class TimelineOut(Schema):
    id: int
    occurred_at: datetime
    action: str
    actor: str
    after: dict[str, Any]
    reason: str


class PersonIn(Schema):
    name: Text100
    id_number: Annotated[str, Field(max_length=18)] = ""
    gender: Literal["", "male", "female"] = ""
    birth_date: date | None = None
    household: Annotated[str, Field(max_length=40)] = ""


class PersonOut(Schema):
    id: int
    name: str
    gender: str
    birth_date: date | None
    household: str | None
    region: str | None


class LinkIn(Schema):
    person: PersonId
    relative: PersonId
    kind: Literal["parent", "spouse"]


class LinkOut(Schema):
    id: int
    person: int
    relative: int
    kind: str


class ExpertIn(Schema):
    person: PersonId
    field: Literal["engineering", "finance", "law", "land", "agriculture"]
    organisation: Str60 = ""
    title: Str60 = ""


class ExpertOut(Schema):
    id: int
    person: int
    name: str
    field: str
    region: str
    organisation: str


class MatterTypeIn(Schema):
    code: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_-]+$")]
    name: Text100
    procedure: Code
    involves_tender: bool = False
    expert_fields: list[Literal["engineering", "finance", "law", "land", "agriculture"]] = Field(
        default_factory=list, max_length=5
    )
    deciding_body: Code | None = None
    exclusion_predicate: Literal["", "close_relative", "recusal_relative"] = ""
    legal_basis: Str2000 = ""
    sort_order: Annotated[int, Field(ge=0, le=1000)] = 0
    is_active: bool = True
