"""The mediation module's tables, split by subject (STYLE: a package once a file passes ~500 lines)."""

from gongzhi.mediation.models.agreements import (
    Agreement,
    AgreementSignature,
    JudicialConfirmation,
    PerformanceItem,
)
from gongzhi.mediation.models.catalogue import DisputeType
from gongzhi.mediation.models.mediations import (
    Mediation,
    MediationExtension,
    MediationNotice,
    MediationParty,
    MediatorAssignment,
    MediatorObjection,
    PoliceReport,
    Session,
    SessionParticipant,
)
from gongzhi.mediation.models.organisations import (
    ConflictDeclaration,
    MediationOrganisation,
    Mediator,
    MediatorUnavailability,
    OrganisationMember,
)

__all__ = [
    "Agreement",
    "AgreementSignature",
    "ConflictDeclaration",
    "DisputeType",
    "JudicialConfirmation",
    "Mediation",
    "MediationExtension",
    "MediationNotice",
    "MediationOrganisation",
    "MediationParty",
    "Mediator",
    "MediatorAssignment",
    "MediatorObjection",
    "MediatorUnavailability",
    "OrganisationMember",
    "PerformanceItem",
    "PoliceReport",
    "Session",
    "SessionParticipant",
]
