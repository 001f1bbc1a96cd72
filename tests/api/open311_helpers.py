"""Shared helpers of the Open311 tests: schema validation and XML reading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jsonschema_rs

SCHEMAS = Path(__file__).parent / "open311_schemas"
BASE = "/open311/v2"


def _load(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / name).read_text())
    return schema


def validate_json(kind: str, data: Any) -> None:
    """Validate against the official schema; list schemas refer to their item schema by file name."""
    if kind in ("requests", "services"):
        schema = _load(f"{kind}.json")
        schema["items"] = _load(f"{kind[:-1]}.json")
    else:
        schema = _load(f"{kind}.json")
    jsonschema_rs.validate(schema, data)


def xml(response: Any) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314 (our own server's answer)


def errors_of(response: Any) -> list[tuple[str, str]]:
    if response["Content-Type"].startswith("application/json"):
        return [(str(e["code"]), e["description"]) for e in response.json()]
    root = xml(response)
    assert root.tag == "errors"
    return [(e.findtext("code") or "", e.findtext("description") or "") for e in root.findall("error")]
