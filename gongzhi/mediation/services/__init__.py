"""Every write of the mediation module is one of these services (STYLE: services for writes)."""

from gongzhi.mediation.services._common import PartyData
from gongzhi.mediation.services.agreements import (
    PerformanceInput,
    agreement_draft,
    agreement_finalise,
    agreement_record_oral,
    agreement_sign,
)
from gongzhi.mediation.services.case_link import mediation_case_sync
from gongzhi.mediation.services.catalogue import dispute_types_load_defaults
from gongzhi.mediation.services.confirmation import (
    confirmation_apply,
    confirmation_court_accept,
    confirmation_court_not_accept,
    confirmation_decide,
    confirmation_extend_decision,
    confirmation_waive,
    performance_record,
)
from gongzhi.mediation.services.mediations import (
    case_mediation_refusal,
    mediation_accept,
    mediation_apply,
    mediation_extend,
    mediation_from_case,
    mediation_not_accept,
    mediation_record_satisfaction,
    mediator_assign,
    mediator_object,
)
from gongzhi.mediation.services.mediators import (
    conflict_declare,
    mediator_register,
    mediator_unavailability_add,
    mediator_update,
)
from gongzhi.mediation.services.organisations import (
    organisation_member_add,
    organisation_member_remove,
    organisation_upsert,
    organisations_load_defaults,
)
from gongzhi.mediation.services.outcomes import (
    mediation_escalate,
    mediation_party_refuse,
    mediation_report_danger,
    mediation_terminate,
)
from gongzhi.mediation.services.sessions import Invitee, session_cancel, session_record, session_schedule
from gongzhi.mediation.services.sweep import MediationSweepResult, mediation_sweep_run

__all__ = [
    "Invitee",
    "MediationSweepResult",
    "PartyData",
    "PerformanceInput",
    "agreement_draft",
    "agreement_finalise",
    "agreement_record_oral",
    "agreement_sign",
    "case_mediation_refusal",
    "confirmation_apply",
    "confirmation_court_accept",
    "confirmation_court_not_accept",
    "confirmation_decide",
    "confirmation_extend_decision",
    "confirmation_waive",
    "conflict_declare",
    "dispute_types_load_defaults",
    "mediation_accept",
    "mediation_apply",
    "mediation_case_sync",
    "mediation_escalate",
    "mediation_extend",
    "mediation_from_case",
    "mediation_not_accept",
    "mediation_party_refuse",
    "mediation_record_satisfaction",
    "mediation_report_danger",
    "mediation_sweep_run",
    "mediation_terminate",
    "mediator_assign",
    "mediator_object",
    "mediator_register",
    "mediator_unavailability_add",
    "mediator_update",
    "organisation_member_add",
    "organisation_member_remove",
    "organisation_upsert",
    "organisations_load_defaults",
    "performance_record",
    "session_cancel",
    "session_record",
    "session_schedule",
]
