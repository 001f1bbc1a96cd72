"""The campaign models, one module per part of the domain."""

from gongzhi.campaigns.models.campaigns import (
    Campaign,
    CampaignMember,
    CampaignUnit,
    Cluster,
    ProjectCategory,
)
from gongzhi.campaigns.models.library import CaseStudy, MentorCheckIn, Mentorship, Tag, Trainer
from gongzhi.campaigns.models.meetings import AgendaItem, Meeting, MeetingDecision, SharingTalk
from gongzhi.campaigns.models.projects import (
    Evidence,
    Milestone,
    ProgressReport,
    Project,
    ProjectMember,
    ProjectPartner,
    Target,
    TargetReading,
)
from gongzhi.campaigns.models.supervision import Flag, HelpRequest, Notice

__all__ = [
    "AgendaItem",
    "Campaign",
    "CampaignMember",
    "CampaignUnit",
    "CaseStudy",
    "Cluster",
    "Evidence",
    "Flag",
    "HelpRequest",
    "Meeting",
    "MeetingDecision",
    "MentorCheckIn",
    "Mentorship",
    "Milestone",
    "Notice",
    "ProgressReport",
    "Project",
    "ProjectCategory",
    "ProjectMember",
    "ProjectPartner",
    "SharingTalk",
    "Tag",
    "Target",
    "TargetReading",
    "Trainer",
]
