"""Personal tokens and application keys: created once, scoped, revoked, recorded."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from gongzhi.api.models import ApiKey
from gongzhi.api.services import keys as key_services
from gongzhi.core.errors import ValidationFailed
from gongzhi.core.models import AuditEvent
from tests.api.conftest import DISTRICT, INTAKE, Api
from tests.conftest import WANGHUA, centre

pytestmark = pytest.mark.django_db


def test_an_application_key_acts_as_its_unit_with_its_scopes(make_key, frozen_now):
    secret = make_key(centre(WANGHUA), scopes=("cases:read", "cases:intake"))
    key = ApiKey.objects.get(prefix=secret[:12])
    assert key.secret_hash != secret and secret not in str(ApiKey.objects.values().first())
    api = Api(key=secret)
    me = api.get("/org/me").json()
    assert me["via"] == "key" and me["scopes"] == ["cases:intake", "cases:read"]
    assert {m["role"] for m in me["memberships"]} == {"intake_clerk"}
    created = api.post("/cases", INTAKE)
    assert created.status_code == 201
    refused = api.post(f"/cases/{created.json()['id']}/accept", {})
    assert refused.status_code == 403 and refused.json()["code"] == "scope_missing"
    assert api.get("/org/regions").json()["code"] == "scope_missing"  # org:read not granted
    assert ApiKey.objects.get(pk=key.pk).last_used_at is not None


def test_the_x_api_key_header_works_too(make_key):
    secret = make_key()
    client = Client()
    assert client.get("/api/v1/org/me", headers={"X-Api-Key": secret}).status_code == 200
    assert client.get("/api/v1/org/me", headers={"X-Api-Key": secret + "x"}).status_code == 401


def test_revoked_expired_and_unknown_keys_are_refused(make_key):
    secret = make_key()
    key = ApiKey.objects.get(prefix=secret[:12])
    assert Api(key=secret).get("/org/me").status_code == 200
    key_services.api_key_revoke(key_id=key.pk, reason="泄露")
    refused = Api(key=secret).get("/org/me")
    assert refused.status_code == 401 and refused.json()["code"] == "unauthenticated"
    assert AuditEvent.objects.filter(
        subject_type="api_key", subject_id=key.pk, action="api_key.revoke"
    ).exists()
    assert Api(key="gza_00000000_nothing").get("/org/me").status_code == 401
    assert Client().get("/api/v1/org/me").status_code == 401


def test_personal_tokens_are_made_in_a_session_and_act_as_their_owner(village_clerk, frozen_now):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(village_clerk)
    no_csrf = browser.post(
        "/api/v1/keys/tokens", {"name": "脚本", "scopes": ["cases:read"]}, content_type="application/json"
    )
    assert no_csrf.status_code == 403
    browser.get("/api/v1/org/me")  # any page; the CSRF cookie comes from the web app's forms in real use
    from django.middleware.csrf import _get_new_csrf_string

    token = _get_new_csrf_string()
    browser.cookies["csrftoken"] = token
    made = browser.post(
        "/api/v1/keys/tokens",
        {"name": "脚本", "scopes": ["cases:read"]},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert made.status_code == 201, made.content
    secret = made.json()["secret"]
    api = Api(key=secret)
    assert api.get("/org/me").json()["username"] == village_clerk.username
    assert api.post("/cases", INTAKE).json()["code"] == "scope_missing"
    assert api.post("/keys/tokens", {"name": "x", "scopes": ["cases:read"]}).status_code == 401  # no session
    listed = Api(user=village_clerk).get("/keys").json()
    assert [k["prefix"] for k in listed] == [made.json()["key"]["prefix"]]
    revoked = Api(user=village_clerk).post(f"/keys/{listed[0]['id']}/revoke", {})
    assert revoked.json()["revoked_at"] and api.get("/org/me").status_code == 401


def test_only_administrators_make_application_keys(village_clerk):
    refused = Api(user=village_clerk).post(
        "/keys/applications", {"unit": DISTRICT + "-centre", "name": "x", "scopes": ["open311"]}
    )
    assert refused.status_code == 404
    admin = get_user_model().objects.create_superuser("root", password="x")
    made = Api(user=admin).post(
        "/keys/applications", {"unit": centre(DISTRICT).code, "name": "12345热线", "scopes": ["open311"]}
    )
    assert made.status_code == 201 and made.json()["key"]["unit"]["code"] == centre(DISTRICT).code
    assert (
        Api(user=admin)
        .post("/keys/applications", {"unit": "nope", "name": "x", "scopes": ["open311"]})
        .json()["detail"]["field"]
        == "unit"
    )


def test_scopes_and_names_are_checked():
    with pytest.raises(ValidationFailed):
        key_services.api_key_create(unit=centre(DISTRICT), name="x", scopes=["everything"])
    with pytest.raises(ValidationFailed):
        key_services.api_key_create(unit=centre(DISTRICT), name=" ", scopes=["open311"])


def test_the_apikey_command_creates_lists_and_revokes(capsys):
    call_command("apikey", "create", "--unit", centre(DISTRICT).code, "--name", "市民App")
    printed = capsys.readouterr().out
    secret = printed.strip().splitlines()[-1]
    assert secret.startswith("gza_") and Api(key=secret).get("/org/me").status_code == 200
    prefix = secret[:12]
    call_command("apikey", "list")
    assert prefix in capsys.readouterr().out
    call_command("apikey", "revoke", prefix)
    assert "Revoked" in capsys.readouterr().out
    assert Api(key=secret).get("/org/me").status_code == 401


def test_the_admin_shows_a_new_key_once(client):
    admin = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(admin)
    response = client.post(
        "/admin/api/apikey/add/",
        {"name": "无人机机场", "unit": centre(DISTRICT).pk, "scopes": ["cases:intake"]},
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any("gza_" in message for message in shown)
    key = ApiKey.objects.get(name="无人机机场")
    page = client.get(f"/admin/api/apikey/{key.pk}/change/")
    assert page.status_code == 200 and key.secret_hash not in page.content.decode()
