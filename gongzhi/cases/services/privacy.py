"""Personal data on view: the reporter's full phone and ID number, shown on request and logged."""

from __future__ import annotations

from django.db import transaction

from gongzhi.cases import access
from gongzhi.cases.events import case_event
from gongzhi.cases.models import Case
from gongzhi.core.errors import PermissionDenied
from gongzhi.org.models import User


@transaction.atomic
def case_contact_view(*, actor: User, case_id: int) -> Case:
    """Show the reporter's and parties' full contact details to a role that needs them; each view
    is an audit event (个人信息保护法 art. 51: access control and a record of processing)."""
    case = access.case_get_for_user(actor, case_id)
    if not access.may_view_contact(actor, case):
        raise PermissionDenied("您无权查看完整联系方式", "you may not see the full contact details")
    case_event(
        case=case,
        actor=actor,
        action="case.contact_view",
        after={"fields": ["reporter_phone", "reporter_id_number", "parties"]},
    )
    return case
