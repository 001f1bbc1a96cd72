"""Real, independently written Open311 clients from PyPI against a live server on 127.0.0.1.

- ``three`` 0.8 (Code for America): discovery, services, definition, POST with and without
  media, requests with filters, one request, tokens, the errors. It was written for Python 2;
  its one Python-2-only name (``itertools.ifilter``) is supplied before import, and it is used in
  JSON, the format it parses on Python 3.
- ``georeport`` 0.3 (2025, GET only): services, definition, requests with filters and one
  request, in XML (the required format) and JSON; errors arrive as HTTP errors.
"""

from __future__ import annotations

import io
import itertools

import pytest
import requests

from gongzhi.api.services import keys as key_services
from gongzhi.cases.models import Case
from tests.api.conftest import DISTRICT
from tests.conftest import WANGHUA, centre

itertools.ifilter = filter  # type: ignore[attr-defined]  # three 0.8 imports this Python 2 name

import three  # noqa: E402
from georeport import GeoReport  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)

STREETLIGHT, HAZARD = "010204", "010103"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 128


@pytest.fixture
def api_key(keqiao_loaded):
    return key_services.api_key_create(unit=centre(DISTRICT), name="three", scopes=["open311"])[1]


def test_three_files_and_follows_requests(live_server, api_key):
    base = f"{live_server.url}/open311/v2/"
    client = three.Three(base, api_key=api_key, jurisdiction="330603", format="json")

    discovery = client.discovery()
    assert discovery["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    services = client.services()
    assert STREETLIGHT in {s["service_code"] for s in services}
    definition = client.services(HAZARD)
    assert definition["service_code"] == HAZARD and definition["attributes"][0]["code"] == "hazard_level"

    posted = client.post(
        STREETLIGHT,
        address="平水镇王化村文化礼堂门口",
        description="路灯坏了三盏",
        name="Li Ming",
        phone="13905751234",
    )
    assert client.post_response.status_code == 201, posted
    first = posted[0]["service_request_id"]
    assert Case.objects.get(pk=int(first)).region.code == WANGHUA

    photo = io.BytesIO(PNG)
    photo.name = "hazard.png"
    with_media = client.post(
        HAZARD,
        address_id=WANGHUA,
        description="电线裸露",
        media=photo,
        **{"attribute[hazard_level]": "major"},
    )
    assert client.post_response.status_code == 201, with_media
    second = with_media[0]["service_request_id"]
    assert Case.objects.get(pk=int(second)).attachments.count() == 1

    assert {r["service_request_id"] for r in client.requests()} == {first, second}
    assert [r["service_request_id"] for r in client.requests(HAZARD)] == [second]
    assert client.requests(status="closed") == []
    assert client.requests(between=["01-01-2025", "02-01-2025"]) == []
    one = client.request(first)
    assert one[0]["status"] == "open" and one[0]["service_code"] == STREETLIGHT
    tracking = Case.objects.get(pk=int(first)).tracking_code
    assert client.token(tracking) == [{"service_request_id": first, "token": tracking}]

    refused = client.post(STREETLIGHT, address_id=WANGHUA, api_key="gza_wrong")
    assert client.post_response.status_code == 403 and refused[0]["code"] == 403
    missing = client.post(HAZARD, address_id=WANGHUA)
    assert client.post_response.status_code == 400 and "hazard_level" in missing[0]["description"]
    assert client.request("999999")[0]["code"] == 404
    assert Case.objects.count() == 2


def test_georeport_reads_in_xml_and_json(live_server, api_key):
    base = f"{live_server.url}/open311/v2"
    poster = three.Three(base, api_key=api_key, format="json")
    request_id = poster.post(STREETLIGHT, address_id=WANGHUA, description="路灯坏了")[0]["service_request_id"]

    for output_format in ("xml", "json"):
        client = GeoReport(base, jurisdiction="330603", output_format=output_format)
        services = client.get_service_list()
        assert any(s["service_code"] == STREETLIGHT for s in services)
        definition = client.get_service_definition(HAZARD)
        attributes = definition["attributes"]
        attribute = attributes["attribute"] if output_format == "xml" else attributes[0]
        attribute = attribute[0] if isinstance(attribute, list) else attribute
        assert attribute["code"] == "hazard_level"
        found = client.get_service_requests(service_code=STREETLIGHT, status="open")
        found = found if isinstance(found, list) else [found]
        assert [r["service_request_id"] for r in found] == [request_id]
        one = client.get_service_request(request_id)
        assert one["service_request_id"] == request_id and one["status"] == "open"
        with pytest.raises(requests.HTTPError) as not_found:
            client.get_service_request("999999")
        assert not_found.value.response.status_code == 404
        with pytest.raises(requests.HTTPError) as too_long:
            client.get_service_requests(start_date="2026-01-01T00:00:00Z", end_date="2026-12-01T00:00:00Z")
        assert too_long.value.response.status_code == 400

    foreign = GeoReport(base, jurisdiction="sfgov.org")
    with pytest.raises(requests.HTTPError) as unknown:
        foreign.get_service_list()
    assert unknown.value.response.status_code == 404
