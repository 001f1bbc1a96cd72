"""检举控告: an accusation never reaches the accused (信访工作条例 art. 30; 浙江省信访条例 art. 26 (4)).

The accused unit, the units under it (``Unit.parent``) and their staff are never lead, co-unit,
addressee of a notice or reminder, counted in a league row, offered in a unit picker, nor shown
the case — in the admin either.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
import time_machine
from django.test import Client

from gongzhi.cases import access, services
from gongzhi.cases.accusations import AccusedUnitBarred, unit_is_barred
from gongzhi.cases.models import Assignment, Case, Notice
from gongzhi.insights import selectors as insights_selectors
from gongzhi.org import services as org_services
from gongzhi.org.enums import Role
from gongzhi.org.models import User
from gongzhi.routing import selectors as routing_selectors
from tests.cases.helpers import intake, reload
from tests.conftest import PINGSHUI, WANGHUA, any_category, centre, district_unit, region

pytestmark = pytest.mark.django_db

DISTRICT = "330603000000"


def accusation(actor: User, accused, **overrides) -> Case:
    values = {
        "kind": "petition",
        "petition_class": "accusation",
        "subject": "检举某单位违规收费",
        "accused_unit": accused,
    }
    values.update(overrides)
    return intake(actor, **values)


def nothing_handed_out(case: Case) -> None:
    """The case is still registered, undecided, with no assignment and no notice to a unit."""
    case = reload(case)
    assert case.status == "registered" and case.accepted_at is None and case.lead_unit is None
    assert not Assignment.objects.filter(case=case).exists()
    assert not Notice.objects.filter(case=case, backend="workbench").exists()


def test_art30_accept_refuses_the_accused_unit_as_lead(town_dispatcher, frozen_now):
    """信访工作条例 art. 30: 受理 with the accused as lead is refused; nothing changes."""
    housing = district_unit("housing")
    case = accusation(town_dispatcher, housing)

    with pytest.raises(AccusedUnitBarred) as refused:
        services.case_accept(actor=town_dispatcher, case_id=case.pk, unit=housing)

    assert refused.value.code == "accused_unit"
    assert refused.value.detail == {"field": "unit", "unit": housing.code}
    nothing_handed_out(case)


def test_art30_accept_over_rest_refuses_the_accused_unit(client, town_dispatcher, frozen_now):
    """信访工作条例 art. 30: POST /api/v1/cases/{id}/accept naming the accused answers 400 accused_unit."""
    housing = district_unit("housing")
    case = accusation(town_dispatcher, housing)
    client.force_login(town_dispatcher)

    response = client.post(
        f"/api/v1/cases/{case.pk}/accept",
        data=json.dumps({"unit": housing.code}),
        content_type="application/json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "accused_unit"
    assert "被检举控告的单位" in body["message"] and body["detail"]["field"] == "unit"
    nothing_handed_out(case)


def test_art30_dispatch_transfer_arbitrate_and_assign_down_refuse_the_accused(
    district_dispatcher, make_staff, frozen_now
):
    """信访工作条例 art. 30: no service that names a lead takes the accused."""
    housing, district_centre = district_unit("housing"), centre(DISTRICT)
    case = accusation(district_dispatcher, housing)
    services.case_accept(actor=district_dispatcher, case_id=case.pk, dispatch=False)

    with pytest.raises(AccusedUnitBarred):
        services.case_dispatch(actor=district_dispatcher, case_id=case.pk, unit=housing)
    assert reload(case).status == "registered" and reload(case).lead_unit is None

    services.case_dispatch(actor=district_dispatcher, case_id=case.pk, unit=district_unit("market"))
    with pytest.raises(AccusedUnitBarred):
        services.case_transfer(
            actor=district_dispatcher, case_id=case.pk, unit=housing, reason="改由住建办理"
        )
    assert reload(case).lead_unit == district_unit("market")

    services.case_transfer(
        actor=district_dispatcher, case_id=case.pk, unit=district_centre, reason="区中心办理"
    )
    centre_leader = make_staff(district_centre, Role.DISPATCHER, Role.CENTRE_LEADER)
    with pytest.raises(AccusedUnitBarred):
        services.case_assign_down(actor=centre_leader, case_id=case.pk, unit=housing, reason="交住建办理")
    assert reload(case).lead_unit == district_centre

    market_liaison = make_staff(district_unit("market"), Role.LIAISON, Role.HANDLER)
    services.case_transfer(
        actor=district_dispatcher, case_id=case.pk, unit=district_unit("market"), reason="交市场监管"
    )
    services.case_sign(actor=market_liaison, case_id=case.pk)
    services.case_return(
        actor=market_liaison, case_id=case.pk, reason="unclear_authority", text="不属于本单位职责"
    )
    with pytest.raises(AccusedUnitBarred):
        services.case_arbitrate(
            actor=district_dispatcher, case_id=case.pk, unit=housing, reason="审定住建办理"
        )
    assert reload(case).status == "returned" and reload(case).lead_unit is None
    assert not Assignment.objects.filter(case=case, unit=housing).exists()
    assert not Notice.objects.filter(case=case, recipient=housing.name).exists()


def test_art30_the_accused_is_never_added_as_co_unit(district_dispatcher, frozen_now):
    """信访工作条例 art. 30: 联动办理 refuses the accused as co-unit and writes it no notice."""
    housing = district_unit("housing")
    case = accusation(district_dispatcher, housing)
    services.case_accept(actor=district_dispatcher, case_id=case.pk, unit=district_unit("market"))

    with pytest.raises(AccusedUnitBarred) as refused:
        services.case_add_co_units(
            actor=district_dispatcher,
            case_id=case.pk,
            tasks=[
                services.CoUnitTask(unit=centre(DISTRICT), task="协调"),
                services.CoUnitTask(unit=housing, task="核实收费"),
            ],
        )

    assert refused.value.detail["field"] == "tasks[1].unit"
    assert not Assignment.objects.filter(case=case, role="co").exists()
    assert not Notice.objects.filter(case=case, recipient=housing.name).exists()


def test_art30_a_unit_under_the_accused_is_refused_and_sees_nothing(
    district_dispatcher, village_clerk, town_dispatcher, frozen_now
):
    """信访工作条例 art. 30: a unit whose Unit.parent chain reaches the accused counts as accused."""
    town_centre, village_centre = centre(PINGSHUI), centre(WANGHUA)
    assert village_centre.parent_id == town_centre.pk
    case = accusation(district_dispatcher, town_centre)

    assert unit_is_barred(case, village_centre) and unit_is_barred(case, town_centre)
    assert not unit_is_barred(case, centre(DISTRICT))
    with pytest.raises(AccusedUnitBarred):
        services.case_accept(actor=district_dispatcher, case_id=case.pk, unit=village_centre)
    nothing_handed_out(case)
    for staff in (village_clerk, town_dispatcher):
        assert not access.case_queryset_for_user(staff).filter(pk=case.pk).exists()


def test_art30_routing_by_the_responsibility_list_passes_over_the_accused(town_dispatcher, frozen_now):
    """信访工作条例 art. 30: 受理 without a unit never lands on the accused the list would name."""
    category = any_category()
    _level, named = routing_selectors.route_for(category=category, region=region(WANGHUA))
    assert named is not None
    case = accusation(town_dispatcher, named, category=category)

    services.case_accept(actor=town_dispatcher, case_id=case.pk)

    case = reload(case)
    assert case.status == "dispatched" and case.lead_unit is not None
    assert not unit_is_barred(case, case.lead_unit)


def test_art30_staff_of_the_accused_cannot_register_the_accusation(village_clerk):
    """信访工作条例 art. 30: the accused's own window does not take the accusation against it."""
    with pytest.raises(AccusedUnitBarred):
        accusation(village_clerk, centre(WANGHUA))
    assert not Case.objects.filter(accused_unit=centre(WANGHUA)).exists()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_art30_the_sweep_never_reminds_the_accused(district_dispatcher, frozen_now):
    """信访工作条例 art. 30: no 催办通知 about an accusation is addressed to the accused, even when
    older data made it the lead."""
    housing = district_unit("housing")
    led_elsewhere = accusation(district_dispatcher, housing)
    services.case_accept(actor=district_dispatcher, case_id=led_elsewhere.pk, unit=centre(DISTRICT))
    legacy = accusation(district_dispatcher, housing, subject="检举住建局某科室")
    services.case_accept(actor=district_dispatcher, case_id=legacy.pk, unit=district_unit("market"))
    Case.objects.filter(pk=legacy.pk).update(lead_unit=housing)  # as data from before the rule

    with time_machine.travel(at("2026-12-31T09:00:00+08:00")):
        result = services.sweep_run()

    assert result.reminders == 2
    reminders = Notice.objects.filter(case=led_elsewhere, kind="reminder")
    assert list(reminders.values_list("recipient", flat=True)) == [centre(DISTRICT).name]
    assert not Notice.objects.filter(recipient=housing.name).exists()
    assert reload(legacy).reminded_at is not None  # claimed once, so never retried


def test_art30_the_league_table_never_charges_the_accused(district_dispatcher, frozen_now):
    """信访工作条例 art. 30: an accusation is not counted in the accused unit's league row."""
    housing = district_unit("housing")
    case = accusation(district_dispatcher, housing)
    services.case_accept(actor=district_dispatcher, case_id=case.pk, unit=district_unit("market"))
    Case.objects.filter(pk=case.pk).update(lead_unit=housing)  # as data from before the rule

    with time_machine.travel(at("2027-01-04T09:00:00+08:00")):
        rows = insights_selectors.league_table(
            start=at("2026-11-01T00:00:00+08:00"), end=at("2027-01-01T00:00:00+08:00"), by="unit"
        )

    assert housing.pk not in {row.key for row in rows}


def test_art30_the_admin_hides_the_accusation_from_a_superuser_of_the_accused(
    district_dispatcher, frozen_now
):
    """信访工作条例 art. 30: the Django admin obeys the case scope, for superusers with posts too."""
    housing = district_unit("housing")
    case = accusation(district_dispatcher, housing, reporter_phone="13905759876")
    services.case_accept(actor=district_dispatcher, case_id=case.pk, unit=centre(DISTRICT))
    insider = User.objects.create_superuser(username="housing_admin", password="demo-Passw0rd!")
    org_services.membership_grant(user=insider, unit=housing, role=Role.UNIT_HEAD)
    outsider = User.objects.create_superuser(username="platform_admin", password="demo-Passw0rd!")

    def admin_page(user: User, path: str) -> tuple[int, str]:
        client = Client()
        client.force_login(user)
        response = client.get(path)
        return response.status_code, response.content.decode()

    for path in ("/admin/cases/case/", "/admin/cases/notice/"):
        status, page = admin_page(insider, path)
        assert status == 200 and case.tracking_code not in page
        status, page = admin_page(outsider, path)
        assert status == 200 and case.tracking_code in page
    status, page = admin_page(insider, f"/admin/cases/case/{case.pk}/change/")
    assert status == 302 and "13905759876" not in page  # "does not exist": back to the index
    status, page = admin_page(outsider, f"/admin/cases/case/{case.pk}/change/")
    assert status == 200


def test_art30_the_dispatch_form_does_not_offer_the_accused(client, district_dispatcher, frozen_now):
    """信访工作条例 art. 30: the case page's unit pickers leave the accused out and say why."""
    housing = district_unit("housing")
    case = accusation(district_dispatcher, housing)
    services.case_accept(actor=district_dispatcher, case_id=case.pk, dispatch=False)
    client.force_login(district_dispatcher)

    response = client.get(f"/cases/{case.pk}/")

    assert response.status_code == 200
    forms = dict((action.name, form) for action, form in response.context["actions"])
    offered = {value for value, _label in forms["dispatch"].fields["unit"].choices}
    assert str(housing.pk) not in offered and str(district_unit("market").pk) in offered
    assert "被检举单位及其下属单位不提供" in response.content.decode()

    posted = client.post(f"/cases/{case.pk}/do/dispatch", {"dispatch-unit": str(housing.pk)})
    assert posted.status_code == 200  # the form answers with its error; nothing was dispatched
    assert reload(case).lead_unit is None


def test_art30_no_webhook_about_the_accusation_reaches_the_accused_key(district_dispatcher, frozen_now):
    """信访工作条例 art. 30: a subscription tied to the accused unit's key hears nothing of it."""
    from gongzhi.api import webhooks
    from gongzhi.api.enums import ALL_SCOPES
    from gongzhi.api.models import WebhookDelivery
    from gongzhi.api.services import keys as key_services
    from gongzhi.api.services import webhooks as webhook_services

    housing = district_unit("housing")
    case = accusation(district_dispatcher, housing)
    admin = User.objects.create_superuser(username="partner_admin", password="demo-Passw0rd!")
    subscriptions = {}
    for unit in (housing, centre(DISTRICT)):
        key, _secret = key_services.api_key_create(unit=unit, name=f"{unit.code} 对接", scopes=ALL_SCOPES)
        subscriptions[unit.pk], _ = webhook_services.webhook_subscription_create(
            owner=admin, url="https://partner.example.com/hook", events=["case.created"], api_key=key
        )

    webhooks.emit(event="case.created", case=case)

    heard = set(WebhookDelivery.objects.filter(case_id=case.pk).values_list("subscription_id", flat=True))
    assert heard == {subscriptions[centre(DISTRICT).pk].pk}
