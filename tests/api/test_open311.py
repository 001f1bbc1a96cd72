"""Open311 GeoReport v2 through the Django test client: every endpoint, both formats, the errors."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from gongzhi.api.models import Open311Request
from gongzhi.api.services import keys as key_services
from gongzhi.cases.enums import CaseStatus
from gongzhi.cases.models import Attachment, Case
from gongzhi.core.models import AuditEvent
from tests.api.conftest import DISTRICT, INTAKE
from tests.api.open311_helpers import BASE, errors_of, validate_json, xml
from tests.conftest import WANGHUA, centre

pytestmark = pytest.mark.django_db

STREETLIGHT = "010204"  # 城乡建设 / 城市建设和市政管理 / 城市公共设施
HAZARD = "010103"  # 安全隐患: needs attribute[hazard_level]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def key(db):
    _, secret = key_services.api_key_create(unit=centre(DISTRICT), name="市民App", scopes=["open311"])
    return secret


@pytest.fixture
def client():
    return Client()


def post(client, key, fmt="json", **fields):
    data = {"api_key": key, "service_code": STREETLIGHT, "address_id": WANGHUA} | fields
    return client.post(f"{BASE}/requests.{fmt}", {k: v for k, v in data.items() if v is not None})


def test_discovery_in_both_formats(client):
    root = xml(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery" and root.find("endpoints/endpoint/specification").text.endswith(
        "GeoReport_v2"
    )
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]
    data = client.get(f"{BASE}/discovery.json").json()
    assert data["endpoints"][0]["url"] == "http://testserver/open311/v2" and data["key_service"]


def test_services_and_definitions_follow_the_schemas(client):
    services = client.get(f"{BASE}/services.json").json()
    validate_json("services", services)
    by_code = {s["service_code"]: s for s in services}
    assert by_code[STREETLIGHT]["group"] == "城乡建设" and by_code[STREETLIGHT]["metadata"] is False
    assert by_code[HAZARD]["metadata"] is True
    assert len(xml(client.get(f"{BASE}/services.xml")).findall("service")) == len(services)
    definition = client.get(f"{BASE}/services/{HAZARD}.json").json()
    validate_json("service-definition", definition)
    assert definition["attributes"][0]["code"] == "hazard_level" and definition["attributes"][0]["required"]
    root = xml(client.get(f"{BASE}/services/{HAZARD}.xml"))
    assert root.tag == "service_definition" and root.find("attributes/attribute/values/value/key").text
    missing = client.get(f"{BASE}/services/999999.xml")
    assert missing.status_code == 404 and errors_of(missing)[0][0] == "404"


def test_post_creates_a_registered_online_case_and_get_reads_it(client, key, frozen_now):
    created = post(
        client,
        key,
        description="村口路灯不亮\n已经三天了",
        first_name="群众",
        last_name="李",
        phone="13905751234",
    )
    assert created.status_code == 201, created.content
    result = created.json()
    request_id = result[0]["service_request_id"]
    assert isinstance(request_id, str) and "token" not in result[0] and "受理" in result[0]["service_notice"]
    case = Case.objects.get(pk=int(request_id))
    assert case.channel == "online" and case.kind == "request" and case.status == CaseStatus.REGISTERED
    assert case.region.code == WANGHUA and case.reporter_name == "李群众" and case.subject == "村口路灯不亮"

    one = client.get(f"{BASE}/requests/{request_id}.json").json()
    validate_json("requests", one)
    assert one[0]["status"] == "open" and one[0]["status_notes"].startswith("待受理")
    assert one[0]["requested_datetime"].endswith("+08:00") and "reporter" not in str(one[0])
    root = xml(client.get(f"{BASE}/requests/{request_id}.xml"))
    assert root.find("request/service_request_id").text == request_id
    token = client.get(f"{BASE}/tokens/{case.tracking_code}.json").json()
    assert token == [{"service_request_id": request_id, "token": case.tracking_code}]


def test_get_requests_filters_and_defaults(client, key, village_clerk, frozen_now):
    first = post(client, key).json()[0]["service_request_id"]
    second = post(client, key, service_code=HAZARD, **{"attribute[hazard_level]": "major"}).json()[0][
        "service_request_id"
    ]
    from gongzhi.cases.services import case_intake  # a case registered at the window is never published
    from tests.conftest import region

    case_intake(
        actor=village_clerk, **{k: v for k, v in INTAKE.items() if k != "region"}, region=region(WANGHUA)
    )

    def ids(**params):
        response = client.get(f"{BASE}/requests.json", params)
        assert response.status_code == 200, response.content
        validate_json("requests", response.json()) if response.json() else None
        return {r["service_request_id"] for r in response.json()}

    assert ids() == {first, second}
    assert ids(service_code=HAZARD) == {second}
    assert ids(status="closed") == set() and ids(status="open,closed") == {first, second}
    assert ids(service_request_id=f"{first},999999", service_code=HAZARD) == {first}  # overrides others
    assert ids(start_date="2026-01-01T00:00:00Z", end_date="2026-03-01T00:00:00Z") == set()
    assert ids(start_date="", status="") == {first, second}  # empty means absent
    assert ids(page_size=1, page=2) | ids(page_size=1, page=1) == {first, second}
    too_long = client.get(f"{BASE}/requests.xml", {"start_date": "2026-01-01", "end_date": "2026-06-01"})
    assert too_long.status_code == 400 and "90 days" in errors_of(too_long)[0][1]
    assert client.get(f"{BASE}/requests.json", {"page_size": 100000}).status_code == 400
    assert client.get(f"{BASE}/requests.json", {"status": "pending"}).status_code == 400
    assert client.get(f"{BASE}/requests/abc.json").status_code == 404


@pytest.mark.parametrize(
    ("fields", "status", "fragment"),
    [
        ({"api_key": None}, 403, "api_key"),
        ({"api_key": "gza_wrong"}, 403, "api_key"),
        ({"service_code": None}, 400, "service_code"),
        ({"service_code": "999999"}, 404, "service_code"),
        ({"address_id": None}, 400, "location"),
        ({"address_id": "123"}, 400, "address_id"),
        ({"address_id": None, "lat": "30.0"}, 400, "lat and long"),
        ({"address_id": None, "lat": "51.5", "long": "-0.1"}, 400, "outside"),
        ({"service_code": HAZARD}, 400, "hazard_level"),
        ({"service_code": HAZARD, "attribute[hazard_level]": "tiny"}, 400, "hazard_level"),
        ({"jurisdiction_id": "sfgov.org"}, 404, "jurisdiction"),
        ({"description": "x" * 4001}, 400, "description"),
        ({"description": "bad\x00byte"}, 400, "control"),
        ({"phone": "12"}, 400, "phone"),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
    ],
)
def test_post_errors_follow_the_spec_and_change_nothing(client, key, fields, status, fragment):
    before = (Case.objects.count(), AuditEvent.objects.count())
    for fmt in ("xml", "json"):
        response = post(client, key, fmt=fmt, **fields)
        assert response.status_code == status, response.content
        (code, description), *_ = errors_of(response)
        assert code == str(status) and fragment in description
    assert (Case.objects.count(), AuditEvent.objects.count()) == before


def test_a_revoked_or_unscoped_key_is_refused(client, key):
    key_record = key_services.api_key_create(unit=centre(DISTRICT), name="只读", scopes=["cases:read"])[1]
    assert post(client, key_record).status_code == 403
    from gongzhi.api.models import ApiKey

    key_services.api_key_revoke(key_id=ApiKey.objects.get(prefix=key[:12]).pk)
    assert post(client, key).status_code == 403


def test_post_with_media_and_lat_long(client, key, frozen_now):
    photo = io.BytesIO(PNG)
    photo.name = "light.png"
    response = post(client, key, address_id=None, lat="30.0812", long="120.4901", media=photo)
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=int(response.json()[0]["service_request_id"]))
    assert case.region.code == DISTRICT and str(case.latitude) == "30.081200"
    attachment = Attachment.objects.get(case=case)
    assert attachment.content_type == "image/png" and attachment.size == len(PNG)
    fake = io.BytesIO(b"MZ\x90\x00 not a picture")
    fake.name = "photo.png"
    assert post(client, key, media=fake).status_code == 400


def test_address_string_finds_the_village(client, key):
    response = post(client, key, address_id=None, address_string="平水镇王化村村口文化礼堂旁")
    case = Case.objects.get(pk=int(response.json()[0]["service_request_id"]))
    assert case.region.code == WANGHUA and case.address.startswith("平水镇王化村")


def test_auto_accept_routes_the_request_at_once(client, key, settings, frozen_now):
    settings.GONGZHI_OPEN311_AUTO_ACCEPT = True
    response = post(client, key)
    case = Case.objects.get(pk=int(response.json()[0]["service_request_id"]))
    assert case.status == CaseStatus.DISPATCHED and case.lead_unit is not None
    notice = client.get(f"{BASE}/requests/{case.pk}.json").json()[0]
    assert notice["agency_responsible"] == case.lead_unit.name and "办理期限" in notice["service_notice"]


def test_service_request_updates_extension(client, key, district_dispatcher, frozen_now):
    from gongzhi.cases import services

    request_id = post(client, key).json()[0]["service_request_id"]
    case_id = int(request_id)
    assert Case.objects.get(pk=case_id).intake_unit.code == centre(DISTRICT).code
    updates = client.get(f"{BASE}/servicerequestupdates.json", {"api_key": key}).json()
    assert [u["status"] for u in updates] == ["OPEN"] and updates[0]["service_request_id"] == request_id
    assert client.get(f"{BASE}/servicerequestupdates.json").status_code == 403

    comment = client.post(
        f"{BASE}/servicerequestupdates.xml",
        {"api_key": key, "service_request_id": request_id, "description": "灯还是不亮", "first_name": "李"},
    )
    assert comment.status_code == 200, comment.content
    assert xml(comment).find("request_update/update_id").text.startswith("note-")
    assert "灯还是不亮" in Case.objects.get(pk=case_id).notes.get().text
    assert Open311Request.objects.get(case_id=case_id).service_code == STREETLIGHT

    services.case_not_accept(actor=district_dispatcher, case_id=case_id, reason="同一事项已在办理")
    updates = client.get(f"{BASE}/servicerequestupdates.xml", {"api_key": key})
    statuses = [u.findtext("status") for u in xml(updates).findall("request_update")]
    assert statuses == ["OPEN", "NO_FURTHER_ACTION"]  # the internal note is not published
    closed = client.get(f"{BASE}/requests/{request_id}.json").json()[0]
    assert closed["status"] == "closed" and "同一事项已在办理" in closed["status_notes"]
    unknown = client.post(
        f"{BASE}/servicerequestupdates.json", {"api_key": key, "service_request_id": "0", "description": "x"}
    )
    assert unknown.status_code == 404


def test_unknown_resources_and_methods(client):
    assert errors_of(client.get(f"{BASE}/nothing.xml"))[0][0] == "404"
    assert client.get(f"{BASE}/services.html").status_code == 404
    assert client.delete(f"{BASE}/services.json").status_code == 400
    assert client.post(f"{BASE}/services.json").status_code == 400
