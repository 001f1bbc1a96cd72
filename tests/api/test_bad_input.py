"""Bad input everywhere: each gets a clear 4xx, and a refused request changes nothing.

Property-based for Open311 (hypothesis): any arguments, any body, any path under /open311/v2/.
"""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongzhi.cases.models import Case
from gongzhi.core.models import AuditEvent
from tests.api.conftest import INTAKE, Api
from tests.api.open311_helpers import BASE, errors_of
from tests.conftest import WANGHUA

pytestmark = pytest.mark.django_db

NASTY = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60),
    st.sampled_from(
        [
            "'; DROP TABLE cases_case; --",
            "1 OR 1=1",
            "<script>alert(1)</script>",
            "\x00",
            "%00",
            "../../etc/passwd",
            "9" * 40,
            "-1",
            "2010-13-45T99:99:99Z",
            "NaN",
            "Infinity",
            "1e999",
            "open,closed,open",
            "010204",
            WANGHUA,
            "",
        ]
    ),
)
FIELDS = st.sampled_from(
    [
        "api_key",
        "jurisdiction_id",
        "service_code",
        "lat",
        "long",
        "address_string",
        "address_id",
        "description",
        "first_name",
        "last_name",
        "phone",
        "email",
        "media_url",
        "service_request_id",
        "start_date",
        "end_date",
        "status",
        "page",
        "page_size",
        "attribute[hazard_level]",
        "attribute[x][]",
    ]
)
PATHS = st.sampled_from(
    [
        "discovery",
        "services",
        "services/010204",
        "services/010103",
        "requests",
        "requests/1",
        "tokens/ABC",
        "servicerequestupdates",
        "services/%00",
        "nothing",
    ]
)
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@pytest.fixture
def open311_key(make_key):
    return make_key(scopes=("open311",))


@QUICK
@given(path=PATHS, fmt=st.sampled_from(["xml", "json"]), params=st.dictionaries(FIELDS, NASTY, max_size=6))
def test_open311_never_fails_on_any_query(path, fmt, params):
    response = Client().get(f"{BASE}/{path}.{fmt}", params)
    assert response.status_code < 500
    if response.status_code >= 400:
        assert errors_of(response)[0][0] == str(response.status_code)


@QUICK
@given(
    params=st.dictionaries(FIELDS, NASTY, max_size=8),
    with_key=st.booleans(),
    fmt=st.sampled_from(["xml", "json"]),
)
def test_open311_post_refusals_change_nothing(open311_key, params, with_key, fmt):
    if with_key:
        params = {**params, "api_key": open311_key}
    before = (Case.objects.count(), AuditEvent.objects.count())
    response = Client().post(f"{BASE}/requests.{fmt}", params)
    assert response.status_code < 500, response.content
    if response.status_code != 201:
        assert (Case.objects.count(), AuditEvent.objects.count()) == before
        assert errors_of(response)


def test_wrong_content_types_and_invalid_utf8(open311_key, village_clerk):
    client = Client()
    bad_bytes = client.post(
        f"{BASE}/requests.json",
        b"api_key=\xff\xfe&service_code=\xc3",
        content_type="application/x-www-form-urlencoded",
    )
    assert 400 <= bad_bytes.status_code < 500
    as_json = client.post(
        f"{BASE}/requests.xml", b'{"service_code": "010204"}', content_type="application/json"
    )
    assert as_json.status_code == 403  # no api_key among form fields: refused, as the spec says
    api = Api(user=village_clerk)
    garbage = api.client.post("/api/v1/cases", b"\xff\xfe not json", content_type="application/json")
    assert garbage.status_code == 400 and garbage.json()["code"] in ("validation_failed", "malformed_request")
    form = api.client.post("/api/v1/cases", {"subject": "x"})
    assert form.status_code == 400
    assert Case.objects.count() == 0


def test_oversized_bodies_are_refused(settings, village_clerk, open311_key):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    big = INTAKE | {"description": "很长" * 20_000}
    response = Api(user=village_clerk).post("/cases", big)
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"
    open311 = Client().post(
        f"{BASE}/requests.xml",
        {"api_key": open311_key, "description": "x" * 20_000, "service_code": "010204"},
    )
    assert open311.status_code == 413 and errors_of(open311)[0][0] == "413"
    assert Case.objects.count() == 0


def test_sql_and_html_are_kept_as_text(village_clerk, frozen_now):
    api = Api(user=village_clerk)
    text = "<script>alert('x')</script> '; DROP TABLE cases_case; --"
    created = api.post("/cases", INTAKE | {"subject": text[:60], "description": text})
    assert created.status_code == 201
    detail = api.get(f"/cases/{created.json()['id']}").json()
    assert detail["description"] == text and Case.objects.count() == 1
    assert api.get("/cases", q="'; DROP").json()["items"][0]["id"] == created.json()["id"]


def test_control_characters_huge_numbers_and_unknown_ids(village_clerk):
    api = Api(user=village_clerk)
    nul = api.post("/cases", INTAKE | {"subject": "a\x00b"})
    assert nul.status_code == 400 and nul.json()["detail"]["field"] == "subject"
    assert api.get("/cases", q="\x00").status_code in (200, 400)
    assert api.get("/cases/99999999999999999999999").status_code in (400, 404)
    assert api.get("/cases/-1").status_code in (400, 404)
    assert api.get("/org/regions", limit=10**9).status_code == 400
    assert api.post("/cases/1/extensions", {"days": 10**12, "reason": "x"}).status_code == 400
