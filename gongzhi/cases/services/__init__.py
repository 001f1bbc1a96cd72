"""Every write to a case is one of these services (STYLE: services for writes)."""

from gongzhi.cases.services.answers import (
    case_answer_review,
    case_close,
    case_follow_up,
    case_merge,
    case_rate_by_reporter,
    case_record_external_review,
    case_reply,
    case_request_review,
)
from gongzhi.cases.services.arbitration import case_arbitration_decide, case_request_arbitration
from gongzhi.cases.services.decisions import case_accept, case_not_accept, case_redirect, case_transfer_out
from gongzhi.cases.services.extensions import case_decide_extension, case_request_extension
from gongzhi.cases.services.handling import (
    CoUnitTask,
    case_add_co_units,
    case_add_note,
    case_arbitrate,
    case_assign_down,
    case_dispatch,
    case_escalate,
    case_return,
    case_sign,
    case_supervise,
    case_transfer,
    subtask_answer,
    subtask_sign,
)
from gongzhi.cases.services.intake import PartyInput, case_intake
from gongzhi.cases.services.recusal import (
    case_recusal_decide,
    case_recusal_request,
    case_recusal_request_by_reporter,
    staff_register_link,
)
from gongzhi.cases.services.supervision import SweepResult, sweep_run

__all__ = [
    "CoUnitTask",
    "PartyInput",
    "SweepResult",
    "case_accept",
    "case_add_co_units",
    "case_add_note",
    "case_answer_review",
    "case_arbitrate",
    "case_arbitration_decide",
    "case_assign_down",
    "case_close",
    "case_decide_extension",
    "case_dispatch",
    "case_escalate",
    "case_follow_up",
    "case_intake",
    "case_merge",
    "case_not_accept",
    "case_rate_by_reporter",
    "case_record_external_review",
    "case_recusal_decide",
    "case_recusal_request",
    "case_recusal_request_by_reporter",
    "case_redirect",
    "case_reply",
    "case_request_arbitration",
    "case_request_extension",
    "case_request_review",
    "case_return",
    "case_sign",
    "case_supervise",
    "case_transfer",
    "case_transfer_out",
    "staff_register_link",
    "subtask_answer",
    "subtask_sign",
    "sweep_run",
]
