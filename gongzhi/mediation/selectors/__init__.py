"""Reads of the mediation module (STYLE: selectors own select_related/prefetch_related)."""

from gongzhi.mediation.selectors.board import (
    Board,
    agreement_get_for_user,
    mediation_board,
    mediation_detail,
    mediation_list,
    mediation_resolution_shares,
)
from gongzhi.mediation.selectors.catalogue import dispute_type_get, dispute_type_list, organisations_for_type
from gongzhi.mediation.selectors.conflicts import mediator_conflicts
from gongzhi.mediation.selectors.matching import MatchResult, Suggestion, mediator_suggest
from gongzhi.mediation.selectors.organisations import (
    OrganisationFigures,
    OrganisationWarning,
    committee_for_level,
    mediator_directory,
    mediator_get,
    mediator_history,
    mediator_is_available,
    mediator_loads,
    mediator_outcomes,
    organisation_figures,
    organisation_figures_many,
    organisation_get,
    organisation_list,
    organisation_warnings,
)

__all__ = [
    "Board",
    "MatchResult",
    "OrganisationFigures",
    "OrganisationWarning",
    "Suggestion",
    "agreement_get_for_user",
    "committee_for_level",
    "dispute_type_get",
    "dispute_type_list",
    "mediation_board",
    "mediation_detail",
    "mediation_list",
    "mediation_resolution_shares",
    "mediator_conflicts",
    "mediator_directory",
    "mediator_get",
    "mediator_history",
    "mediator_is_available",
    "mediator_loads",
    "mediator_outcomes",
    "mediator_suggest",
    "organisation_figures",
    "organisation_figures_many",
    "organisation_get",
    "organisation_list",
    "organisation_warnings",
    "organisations_for_type",
]
