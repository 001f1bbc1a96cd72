"""Writes of the deliberation module (one module per area; all re-exported here)."""

from gongzhi.deliberation.services.attachments import session_attach
from gongzhi.deliberation.services.catalogue import (
    StepSpec,
    body_define,
    catalogue_load_defaults,
    matter_type_define,
    procedure_define,
)
from gongzhi.deliberation.services.matters import (
    SignatureSpec,
    matter_propose,
    matter_withdraw,
    session_record,
    step_pass,
)
from gongzhi.deliberation.services.publicity import objection_answer, objection_raise, publication_publish
from gongzhi.deliberation.services.register import village_role_assign, village_role_end
from gongzhi.deliberation.services.sweep import DeliberationSweepResult, deliberation_sweep_run
from gongzhi.deliberation.services.teams import (
    BidderRegistration,
    MemberSpec,
    bidder_register,
    expert_register,
    interest_declare,
    team_form,
    team_member_add,
    team_member_withdraw,
    tender_award,
    tender_open,
)

__all__ = [
    "BidderRegistration",
    "DeliberationSweepResult",
    "MemberSpec",
    "SignatureSpec",
    "StepSpec",
    "bidder_register",
    "body_define",
    "catalogue_load_defaults",
    "deliberation_sweep_run",
    "expert_register",
    "interest_declare",
    "matter_propose",
    "matter_type_define",
    "matter_withdraw",
    "objection_answer",
    "objection_raise",
    "procedure_define",
    "publication_publish",
    "session_attach",
    "session_record",
    "step_pass",
    "team_form",
    "team_member_add",
    "team_member_withdraw",
    "tender_award",
    "tender_open",
    "village_role_assign",
    "village_role_end",
]
