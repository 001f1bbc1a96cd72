"""浙江省信访条例 art. 20 (5): a matter already concluded (处理终结) is not accepted again.

The clerk links the new petition to the final case (the repeat suggestion at intake, or a merge
on the case page); the case then waits for its acceptance decision, where 受理 is refused with
``concluded_matter`` and 不予受理 names the final case.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from gongzhi.cases import services
from gongzhi.cases.enums import CaseStatus
from gongzhi.cases.models import Case
from gongzhi.core.errors import InvalidState
from gongzhi.core.models import AuditEvent
from tests.api.conftest import Api
from tests.cases.helpers import accepted, intake, reload
from tests.conftest import WANGHUA, centre

pytestmark = pytest.mark.django_db

SUBJECT = "征地补偿款未足额发放"


@pytest.fixture
def re_petition(village_clerk, village_head, frozen_now) -> tuple[Case, Case]:
    """A petition answered and final after the review window, and a new petition of the same facts
    that the clerk linked to it."""
    final = accepted(
        village_clerk, unit=centre(WANGHUA), kind="petition", petition_class="claim", subject=SUBJECT
    )
    services.case_sign(actor=village_head, case_id=final.pk)
    services.case_reply(
        actor=village_head,
        case_id=final.pk,
        text="补偿已足额发放，处理完毕。",
        outcome="explain",
        basis="征地补偿协议",
    )
    frozen_now.shift(timedelta(days=40))
    assert services.sweep_run().finalised == 1
    new = intake(village_clerk, kind="petition", petition_class="claim", subject=SUBJECT)
    new = services.case_merge(
        actor=village_clerk, repeat_id=new.pk, master_id=final.pk, reason="登记时标记为重复件"
    )
    return reload(final), new


def test_accept_is_refused_for_a_re_petition_of_a_final_case(re_petition, village_clerk):
    """浙江省信访条例 art. 20 (5): case_accept answers concluded_matter and changes nothing."""
    final, new = re_petition
    assert final.status == CaseStatus.FINAL and new.status == CaseStatus.REGISTERED
    events = AuditEvent.objects.count()

    with pytest.raises(InvalidState) as refused:
        services.case_accept(actor=village_clerk, case_id=new.pk)

    assert refused.value.code == "concluded_matter"
    assert final.tracking_code in refused.value.message_zh
    new = reload(new)
    assert (new.status, new.accepted_at, new.due_at) == (CaseStatus.REGISTERED, None, None)
    assert AuditEvent.objects.count() == events


def test_accept_is_refused_through_rest(re_petition, village_clerk):
    """浙江省信访条例 art. 20 (5): POST /cases/{id}/accept answers concluded_matter; the case is unchanged."""
    _, new = re_petition
    api = Api(user=village_clerk)

    response = api.post(f"/cases/{new.pk}/accept", {})
    shown = api.get(f"/cases/{new.pk}").json()

    assert response.status_code == 409 and response.json()["code"] == "concluded_matter"
    assert reload(new).status == CaseStatus.REGISTERED and reload(new).accepted_at is None
    assert "accept" not in shown["allowed_actions"] and "not_accept" in shown["allowed_actions"]


def test_not_accept_states_the_conclusion_and_links_the_final_case(re_petition, village_clerk):
    """浙江省信访条例 art. 20 (5): not accepted, with the concluded reason naming the final case."""
    final, new = re_petition

    decided = services.case_not_accept(actor=village_clerk, case_id=new.pk)

    assert decided.status == CaseStatus.NOT_ACCEPTED and decided.master_id == final.pk
    assert "终结" in decided.decision_reason and final.tracking_code in decided.decision_reason
    event = AuditEvent.objects.filter(action="case.not_accept_final").latest("pk")
    assert event.after["master"] == final.pk
