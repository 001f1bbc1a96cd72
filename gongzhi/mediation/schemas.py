"""REST schemas of the mediation module (``/api/v1/mediation``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from gongzhi.api.schemas import Code, Ref, Str20, Str40, Str60, Str100, Str200, Str2000, Text200, Text2000

Id = Annotated[int, Field(ge=1)]
Text5000 = Annotated[str, Field(max_length=5000)]

SourceIn = Literal["application", "court", "police", "initiative"]
PartyKindIn = Literal["person", "organisation"]
GenderIn = Literal["", "male", "female"]
InviteeRelationIn = Literal["relative", "neighbour", "colleague", "expert", "sage", "interpreter", "other"]
TerminationReasonIn = Literal["party_refused", "party_withdrew", "no_agreement", "time_limit", "other"]
RouteIn = Literal["arbitration", "administrative", "judicial"]
SignerKindIn = Literal["party", "mediator", "committee_seal"]
SignatureMethodIn = Literal["signature", "seal", "fingerprint"]
RatingIn = Literal["satisfied", "basically_satisfied", "dissatisfied"]


# --- catalogue, organisations, mediators ---------------------------------------------------------


class DisputeTypeOut(Schema):
    code: str
    name: str
    description: str
    is_mediable: bool
    committee_functions: list[str]
    statutory_route: str
    route_note: str


class FiguresOut(Schema):
    cases: int
    open: int
    resolved: int
    concluded: int
    success_rate: float | None
    average_days: float | None
    rated: int
    satisfied: int
    satisfaction_rate: float | None


class WarningOut(Schema):
    code: str
    message: str


class OrganisationOut(Schema):
    code: str
    name: str
    org_type: str
    org_type_label: str
    level: str
    region: Ref
    unit: Ref | None
    host_unit: Ref | None
    namesake: str
    theme: str
    rating: str
    is_featured: bool
    languages: list[str]
    address: str
    phone: str


class MemberOut(Schema):
    mediator: int
    name: str
    position: str
    position_label: str
    gender: str
    term_start: date | None
    term_end: date | None


class OrganisationDetailOut(OrganisationOut):
    description: str
    term_start: date | None
    term_end: date | None
    specialities: list[str]
    members: list[MemberOut]
    figures: FiguresOut
    warnings: list[WarningOut]


class MembershipOut(Schema):
    organisation: str
    name: str
    position: str


class MediatorOut(Schema):
    id: int
    name: str
    gender: str
    ethnicity: str
    nationality: str
    title: str
    languages: list[str]
    specialities: list[str]
    home_region: Ref
    organisations: list[MembershipOut]
    load: int
    max_load: int


class HistoryOut(Schema):
    mediation: int
    number: str
    subject: str
    organisation: str
    status: str
    is_lead: bool
    assigned_at: datetime


class UnavailabilityOut(Schema):
    start: date
    end: date
    reason: str


class MediatorDetailOut(MediatorOut):
    bio: str
    resolved: int
    concluded: int
    unavailability: list[UnavailabilityOut]
    history: list[HistoryOut]


# --- mediations ----------------------------------------------------------------------------------


class PartyIn(Schema):
    name: Text200
    role: Str20 = ""
    kind: PartyKindIn = "person"
    gender: GenderIn = ""
    ethnicity: Str20 = ""
    birth_date: date | None = None
    id_number: Str40 = ""
    address: Str200 = ""
    phone: Str20 = ""
    nationality: Str40 = ""
    language: Str20 = ""
    representative: Str60 = ""


class MediationIn(Schema):
    organisation: Code
    subject: Text200
    description: Text2000
    parties: list[PartyIn] = Field(min_length=2, max_length=50)
    region: Code | None = None
    dispute_type: Code | None = None
    source: SourceIn = "application"
    source_reference: Str100 = ""
    is_public: bool = False
    is_major: bool = False
    written_requested: bool = False


class FromCaseIn(Schema):
    case_id: Id
    organisation: Code | None = None
    dispute_type: Code | None = None
    consent: bool = False  # the petitioner's consent; required for a claim petition (信访工作条例 art. 33)
    consent_note: Str2000 = ""


class ReasonIn(Schema):
    reason: Str2000 = ""


class AssignIn(Schema):
    mediator_id: Id
    chosen_by_party_id: Id | None = None
    is_lead: bool | None = None


class ObjectionIn(Schema):
    party_id: Id
    mediator_id: Id
    reason: Str200 = ""


class InviteeIn(Schema):
    name: Text200
    relation: InviteeRelationIn = "other"
    note: Str200 = ""


class SessionIn(Schema):
    scheduled_at: datetime
    place: Text200
    invitees: list[InviteeIn] = Field(default_factory=list, max_length=50)
    parties_consent_to_invitees: bool = False
    is_public: bool | None = None


class SessionRecordIn(Schema):
    record: Annotated[str, Field(min_length=1, max_length=20000)]
    attended_participant_ids: list[Id] | None = None
    held_at: datetime | None = None


class ExtensionIn(Schema):
    days: Annotated[int, Field(ge=1, le=365)]
    reason: Text2000
    requested_by_party_ids: list[Id] = Field(max_length=50)


class TerminateIn(Schema):
    reason: TerminationReasonIn
    note: Str2000 = ""
    routes: list[RouteIn] | None = None


class EscalateIn(Schema):
    reason: Text2000
    organisation: Code | None = None


class DangerIn(Schema):
    description: Text2000


class SatisfactionIn(Schema):
    rating: RatingIn


class PartyOut(Schema):
    id: int
    name: str
    role: str
    kind: str
    gender: str
    nationality: str
    language: str
    refused_at: datetime | None


class AssignmentOut(Schema):
    mediator: int
    name: str
    is_lead: bool
    is_active: bool
    chosen_by: int | None
    released_at: datetime | None
    release_reason: str


class ParticipantOut(Schema):
    id: int
    name: str
    party: int | None
    mediator: int | None
    relation: str
    note: str
    attended: bool | None


class SessionOut(Schema):
    id: int
    sequence: int
    scheduled_at: datetime
    place: str
    status: str
    is_public: bool
    record: str
    held_at: datetime | None
    participants: list[ParticipantOut]


class ExtensionOut(Schema):
    days: int
    reason: str
    due_before: datetime | None
    due_after: datetime


class SignatureOut(Schema):
    signer_kind: str
    signer_name: str
    party: int | None
    mediator: int | None
    method: str
    signed_at: datetime


class PerformanceItemOut(Schema):
    id: int
    description: str
    obligor: int | None
    due_date: date
    status: str
    performed_at: datetime | None
    note: str
    next_case_id: int | None


class ConfirmationOut(Schema):
    status: str
    window_ends_at: datetime
    applied_at: datetime | None
    court_name: str
    accept_due_at: datetime | None
    accepted_at: datetime | None
    court_case_number: str
    decide_due_at: datetime | None
    is_decision_extended: bool
    decided_at: datetime | None
    result_note: str


class AgreementOut(Schema):
    id: int
    number: str
    form: str
    status: str
    facts: str
    issues: str
    responsibilities: str
    terms: str
    performance_method: str
    performance_deadline: date | None
    translation_language: str
    translated_terms: str
    interpreter_name: str
    translation_note: str
    finalised_at: datetime | None
    effective_at: datetime | None
    copies: int
    missing: list[str]
    signatures: list[SignatureOut]
    performance_items: list[PerformanceItemOut]
    confirmation: ConfirmationOut | None


class MediationOut(Schema):
    id: int
    number: str
    source: str
    source_reference: str
    organisation: Ref
    level: str
    region: Ref
    dispute_type: Ref | None
    subject: str
    status: str
    applied_at: datetime
    accepted_at: datetime | None
    due_at: datetime | None
    concluded_at: datetime | None
    case_id: int | None
    case_sync: str


class MediationDetailOut(MediationOut):
    description: str
    is_public: bool
    is_major: bool
    written_requested: bool
    extended_days: int
    termination_reason: str
    termination_note: str
    routes: list[str]
    danger_reported_at: datetime | None
    satisfaction: str
    previous: int | None
    next_level: int | None
    case_sync_actions: list[str]
    parties: list[PartyOut]
    mediators: list[AssignmentOut]
    objections: list[ObjectionIn]
    sessions: list[SessionOut]
    extensions: list[ExtensionOut]
    agreement: AgreementOut | None
    allowed_actions: list[str]


class SuggestionOut(Schema):
    mediator: MediatorOut
    score: float
    reasons: list[str]
    organisation: str | None
    speaks_languages: bool


class SuggestionsOut(Schema):
    suggestions: list[SuggestionOut]
    excluded: dict[int, list[str]]
    required_languages: list[str]
    needs_interpreter: bool


class BoardItemOut(Schema):
    id: int
    number: str
    subject: str
    status: str
    due_at: datetime | None
    when: datetime | None = None


class BoardOut(Schema):
    new: list[MediationOut]
    in_progress: list[MediationOut]
    due_soon: list[MediationOut]
    overdue: list[MediationOut]
    awaiting_signatures: list[MediationOut]
    confirmation_closing: list[BoardItemOut]
    performance_due: list[BoardItemOut]
    case_sync_pending: list[MediationOut]


# --- agreements, confirmation, performance -------------------------------------------------------


class PerformanceIn(Schema):
    description: Text200
    due_date: date
    obligor_party_id: Id | None = None


class AgreementDraftIn(Schema):
    facts: Text5000 = ""
    issues: Text5000 = ""
    responsibilities: Text5000 = ""
    terms: Text5000 = ""
    performance_method: Str2000 = ""
    performance_deadline: date | None = None
    performance_items: list[PerformanceIn] = Field(default_factory=list, max_length=50)
    translation_language: Str20 = ""
    translated_terms: Text5000 = ""
    interpreter_name: Str60 = ""
    translation_note: Str2000 = ""


class OralAgreementIn(Schema):
    terms: Text2000
    facts: Str2000 = ""
    performed_on_the_spot: bool = True
    performance_items: list[PerformanceIn] = Field(default_factory=list, max_length=50)


class SignIn(Schema):
    signer_kind: SignerKindIn
    method: SignatureMethodIn = "signature"
    party_id: Id | None = None
    mediator_id: Id | None = None
    signed_at: datetime | None = None


class ConfirmationApplyIn(Schema):
    all_parties_join: bool
    court_name: Str100 = ""
    court_unit: Code | None = None
    applied_at: datetime | None = None


class CourtAcceptIn(Schema):
    court_case_number: Text200
    accepted_at: datetime | None = None


class DecideIn(Schema):
    confirmed: bool
    note: Str2000 = ""


class PerformanceRecordIn(Schema):
    performed: bool
    note: Str2000 = ""
    performed_at: datetime | None = None
