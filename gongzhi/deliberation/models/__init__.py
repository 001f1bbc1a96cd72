from gongzhi.deliberation.models.catalogue import Body, Expert, MatterType, Procedure, ProcedureStep
from gongzhi.deliberation.models.matters import (
    Attendance,
    Matter,
    MatterStep,
    Objection,
    Publication,
    Session,
    SessionAttachment,
    Signature,
    VillageNotice,
)
from gongzhi.deliberation.models.register import VillageRole
from gongzhi.deliberation.models.teams import (
    Bidder,
    BidderPerson,
    InterestDeclaration,
    Team,
    TeamMember,
    Tender,
)

__all__ = [
    "Attendance",
    "Bidder",
    "BidderPerson",
    "Body",
    "Expert",
    "InterestDeclaration",
    "Matter",
    "MatterStep",
    "MatterType",
    "Objection",
    "Procedure",
    "ProcedureStep",
    "Publication",
    "Session",
    "SessionAttachment",
    "Signature",
    "Team",
    "TeamMember",
    "Tender",
    "VillageNotice",
    "VillageRole",
]
