"""Reads of the deliberation module (one module per area; all re-exported here)."""

from gongzhi.deliberation.selectors.catalogue import (
    body_list,
    expert_pool,
    expert_pool_list,
    matter_type_catalogue,
    matter_type_get,
    procedure_list,
)
from gongzhi.deliberation.selectors.figures import Figures, figures_by_village, figures_for
from gongzhi.deliberation.selectors.matters import (
    current_step,
    matter_detail,
    matter_list,
    matter_timeline,
    objection_list,
    objection_overdue_list,
    publication_get_public,
    publication_list_public,
    team_members,
    village_notice_list,
)
from gongzhi.deliberation.selectors.register import (
    AbsenceFlag,
    RepresentativesCheck,
    entitled_count,
    representatives_absence_flags,
    representatives_check,
    representatives_minimum,
    village_population,
    village_roles,
)
from gongzhi.deliberation.selectors.teams import Candidate, team_candidates

__all__ = [
    "AbsenceFlag",
    "Candidate",
    "Figures",
    "RepresentativesCheck",
    "body_list",
    "current_step",
    "entitled_count",
    "expert_pool",
    "expert_pool_list",
    "figures_by_village",
    "figures_for",
    "matter_detail",
    "matter_list",
    "matter_timeline",
    "matter_type_catalogue",
    "matter_type_get",
    "objection_list",
    "objection_overdue_list",
    "procedure_list",
    "publication_get_public",
    "publication_list_public",
    "representatives_absence_flags",
    "representatives_check",
    "representatives_minimum",
    "team_candidates",
    "team_members",
    "village_notice_list",
    "village_population",
    "village_roles",
]
