"""The OpenAPI document and the interactive docs, served without any CDN."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_openapi_document_lists_every_operation():
    document = Client().get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    operations = [(path, method) for path, item in document["paths"].items() for method in item]
    assert len(operations) >= 56
    assert ("/api/v1/cases/{case_id}/accept", "post") in operations
    schemes = document["components"]["securitySchemes"]
    assert {"BearerKey", "HeaderKey", "SessionPrincipal"} <= set(schemes)


def test_operation_ids_are_unique_and_independent_of_the_module_layout():
    document = Client().get("/api/v1/openapi.json").json()
    ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))
    # <app>_<function>: the package an endpoint's module sits in does not show.
    assert {"cases_accept", "mediation_mediation_get", "deliberation_matter_get", "api_ping"} <= set(ids)
    assert not [i for i in ids if "_api_" in i or i.startswith("gongzhi_")]


def test_docs_page_loads_its_assets_from_our_own_static_files():
    page = Client().get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(not asset.startswith(("http://", "https://", "//")) for asset in assets)
    for asset in assets:
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset


def test_only_the_docs_page_may_use_inline_styles():
    docs = Client().get("/api/v1/docs")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in docs and "script-src 'self';" in docs
    assert "unsafe-inline" not in Client().get("/api/v1/ping").get("Content-Security-Policy", "")
